import Foundation
import Oracle
import Testing

@testable import Trainer

/// A run that stops making progress says so (issue 16): normalized sign and coordinate descent with
/// a constant step too large for the data fall into an exact cycle; converging runs are not flagged.
@Suite struct StallTests {
    /// The planted 50 x 5 set of the `random` fixture suite (seed 2), where sign and coordinate
    /// descent with step 1 cycle with period 2 [M].
    static let planted = RandomDatasets.planted(n: 50, d: 5, margin: 0.05, bits: 52, seed: 2)

    @Test("an exact 2-cycle of sign or coordinate descent is reported with its period and remedy")
    func exactCycle() {
        let model = LinearModel(inputDimension: 5)
        let problem = TrainingProblem(model: model, data: Self.planted, loss: Loss(.logistic))
        let theta = Initialization.gaussian(scale: 0.1).parameters(for: model, seed: 1)
        for optimizer in [Optimizer.signDescent(1), .coordinateDescent(1)] {
            let run = Training.run(problem, optimizer: optimizer, steps: 20_000, initial: theta)
            let text = run.stalled ?? ""
            #expect(text.contains("period 2") && text.contains("--inverse-sqrt"), "\(optimizer): \(text)")
        }
    }

    @Test("converging runs (NGD, small-step sign and coordinate descent, deep and diagonal nets) are not flagged")
    func convergingRunsAreNotFlagged() {
        let d3 = GradientTests.d3
        let cases: [(any Model, Optimizer, Initialization)] = [
            (LinearModel(inputDimension: 3), .ngd(0.1), .gaussian(scale: 0.1)),
            (LinearModel(inputDimension: 3), .gd(0.1), .gaussian(scale: 0.1)),
            (LinearModel(inputDimension: 3), .signDescent(0.1), .gaussian(scale: 0.1)),
            (LinearModel(inputDimension: 3), .coordinateDescent(0.1), .zeros),
            (DeepLinearModel(widths: [3, 4, 4, 1]), .ngd(0.05), .gaussian(scale: 0.1)),
            (DiagonalModel(inputDimension: 3), .ngd(0.05), .absoluteGaussian(scale: 0.1)),
        ]
        for (model, optimizer, initialization) in cases {
            let problem = TrainingProblem(model: model, data: d3, loss: Loss(.logistic))
            let run = Training.run(
                problem, optimizer: optimizer, steps: 5000,
                initial: initialization.parameters(for: model, seed: 1))
            #expect(run.stalled == nil, "\(model.name) \(optimizer): \(run.stalled ?? "")")
            #expect(run.halfway?.step == 2500)
        }
        let problem = TrainingProblem(model: LinearModel(inputDimension: 5), data: Self.planted, loss: Loss(.logistic))
        let run = Training.run(
            problem, optimizer: .signDescent(0.01), steps: 20_000,
            initial: Initialization.gaussian(scale: 0.1).parameters(for: problem.model, seed: 1))
        #expect(run.stalled == nil, "\(run.stalled ?? "")")
    }
}
