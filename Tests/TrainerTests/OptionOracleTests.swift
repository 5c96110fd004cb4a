import Foundation
import Oracle
import Testing

@testable import Trainer

/// Every public option of the trainer against a value that does not come from the code under
/// test (issue 20): hand-computed steps, closed forms, and an independent re-implementation in
/// plain loops. Each of these caught a mutant that the convergence claims let through (Adam
/// without bias correction, the inverse-sqrt schedule, the diagonal predictor, mean reduction).
@Suite struct OptionOracleTests {
    /// One point x = 1, y = 1, in one dimension: q = w.
    static let single = try! Dataset(signedPoints: [[1]])

    static func run(
        _ optimizer: Optimizer, steps: Int, loss: Loss, data: Dataset = single, initial: [Double] = [0]
    ) -> [Double] {
        let model = LinearModel(inputDimension: data.dimension)
        let problem = TrainingProblem(model: model, data: data, loss: loss)
        return Training.run(problem, optimizer: optimizer, steps: steps, initial: initial, checkpoints: [])
            .finalParameters
    }

    static func close(_ a: Double, _ b: Double, _ relative: Double = 1e-13) -> Bool {
        abs(a - b) <= relative * max(abs(a), abs(b))
    }

    /// Exponential loss L = e^(-w), gradient g = -e^(-w); Adam's two first steps by hand (Kingma & Ba).
    @Test("Adam with beta1 = 0.9, beta2 = 0.999: two steps as computed by hand, bias correction included")
    func adamByHand() {
        let (b1, b2, eps, eta) = (0.9, 0.999, 1e-8, 0.1)
        var w = 0.0
        var m = 0.0
        var v = 0.0
        for t in 1...2 {
            let g = -exp(-w)
            m = b1 * m + (1 - b1) * g
            v = b2 * v + (1 - b2) * g * g
            let mHat = m / (1 - pow(b1, Double(t)))
            let vHat = v / (1 - pow(b2, Double(t)))
            w -= eta * mHat / (vHat.squareRoot() + eps)
        }
        let got = Self.run(
            .adam(.constant(eta), beta1: b1, beta2: b2, epsilon: eps), steps: 2, loss: Loss(.exponential))
        #expect(Self.close(got[0], w), "\(got[0]) vs \(w)")
        // The first step of bias-corrected Adam is eta * sign(-g) (up to eps): 0.1, not 0.316.
        let first = Self.run(
            .adam(.constant(eta), beta1: b1, beta2: b2, epsilon: eps), steps: 1, loss: Loss(.exponential))
        #expect(Self.close(first[0], eta / (1 + eps)))
    }

    /// `train` accepts beta1 and beta2 in [0, 1]. At 1 a moment never moves (m or v stays 0) and its bias
    /// correction `1 - beta^t` is 0: the moment is used uncorrected (0, not 0 / 0), and a zero
    /// denominator (v = 0, eps = 0) skips the update. By hand on L = e^(-w) from w = 0 (g = -1).
    @Test("Adam at beta1 = 1 or beta2 = 1: no 0 / 0, the moments' edges by hand")
    func adamAtTheEdges() {
        let eta = 0.1
        let frozenMean = Self.run(
            .adam(.constant(eta), beta1: 1, beta2: 0.999, epsilon: 1e-8), steps: 3, loss: Loss(.exponential))
        #expect(frozenMean == [0], "\(frozenMean)")
        let noDenominator = Self.run(
            .adam(.constant(eta), beta1: 0.9, beta2: 1, epsilon: 0), steps: 3, loss: Loss(.exponential))
        #expect(noDenominator == [0], "\(noDenominator)")
        // m = 0.1 g = -0.1, mHat = m / 0.1 = -1; v = 0 uncorrected; w = -eta mHat / (0 + 0.5) = 0.2.
        let epsilonOnly = Self.run(
            .adam(.constant(eta), beta1: 0.9, beta2: 1, epsilon: 0.5), steps: 1, loss: Loss(.exponential))
        #expect(Self.close(epsilonOnly[0], 0.2), "\(epsilonOnly)")
    }

    @Test("schedules: constant, inverse-sqrt eta0 / sqrt(t + 1), inverse-time eta0 / (t + 1)^p, from t = 0")
    func schedules() {
        #expect(StepSchedule.constant(0.3).rate(at: 7) == 0.3)
        #expect(StepSchedule.inverseSqrt(0.3).rate(at: 0) == 0.3)
        #expect(StepSchedule.inverseSqrt(0.3).rate(at: 3) == 0.15)
        #expect(Self.close(StepSchedule.inverseTime(0.3, power: 1).rate(at: 2), 0.1))
        #expect(StepSchedule.inverseTime(0.5, power: 2).rate(at: 1) == 0.125)
        // In a run: normalized sign descent with eta0 / sqrt(t + 1) moves w by 0.1, then 0.1/sqrt(2).
        let w1 = Self.run(.steepest(.linf, normalized: true, .inverseSqrt(0.1)), steps: 1, loss: Loss(.logistic))
        let w2 = Self.run(.steepest(.linf, normalized: true, .inverseSqrt(0.1)), steps: 2, loss: Loss(.logistic))
        #expect(w1[0] == 0.1 && Self.close(w2[0] - w1[0], 0.1 / 2.0.squareRoot()))
    }

    /// theta -= (eta0 / L) grad L; for L = e^(-w), grad L / L = -1: every step adds exactly eta0.
    @Test("loss-scaled GD on the exponential loss adds exactly eta0 per step")
    func lossScaled() {
        let got = Self.run(.lossScaled(eta0: 0.5), steps: 3, loss: Loss(.exponential))
        #expect(Self.close(got[0], 1.5, 1e-15))
    }

    /// Unnormalized steepest descent: theta -= eta ||g||_* Delta(g). One point z = (1, 2), exponential
    /// loss, w = 0: g = -(1, 2); sign descent moves eta ||g||_1 = 3 eta on every coordinate,
    /// coordinate descent eta ||g||_inf = 2 eta on the second, GD eta g.
    @Test("unnormalized sign, coordinate and l2 steps are scaled by the dual norm of the gradient")
    func unnormalizedSteps() {
        let z = try! Dataset(signedPoints: [[1, 2]])
        let eta = 0.125
        let sign = Self.run(
            .signDescent(eta, normalized: false), steps: 1, loss: Loss(.exponential), data: z, initial: [0, 0])
        let coordinate = Self.run(
            .coordinateDescent(eta, normalized: false), steps: 1, loss: Loss(.exponential), data: z, initial: [0, 0])
        let gd = Self.run(.gd(eta), steps: 1, loss: Loss(.exponential), data: z, initial: [0, 0])
        #expect(sign == [3 * eta, 3 * eta], "\(sign)")
        #expect(coordinate == [0, 2 * eta], "\(coordinate)")
        #expect(gd == [eta, 2 * eta], "\(gd)")
    }

    @Test("exponential loss and mean reduction: log L and the gradient weights by their formulas")
    func lossFormulas() {
        let q = [1.0, 2.0, 0.5]
        let sum = q.map { exp(-$0) }.reduce(0, +)
        #expect(Self.close(Loss(.exponential).logValue(margins: q), log(sum)))
        #expect(Self.close(Loss(.exponential, reduction: .mean).logValue(margins: q), log(sum / 3)))
        let logistic = q.map { log1p(exp(-$0)) }.reduce(0, +)
        #expect(Self.close(Loss(.logistic, reduction: .mean).logValue(margins: q), log(logistic / 3)))
        let (weights, logScale) = Loss(.exponential, reduction: .mean).gradientWeights(margins: q)
        for n in q.indices { #expect(Self.close(weights[n], exp(-q[n]) / sum)) }
        #expect(Self.close(logScale, log(sum / 3)))
        // GD with the mean on two copies of a point is GD with the sum on one copy.
        let twice = try! Dataset(signedPoints: [[1], [1]])
        let mean = Self.run(.gd(0.3), steps: 5, loss: Loss(.logistic, reduction: .mean), data: twice)
        let one = Self.run(.gd(0.3), steps: 5, loss: Loss(.logistic))
        #expect(Self.close(mean[0], one[0]))
    }

    /// SplitMix64 and Box-Muller re-implemented here in plain code (the fixtures document both).
    static func reference(seed: UInt64, count: Int) -> [Double] {
        var state = seed
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        var out: [Double] = []
        while out.count < count {
            var u1 = Double(next() >> 11) * 0x1p-53
            while u1 == 0 { u1 = Double(next() >> 11) * 0x1p-53 }
            let u2 = Double(next() >> 11) * 0x1p-53
            let r = (-2 * log(u1)).squareRoot()
            out.append(r * cos(2 * .pi * u2))
            out.append(r * sin(2 * .pi * u2))
        }
        return Array(out.prefix(count))
    }

    @Test("every initialization against an independent SplitMix64 + Box-Muller")
    func initializations() {
        let net = TwoLayerLeakyReLU(inputDimension: 3, width: 4, leak: 0.1)
        let g = Self.reference(seed: 9, count: net.parameterCount)
        #expect(Initialization.zeros.parameters(for: net, seed: 9).allSatisfy { $0 == 0 })
        #expect(Initialization.gaussian(scale: 0.5).parameters(for: net, seed: 9) == g.map { 0.5 * $0 })
        #expect(Initialization.absoluteGaussian(scale: 0.5).parameters(for: net, seed: 9) == g.map { 0.5 * abs($0) })
        let balanced = Initialization.signBalanced(scale: 0.5).parameters(for: net, seed: 9)
        let positive = Initialization.positiveOutputs(scale: 0.5).parameters(for: net, seed: 9)
        for k in 0..<4 {
            #expect(balanced[net.outputIndex(k)] == (k % 2 == 0 ? 0.5 : -0.5))
            #expect(positive[net.outputIndex(k)] == 1.0)
        }
        #expect(Array(balanced[0..<12]) == g.prefix(12).map { 0.5 * $0 })
    }

    @Test("every model's predictor and forward against the direct formula in plain loops")
    func predictors() {
        let x: [[Double]] = [[0.5, -1, 2], [1, 1, -0.25]]
        let theta = Self.reference(seed: 4, count: 64)
        // Deep linear [3, 4, 2, 1]: beta = (W3 W2 W1)^T.
        let deep = DeepLinearModel(widths: [3, 4, 2, 1])
        let p = Array(theta.prefix(deep.parameterCount))
        let w1 = (0..<4).map { r in (0..<3).map { p[r * 3 + $0] } }
        let w2 = (0..<2).map { r in (0..<4).map { p[12 + r * 4 + $0] } }
        let w3 = [(0..<2).map { p[20 + $0] }]
        var beta = [Double](repeating: 0, count: 3)
        for j in 0..<3 {
            for a in 0..<4 {
                for b in 0..<2 { beta[j] += w3[0][b] * w2[b][a] * w1[a][j] }
            }
        }
        let got = deep.linearPredictor(p) ?? []
        #expect(zip(got, beta).allSatisfy { Self.close($0, $1, 1e-12) }, "\(got) vs \(beta)")
        // Diagonal of depth 2 and 3: u^D - v^D.
        for depth in [2, 3] {
            let diagonal = DiagonalModel(inputDimension: 3, depth: depth)
            let q = Array(theta.prefix(6))
            let expected = (0..<3).map { pow(q[$0], Double(depth)) - pow(q[3 + $0], Double(depth)) }
            let gotD = diagonal.linearPredictor(q) ?? []
            #expect(zip(gotD, expected).allSatisfy { Self.close($0, $1, 1e-12) }, "depth \(depth)")
        }
        // Ensemble: w + u^2 - v^2.
        let ensemble = EnsembleModel.linearPlusDiagonal(inputDimension: 3)
        let e = Array(theta.prefix(9))
        let expectedE = (0..<3).map { (j: Int) -> Double in
            let u = e[3 + j]
            let v = e[6 + j]
            return e[j] + u * u - v * v
        }
        #expect(zip(ensemble.linearPredictor(e) ?? [], expectedE).allSatisfy { Self.close($0, $1, 1e-12) })
        // Two-layer: sum_k a_k max(w_k . x, alpha w_k . x).
        let net = TwoLayerLeakyReLU(inputDimension: 3, width: 5, leak: 0.2)
        let t = Array(theta.prefix(net.parameterCount))
        let forward = net.forward(t, x)
        for (n, xn) in x.enumerated() {
            var f = 0.0
            for k in 0..<5 {
                let s = (0..<3).reduce(0.0) { $0 + t[k * 3 + $1] * xn[$1] }
                f += t[15 + k] * max(s, 0.2 * s)
            }
            #expect(Self.close(forward[n], f, 1e-12))
        }
    }
}
