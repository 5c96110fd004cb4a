import Oracle

/// A model that sees only some features: `f(theta; x) = base(theta; x_S)` for a feature list `S`.
///
/// Used to build ensembles whose deep part is restricted to features that cannot separate the data
/// alone (the negative control of the ensemble claim, SPEC.md 3.4, ``EnsembleOracle``). Same
/// degree, parameters and blocks as `base`; the linear predictor is `base`'s, embedded in `R^d`.
public struct FeatureSubsetModel: Model {
    public let base: any Model
    /// The features `S` the base model sees, in its input order.
    public let features: [Int]
    public let inputDimension: Int

    /// `nil` unless `features` are distinct indices in `0..<inputDimension`, as many as `base`'s inputs.
    public init?(base: any Model, features: [Int], inputDimension d: Int) {
        guard features.count == base.inputDimension, Set(features).count == features.count,
            features.allSatisfy({ (0..<d).contains($0) })
        else { return nil }
        self.base = base
        self.features = features
        self.inputDimension = d
    }

    public var parameterCount: Int { base.parameterCount }
    public var homogeneityDegree: Int? { base.homogeneityDegree }
    public var name: String { "\(base.name)[features \(features.map(String.init).joined(separator: ","))]" }
    public var blocks: [(name: String, range: Range<Int>)] { base.blocks }

    func select(_ x: [[Double]]) -> [[Double]] { x.map { p in features.map { p[$0] } } }

    public func forward(_ theta: [Double], _ x: [[Double]]) -> [Double] { base.forward(theta, select(x)) }

    public func pullback(_ theta: [Double], _ x: [[Double]], _ c: [Double]) -> [Double] {
        base.pullback(theta, select(x), c)
    }

    public func linearPredictor(_ theta: [Double]) -> [Double]? {
        guard let b = base.linearPredictor(theta) else { return nil }
        var beta = [Double](repeating: 0, count: inputDimension)
        for (k, j) in features.enumerated() { beta[j] = b[k] }
        return beta
    }
}
