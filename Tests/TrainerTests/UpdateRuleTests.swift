import Foundation
import Oracle
import Testing

@testable import Trainer

/// Every steepest-descent update and loss-scaled GD, one step at every dimension 1...9, against its
/// formula written here with plain loops (SPEC.md section 3, README `train`): normalized
/// `theta -= eta Delta(g)`, unnormalized `theta -= eta ||g||_* Delta(g)` with `g = e^s direction`, where
/// `Delta` is the steepest unit direction of the norm (l2: `g / ||g||_2`; linf: `sign(g)`; l1: the sign
/// of the largest `|g_i|`, ties to the smallest index), and loss-scaled GD `theta -= eta0 (g / L)`. The
/// optimizer's l2 update has its own four-at-a-time sum of squares (not `steepestDirection`'s); the
/// dimensions 1...9 run its main loop and its tail in every combination.
@Suite struct UpdateRuleTests {
    static func direction(_ d: Int) -> [Double] {
        (0..<d).map { (i: Int) -> Double in
            let magnitude = Double((i * 7) % 5 + 1)
            return i % 3 == 1 ? -0.5 * magnitude : magnitude
        }
    }

    static func expected(
        _ norm: Norm, normalized: Bool, eta: Double, logScale: Double, _ theta: [Double], _ g: [Double]
    )
        -> [Double]
    {
        var l2 = 0.0
        var l1 = 0.0
        var linf = 0.0
        var best = 0
        for i in g.indices {
            l2 += g[i] * g[i]
            l1 += abs(g[i])
            linf = max(linf, abs(g[i]))
            if abs(g[i]) > abs(g[best]) { best = i }
        }
        l2 = l2.squareRoot()
        var delta = [Double](repeating: 0, count: g.count)
        var dual = 0.0
        switch norm {
        case .l2:
            for i in g.indices { delta[i] = g[i] / l2 }
            dual = l2
        case .linf:
            for i in g.indices { delta[i] = g[i] > 0 ? 1 : (g[i] < 0 ? -1 : 0) }
            dual = l1
        case .l1:
            delta[best] = g[best] > 0 ? 1 : -1
            dual = linf
        }
        let factor = normalized ? eta : eta * exp(logScale) * dual
        var out = theta
        for i in out.indices { out[i] -= factor * delta[i] }
        return out
    }

    @Test("one steepest step in l2, linf, l1, normalized or not, at every dimension 1...9, against its formula")
    func steepestSteps() {
        let logScale = log(0.375)
        for d in 1...9 {
            let g = Self.direction(d)
            let theta = (0..<d).map { Double($0) * 0.25 - 1 }
            for norm in [Norm.l2, .linf, .l1] {
                for normalized in [true, false] {
                    var th = theta
                    var state = OptimizerState()
                    Optimizer.steepest(norm, normalized: normalized, .constant(0.125)).update(
                        &th, GradientInfo(direction: g, logScale: logScale, logLoss: 0), state: &state)
                    let want = Self.expected(
                        norm, normalized: normalized, eta: 0.125, logScale: logScale, theta, g)
                    for i in 0..<d {
                        #expect(
                            abs(th[i] - want[i]) <= 1e-14 * max(1, abs(want[i])),
                            "d = \(d), \(norm), normalized \(normalized), coordinate \(i): \(th[i]) vs \(want[i])")
                    }
                }
            }
        }
    }

    @Test("loss-scaled GD: theta -= eta0 e^(s - log L) direction, at every dimension 1...9")
    func lossScaledSteps() {
        for d in 1...9 {
            let g = Self.direction(d)
            let theta = (0..<d).map { Double($0) * 0.25 - 1 }
            var th = theta
            var state = OptimizerState()
            Optimizer.lossScaled(eta0: 0.5).update(
                &th, GradientInfo(direction: g, logScale: log(3.0), logLoss: log(6.0)), state: &state)
            for i in 0..<d {
                let want = theta[i] - 0.5 * (3.0 / 6.0) * g[i]
                #expect(abs(th[i] - want) <= 1e-14 * max(1, abs(want)), "d = \(d), coordinate \(i)")
            }
        }
    }
}
