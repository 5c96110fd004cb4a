import Foundation
import Testing

@testable import Checker

/// KKT problems saved with `np.savez(path, parameters=theta, margins=q, margin_gradients=G, order=L)`
/// (README, `kkt`): the four arrays are read from the archive, `order` as the one number it is whether
/// NumPy saved it as a 0-d array (`order=2`, shape `()`) or as a one-element vector (`order=[2]`, shape
/// `(1,)`); every other shape of each array is refused with a sentence naming the array.
@Suite struct KKTArchiveTests {
    typealias Z = NumPyArchiveAmbiguityTests

    static func f8(_ shape: String, _ values: [Double]) -> [UInt8] {
        NumPyReaderTests.npy("<f8", shape, data: NumPyReaderTests.f8(values))
    }

    static let theta = f8("(2,)", [1, 0])
    static let margins = f8("(2,)", [1, 2])
    static let gradients = f8("(2, 2)", [1, 0, 0, 2])

    static func archive(
        parameters: [UInt8] = theta, margins: [UInt8] = margins, gradients: [UInt8] = gradients, order: [UInt8]
    ) -> [UInt8] {
        Z.whole(
            Z.archive([
                ("parameters.npy", parameters), ("margins.npy", margins), ("margin_gradients.npy", gradients),
                ("order.npy", order),
            ]), count: 4)
    }

    @Test("order saved as a 0-d array or as a one-element vector is the degree L; the arrays are read")
    func orderShapes() throws {
        for order in [Self.f8("()", [2]), Self.f8("(1,)", [2])] {
            let p = try KKTProblem.parse(Self.archive(order: order), name: "net.npz")
            #expect(p.order == 2 && p.parameters == [1, 0] && p.margins == [1, 2])
            #expect(p.marginGradients == [[1, 0], [0, 2]])
        }
    }

    @Test("every other shape of each array is refused, naming the array")
    func wrongShapes() {
        let cases: [([UInt8], String)] = [
            (Self.archive(order: Self.f8("(2,)", [2, 2])), "order in 'net.npz' has shape (2,)"),
            (Self.archive(order: Self.f8("(1, 1)", [2])), "order in 'net.npz' has shape (1, 1)"),
            (Self.archive(order: Self.f8("(0,)", [])), "order in 'net.npz' has shape (0,)"),
            (Self.archive(parameters: Self.f8("(1, 2)", [1, 0]), order: Self.f8("()", [2])), "parameters in"),
            (Self.archive(margins: Self.f8("(2, 1)", [1, 2]), order: Self.f8("()", [2])), "margins in"),
            (Self.archive(gradients: Self.f8("(2, 1)", [1, 0]), order: Self.f8("()", [2])), "must be (2, 2)"),
        ]
        for (bytes, says) in cases {
            do {
                let p = try KKTProblem.parse(bytes, name: "net.npz")
                Issue.record("accepted with order \(p.order); should say '\(says)'")
            } catch {
                #expect("\(error)".contains(says), "\(error)")
            }
        }
    }

    /// `np.savez` of arrays in Fortran order (`np.asfortranarray(G)`): the gradients' file holds column
    /// after column, and are read back as the same rows.
    @Test("margin_gradients saved in Fortran order are read as the same rows")
    func fortranGradients() throws {
        // G = [[1, 0, 3], [0, 2, 5]] column by column: 1 0, 0 2, 3 5.
        let gradients = NumPyReaderTests.npy(
            "<f8", "(2, 3)", fortran: true, data: NumPyReaderTests.f8([1, 0, 0, 2, 3, 5]))
        let bytes = Self.archive(
            parameters: Self.f8("(3,)", [1, 0, 0]), margins: Self.margins, gradients: gradients,
            order: Self.f8("()", [1]))
        let p = try KKTProblem.parse(bytes, name: "net.npz")
        #expect(p.marginGradients == [[1, 0, 3], [0, 2, 5]])
    }
}
