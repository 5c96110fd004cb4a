import Foundation
import Oracle
import Trainer

/// The oracle's limit for a (model, update rule) pair, with the statement it rests on.
struct OracleExpectation: Encodable {
    /// Which margin the limit is about: "predictor l2", "parameter l2 (two-layer global)", ...
    var quantity: String
    /// The norm of that margin.
    var norm: String
    /// The limit value.
    var limit: Double
    /// The exact limit where it is rational ("p/q"), or "sqrt(p/q)".
    var limitExact: String?
    /// The limit direction of the predictor (unit norm), when the optimum is unique.
    var direction: [Double]?
    /// Where the claim comes from and how sure it is.
    var source: String

    enum CodingKeys: String, CodingKey {
        case quantity, norm, limit, direction, source
        case limitExact = "limit_exact"
    }

    static func make(model: TrainCommand.ModelKind, optimizer: Optimizer, data: Dataset, leak: Double, depth: Int)
        throws(OracleError) -> OracleExpectation?
    {
        let geometry = optimizer.geometry
        switch model {
        case .linear, .deepLinear:
            if model == .deepLinear && geometry != .l2 { return nil }
            let s = try MaxMarginSolver.solve(data, norm: geometry)
            guard s.status == .separable else { return nil }
            let unique = try MaxMarginSolver.isUnique(data, norm: geometry)
            return OracleExpectation(
                quantity: "predictor margin", norm: geometry.rawValue, limit: s.margin,
                limitExact: geometry == .l2 ? "sqrt(\(s.marginSquaredExact!))" : s.marginExact!.description,
                direction: unique ? s.weights : nil,
                source: model == .linear
                    ? "steepest descent w.r.t. \(geometry.rawValue) maximizes the \(geometry.rawValue) margin of linear models (Soudry et al. 2018 for GD [A]; Gunasekar et al. 2018 [R])"
                    : "deep linear nets under GF/GD: w_prod tends to the l2 max-margin direction (Ji & Telgarsky 2019, Theorems 2 and 4 [V])"
            )
        case .diagonal:
            // ||theta||_2^2 >= ||beta||_1 (depth 2) and ||theta||_inf^2 >= ||beta||_inf: the predictor margins (SPEC C002.4 [D]).
            guard depth == 2, geometry != .l1 else { return nil }
            let norm: Norm = geometry == .l2 ? .l1 : .linf
            let s = try MaxMarginSolver.solve(data, norm: norm)
            guard s.status == .separable else { return nil }
            return OracleExpectation(
                quantity: "predictor margin", norm: norm.rawValue, limit: s.margin,
                limitExact: s.marginExact!.description,
                direction: try MaxMarginSolver.isUnique(data, norm: norm) ? s.weights : nil,
                source:
                    "diagonal net: the \(geometry.rawValue) parameter geometry maximizes the \(norm.rawValue) predictor margin (SPEC C002.4 [D]; global optimum, reaching it is a hypothesis)"
            )
        case .ensemble:
            guard geometry == .l2 else { return nil }
            let a = try EnsembleOracle.linearPlusDiagonal(data)
            guard a.deepSeparates else { return nil }
            return OracleExpectation(
                quantity: "predictor margin", norm: "l1", limit: a.deepMargin.doubleValue,
                limitExact: a.deepMargin.description,
                direction: a.predictorUnique ? a.predictor.map(\.doubleValue) : nil,
                source:
                    "ensemble: the shallow part vanishes and the deep part's l1 margin is reached (seed 000 C000.4 [A] for the constrained path; conjectured for GD, Kunin et al. [A])"
            )
        case .twoLayer:
            guard geometry == .l2, data.dimension == 2, leak < 1 else { return nil }
            let s = try TwoLayerMaxMargin.solve(data, leak: leak)
            return OracleExpectation(
                quantity: "normalized margin q_min/||theta||^2 (global optimum)", norm: "l2", limit: s.lower,
                limitExact: nil, direction: nil,
                source:
                    "global max margin of two-layer leaky-ReLU nets (oracle, certified to 1e-9); GF reaches it on symmetric data (Lyu et al. 2021 [A]), elsewhere only a KKT point is guaranteed (Lyu & Li 2020 [V])"
            )
        }
    }
}

/// The closing summary of `train`.
struct TrainingSummary: Encodable {
    var model: String
    var optimizer: String
    var steps: Int
    var seed: UInt64
    var expectation: OracleExpectation?
    var reached: Double?
    var gap: Double?
    var angleDegrees: Double?
    var stoppedEarly: String?
    /// A run that went to the end without progress (``Trajectory/stalled``): its gap is not convergence.
    var stalled: String?
    /// The step size used (`--lr`, or the step rule's).
    var stepSize: Double? = nil
    /// The step rule that chose it, when `--lr` was not given.
    var stepRule: String? = nil

    enum CodingKeys: String, CodingKey {
        case model, optimizer, steps, seed, expectation, reached, gap, stalled
        case stepSize = "step_size"
        case stepRule = "step_rule"
        case angleDegrees = "angle_degrees"
        case stoppedEarly = "stopped_early"
    }

    init(
        model: String, optimizer: String, steps: Int, seed: UInt64, expectation: OracleExpectation?, last: Checkpoint?,
        stoppedEarly: String?, stalled: String? = nil, halfway: Checkpoint? = nil
    ) {
        self.stalled = stalled
        self.model = model
        self.optimizer = optimizer
        self.steps = steps
        self.seed = seed
        self.expectation = expectation
        self.stoppedEarly = stoppedEarly
        guard let e = expectation, let c = last else { return }
        func value(_ c: Checkpoint) -> Double? {
            e.quantity.hasPrefix("predictor") ? c.predictorMargin?[e.norm] : c.normalizedMargin?[e.norm]
        }
        reached = value(c)
        gap = reached.map { e.limit - $0 }
        angleDegrees = c.angleDegrees
        // No progress toward the known limit over the second half: the theorems' rates (1/t for
        // the normalized rules, 1/log t for GD) would have shrunk the gap.
        if self.stalled == nil, let g = gap, let h = halfway.flatMap(value).map({ e.limit - $0 }),
            g > 1e-9 * abs(e.limit), g >= h
        {
            self.stalled =
                "the gap to the limit did not shrink over the second half (\(h) at step \(halfway?.step ?? 0), \(g) at step \(c.step)): the run is not converging to this limit; remedy: a decreasing step (--inverse-sqrt) or a smaller constant step"
        }
    }
}
