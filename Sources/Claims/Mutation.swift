import Foundation
import Oracle
import Trainer

/// Deliberately broken trainers, to show the catalogue can fail (issue 5, "power").
/// Each mutation changes what the update rule sees, never the oracle.
public enum Mutation: String, Sendable, CaseIterable {
    /// The real trainer.
    case none
    /// The gradient of the first parameter block (first layer, first sub-model) has the wrong sign.
    case gradientSignErrorInFirstBlock = "gradient-sign-error"
    /// Sign descent runs wherever (normalized or plain) gradient descent was asked for.
    case signDescentInsteadOfGD = "sign-descent-for-gd"
    /// The normalized loss weights are computed without the log-domain max shift, so they become
    /// 0/0 once every margin is beyond about 745.
    case logDomainShiftDropped = "log-shift-dropped"
    /// The first parameter block never moves.
    case firstBlockFrozen = "first-block-frozen"
    /// Two-layer nets: the backward pass uses the leak 0.5 instead of the model's.
    case wrongLeakInBackward = "wrong-leak-backward"

    public static var broken: [Mutation] { allCases.filter { $0 != .none } }
}

/// A model whose gradient is broken by a mutation (forward pass untouched).
struct MutatedModel: Model {
    let base: any Model
    let mutation: Mutation

    var parameterCount: Int { base.parameterCount }
    var inputDimension: Int { base.inputDimension }
    var homogeneityDegree: Int? { base.homogeneityDegree }
    var name: String { base.name }
    var blocks: [(name: String, range: Range<Int>)] { base.blocks }
    func forward(_ theta: [Double], _ x: [[Double]]) -> [Double] { base.forward(theta, x) }
    func linearPredictor(_ theta: [Double]) -> [Double]? { base.linearPredictor(theta) }

    func pullback(_ theta: [Double], _ x: [[Double]], _ c: [Double]) -> [Double] {
        var g: [Double]
        if mutation == .wrongLeakInBackward, let net = base as? TwoLayerLeakyReLU {
            let wrong = TwoLayerLeakyReLU(
                inputDimension: net.inputDimension, width: net.width, leak: net.leak == 0.5 ? 0.25 : 0.5)
            g = wrong.pullback(theta, x, c)
            // Output weights see phi itself: keep them from the true model, only phi' is wrong.
            let right = net.pullback(theta, x, c)
            for k in 0..<net.width { g[net.outputIndex(k)] = right[net.outputIndex(k)] }
        } else {
            g = base.pullback(theta, x, c)
        }
        let first = base.blocks[0].range
        switch mutation {
        case .gradientSignErrorInFirstBlock: for i in first { g[i] = -g[i] }
        case .firstBlockFrozen: for i in first { g[i] = 0 }
        default: break
        }
        return g
    }
}

extension Mutation {
    /// The model as the broken trainer sees it.
    func model(_ m: any Model) -> any Model {
        switch self {
        case .gradientSignErrorInFirstBlock, .firstBlockFrozen, .wrongLeakInBackward:
            return MutatedModel(base: m, mutation: self)
        default: return m
        }
    }

    /// The update rule as the broken trainer runs it.
    func optimizer(_ o: Optimizer) -> Optimizer {
        guard self == .signDescentInsteadOfGD, case .steepest(.l2, let normalized, let schedule) = o else { return o }
        return .steepest(.linf, normalized: normalized, schedule)
    }

    /// The gradient the broken trainer computes.
    func gradient(_ problem: TrainingProblem) -> @Sendable ([Double]) -> GradientInfo {
        let mutatedProblem = TrainingProblem(model: model(problem.model), data: problem.data, loss: problem.loss)
        guard self == .logDomainShiftDropped else { return { mutatedProblem.gradientInfo($0) } }
        return { theta in
            let q = mutatedProblem.margins(theta)
            let raw = q.map { exp(problem.loss.logNegativeDerivative($0)) }  // no max shift
            let total = raw.reduce(0, +)
            let p = raw.map { $0 / total }
            let c = zip(p, problem.data.labels).map { -$0 * $1 }
            return GradientInfo(
                direction: mutatedProblem.model.pullback(theta, problem.data.points, c),
                logScale: log(total), logLoss: problem.loss.logValue(margins: q))
        }
    }
}

/// Trains under a claim's context (mutations applied to gradient and update rule).
func train(
    _ problem: TrainingProblem, _ optimizer: Optimizer, steps: Int, initial: [Double], context: ClaimContext,
    observer: Observer = Observer(), checkpoints: [Int]? = nil
) -> Trajectory {
    // The real trainer runs the trainer's own in-place path, whose stall detector is on (a custom
    // gradient turns it off): the generated properties check what it reports.
    let gradient: (@Sendable ([Double]) -> GradientInfo)? =
        context.mutation == .none ? nil : context.mutation.gradient(problem)
    return Training.run(
        problem, optimizer: context.mutation.optimizer(optimizer), steps: steps, initial: initial,
        observer: observer, checkpoints: checkpoints, gradient: gradient)
}
