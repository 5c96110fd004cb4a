import Foundation
import Oracle
import Trainer

/// The stress suite: NGD on D3 run until the unnormalized margin `q_min` passes 374, 745 and 1e4,
/// where the textbook implementation breaks down in float64. The gradient of the logistic loss is
/// `-sum_n sigma(-q_n) z_n`; computed directly, its entries are about `exp(-q_min)`, so
///
/// - its norm computed as `sqrt(sum g_i^2)` is 0 once `exp(-2 q_min)` underflows (`q_min` about 372;
///   about 44 in float32), and `g / ||g||` is NaN: what a PyTorch `g / g.norm()` does;
/// - `exp(-q)` itself underflows past `q_min` about 745, and the direction is lost for good.
///
/// A log-domain implementation (the normalized weights `p_n` as a max-shifted softmax of
/// `-softplus(q_n)`, as our trainer and `examples/numpy_client.py` do) passes. Each expectation
/// records the naive implementation, run by us, as a control that breaks down.
public enum StressSuite {
    static func fixtures(seed: UInt64) throws(OracleError) -> [Fixture] {
        let d3 = try Dataset(signedPoints: [[2, 2, -1], [0, 3, 2], [-2, 3, 3], [1, 2, 1]])
        var f = try FixtureGenerator.fixture(
            id: "stress-ngd-d3",
            description:
                "NGD on D3 with step 1 until the margin q_min passes 374, 745 and 1e4: the textbook gradient underflows; a log-domain implementation passes.",
            family: "stress", suite: "stress", seed: seed, parameters: ["name": "D3"], data: d3,
            withExpectations: false)
        guard let l2 = f.oracle.l2 else { throw .certificationFailed("D3 has no l2 answer") }
        var out: [Fixture.Expectation] = []
        var omitted: [Fixture.Omitted] = []
        // q_min grows about gamma2* = 2.4 per step of length 1.
        for (steps, passes) in [(200, "374"), (400, "745"), (5000, "1e4")] {
            let p = TrainingProtocol(
                model: "linear", phases: [.init("ngd", 1, steps)],
                initialization: .init("gaussian", scale: 1e-3, seed: 1))
            let candidate = ExpectationBuilder.Candidate(
                id: "ngd-linear-l2-margin-past-\(passes)",
                property: "P5 at large margins: NGD -> l2 max margin (Ji & Telgarsky 2021 [A]); q_min passes \(passes)",
                training: p, quantity: "predictor_margin", norm: .l2, limit: l2.margin, limitExact: l2.marginExact,
                direction: l2.unique ? l2.weights : nil,
                rate: "gap O(1/(eta t)) for NGD on linear models (Ji & Telgarsky 2021)",
                controls: [
                    .init(
                        kind: "naive implementation",
                        description:
                            "g = -sum sigma(-q_n) z_n computed directly and normalized by sqrt(sum g_i^2): breaks down past q_min = 372",
                        training: p, differentLimit: true, gradient: naiveNormalizedGradient),
                    .init(
                        kind: "fewer steps", description: "10x fewer steps", training: p.shortened(by: 10),
                        differentLimit: false),
                ],
                catches:
                    "an NGD whose gradient is computed directly and normalized by sqrt(sum g_i^2) turns NaN once q_min passes about 372 in float64 (about 44 in float32); exp(-q) underflows past 745. Normalize in the log domain."
            )
            switch try ExpectationBuilder.build(candidate, data: d3) {
            case .emitted(let e): out.append(e)
            case .omitted(let o): omitted.append(o)
            }
        }
        f.expectations = out
        f.omitted = omitted
        return [f]
    }

    /// The textbook NGD direction, `g / sqrt(sum g_i^2)` with `g = -sum_n sigma(-q_n) z_n` for a
    /// linear model, in plain float64 (NaN once the squares underflow).
    @Sendable public static func naiveNormalizedGradient(_ problem: TrainingProblem) -> ([Double]) -> GradientInfo {
        { theta in
            let z = problem.data.signedPoints
            var g = [Double](repeating: 0, count: theta.count)
            for zn in z {
                let q = zip(zn, theta).reduce(0) { $0 + $1.0 * $1.1 }
                let s = exp(-q) / (1 + exp(-q))
                for j in g.indices { g[j] -= s * zn[j] }
            }
            let norm = g.reduce(0) { $0 + $1 * $1 }.squareRoot()
            return GradientInfo(direction: g.map { $0 / norm }, logScale: 0, logLoss: 0)
        }
    }
}
