import Foundation
import Oracle
import Testing

/// The two-layer oracle's documented size limits at their edges (README, `solve --model two-layer`): R^3 up
/// to 4000 points; R^4 up to 104 points in general position, R^5 up to 36 (the worst case
/// `2 C(h, d-1) 3^(d-1)` faces within 10^7). Each limit is accepted at the edge and refused one point past
/// it, and the largest sizes are recomputed here from the README's formula [D].
@Suite struct TwoLayerSizeLimitTests {
    static func random(_ n: Int, _ d: Int, seed: UInt64) throws -> Dataset {
        var rng = SplitMix64(seed: seed)
        return try Dataset(
            points: (0..<n).map { _ in (0..<d).map { _ in rng.unit() - 0.5 } },
            labels: (0..<n).map { Double(1 - 2 * ($0 % 2)) })
    }

    /// `C(h, k)` in doubles (exact for these sizes).
    static func binomial(_ h: Int, _ k: Int) -> Double {
        (0..<k).reduce(1.0) { $0 * Double(h - $1) / Double($1 + 1) }
    }

    @Test("R^3: 4000 points pass the size gate, 4001 are refused naming the limit")
    func sphereLimitEdge() throws {
        #expect(TwoLayerMaxMargin.sphereLimit == 4000)
        try TwoLayerMaxMargin.refuseBeyondSizeLimits(try Self.random(4000, 3, seed: 1))
        #expect {
            try TwoLayerMaxMargin.refuseBeyondSizeLimits(try Self.random(4001, 3, seed: 1))
        } throws: { error in
            "\(error)".contains("4001 points in R^3") && "\(error)".contains("limit of 4000")
        }
        // The plane has no size limit of this kind.
        try TwoLayerMaxMargin.refuseBeyondSizeLimits(try Self.random(5000, 2, seed: 1))
    }

    @Test("R^4 and R^5: the largest accepted sizes are the README's 104 and 36, from 2 C(n, d-1) 3^(d-1) <= 1e7")
    func arrangementLimitEdge() throws {
        for (d, documented) in [(4, 104), (5, 36)] {
            let faces = { (n: Int) in 2 * Self.binomial(n, d - 1) * pow(3, Double(d - 1)) }
            #expect(faces(documented) <= 1e7 && faces(documented + 1) > 1e7, "d = \(d)")
            #expect(TwoLayerMaxMargin.largestArrangement(dimension: d) == documented)
            try TwoLayerMaxMargin.refuseBeyondSizeLimits(try Self.random(documented, d, seed: 2))
            #expect {
                try TwoLayerMaxMargin.refuseBeyondSizeLimits(try Self.random(documented + 1, d, seed: 2))
            } throws: { error in
                "\(error)".contains("\(documented + 1) points in R^\(d)") && "\(error)".contains("limit")
            }
        }
    }
}
