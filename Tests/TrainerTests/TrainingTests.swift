import Foundation
import Oracle
import Testing

@testable import Trainer

@Suite struct TrainingTests {
    static let d3 = GradientTests.d3

    @Test("same seed, same bits: two runs give identical trajectories")
    func deterministic() {
        let model = TwoLayerLeakyReLU(inputDimension: 3, width: 8, leak: 0.1)
        let problem = TrainingProblem(model: model, data: Self.d3, loss: Loss(.logistic))
        let theta = Initialization.gaussian(scale: 0.1).parameters(for: model, seed: 42)
        let a = Training.run(problem, optimizer: .ngd(0.05), steps: 300, initial: theta)
        let b = Training.run(
            problem, optimizer: .ngd(0.05), steps: 300,
            initial: Initialization.gaussian(scale: 0.1).parameters(for: model, seed: 42))
        #expect(a.finalParameters.map(\.bitPattern) == b.finalParameters.map(\.bitPattern))
        #expect(a.checkpoints == b.checkpoints)
        let c = Initialization.gaussian(scale: 0.1).parameters(for: model, seed: 43)
        #expect(c != theta)
    }

    @Test("log-spaced checkpoints follow the 1-2-5 series and include the last step")
    func checkpoints() {
        #expect(Training.logSpacedCheckpoints(upTo: 1000) == [0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000])
        #expect(Training.logSpacedCheckpoints(upTo: 30) == [0, 1, 2, 5, 10, 20, 30])
    }

    @Test("steepest directions: l2 unit vector, sign vector, one signed coordinate with ties to the smallest index")
    func steepestDirections() {
        #expect(Optimizer.steepestDirection([3, -4], .l2) == [0.6, -0.8])
        #expect(Optimizer.steepestDirection([3, -4, 0], .linf) == [1, -1, 0])
        #expect(Optimizer.steepestDirection([3, -4, 4], .l1) == [0, -1, 0])
    }

    @Test("training keeps going when the loss is far below the smallest double (margins beyond 1e4)")
    func keepsGoingInTheLogDomain() {
        let model = LinearModel(inputDimension: 3)
        let problem = TrainingProblem(model: model, data: Self.d3, loss: Loss(.logistic))
        let run = Training.run(problem, optimizer: .ngd(50), steps: 400, initial: [0.1, 0.1, 0.1])
        let last = run.checkpoints.last!
        #expect(last.minMargin > 1e4 && last.logLoss < -1e4 && last.logLoss.isFinite)
        // Still improving the normalized margin at the end (the direction did not freeze).
        let earlier = run.checkpoints[run.checkpoints.count - 2]
        #expect(last.predictorMargin!["l2"]! >= earlier.predictorMargin!["l2"]!)
    }

    @Test("a too-large step that overflows is reported, not silently returned")
    func overflowIsReported() {
        let model = LinearModel(inputDimension: 3)
        let problem = TrainingProblem(model: model, data: Self.d3, loss: Loss(.exponential))
        let run = Training.run(problem, optimizer: .ngd(1e308), steps: 50, initial: [0, 0, 0])
        #expect(run.stoppedEarly != nil)
    }
}
