import Claims
import Foundation
import Oracle
import PropertyBased
import Testing
import Trainer

/// Randomized versions of the general claims, on seeded random data. Tolerances come from the worst
/// case measured over 200 seeds (Tests/PropertyTests/README.md) times a safety factor of about 3,
/// checked against the theory's rates; CI runs a fixed subset of seeds (derandomized), local runs can
/// set MARGIN_ORACLE_RANDOMIZE=1 or use the shrinking explorations at the end.
@Suite struct RandomizedPropertyTests {
    static let randomize = ProcessInfo.processInfo.environment["MARGIN_ORACLE_RANDOMIZE"] == "1"
    static let base: UInt64 = randomize ? UInt64.random(in: 1...UInt64.max) : 20_261_123
    static func seed(_ i: Int, _ salt: UInt64) -> UInt64 {
        var g = SplitMix64(seed: base ^ salt &+ UInt64(i))
        return g.next()
    }

    /// Planted-separable data on the grid k/4 (shrink-friendly, exact for the oracle).
    static func planted(_ seed: UInt64) -> Dataset {
        var g = SplitMix64(seed: seed)
        return RandomDatasets.planted(n: 2 + g.below(7), d: 2 + g.below(2), margin: 0.1, bits: 2, seed: seed)
    }

    /// NGD's l2 gap after `steps`, relative to gamma2*. A solver that throws is a thrown error here and a
    /// run that stopped early (no margin at a checkpoint) gives NaN gaps, which fail the assertions with
    /// their messages: a broken oracle or trainer never takes the test process down.
    static func ngdRelativeGaps(_ data: Dataset, seed: UInt64) throws -> (at1e3: Double, at1e4: Double) {
        let gamma2 = try MaxMarginSolver.solve(data, norm: .l2).margin
        let model = LinearModel(inputDimension: data.dimension)
        let problem = TrainingProblem(model: model, data: data, loss: Loss(.logistic))
        let scale = data.signedPoints.map { Norm.l2.value($0) }.max()!
        let run = Training.run(
            problem, optimizer: .ngd(0.1 / scale), steps: 10_000,
            initial: Initialization.gaussian(scale: 0.1 / scale).parameters(for: model, seed: seed),
            checkpoints: [1000, 10_000])
        let m = run.checkpoints.map { $0.predictorMargin?["l2"] ?? .nan }
        guard m.count == 2 else { return (.nan, .nan) }
        return ((gamma2 - m[0]) / gamma2, (gamma2 - m[1]) / gamma2)
    }

    /// Bound settled from the 200-seed measurement (README.md): worst relative gap at 1e4 steps
    /// 0.00286, bound 0.01 (3.5x). The ratio gap(1e4)/gap(1e3) clusters at 0.10 as the 1/t rate
    /// predicts, but slow transients reach 0.31 and beyond on fresh seeds, so the rate itself is
    /// asserted only on D3 (P5: t * gap in [1, 10]); here only that the gap shrinks.
    static let ngdGapBound1e4 = 0.01

    /// Ji & Telgarsky ALT 2021 [A]: normalized GD's l2 gap falls like 1/t on any separable data.
    @Test("random planted data: NGD's l2 gap is small after 1e4 steps and shrinking")
    func ngdRateOnRandomData() throws {
        for i in 0..<(Self.randomize ? 200 : 30) {
            let seed = Self.seed(i, 61)
            let data = Self.planted(seed)
            let (g3, g4) = try Self.ngdRelativeGaps(data, seed: seed)
            #expect(
                g4 >= -1e-12 && g4 <= Self.ngdGapBound1e4, "seed \(seed) data \(data.points) \(data.labels): gap \(g4)")
            #expect(
                g4 <= max(g3, 1e-12),
                "seed \(seed) data \(data.points) \(data.labels): the gap grew from \(g3) to \(g4)")
        }
    }

    /// [D] The oracle's values are global upper bounds: no trajectory of any optimizer exceeds gamma_p*
    /// (linear) or the two-layer global optimum (SPEC.md P19).
    @Test("random data, widths, inits and optimizers: no normalized margin exceeds the oracle's bound")
    func nothingExceedsTheOracle() throws {
        let optimizers: [Optimizer] = [
            .ngd(0.05), .gd(0.1), .signDescent(0.01), .coordinateDescent(0.01), .lossScaled(eta0: 0.05),
        ]
        for i in 0..<(Self.randomize ? 200 : 12) {
            let seed = Self.seed(i, 62)
            var g = SplitMix64(seed: seed)
            let data = RandomDatasets.planted(n: 2 + g.below(5), d: 2, margin: 0.1, bits: 2, seed: seed)
            let bound = try TwoLayerMaxMargin.solve(data, leak: 0.1).upper
            let net = TwoLayerLeakyReLU(inputDimension: 2, width: 1 + g.below(8), leak: 0.1)
            let problem = TrainingProblem(model: net, data: data, loss: Loss(.logistic))
            let optimizer = optimizers[g.below(optimizers.count)]
            let run = Training.run(
                problem, optimizer: optimizer, steps: 2000,
                initial: Initialization.gaussian(scale: [1e-3, 0.1, 1][g.below(3)]).parameters(for: net, seed: seed))
            for c in run.checkpoints {
                guard let v = c.normalizedMargin?["l2"] else {
                    Issue.record("seed \(seed) step \(c.step): no normalized margin")
                    continue
                }
                #expect(!(v > bound + 1e-12), "seed \(seed) step \(c.step): \(v) > \(bound)")
            }
        }
    }

    /// Closed form [D, C003.2] and Lyu et al. 2021 [A]: symmetric data, small sign-balanced init - the
    /// normalized margin approaches (1 + alpha) gamma2*/4 and never exceeds it.
    @Test("random symmetric data: two-layer nets approach (1 + alpha) gamma2*/4 from below")
    func symmetricDataReachTheClosedForm() throws {
        for i in 0..<(Self.randomize ? 200 : 10) {
            let seed = Self.seed(i, 63)
            let (half, relative) = try Self.symmetricCase(seed)
            #expect(
                relative >= -1e-9 && relative <= Self.symmetricGapBound,
                "seed \(seed) data \(half.points) \(half.labels): relative gap \(relative)")
        }
    }

    /// Worst measured relative gap over 200 seeds: 6.4e-4 (README.md); bound 2e-3 (about 3x).
    static let symmetricGapBound = 2e-3

    /// A random symmetric 2-D data set (its positive half returned) and the relative gap reached on it.
    static func symmetricCase(_ seed: UInt64) throws -> (half: Dataset, relativeGap: Double) {
        var g = SplitMix64(seed: seed)
        let half = RandomDatasets.planted(n: 2 + g.below(3), d: 2, margin: 0.2, bits: 2, seed: seed)
        let data = try Dataset(
            points: half.points + half.points.map { $0.map { -$0 } }, labels: half.labels + half.labels.map { -$0 })
        let optimum = 1.1 * (try MaxMarginSolver.solve(half, norm: .l2).margin) / 4
        return (half, symmetricRelativeGap(data, optimum: optimum, seed: seed))
    }

    static func symmetricRelativeGap(_ data: Dataset, optimum: Double, seed: UInt64) -> Double {
        let net = TwoLayerLeakyReLU(inputDimension: 2, width: 10, leak: 0.1)
        let problem = TrainingProblem(model: net, data: data, loss: Loss(.logistic, reduction: .mean))
        let scale = data.signedPoints.map { Norm.l2.value($0) }.max()!
        let first = Training.run(
            problem, optimizer: .gd(0.1 / (scale * scale)), steps: 2000,
            initial: Initialization.signBalanced(scale: 1e-3).parameters(for: net, seed: seed), checkpoints: [2000])
        let second = Training.run(
            problem, optimizer: .ngd(0.05), steps: 3000, initial: first.finalParameters, checkpoints: [3000])
        // NaN when the run stopped early: the callers' bounds then fail with their messages.
        return (optimum - (second.checkpoints.last?.normalizedMargin?["l2"] ?? .nan)) / optimum
    }

    // MARK: - Exploration with shrinking (local runs only; CI is derandomized)

    static let plantedGrid = zip(Gen.int(in: -4...4).array(of: 2...2), Gen.int(in: -4...4).array(of: 2...16))
        .compactMap { (w: [Int], flat: [Int]) -> Dataset? in
            guard w.contains(where: { $0 != 0 }), flat.count >= 2 else { return nil }
            var x: [[Double]] = []
            var y: [Double] = []
            for i in stride(from: 0, to: flat.count - 1, by: 2) {
                let p = [Double(flat[i]) / 4, Double(flat[i + 1]) / 4]
                let s = Double(w[0]) * p[0] + Double(w[1]) * p[1]
                if s != 0 {
                    x.append(p)
                    y.append(s > 0 ? 1 : -1)
                }
            }
            return x.isEmpty ? nil : try? Dataset(points: x, labels: y)
        }

    @Test(
        "(exploration) NGD's l2 gap on shrinkable planted grids",
        .enabled(if: ProcessInfo.processInfo.environment["CI"] == nil), .timeLimit(.minutes(1)))
    func exploreNGD() async {
        await propertyCheck(count: 40, input: Self.plantedGrid) { data in
            let (_, g4) = try Self.ngdRelativeGaps(data, seed: 1)
            #expect(g4 >= -1e-12 && g4 <= Self.ngdGapBound1e4)
        }
    }
}

/// Prints the worst cases over 200 seeds (the flakiness budget); run with MARGIN_ORACLE_MEASURE=1.
@Suite struct FlakinessMeasurement {
    @Test(
        "measure worst cases over 200 seeds",
        .enabled(if: ProcessInfo.processInfo.environment["MARGIN_ORACLE_MEASURE"] == "1"))
    func measure() throws {
        var worst3 = 0.0
        var worst4 = 0.0
        var worstRatio = 0.0
        var worstSymmetric = -Double.infinity
        var bestSymmetric = Double.infinity
        for i in 0..<200 {
            let seed = RandomizedPropertyTests.seed(i, 61)
            let (g3, g4) = try RandomizedPropertyTests.ngdRelativeGaps(
                RandomizedPropertyTests.planted(seed), seed: seed)
            worst3 = max(worst3, g3)
            worst4 = max(worst4, g4)
            if g3 > 1e-8 { worstRatio = max(worstRatio, g4 / g3) }
        }
        for i in 0..<200 {
            let (_, r) = try RandomizedPropertyTests.symmetricCase(RandomizedPropertyTests.seed(i, 63))
            worstSymmetric = max(worstSymmetric, r)
            bestSymmetric = min(bestSymmetric, r)
        }
        print("MEASURE ngd relative gap 1e3 worst \(worst3), 1e4 worst \(worst4), ratio worst \(worstRatio)")
        print("MEASURE symmetric relative gap worst \(worstSymmetric), best \(bestSymmetric)")
    }
}
