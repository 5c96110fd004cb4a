import BigInt
import Foundation
import Testing

@testable import Checker
@testable import Exact
@testable import Oracle

/// The written form of documents, as README states it: `certificate.primal` as coprime integers (a
/// direction, so the common factor carries nothing), and one line per document above
/// ``JSONCoding/compactAbove`` points, pretty printed up to it. Expected values are hand-computed.
@Suite struct DocumentFormTests {
    @Test("coprimeIntegers divides by the gcd: 2/11, 4/11, 1/11 -> 2, 4, 1; 6, -4, 0 -> 3, -2, 0; zeros stay")
    func coprimeIntegers() {
        let r = { (p: Int, q: Int) in Rational(BigInt(p), BigInt(q)) }
        #expect(IntegerVector([r(2, 11), r(4, 11), r(1, 11)]).coprimeIntegers == [2, 4, 1])
        #expect(IntegerVector([r(6, 1), r(-4, 1), r(0, 1)]).coprimeIntegers == [3, -2, 0])
        #expect(IntegerVector([r(-9, 2), r(3, 4)]).coprimeIntegers == [-6, 1])
        #expect(IntegerVector([r(0, 1), r(0, 1)]).coprimeIntegers == [0, 0])
    }

    @Test("a solved document's primal is coprime integers (D3, l1, l2, linf)")
    func documentPrimalIsCoprime() throws {
        let data = try Dataset(points: [[1, 2, 0], [2, 1, 1], [-1, 0, -2], [0, -1, -1]], labels: [1, 1, -1, -1])
        for norm in [Norm.l1, .l2, .linf] {
            let document = SolutionDocument(try MaxMarginSolver.solve(data, norm: norm), data: data)
            let primal = try #require(document.certificate.primal, "\(norm)")
            let integers = primal.allSatisfy { $0.denominator == 1 }
            #expect(integers, "\(norm): \(primal)")
            let g = primal.reduce(BigUInt(0)) { FastIntegerKernels.gcd($0, $1.numerator.magnitude) }
            #expect(g == 1, "\(norm): \(primal) share the factor \(g)")
        }
    }

    @Test("documents of 1000 points are pretty printed, of 1001 points on one line")
    func compactOnlyAboveTheThreshold() throws {
        #expect(JSONCoding.compactAbove == 1000)
        for (n, lines) in [(1000, true), (1001, false)] {
            let data = RandomDatasets.planted(n: n, d: 2, margin: 0.1, bits: 8, seed: 3)
            let text = try SolutionDocument(try MaxMarginSolver.solve(data, norm: .linf), data: data).encoded()
            let newlines = text.filter { $0 == UInt8(ascii: "\n") }.count
            #expect((newlines > 1) == lines, "\(n) points: \(newlines) newlines")
        }
    }
}
