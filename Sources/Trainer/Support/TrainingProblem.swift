import Oracle

/// A model, a data set and a loss: everything the update rules and the observables need.
public struct TrainingProblem: Sendable {
    public let model: any Model
    public let data: Dataset
    public let loss: Loss

    public init(model: any Model, data: Dataset, loss: Loss) {
        // Unreachable from input: every path from a file builds the model from the data's own dimension
        // (`train`: buildModel(dataset.dimension); fixtures: TrainingProtocol.run -> makeModel(dimension:
        // data.dimension); `check`: FixtureChecker.build(dimension: fixture.data.dimension), then
        // ScaleFreeMeasure on the same data); the generator, the bench and the claims pair fixed models
        // with fixed data sets. A violation is a programming error of a library caller.
        precondition(
            model.inputDimension == data.dimension,
            "the model expects d = \(model.inputDimension), the data have d = \(data.dimension)")
        self.model = model
        self.data = data
        self.loss = loss
    }

    /// `q_n = y_n f(theta; x_n)`.
    public func margins(_ theta: [Double]) -> [Double] {
        let f = model.forward(theta, data.points)
        return zip(f, data.labels).map { $0 * $1 }
    }

    /// The loss and its gradient in scale-free form (``GradientInfo``).
    /// `grad L = sum_n l'(q_n) y_n grad f_n = -S sum_n p_n y_n grad f_n`.
    public func gradientInfo(_ theta: [Double]) -> GradientInfo {
        var workspace = StepWorkspace()
        let (logScale, logLoss) = gradientInfo(theta, workspace: &workspace)
        return GradientInfo(direction: workspace.direction, logScale: logScale, logLoss: logLoss)
    }

    /// ``gradientInfo(_:)`` without allocating: the direction is left in `workspace.direction`;
    /// returns `(logScale, logLoss)`. Same bits as the allocating version.
    /// `needsLoss: false` skips `log L` (returned as NaN) for update rules that do not use it.
    public func gradientInfo(_ theta: [Double], workspace w: inout StepWorkspace, needsLoss: Bool = true) -> (
        logScale: Double, logLoss: Double
    ) {
        w.prepare(samples: data.count, parameters: model.parameterCount)
        model.forward(theta, data.points, into: &w.margins, scratch: &w.modelScratch)
        for n in w.margins.indices { w.margins[n] *= data.labels[n] }
        let logScale = loss.gradientWeights(margins: w.margins, into: &w.weights)
        for n in w.weights.indices { w.coefficients[n] = -w.weights[n] * data.labels[n] }
        model.pullback(theta, data.points, w.coefficients, into: &w.direction, scratch: &w.modelScratch)
        return (logScale, needsLoss ? loss.logValue(margins: w.margins, scratch: &w.weights) : .nan)
    }

    /// `grad_theta q_n(theta)` for one sample.
    public func marginGradient(_ theta: [Double], sample n: Int) -> [Double] {
        var c = [Double](repeating: 0, count: data.count)
        c[n] = data.labels[n]
        return model.pullback(theta, data.points, c)
    }
}

/// Working memory for one training run: sized on the first step and reused, so that a step of
/// ``Training/run(_:optimizer:steps:initial:observer:checkpoints:gradient:progress:)`` allocates
/// nothing (every model has an in-place forward and pullback).
public struct StepWorkspace: Sendable {
    /// `q_n = y_n f(theta; x_n)`.
    public internal(set) var margins: [Double] = []
    /// Scale-free loss weights `p_n` (then reused as scratch for `log L`).
    public internal(set) var weights: [Double] = []
    /// `-p_n y_n`.
    public internal(set) var coefficients: [Double] = []
    /// `grad L / exp(logScale)`.
    public internal(set) var direction: [Double] = []
    var modelScratch = ModelScratch()

    public init() {}

    mutating func prepare(samples n: Int, parameters p: Int) {
        if margins.count != n {
            margins = [Double](repeating: 0, count: n)
            weights = margins
            coefficients = margins
        }
        if direction.count != p { direction = [Double](repeating: 0, count: p) }
    }
}
