import Exact
import Foundation
import Oracle
import Testing

/// Documents written before sparse duals hold one dual weight per point (`certificate.dual` as an
/// array of `"p/q"` strings, `dual` as one double per point). `verify` still reads them, and then
/// requires exactly one weight per point: a dense array that drops or adds an entry is refused, since
/// it no longer says which weight belongs to which point; so is a negative weight.
@Suite struct DenseDualTests {
    enum Edit: String, CaseIterable {
        case none, dropLast, appendZero, negative
        /// The certificate stays sparse, only the doubles are written one per point: two spellings
        /// in one document.
        case mixed
    }

    /// The D3 l-infinity document rewritten in the dense form, then edited.
    static func dense(_ edit: Edit) throws -> [UInt8] {
        let data = GenuineCorpus.d3
        let document = SolutionDocument(try MaxMarginSolver.solve(data, norm: .linf), data: data)
        var weights = document.certificate.dual.dense(count: data.count)
        let zero = try #require(weights.indices.first { weights[$0].isZero })
        let support = try #require(weights.indices.first { !weights[$0].isZero })
        switch edit {
        case .none, .mixed: break
        case .dropLast: weights.removeLast()
        case .appendZero: weights.append(.zero)
        case .negative:
            // Still summing to 1, with a negative weight where there was none.
            weights[zero] = Rational(-1, 4)
            weights[support] = weights[support] + Rational(1, 4)
        }
        var json = try #require(
            try JSONSerialization.jsonObject(with: try JSONCoding.encoder().encode(document)) as? [String: Any])
        var certificate = try #require(json["certificate"] as? [String: Any])
        if edit != .mixed { certificate["dual"] = weights.map(\.description) }
        json["certificate"] = certificate
        json["dual"] = weights.map(\.doubleValue)
        return [UInt8](try JSONSerialization.data(withJSONObject: json))
    }

    @Test("a dense dual of one weight per point verifies")
    func denseVerifies() throws {
        let (count, problems) = try DocumentVerifier.verify(try Self.dense(.none), source: nil)
        #expect(count == 1 && problems.isEmpty, "\(problems)")
    }

    @Test(
        "a dense dual that drops, adds or negates a weight is refused",
        arguments: [Edit.dropLast, .appendZero, .negative])
    func denseMismatchRefused(_ edit: Edit) throws {
        let (_, problems) = try DocumentVerifier.verify(try Self.dense(edit), source: nil)
        let key = edit == .mixed ? "dual has" : "certificate.dual"
        #expect(problems.contains { $0.contains(key) }, "\(edit): \(problems)")
    }
}
