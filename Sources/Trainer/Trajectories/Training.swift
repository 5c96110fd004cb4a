import Foundation
import Oracle

/// A training run's record: checkpoints on a log-spaced schedule and the final parameters.
public struct Trajectory: Sendable {
    public var checkpoints: [Checkpoint]
    public var finalParameters: [Double]
    /// Steps actually taken (fewer than asked when the parameters became non-finite).
    public var steps: Int
    /// Why the run stopped early, if it did.
    public var stoppedEarly: String?
}

/// Runs an update rule on a training problem.
public enum Training {
    /// Steps 0, 1, 2, 5, 10, 20, 50, ... up to and including `steps` (the 1-2-5 series).
    public static func logSpacedCheckpoints(upTo steps: Int) -> [Int] {
        var out: Set<Int> = [0, steps]
        var base = 1
        while base <= steps {
            for m in [1, 2, 5] where m * base <= steps { out.insert(m * base) }
            base *= 10
        }
        return out.sorted()
    }

    /// Trains for `steps` updates from `initial`, observing at `checkpoints` (default log-spaced).
    /// Deterministic: the same inputs give the same bits. Stops early (and says why) if the
    /// parameters become non-finite. `progress` is called with the step count now and then.
    /// `gradient` replaces the problem's own gradient (to test other implementations, or broken
    /// ones: the property suite's mutants).
    public static func run(
        _ problem: TrainingProblem, optimizer: Optimizer, steps: Int, initial: [Double],
        observer: Observer = Observer(), checkpoints: [Int]? = nil,
        gradient: ((_ theta: [Double]) -> GradientInfo)? = nil,
        progress: ((Int) -> Void)? = nil
    ) -> Trajectory {
        precondition(steps >= 0 && initial.count == problem.model.parameterCount)
        let marks = Set(checkpoints ?? logSpacedCheckpoints(upTo: steps))
        var theta = initial
        var state = OptimizerState()
        var record: [Checkpoint] = []
        if marks.contains(0) { record.append(observer.observe(problem, theta, step: 0)) }
        let progressEvery = max(1, steps / 200)
        var workspace = StepWorkspace()
        for t in 1...max(steps, 1) where steps > 0 {
            if let gradient {
                optimizer.update(&theta, gradient(theta), state: &state)
            } else {
                // The in-place path: no allocation per step (after the first).
                let (logScale, logLoss) = problem.gradientInfo(
                    theta, workspace: &workspace, needsLoss: optimizer.usesLoss)
                optimizer.update(
                    &theta, direction: workspace.direction, logScale: logScale, logLoss: logLoss, state: &state)
            }
            if !theta.allSatisfy({ $0.isFinite }) {
                return Trajectory(
                    checkpoints: record, finalParameters: theta, steps: t,
                    stoppedEarly: "the parameters became non-finite at step \(t) (step size too large?)")
            }
            if marks.contains(t) { record.append(observer.observe(problem, theta, step: t)) }
            if t % progressEvery == 0 { progress?(t) }
        }
        return Trajectory(checkpoints: record, finalParameters: theta, steps: steps, stoppedEarly: nil)
    }
}
