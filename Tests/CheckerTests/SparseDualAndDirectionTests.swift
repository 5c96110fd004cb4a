import BigInt
import Exact
import Foundation
import Oracle
import Testing

/// Two rules that the writer and the checker share code for, tested against values written here so
/// that a bug in the shared function cannot pass by agreeing with itself (independent mutant set 4,
/// entries 4 and 5 of `bench/independent-mutants-4.py`).
@Suite struct SparseDualAndDirectionTests {
    static func r(_ n: Int, _ d: Int = 1) -> Rational { Rational(BigInt(n), BigInt(d)) }

    /// Closed forms [D]: the unit direction of `w` is `w / ||w||`, each coordinate correctly rounded.
    @Test("unit directions with negative entries: (1/2, -1) and (-1, -2) in linf, l1 and l2")
    func unitDirectionsAgainstClosedForms() {
        let w = [Self.r(1, 2), Self.r(-1)]
        #expect(DocumentRounding.unitDirection(w, norm: .linf) == [0.5, -1])
        #expect(DocumentRounding.unitDirection(w, norm: .l1) == [1.0 / 3.0, -2.0 / 3.0])
        // (1/2, -1) / sqrt(5/4) = (1/sqrt 5, -2/sqrt 5); both doubles computed here by the FPU's
        // correctly rounded square root of 1/5 and 4/5 (each a single rounding of an exact quotient
        // would not do: 1/5 is not a double), so compare with the exact interval instead.
        let l2 = DocumentRounding.unitDirection(w, norm: .l2)
        #expect(abs(l2[0] - 1 / 5.0.squareRoot()) <= 0x1p-53 && abs(l2[1] + 2 / 5.0.squareRoot()) <= 0x1p-52)
        let negative = [Self.r(-1), Self.r(-2)]
        #expect(DocumentRounding.unitDirection(negative, norm: .linf) == [-0.5, -1])
        #expect(DocumentRounding.unitDirection(negative, norm: .l1) == [-1.0 / 3.0, -2.0 / 3.0])
    }

    @Test("a sparse dual that lists a point twice is refused, even when its last weights form a valid certificate")
    func repeatedPointIsRefused() throws {
        let repeated = try JSONDecoder().decode(
            PointWeights.self, from: Data(#"[{"point": 0, "weight": "1/4"}, {"point": 0, "weight": "1/2"}]"#.utf8))
        #expect(repeated.problem(count: 2) != nil, "a dual listing point 0 twice was accepted")
        let distinct = try JSONDecoder().decode(
            PointWeights.self, from: Data(#"[{"point": 0, "weight": "1/2"}, {"point": 1, "weight": "1/2"}]"#.utf8))
        #expect(distinct.problem(count: 2) == nil)
        // A genuine document whose sparse dual gets a leading duplicate of its first support point with
        // another weight (a dense reading would keep only the last one), support and doubles made to
        // match: verify must refuse it.
        let data = try Dataset(signedPoints: [[1, 0], [0, 1]])
        let genuine = SolutionDocument(try MaxMarginSolver.solve(data, norm: .linf), data: data)
        var object = try #require(
            try JSONSerialization.jsonObject(with: try genuine.encoded()) as? [String: Any])
        var certificate = try #require(object["certificate"] as? [String: Any])
        var dual = try #require(certificate["dual"] as? [[String: Any]])
        let first = try #require(dual.first?["point"] as? Int)
        dual.insert(["point": first, "weight": "7/3"], at: 0)
        certificate["dual"] = dual
        object["certificate"] = certificate
        object["support"] = [first] + (object["support"] as? [Int] ?? [])
        object["dual"] = [7.0 / 3.0] + (object["dual"] as? [Double] ?? [])
        let forged = try JSONSerialization.data(withJSONObject: object)
        let verdict = try DocumentVerifier.verify(forged)
        #expect(!verdict.problems.isEmpty, "a dual listing point \(first) twice verified")
    }
}
