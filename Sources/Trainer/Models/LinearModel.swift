/// `f(w; x) = w . x`, degree 1.
public struct LinearModel: Model {
    public let inputDimension: Int
    public init(inputDimension d: Int) { inputDimension = d }
    public var parameterCount: Int { inputDimension }
    public var homogeneityDegree: Int? { 1 }
    public var name: String { "linear" }
    public var blocks: [(name: String, range: Range<Int>)] { [("w", 0..<inputDimension)] }

    public func forward(_ theta: [Double], _ x: [[Double]]) -> [Double] { x.map { dot(theta, $0) } }

    public func pullback(_ theta: [Double], _ x: [[Double]], _ c: [Double]) -> [Double] {
        weightedSum(x, c, dimension: inputDimension)
    }

    public func linearPredictor(_ theta: [Double]) -> [Double]? { theta }
}
