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
    /// Why the run stopped making progress although it ran to the end (an exact cycle of the
    /// parameters, or a log loss no lower at the end than halfway), with the remedy; `nil` otherwise.
    public var stalled: String? = nil
    /// The observation at step `steps / 2` (runs of at least 100 steps), to judge progress over the
    /// second half against a known limit (`margin-oracle train`'s summary).
    public var halfway: Checkpoint? = nil
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
        // Stall detection (cheap: one loss evaluation halfway, copies of the last few parameters).
        let watchFrom = steps >= 100 ? steps - StallWatch.period : Int.max
        var watch = StallWatch()
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
            if steps >= 100 && t == steps / 2 {
                let c = marks.contains(t) ? record[record.count - 1] : observer.observe(problem, theta, step: t)
                watch.halfwayLogLoss = c.logLoss
                watch.halfway = c
            }
            if t >= watchFrom && t < steps { watch.recent.append(theta) }
        }
        var result = Trajectory(checkpoints: record, finalParameters: theta, steps: steps, stoppedEarly: nil)
        if steps >= 100 && gradient == nil {
            result.stalled = watch.diagnose(problem, optimizer: optimizer, final: theta, steps: steps)
        }
        result.halfway = watch.halfway
        return result
    }
}

/// What `Training.run` keeps to tell a stalled run from a slow one.
struct StallWatch {
    /// How many of the last parameter vectors are compared with the final one.
    static let period = 8
    var halfwayLogLoss: Double? = nil
    var halfway: Checkpoint? = nil
    var recent: [[Double]] = []

    /// An exact cycle (a stateless update rule with a constant step whose parameters repeat
    /// exactly: they will repeat forever) or a frozen loss, with its cause and remedy.
    func diagnose(_ problem: TrainingProblem, optimizer: Optimizer, final theta: [Double], steps: Int) -> String? {
        let remedy =
            "remedy: a decreasing step (--inverse-sqrt) or a smaller constant step; the reached value is not the limit"
        if case .steepest(_, _, .constant) = optimizer,
            let last = recent.lastIndex(where: { $0 == theta })
        {
            return
                "the parameters repeat exactly with period \(recent.count - last) (an exact cycle of a constant-step update): training makes no progress; \(remedy)"
        }
        if let half = halfwayLogLoss {
            let end = problem.loss.logValue(margins: problem.margins(theta))
            if end.isFinite && half.isFinite && end >= half {
                return
                    "the log loss at step \(steps) (\(end)) is no lower than at step \(steps / 2) (\(half)): training has stalled; \(remedy)"
            }
        }
        return nil
    }
}
