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
