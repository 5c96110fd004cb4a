import Foundation
import Oracle

/// The constrained path `theta(R) in argmin_{||theta|| <= R} L(theta)` for growing radii R
/// (seed 000's object, SPEC.md 3.2), by accelerated projected gradient descent on `log L` with a
/// backtracking step and restarts, warm-started from the previous radius' solution scaled up.
///
/// For linear models (and, through `||theta||_2^2 >= ||beta||_1`, diagonal nets) the problem is
/// convex and this converges to the path; for other models it finds a local solution. The
/// lexicographic preference along the path is an `e^(-R gap)` effect (SPEC.md 3.6 [M]), invisible in
/// float64 at one radius once `R * gap` exceeds about 35; warm-started from the smaller radii, where
/// it is visible, the path keeps it: on generated data its sorted margins reached the leximin
/// vector at `R gamma1*` up to `1280 log 2n`, at rate `1/R` (P17, Tests/PropertyTests/README.md) [M].
public enum ConstrainedPath {
    public struct Point: Sendable {
        public var radius: Double
        /// The solution, with `||theta|| <= radius`.
        public var parameters: [Double]
        /// `parameters / radius`.
        public var normalized: [Double]
        public var logLoss: Double
        public var iterations: Int
    }

    /// Solves at each radius (increasing) with at most `iterations` projected steps; empty if a radius
    /// is not positive and finite or `iterations < 1`.
    public static func run(
        _ problem: TrainingProblem, norm: Norm, radii: [Double], iterations: Int = 2000,
        start: [Double]? = nil
    ) -> [Point] {
        // No radii, a radius that is not positive and finite, or no iterations: no path (an empty
        // answer the callers turn into a failed check, never a trap).
        guard radii.allSatisfy({ $0 > 0 && $0.isFinite }), iterations > 0 else { return [] }
        var theta = start ?? [Double](repeating: 0, count: problem.model.parameterCount)
        var previousRadius: Double? = nil
        var step = 1.0
        var out: [Point] = []
        for radius in radii {
            if let p = previousRadius { theta = theta.map { $0 * radius / p } }
            theta = project(theta, norm, radius)
            let (solution, used, lastStep) = solve(
                problem, norm, radius, from: theta, step: step, iterations: iterations)
            theta = solution
            step = lastStep
            let logL = problem.loss.logValue(margins: problem.margins(theta))
            out.append(
                Point(
                    radius: radius, parameters: theta, normalized: theta.map { $0 / radius }, logLoss: logL,
                    iterations: used))
            previousRadius = radius
        }
        return out
    }

    /// Accelerated projected gradient (FISTA, Beck & Teboulle 2009) on `log L` over the ball of radius
    /// `radius`, with a backtracking step and O'Donoghue & Candes' (2015) gradient restart. The
    /// curvature of `log L` along a direction is at most `max_n ||z_n||_2^2` for linear models, but
    /// the deeper lexicographic levels move along directions of far smaller curvature; plain projected
    /// gradient needed 10x the iterations there [M: P17 on generated data].
    private static func solve(
        _ problem: TrainingProblem, _ norm: Norm, _ radius: Double, from start: [Double], step initial: Double,
        iterations: Int
    ) -> (parameters: [Double], iterations: Int, step: Double) {
        var theta = start
        var previous = start
        var y = start
        var momentum = 1.0
        var step = initial
        var used = 0
        for _ in 0..<iterations {
            used += 1
            let info = problem.gradientInfo(y)
            let factor = exp(info.logScale - info.logLoss)  // grad log L = factor * direction
            let grad = info.direction.map { $0 * factor }
            // The sufficient-decrease test, up to the rounding of `log L` itself: at large radii `|log L|` is
            // about `R gamma` and a step's true change falls below its last bits, where an exact test would
            // halve the step to nothing and end the radius early [M: P17 on generated data].
            let slack = 64 * Double.ulpOfOne * max(1, abs(info.logLoss))
            var accepted = false
            var candidate = y
            for _ in 0..<60 {
                candidate = project(zip(y, grad).map { $0 - step * $1 }, norm, radius)
                let logCandidate = problem.loss.logValue(margins: problem.margins(candidate))
                var linear = 0.0
                var quadratic = 0.0
                for i in y.indices {
                    let d = candidate[i] - y[i]
                    linear += grad[i] * d
                    quadratic += d * d
                }
                if logCandidate <= info.logLoss + linear + quadratic / (2 * step) + slack {
                    accepted = true
                    break
                }
                step /= 2
            }
            guard accepted else { break }
            previous = theta
            theta = candidate
            let moved = zip(theta, previous).reduce(0) { max($0, abs($1.0 - $1.1)) }
            if moved <= 1e-15 * max(1, radius) { break }
            // Restart when the step from y points against the last move (the momentum overshoots).
            var alignment = 0.0
            for i in y.indices { alignment += (y[i] - theta[i]) * (theta[i] - previous[i]) }
            if alignment > 0 {
                momentum = 1
                y = theta
                continue
            }
            let next = (1 + (1 + 4 * momentum * momentum).squareRoot()) / 2
            let beta = (momentum - 1) / next
            y = project(zip(theta, previous).map { $0 + beta * ($0 - $1) }, norm, radius)
            momentum = next
        }
        return (theta, used, step)
    }

    /// Euclidean projection onto the ball `{||v|| <= r}` of `norm`.
    public static func project(_ v: [Double], _ norm: Norm, _ r: Double) -> [Double] {
        switch norm {
        case .l2:
            let n = Norm.l2.value(v)
            return n <= r ? v : v.map { $0 * r / n }
        case .linf:
            return v.map { min(r, max(-r, $0)) }
        case .l1:
            // Duchi, Shalev-Shwartz, Singer, Chandra (2008): soft-threshold at the level that makes ||v||_1 = r.
            if Norm.l1.value(v) <= r { return v }
            let sorted = v.map(abs).sorted(by: >)
            var cumulative = 0.0
            var threshold = 0.0
            for (k, value) in sorted.enumerated() {
                cumulative += value
                let t = (cumulative - r) / Double(k + 1)
                if value > t { threshold = t }
            }
            return v.map { x in
                let shrunk = abs(x) - threshold
                return shrunk > 0 ? (x > 0 ? shrunk : -shrunk) : 0
            }
        }
    }
}
