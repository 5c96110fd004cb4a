import Oracle

extension KKTProblem {
    /// The KKT question about our own trainer's model at `theta`: its margins on the training set,
    /// their gradients and its homogeneity degree (`nil` for a non-homogeneous model or a problem
    /// the checker would refuse, such as `theta = 0`).
    public init?(training problem: TrainingProblem, parameters theta: [Double]) {
        guard let degree = problem.model.homogeneityDegree else { return nil }
        let q = problem.margins(theta)
        let rows = q.indices.map { problem.marginGradient(theta, sample: $0) }
        guard
            let made = try? KKTProblem(
                parameters: theta, margins: q, marginGradients: rows, order: Double(degree))
        else { return nil }
        self = made
    }
}
