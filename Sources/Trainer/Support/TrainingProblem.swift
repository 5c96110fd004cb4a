import Oracle

/// A model, a data set and a loss: everything the update rules and the observables need.
public struct TrainingProblem: Sendable {
    public let model: any Model
    public let data: Dataset
    public let loss: Loss

    public init(model: any Model, data: Dataset, loss: Loss) {
        precondition(model.inputDimension == data.dimension, "the model expects d = \(model.inputDimension), the data have d = \(data.dimension)")
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
    public func gradientInfo(_ theta: [Double]) -> GradientInfo {
        let q = margins(theta)
        let (p, logScale) = loss.gradientWeights(margins: q)
        // grad L = sum_n l'(q_n) y_n grad f_n = -S sum_n p_n y_n grad f_n.
        let c = zip(p, data.labels).map { -$0 * $1 }
        return GradientInfo(direction: model.pullback(theta, data.points, c), logScale: logScale, logLoss: loss.logValue(margins: q))
    }

    /// `grad_theta q_n(theta)` for one sample.
    public func marginGradient(_ theta: [Double], sample n: Int) -> [Double] {
        var c = [Double](repeating: 0, count: data.count)
        c[n] = data.labels[n]
        return model.pullback(theta, data.points, c)
    }
}
