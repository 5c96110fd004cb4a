import Foundation
import Testing
import Oracle
@testable import Trainer

/// Fast convergence checks on D3 with the normalized update rules, each with its negative control.
/// Limits come from the Oracle; budgets and tolerances from SPEC.md section 9 (P5, P6, P7: measured
/// [M] on a numpy prototype, tolerance about 3x the worst measured value). The theorems (Gunasekar et
/// al. 2018 [R], Ji & Telgarsky 2021 [A]) are about the flows / unnormalized methods; the normalized
/// forms are used for speed and share the limits.
@Suite struct ConvergenceSmokeTests {
    static let d3 = GradientTests.d3
    static func oracle(_ norm: Norm) throws -> Double { try MaxMarginSolver.solve(d3, norm: norm).margin }

    static func train(_ optimizer: Optimizer, steps: Int, seed: UInt64) -> Checkpoint {
        let model = LinearModel(inputDimension: 3)
        let problem = TrainingProblem(model: model, data: d3, loss: Loss(.logistic))
        let theta = Initialization.gaussian(scale: 0.1).parameters(for: model, seed: seed)
        return Training.run(problem, optimizer: optimizer, steps: steps, initial: theta, checkpoints: [steps]).checkpoints.last!
    }

    @Test("P5: NGD reaches the l2 max margin (gap <= 1e-2 at 1e3 steps); sign descent stays 0.370 short (negative control)", arguments: [1, 2, 3] as [UInt64])
    func ngdToL2(_ seed: UInt64) throws {
        let gamma2 = try Self.oracle(.l2)
        let ngd = Self.train(.ngd(0.1), steps: 1000, seed: seed)
        let gap = gamma2 - ngd.predictorMargin!["l2"]!
        #expect(gap >= -1e-12 && gap <= 1e-2, "seed \(seed): gap \(gap)")
        let sign = Self.train(.signDescent(0.1), steps: 1000, seed: seed)
        #expect(gamma2 - sign.predictorMargin!["l2"]! >= 0.36, "seed \(seed)")
    }

    @Test("P6: sign descent reaches the l-infinity max margin 13/4 (gap <= 2e-2 at 1e3 steps); NGD stays 1/2 short", arguments: [1, 2, 3] as [UInt64])
    func signToLinf(_ seed: UInt64) throws {
        let gammaInf = try Self.oracle(.linf)
        let sign = Self.train(.signDescent(0.1), steps: 1000, seed: seed)
        let gap = gammaInf - sign.predictorMargin!["linf"]!
        #expect(gap >= -1e-12 && gap <= 2e-2, "seed \(seed): gap \(gap)")
        let ngd = Self.train(.ngd(0.1), steps: 1000, seed: seed)
        #expect(gammaInf - ngd.predictorMargin!["linf"]! >= 0.45, "seed \(seed)")
    }

    @Test("P7: coordinate descent reaches the l1 max margin 2 (gap <= 2e-2 at 1e3 steps); NGD stays 3/7 short", arguments: [1, 2, 3] as [UInt64])
    func coordinateToL1(_ seed: UInt64) throws {
        let gamma1 = try Self.oracle(.l1)
        let cd = Self.train(.coordinateDescent(0.1), steps: 1000, seed: seed)
        let gap = gamma1 - cd.predictorMargin!["l1"]!
        #expect(gap >= -1e-12 && gap <= 2e-2, "seed \(seed): gap \(gap)")
        let ngd = Self.train(.ngd(0.1), steps: 1000, seed: seed)
        #expect(gamma1 - ngd.predictorMargin!["l1"]! >= 0.4, "seed \(seed)")
    }

    @Test("P12 (fast form): a depth-3 linear net under NGD aligns its layers and its product reaches the l2 max margin")
    func deepLinearAlignment() throws {
        let model = DeepLinearModel(widths: [3, 4, 4, 1])
        let problem = TrainingProblem(model: model, data: Self.d3, loss: Loss(.logistic))
        let theta = Initialization.gaussian(scale: 0.3).parameters(for: model, seed: 1)
        let last = Training.run(problem, optimizer: .ngd(0.05), steps: 1000, initial: theta, checkpoints: [1000]).checkpoints.last!
        #expect(last.rankOneRatios!.min()! >= 0.998)
        #expect(last.alignments!.min()! >= 0.9999)
        #expect(try Self.oracle(.l2) - last.predictorMargin!["l2"]! <= 1e-3)
    }
}
