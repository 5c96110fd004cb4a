import Foundation
import Oracle
import Testing

@testable import Trainer

/// The trainer's documented rules at their edges: the 1-2-5 checkpoints up to and including the last
/// step, and the halfway observation and stall diagnosis of runs of at least 100 steps (README,
/// `train`'s summary line). Expected values are read off the rules' text, not from the code.
@Suite struct TrainingEdgeTests {
    @Test("checkpoints: the 1-2-5 series up to and including the last step, at the series' own values")
    func checkpointEdges() {
        let cases: [(Int, [Int])] = [
            (0, [0]), (1, [0, 1]), (2, [0, 1, 2]), (4, [0, 1, 2, 4]), (5, [0, 1, 2, 5]),
            (10, [0, 1, 2, 5, 10]), (19, [0, 1, 2, 5, 10, 19]), (20, [0, 1, 2, 5, 10, 20]),
            (100, [0, 1, 2, 5, 10, 20, 50, 100]),
        ]
        for (steps, expected) in cases {
            #expect(Training.logSpacedCheckpoints(upTo: steps) == expected, "steps \(steps)")
        }
    }

    /// A run whose parameters cannot move (a step of 1e-300 is below every parameter's ulp) has a
    /// frozen loss: equal at the last step and halfway, which the rule calls stalled ("no lower than").
    /// The schedule is not constant, so the exact-cycle rule does not apply first. Below 100 steps
    /// neither the halfway observation nor the diagnosis is made.
    @Test("runs of 100 steps observe halfway and call a frozen loss stalled; runs of 99 steps do neither")
    func halfwayAndFrozenLossEdges() {
        let model = LinearModel(inputDimension: 3)
        let problem = TrainingProblem(model: model, data: GradientTests.d3, loss: Loss(.logistic))
        let theta = Initialization.gaussian(scale: 1).parameters(for: model, seed: 3)
        let frozen = Optimizer.steepest(.l2, normalized: false, .inverseSqrt(1e-300))
        let hundred = Training.run(problem, optimizer: frozen, steps: 100, initial: theta)
        #expect(hundred.finalParameters == theta)
        #expect(hundred.halfway?.step == 50)
        #expect(hundred.stalled?.contains("no lower than at step 50") == true, "\(hundred.stalled ?? "nil")")
        let ninetyNine = Training.run(problem, optimizer: frozen, steps: 99, initial: theta)
        #expect(ninetyNine.halfway == nil && ninetyNine.stalled == nil)
        let zero = Training.run(problem, optimizer: frozen, steps: 0, initial: theta)
        #expect(zero.checkpoints.map(\.step) == [0] && zero.steps == 0 && zero.finalParameters == theta)
    }
}

extension TrainingEdgeTests {
    /// A zero gradient (a two-layer net started at zero has one) gives the zero direction in every
    /// norm and leaves the parameters where they are under every steepest-descent update: no 0 / 0.
    @Test("a zero gradient: zero direction in every norm, and no update moves the parameters")
    func zeroGradient() {
        for norm in [Norm.l2, .linf, .l1] {
            #expect(Optimizer.steepestDirection([0, 0, 0], norm) == [0, 0, 0], "\(norm)")
            for optimizer in [
                Optimizer.steepest(norm, normalized: true, .constant(0.1)),
                .steepest(norm, normalized: false, .constant(0.1)),
            ] {
                var theta = [1.0, -2.0, 3.0]
                var state = OptimizerState()
                optimizer.update(&theta, direction: [0, 0, 0], logScale: 0, logLoss: 0, state: &state)
                #expect(theta == [1, -2, 3], "\(optimizer)")
            }
        }
    }
}

extension TrainingEdgeTests {
    /// README (two-layer fixtures): `phi'(0) = alpha`. A hidden unit whose preactivation is exactly 0:
    /// w = (1, 0), a = 1, x = (0, 1), leak 1/4; the gradient of f is (a alpha x, phi(0)) = (0, 1/4, 0).
    @Test("the two-layer net's derivative at the kink is the leak, phi'(0) = alpha")
    func kinkDerivative() {
        let model = TwoLayerLeakyReLU(inputDimension: 2, width: 1, leak: 0.25)
        #expect(model.pullback([1, 0, 1], [[0, 1]], [1]) == [0, 0.25, 0])
        #expect(model.forward([1, 0, 1], [[0, 1]]) == [0])
    }

    /// The KKT residual's near-active set `q_n <= (1 + tau) q_min` includes exact ties at tau = 0:
    /// z = (1, 0), (0, 1) at theta = (1, 1) is the l2 max-margin direction, theta = h_1 + h_2, residual 0.
    /// A margin of 0 has no residual (nil), as documented.
    @Test("KKT residual: exact ties are active at tau = 0 (residual 0); a zero margin gives nil")
    func kktResidualEdges() throws {
        let data = try Dataset(signedPoints: [[1, 0], [0, 1]])
        let problem = TrainingProblem(model: LinearModel(inputDimension: 2), data: data, loss: Loss(.logistic))
        #expect(KKTResidual.l2(problem, [1, 1], tolerance: 0) == 0)
        #expect(KKTResidual.l2(problem, [2, 2], tolerance: 0) == 0)
        #expect(KKTResidual.l2(problem, [1, 0], tolerance: 0.5) == nil)
    }

    /// Observables at the zero matrix and zero parameters (a zeros initialization): defined values, no
    /// 0 / 0: a zero layer's rank-one ratio is 0 and its singular vectors are finite; block shares are
    /// not reported when every parameter is 0.
    @Test("observables at zero parameters: rank-one ratio 0, finite singular vectors, no block shares")
    func observablesAtZero() throws {
        let spectrum = LayerSpectrum([[0, 0], [0, 0]])
        #expect(spectrum.sigma == 0 && spectrum.frobenius == 0 && spectrum.rankOneRatio == 0)
        #expect(spectrum.left.allSatisfy(\.isFinite) && spectrum.right.allSatisfy(\.isFinite))
        let model = DeepLinearModel(widths: [2, 2, 1])
        let plane = try Dataset(signedPoints: [[1, 0], [0, 1]])
        let problem = TrainingProblem(model: model, data: plane, loss: Loss(.logistic))
        let c = Observer().observe(problem, [Double](repeating: 0, count: model.parameterCount), step: 0)
        #expect(c.blockShares == nil)
        #expect(c.rankOneRatios?.allSatisfy { $0 == 0 } == true, "\(c.rankOneRatios ?? [])")
    }
}

extension TrainingEdgeTests {
    /// The cosine to the oracle's direction is `<beta, r> / (||beta||_2 ||r||_2)` whatever norm `r` is a
    /// unit vector of (the l1 and linf directions are not l2 units), and the angle its arccos in degrees.
    /// By hand: beta = (3, 4), r = (1/2, -1/2) (l1 unit): cos = -1/2 / (5 sqrt(1/2)) = -sqrt(2) / 10.
    @Test("cosine and angle to an l1- or linf-unit reference: the l2 formula on both vectors")
    func cosineToNonEuclideanReference() throws {
        let data = try Dataset(signedPoints: [[1, 0], [0, 1]])
        let problem = TrainingProblem(model: LinearModel(inputDimension: 2), data: data, loss: Loss(.logistic))
        let c = Observer(reference: [0.5, -0.5]).observe(problem, [3, 4], step: 0)
        let expected = -(2.0).squareRoot() / 10
        #expect(abs((c.cosine ?? .nan) - expected) <= 1e-15, "\(c.cosine ?? .nan)")
        #expect(abs((c.angleDegrees ?? .nan) - acos(expected) * 180 / .pi) <= 1e-12)
        // An linf-unit reference along beta: cosine 1, angle 0.
        let along = Observer(reference: [0.75, 1]).observe(problem, [3, 4], step: 0)
        #expect(abs((along.cosine ?? .nan) - 1) <= 1e-15 && (along.angleDegrees ?? .nan) < 1e-6)
    }
}

extension TrainingEdgeTests {
    /// The models' loops run over hidden units and rows four at a time, then one at a time: every width
    /// from 1 to 9 (each remainder mod 4) against plain loops. Two-layer: forward and the gradient of
    /// `sum_n c_n f(x_n)` (phi'(s) = 1 for s > 0, alpha otherwise); deep linear `[3, w, 2, 1]`: forward
    /// `x . (W3 W2 W1)^T` and its gradient by central differences of the forward.
    @Test("two-layer and deep linear nets of every width 1...9 against plain loops (forward and gradient)")
    func everyWidthAgainstPlainLoops() {
        var rng = SplitMix64(seed: 11)
        let x: [[Double]] = (0..<3).map { _ in (0..<3).map { _ in rng.unit() * 2 - 1 } }
        let c = [0.7, -1.3, 0.4]
        for width in 1...9 {
            let net = TwoLayerLeakyReLU(inputDimension: 3, width: width, leak: 0.2)
            let t = (0..<net.parameterCount).map { _ in rng.unit() * 2 - 1 }
            let forward = net.forward(t, x)
            var gradient = [Double](repeating: 0, count: net.parameterCount)
            for (n, xn) in x.enumerated() {
                var f = 0.0
                for k in 0..<width {
                    let s = (0..<3).reduce(0.0) { $0 + t[k * 3 + $1] * xn[$1] }
                    let a = t[3 * width + k]
                    f += a * max(s, 0.2 * s)
                    for j in 0..<3 { gradient[k * 3 + j] += c[n] * a * (s > 0 ? 1 : 0.2) * xn[j] }
                    gradient[3 * width + k] += c[n] * max(s, 0.2 * s)
                }
                #expect(abs(forward[n] - f) <= 1e-12 * max(1, abs(f)), "width \(width), point \(n)")
            }
            let pulled = net.pullback(t, x, c)
            #expect(zip(pulled, gradient).allSatisfy { abs($0 - $1) <= 1e-12 * max(1, abs($1)) }, "width \(width)")

            let deep = DeepLinearModel(widths: [3, width, 2, 1])
            let p = (0..<deep.parameterCount).map { _ in rng.unit() * 2 - 1 }
            let w1 = (0..<width).map { r in (0..<3).map { p[r * 3 + $0] } }
            let w2 = (0..<2).map { r in (0..<width).map { p[3 * width + r * width + $0] } }
            let w3 = [p[5 * width], p[5 * width + 1]]
            let f = deep.forward(p, x)
            for (n, xn) in x.enumerated() {
                var value = 0.0
                for b in 0..<2 {
                    for a in 0..<width { value += w3[b] * w2[b][a] * (0..<3).reduce(0.0) { $0 + w1[a][$1] * xn[$1] } }
                }
                #expect(abs(f[n] - value) <= 1e-12 * max(1, abs(value)), "deep width \(width), point \(n)")
            }
            let g = deep.pullback(p, x, c)
            for i in stride(from: 0, to: p.count, by: 1) {
                var up = p
                var down = p
                up[i] += 1e-6
                down[i] -= 1e-6
                let fu = zip(deep.forward(up, x), c).reduce(0.0) { $0 + $1.0 * $1.1 }
                let fd = zip(deep.forward(down, x), c).reduce(0.0) { $0 + $1.0 * $1.1 }
                #expect(abs(g[i] - (fu - fd) / 2e-6) <= 1e-6, "deep width \(width), parameter \(i)")
            }
        }
    }
}

extension TrainingEdgeTests {
    /// README (`train`): the normalized margin is `q_min / ||theta||^L` for a model of degree L, the
    /// predictor margin `q_min / ||beta||` of the end-to-end predictor. By hand on z = (1, 0), (0, 1): a
    /// diagonal net of depth 2 (L = 2) at u = (2, 1), v = (0, 0) has q = (4, 1), ||theta|| = sqrt(5), 3, 2
    /// (l2, l1, linf): normalized margins 1/5, 1/9, 1/4; beta = (4, 1): predictor margins 1/sqrt(17), 1/5,
    /// 1/4. With L = 1 the two would agree up to the model; a rule that forgot the power would not show.
    @Test("normalized margin q_min / ||theta||^L and predictor margin q_min / ||beta||, by hand at degree 2")
    func normalizedMarginAtDegreeTwo() throws {
        let data = try Dataset(signedPoints: [[1, 0], [0, 1]])
        let problem = TrainingProblem(
            model: DiagonalModel(inputDimension: 2, depth: 2), data: data, loss: Loss(.logistic))
        let c = Observer().observe(problem, [2, 1, 0, 0], step: 0)
        let normalized = try #require(c.normalizedMargin)
        let predictor = try #require(c.predictorMargin)
        for (norm, want) in [("l2", 1.0 / 5), ("l1", 1.0 / 9), ("linf", 1.0 / 4)] {
            #expect(abs((normalized[norm] ?? .nan) - want) <= 1e-15, "\(norm): \(normalized)")
        }
        for (norm, want) in [("l2", 1 / (17.0).squareRoot()), ("l1", 1.0 / 5), ("linf", 1.0 / 4)] {
            #expect(abs((predictor[norm] ?? .nan) - want) <= 1e-15, "\(norm): \(predictor)")
        }
    }
}
