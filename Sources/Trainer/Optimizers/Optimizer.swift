import Foundation
import Oracle

/// What an update rule sees of the loss at the current parameters.
///
/// The gradient is `grad L = exp(logScale) * direction`, with `direction = -sum_n p_n y_n grad f(x_n)`
/// built from the normalized weights `p` (``Loss/gradientWeights(margins:)``), so it never underflows
/// even when `grad L` itself does.
public struct GradientInfo: Sendable {
    /// `grad L / exp(logScale)`.
    public var direction: [Double]
    /// `log` of the factor between `direction` and the true gradient.
    public var logScale: Double
    /// `log L`.
    public var logLoss: Double

    public init(direction: [Double], logScale: Double, logLoss: Double) {
        self.direction = direction
        self.logScale = logScale
        self.logLoss = logLoss
    }
}

/// A step-size schedule `eta_t`.
public enum StepSchedule: Sendable, Equatable, Codable {
    /// `eta`.
    case constant(Double)
    /// `eta0 / sqrt(t + 1)`.
    case inverseSqrt(Double)
    /// `eta0 / (t + 1)^power`.
    case inverseTime(Double, power: Double)

    public func rate(at t: Int) -> Double {
        switch self {
        case .constant(let eta): return eta
        case .inverseSqrt(let eta0): return eta0 / (Double(t) + 1).squareRoot()
        case .inverseTime(let eta0, let p): return eta0 / pow(Double(t) + 1, p)
        }
    }
}

/// An update rule: steepest descent for a norm (normalized or not), loss-scaled GD, or Adam.
///
/// Steepest descent w.r.t. `||.||` with dual `||.||_*` (SPEC.md 1.4 [D]):
/// `Delta(g) in argmax_{||u|| <= 1} <g, u>`;
/// unnormalized `theta <- theta - eta ||g||_* Delta(g)` (l2 is plain GD), normalized
/// `theta <- theta - eta Delta(g)`. l-infinity gives sign descent, l1 greedy coordinate descent
/// (ties to the smallest index).
public enum Optimizer: Sendable, Equatable, Codable {
    case steepest(Norm, normalized: Bool, StepSchedule)
    /// `theta <- theta - (eta0 / L) grad L` (Lyu & Li's aggressive schedule; NGD up to the factor ||grad L|| / L).
    case lossScaled(eta0: Double)
    /// Adam (Kingma & Ba) on the true gradient; `eps = 0` and `beta1 = beta2 = 0` is sign descent.
    case adam(StepSchedule, beta1: Double, beta2: Double, epsilon: Double)

    public static func gd(_ eta: Double) -> Optimizer { .steepest(.l2, normalized: false, .constant(eta)) }
    public static func ngd(_ eta: Double) -> Optimizer { .steepest(.l2, normalized: true, .constant(eta)) }
    public static func signDescent(_ eta: Double, normalized: Bool = true) -> Optimizer {
        .steepest(.linf, normalized: normalized, .constant(eta))
    }
    public static func coordinateDescent(_ eta: Double, normalized: Bool = true) -> Optimizer {
        .steepest(.l1, normalized: normalized, .constant(eta))
    }

    /// The norm whose margin the update rule maximizes on linear models (Gunasekar et al. 2018 [R]):
    /// l2 for GD and loss-scaled GD, l-infinity for sign descent and Adam, l1 for coordinate descent.
    public var geometry: Norm {
        switch self {
        case .steepest(let n, _, _): return n
        case .lossScaled: return .l2
        case .adam: return .linf
        }
    }
}

/// The state an update rule carries between steps (Adam's moments).
public struct OptimizerState: Sendable {
    var m: [Double] = []
    var v: [Double] = []
    var t = 0

    public init() {}
}

extension Optimizer {
    /// The steepest-descent direction `Delta(g)` for `norm` (unit norm, `<g, Delta> = ||g||_*`).
    public static func steepestDirection(_ g: [Double], _ norm: Norm) -> [Double] {
        switch norm {
        case .l2:
            let n = g.reduce(0) { $0 + $1 * $1 }.squareRoot()
            return n > 0 ? g.map { $0 / n } : g
        case .linf:
            return g.map(sign)
        case .l1:
            var d = [Double](repeating: 0, count: g.count)
            if let best = steepestCoordinate(g) { d[best] = g[best] > 0 ? 1 : -1 }
            return d
        }
    }

    /// `+1`, `-1` or `0` (also for NaN): the sign-descent component.
    static func sign(_ v: Double) -> Double { v > 0 ? 1 : (v < 0 ? -1 : 0) }

    /// The coordinate greedy coordinate descent moves (largest `|g_i|`, ties to the smallest
    /// index), or `nil` when the gradient is zero there (or empty).
    static func steepestCoordinate(_ g: [Double]) -> Int? {
        guard !g.isEmpty else { return nil }
        var best = 0
        for i in g.indices where abs(g[i]) > abs(g[best]) { best = i }
        return g[best] != 0 ? best : nil
    }

    /// Whether the update reads `log L` (only loss-scaled GD does).
    public var usesLoss: Bool { if case .lossScaled = self { return true } else { return false } }

    /// Applies one update to `theta`.
    public func update(_ theta: inout [Double], _ info: GradientInfo, state: inout OptimizerState) {
        update(&theta, direction: info.direction, logScale: info.logScale, logLoss: info.logLoss, state: &state)
    }

    /// Applies one update from the parts of a ``GradientInfo``, without allocating (after Adam's
    /// first step).
    public func update(
        _ theta: inout [Double], direction: [Double], logScale: Double, logLoss: Double, state: inout OptimizerState
    ) {
        let t = state.t
        state.t += 1
        switch self {
        case .steepest(let norm, let normalized, let schedule):
            let eta = schedule.rate(at: t)
            // Unnormalized: eta ||g||_* Delta(g), with ||g||_* = exp(logScale) ||direction||_*.
            let factor = normalized ? eta : eta * exp(logScale) * norm.dual.value(direction)
            switch norm {
            case .l2:
                // Four partial sums and one reciprocal, so both loops vectorize (the sum's
                // order is fixed, so results stay deterministic). Subtracting factor * 0 changes
                // nothing: factor is finite (the run stops at the first non-finite parameter).
                direction.withUnsafeBufferPointer { g in
                    var s0 = 0.0
                    var s1 = 0.0
                    var s2 = 0.0
                    var s3 = 0.0
                    var i = 0
                    while i + 3 < g.count {
                        s0 += g[i] * g[i]
                        s1 += g[i + 1] * g[i + 1]
                        s2 += g[i + 2] * g[i + 2]
                        s3 += g[i + 3] * g[i + 3]
                        i += 4
                    }
                    while i < g.count {
                        s0 += g[i] * g[i]
                        i += 1
                    }
                    let length = ((s0 + s1) + (s2 + s3)).squareRoot()
                    let step = length > 0 ? factor / length : factor
                    theta.withUnsafeMutableBufferPointer { th in
                        for i in th.indices { th[i] -= step * g[i] }
                    }
                }
            case .linf:
                for i in theta.indices {
                    let s = Optimizer.sign(direction[i])
                    if s != 0 { theta[i] -= factor * s }
                }
            case .l1:
                if let best = Optimizer.steepestCoordinate(direction) {
                    theta[best] -= factor * (direction[best] > 0 ? 1 : -1)
                }
            }
        case .lossScaled(let eta0):
            let factor = eta0 * exp(logScale - logLoss)
            for i in theta.indices { theta[i] -= factor * direction[i] }
        case .adam(let schedule, let beta1, let beta2, let epsilon):
            if state.m.isEmpty {
                state.m = [Double](repeating: 0, count: theta.count)
                state.v = state.m
            }
            let scale = exp(logScale)
            let eta = schedule.rate(at: t)
            let c1 = 1 - pow(beta1, Double(t + 1))
            let c2 = 1 - pow(beta2, Double(t + 1))
            for i in theta.indices {
                let g = scale * direction[i]
                state.m[i] = beta1 * state.m[i] + (1 - beta1) * g
                state.v[i] = beta2 * state.v[i] + (1 - beta2) * g * g
                let mHat = c1 > 0 ? state.m[i] / c1 : state.m[i]
                let vHat = c2 > 0 ? state.v[i] / c2 : state.v[i]
                let denominator = vHat.squareRoot() + epsilon
                if denominator > 0 { theta[i] -= eta * mHat / denominator }
            }
        }
    }
}
