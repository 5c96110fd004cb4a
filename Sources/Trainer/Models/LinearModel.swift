/// `f(w; x) = w . x`, degree 1.
public struct LinearModel: Model {
    public let inputDimension: Int
    public init(inputDimension d: Int) { inputDimension = d }
    public var parameterCount: Int { inputDimension }
    public var homogeneityDegree: Int? { 1 }
    public var name: String { "linear" }
    public var blocks: [(name: String, range: Range<Int>)] { [("w", 0..<inputDimension)] }

    public func forward(_ theta: [Double], _ x: [[Double]]) -> [Double] { forwardAllocating(theta, x) }

    public func pullback(_ theta: [Double], _ x: [[Double]], _ c: [Double]) -> [Double] {
        pullbackAllocating(theta, x, c)
    }

    public func forward(_ theta: [Double], _ x: [[Double]], into out: inout [Double], scratch: inout ModelScratch) {
        for n in x.indices { out[n] = dot(theta, x[n]) }
    }

    public func pullback(
        _ theta: [Double], _ x: [[Double]], _ c: [Double], into g: inout [Double], scratch: inout ModelScratch
    ) {
        g.withUnsafeMutableBufferPointer { weightedSum(x, c, into: $0) }
    }

    public func linearPredictor(_ theta: [Double]) -> [Double]? { theta }
}
