import Foundation
import Oracle
import Trainer

/// The property catalogue of SPEC.md section 9, in SPEC order.
public enum Catalogue {
    public static var all: [Claim] {
        [
            p1, p2, p3, p4, p5, p6, p7, p8, p9(), p10, p11(), p12, p13, p14, p15, p16, p17, p18, p19, p20, p21, p22,
            p23, p24(), p25,
        ]
    }

    public static func claim(_ id: String) -> Claim? { all.first { $0.id == id } }

    // MARK: - Shared helpers

    static func oracleMargin(_ data: Dataset, _ norm: Norm) throws -> Double {
        try MaxMarginSolver.solve(data, norm: norm).margin
    }

    static func linearRun(
        _ optimizer: Optimizer, steps: Int, seed: UInt64, loss: Loss = Loss(.logistic), context: ClaimContext,
        checkpoints: [Int]? = nil
    ) -> Trajectory {
        let model = LinearModel(inputDimension: 3)
        let problem = TrainingProblem(model: model, data: ReferenceSets.d3, loss: loss)
        return train(
            problem, optimizer, steps: steps,
            initial: Initialization.gaussian(scale: 0.1).parameters(for: model, seed: seed),
            context: context, checkpoints: checkpoints)
    }

    /// The margin in `measured`'s geometry of the oracle's `optimum`-norm max-margin direction: the limit
    /// of a negative control's curve (NGD, whose limit is the l2 optimum, watched in the l-infinity
    /// margin, say), drawn beside the claim's own limit. On D3 every optimum is unique (SPEC.md 8).
    static func crossMargin(_ data: Dataset, optimum: Norm, measured: Norm) throws -> Double {
        GeneratedProperty.margin(of: try MaxMarginSolver.solve(data, norm: optimum).weights, data, measured)
    }

    /// The value of a checkpoint field, NaN when absent or when the run stopped early.
    static func predictor(_ c: Checkpoint?, _ norm: Norm) -> Double { c?.predictorMargin?[norm.rawValue] ?? .nan }
    static func normalized(_ c: Checkpoint?, _ norm: Norm) -> Double { c?.normalizedMargin?[norm.rawValue] ?? .nan }

    static func at(_ t: Trajectory, _ step: Int) -> Checkpoint? {
        t.stoppedEarly == nil ? t.checkpoints.first { $0.step == step } : nil
    }

    static func series(_ label: String, _ t: Trajectory, axis: String? = nil, _ value: (Checkpoint) -> Double?)
        -> Series
    {
        Series(
            label: label,
            points: t.checkpoints.compactMap { c in value(c).map { (c.step, $0) } }.filter { $0.step > 0 },
            axis: axis)
    }

    /// `lo <= v <= hi`, false for NaN.
    static func within(_ v: Double, _ lo: Double, _ hi: Double) -> Bool { v >= lo && v <= hi }
}
