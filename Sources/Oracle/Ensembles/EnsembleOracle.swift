/// The depth-sensitive limit of an ensemble `f = w . x + sum_{i in S} (u_i^2 - v_i^2) x_i`:
/// a linear (degree 1) sub-model plus a depth-2 diagonal sub-model on the features `S`
/// (all features by default). SPEC.md 3.4 and 7.5.
///
/// **Statements and their provenance**
/// - [D, SPEC 3.4] The diagonal part alone has normalized margin
///   `q_min / ||theta||^2 <= min z_n . beta / ||beta||_1` (since `||(u, v)||^2 >= ||beta||_1`), with
///   equality attainable, so its max normalized margin is the l1 max margin `gamma_1*(S)` of the
///   data restricted to `S`.
/// - [A claim, seed 000 C000.4; scaling D] On the constrained / margin path, when
///   `gamma_1*(S) > 0` the shallow linear part is discarded: `||w|| / ||theta|| -> 0`,
///   `q_min / ||theta||^2 -> gamma_1*(S)`, and the predictor tends to the deep part's l1 max-margin
///   solution (a direction only if that solution is unique). For (normalized) gradient descent this
///   is Kunin et al.'s conjecture [A], measured in SPEC 3.6 [M].
/// - [R, C000.5] When the deep part cannot separate alone (`gamma_1*(S) = 0`), the limit is not
///   specified here: ``EnsembleAnswer/shallowVanishes`` is `false` and no limit is claimed.
public struct EnsembleAnswer: Sendable {
    /// The features the diagonal (deep) part sees, sorted.
    public let deepFeatures: [Int]
    /// Whether the deep part alone separates the data (`gamma_1*(S) > 0`), decided exactly.
    public let deepSeparates: Bool
    /// `gamma_1*(S)`, the limit of `q_min / ||theta||^2` when the deep part separates.
    public let deepMargin: Rational
    /// The deep part's l1 max-margin predictor (unit l1 norm), embedded in R^d; zero when it cannot separate.
    public let predictor: [Rational]
    /// Whether that predictor is the unique l1 max-margin solution (direction convergence is then predicted).
    public let predictorUnique: Bool
    /// The shallow (linear) part alone: its l2 max margin squared, for reference.
    public let shallowMarginSquared: Rational
    /// `true` exactly when the theory predicts `||w|| / ||theta|| -> 0`.
    public var shallowVanishes: Bool { deepSeparates }
}

public enum EnsembleOracle {
    /// The expected limit of the linear + depth-2 diagonal ensemble on `data`.
    public static func linearPlusDiagonal(_ data: Dataset, deepFeatures: [Int]? = nil) throws(OracleError)
        -> EnsembleAnswer
    {
        let features = (deepFeatures ?? Array(0..<data.dimension)).sorted()
        guard !features.isEmpty, Set(features).count == features.count,
            features.allSatisfy({ (0..<data.dimension).contains($0) })
        else {
            throw .invalidSettings(
                "Deep features \(deepFeatures ?? []) must be distinct indices in 0..<\(data.dimension).")
        }
        let restricted = try Dataset(points: data.points.map { p in features.map { p[$0] } }, labels: data.labels)
        let deep = try MaxMarginSolver.solve(restricted, norm: .l1)
        let shallow = try MaxMarginSolver.solve(data, norm: .l2)
        var predictor = [Rational](repeating: .zero, count: data.dimension)
        var unique = false
        if deep.status == .separable, let w = deep.certificate.primal {
            let norm = w.reduce(Rational.zero) { $0 + $1.magnitude }
            for (k, j) in features.enumerated() { predictor[j] = w[k] / norm }
            unique = try MaxMarginSolver.isUnique(restricted, norm: .l1)
        }
        return EnsembleAnswer(
            deepFeatures: features, deepSeparates: deep.status == .separable, deepMargin: deep.marginExact ?? .zero,
            predictor: predictor, predictorUnique: unique, shallowMarginSquared: shallow.marginSquaredExact ?? .zero)
    }
}
