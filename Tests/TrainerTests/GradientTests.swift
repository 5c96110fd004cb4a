import Foundation
import Oracle
import Testing

@testable import Trainer

/// The mathematics of the models' hand-written gradients, not their implementation.
@Suite struct GradientTests {
    static let d3 = try! Dataset(signedPoints: [[2, 2, -1], [0, 3, 2], [-2, 3, 3], [1, 2, 1]])

    static var models: [any Model] {
        [
            LinearModel(inputDimension: 3),
            DeepLinearModel(widths: [3, 4, 1]), DeepLinearModel(widths: [3, 4, 5, 2, 1]),
            DiagonalModel(inputDimension: 3, depth: 2), DiagonalModel(inputDimension: 3, depth: 3),
            TwoLayerLeakyReLU(inputDimension: 3, width: 5, leak: 0.1),
            TwoLayerLeakyReLU(inputDimension: 3, width: 4, leak: 0),
            EnsembleModel.linearPlusDiagonal(inputDimension: 3),
        ]
    }

    static func randomData(_ seed: UInt64) -> Dataset {
        var g = SplitMix64(seed: seed)
        return try! Dataset(
            points: (0..<6).map { _ in (0..<3).map { _ in g.symmetric() } },
            labels: (0..<6).map { _ in g.below(2) == 0 ? 1 : -1 })
    }

    @Test("pullback matches central finite differences of sum_n c_n f(x_n) for every model")
    func finiteDifferences() {
        for (i, model) in Self.models.enumerated() {
            let data = Self.randomData(UInt64(100 + i))
            let theta = Initialization.gaussian(scale: 0.7).parameters(for: model, seed: UInt64(i))
            var g = SplitMix64(seed: UInt64(200 + i))
            let c = (0..<data.count).map { _ in g.symmetric() }
            let analytic = model.pullback(theta, data.points, c)
            for p in 0..<model.parameterCount {
                let h = 1e-6
                var plus = theta
                var minus = theta
                plus[p] += h
                minus[p] -= h
                let fp = zip(model.forward(plus, data.points), c).reduce(0) { $0 + $1.0 * $1.1 }
                let fm = zip(model.forward(minus, data.points), c).reduce(0) { $0 + $1.0 * $1.1 }
                let numeric = (fp - fm) / (2 * h)
                #expect(
                    abs(numeric - analytic[p]) <= 1e-6 * max(1, abs(numeric)),
                    "\(model.name) parameter \(p): \(numeric) vs \(analytic[p])")
            }
        }
    }

    @Test("loss gradients match finite differences of the direct loss, both losses, sum and mean")
    func lossGradients() {
        let model = TwoLayerLeakyReLU(inputDimension: 3, width: 3, leak: 0.2)
        let data = Self.randomData(7)
        let theta = Initialization.gaussian(scale: 0.5).parameters(for: model, seed: 3)
        for kind in Loss.Kind.allCases {
            for reduction in Loss.Reduction.allCases {
                let problem = TrainingProblem(model: model, data: data, loss: Loss(kind, reduction: reduction))
                let info = problem.gradientInfo(theta)
                let grad = info.direction.map { $0 * exp(info.logScale) }
                for p in 0..<model.parameterCount {
                    let h = 1e-6
                    var plus = theta
                    var minus = theta
                    plus[p] += h
                    minus[p] -= h
                    let numeric =
                        (problem.loss.directValue(margins: problem.margins(plus))
                            - problem.loss.directValue(margins: problem.margins(minus))) / (2 * h)
                    #expect(
                        abs(numeric - grad[p]) <= 1e-6 * max(1, abs(numeric)), "\(kind) \(reduction) parameter \(p)")
                }
            }
        }
    }

    /// Lyu & Li eq. (6) [V]: <theta, grad q_n(theta)> = L q_n(theta) for an L-homogeneous model (SPEC.md P2).
    @Test("Euler's identity <theta, grad q_n> = L q_n holds to 1e-12 for every homogeneous model")
    func eulerIdentity() {
        for (i, model) in Self.models.enumerated() {
            guard let degree = model.homogeneityDegree else { continue }
            for trial in 0..<5 {
                let data = Self.randomData(UInt64(300 + 10 * i + trial))
                let problem = TrainingProblem(model: model, data: data, loss: Loss(.logistic))
                let theta = Initialization.gaussian(scale: 1).parameters(for: model, seed: UInt64(400 + 10 * i + trial))
                let q = problem.margins(theta)
                for n in q.indices {
                    let lhs = dot(theta, problem.marginGradient(theta, sample: n))
                    let scale = max(1, abs(q[n]), theta.reduce(0) { $0 + abs($1) })
                    #expect(abs(lhs - Double(degree) * q[n]) <= 1e-12 * scale, "\(model.name) sample \(n)")
                }
            }
        }
        let ensemble = EnsembleModel.linearPlusDiagonal(inputDimension: 3)
        #expect(ensemble.homogeneityDegree == nil)
    }

    /// Ji & Telgarsky's key identity W_{k+1}^T dR/dW_{k+1} = dR/dW_k W_k^T [V] makes the first-order terms
    /// cancel, so one GD step changes Delta_k = W_{k+1}^T W_{k+1} - W_k W_k^T by exactly
    /// eta^2 (G_{k+1}^T G_{k+1} - G_k G_k^T) [D] (SPEC.md 4.4, P3).
    @Test("one GD step changes the deep-linear balancedness matrices by exactly eta^2 (G^T G - G G^T)")
    func deepLinearBalancednessDrift() {
        for (i, widths) in [[3, 4, 1], [3, 5, 4, 1], [3, 2, 6, 3, 1]].enumerated() {
            let model = DeepLinearModel(widths: widths)
            let problem = TrainingProblem(model: model, data: Self.d3, loss: Loss(.logistic, reduction: .mean))
            let theta = Initialization.gaussian(scale: 0.5).parameters(for: model, seed: UInt64(i))
            let eta = 0.37
            let info = problem.gradientInfo(theta)
            let grad = info.direction.map { $0 * exp(info.logScale) }
            let next = zip(theta, grad).map { $0 - eta * $1 }
            for k in 0..<(model.depth - 1) {
                let before = delta(model, theta, k)
                let after = delta(model, next, k)
                let g = gramDifference(model.layer(grad, k + 1), model.layer(grad, k))
                for r in before.indices {
                    for c in before[r].indices {
                        let drift = after[r][c] - before[r][c]
                        #expect(
                            abs(drift - eta * eta * g[r][c]) <= 1e-10 * max(1, abs(drift)),
                            "depth \(model.depth) layer \(k) (\(r),\(c))")
                    }
                }
            }
        }
    }

    /// Two-layer nets: a_k^2 - ||w_k||^2 changes by exactly eta^2 (g_a^2 - ||g_w||^2) per GD step [D] (SPEC.md 4.4, P3).
    @Test("one GD step changes a_k^2 - ||w_k||^2 by exactly eta^2 (g_a^2 - ||g_w||^2)")
    func twoLayerBalancednessDrift() {
        let model = TwoLayerLeakyReLU(inputDimension: 3, width: 6, leak: 0.1)
        let problem = TrainingProblem(model: model, data: Self.randomData(9), loss: Loss(.exponential))
        let theta = Initialization.gaussian(scale: 0.8).parameters(for: model, seed: 5)
        let eta = 0.21
        let info = problem.gradientInfo(theta)
        let grad = info.direction.map { $0 * exp(info.logScale) }
        let next = zip(theta, grad).map { $0 - eta * $1 }
        func balance(_ v: [Double], _ k: Int) -> Double {
            let w = v[(k * 3)..<(k * 3 + 3)]
            return v[model.outputIndex(k)] * v[model.outputIndex(k)] - w.reduce(0) { $0 + $1 * $1 }
        }
        for k in 0..<model.width {
            let drift = balance(next, k) - balance(theta, k)
            let expected = eta * eta * balance(grad, k)
            #expect(abs(drift - expected) <= 1e-10 * max(1, abs(drift)), "neuron \(k)")
        }
    }

    func delta(_ m: DeepLinearModel, _ theta: [Double], _ k: Int) -> [[Double]] {
        gramDifference(m.layer(theta, k + 1), m.layer(theta, k))
    }

    /// `A^T A - B B^T` for `A` (next layer) and `B` (this layer).
    func gramDifference(_ a: [[Double]], _ b: [[Double]]) -> [[Double]] {
        let n = b.count
        return (0..<n).map { r in
            (0..<n).map { c in
                a.reduce(0) { $0 + $1[r] * $1[c] } - dot(b[r], b[c])
            }
        }
    }
}

@Suite struct LossTests {
    @Test("the log-domain loss agrees with the direct formula wherever both are representable")
    func logDomainAgrees() {
        var g = SplitMix64(seed: 11)
        for kind in Loss.Kind.allCases {
            for reduction in Loss.Reduction.allCases {
                let loss = Loss(kind, reduction: reduction)
                for _ in 0..<200 {
                    let q = (0..<5).map { _ in 40 * g.symmetric() }
                    let direct = loss.directValue(margins: q)
                    #expect(abs(exp(loss.logValue(margins: q)) - direct) <= 1e-12 * direct, "\(kind) \(q)")
                    #expect(
                        abs(
                            loss.inverseOfTotal(logLoss: log(direct))
                                - (kind == .exponential ? -log(direct) : -log(expm1(direct)))) <= 1e-9
                            * max(1, abs(log(direct))))
                }
            }
        }
    }

    @Test("margins of 1e4 and beyond: the log loss stays finite and exact, the weights stay a distribution")
    func farBelowTheSmallestDouble() {
        for kind in Loss.Kind.allCases {
            let loss = Loss(kind)
            let q = [1e4, 1e4 + 1, 2e5]
            let logL = loss.logValue(margins: q)
            #expect(abs(logL - (-1e4 + log(1 + exp(-1.0)))) < 1e-9)
            let (p, logScale) = loss.gradientWeights(margins: q)
            #expect(abs(p.reduce(0, +) - 1) < 1e-15 && p[2] == 0 && abs(logScale - logL) < 1e-9)
            #expect(loss.directValue(margins: q) == 0)  // the direct formula has underflowed
        }
        // The naive logistic derivative (1 - tanh(q/2))/2 is exactly 0 at q = 40; ours is e^-40.
        #expect((1 - tanh(20.0)) / 2 == 0)
        #expect(abs(Loss(.logistic).logNegativeDerivative(40) - (-40)) < 1e-15)
    }
}
