/// A diagonal network `f(x) = sum_i (u_i^D - v_i^D) x_i`, degree `D` (depth). For `D = 2` this is
/// the `u^2 - v^2` parametrization of SPEC.md 3.4, whose normalized margin is the l1 margin of the
/// predictor `beta = u^2 - v^2`.
///
/// Parameters: `u` then `v`.
public struct DiagonalModel: Model {
    public let inputDimension: Int
    public let depth: Int

    public init(inputDimension d: Int, depth: Int = 2) {
        // Unreachable from input: `train` validates --depth (1...16, TrainCommand.validate), fixtures
        // go through TrainingProtocol.makeModel (depth 1...16), `check` takes the depth of that
        // validated model; a Dataset has d >= 1. Backed at the edges (depth 0/1, 16/17) by OptionEdgeTests
        // and ModelOptionEdgeTests. A violation is a programming error of a library caller.
        precondition(d > 0 && depth >= 1)
        inputDimension = d
        self.depth = depth
    }

    public var parameterCount: Int { 2 * inputDimension }
    public var homogeneityDegree: Int? { depth }
    public var name: String { "diagonal(depth \(depth))" }
    public var blocks: [(name: String, range: Range<Int>)] {
        [("u", 0..<inputDimension), ("v", inputDimension..<(2 * inputDimension))]
    }

    private func power(_ a: Double, _ k: Int) -> Double {
        var r = 1.0
        for _ in 0..<k { r *= a }
        return r
    }

    public func linearPredictor(_ theta: [Double]) -> [Double]? {
        (0..<inputDimension).map { power(theta[$0], depth) - power(theta[inputDimension + $0], depth) }
    }

    public func forward(_ theta: [Double], _ x: [[Double]]) -> [Double] { forwardAllocating(theta, x) }

    public func pullback(_ theta: [Double], _ x: [[Double]], _ c: [Double]) -> [Double] {
        pullbackAllocating(theta, x, c)
    }

    public func forward(_ theta: [Double], _ x: [[Double]], into out: inout [Double], scratch: inout ModelScratch) {
        let d = inputDimension
        if scratch.values.count < d { scratch.values = [Double](repeating: 0, count: d) }
        for i in 0..<d { scratch.values[i] = power(theta[i], depth) - power(theta[d + i], depth) }
        for n in x.indices {
            var sum = 0.0
            for j in 0..<d { sum += scratch.values[j] * x[n][j] }
            out[n] = sum
        }
    }

    public func pullback(
        _ theta: [Double], _ x: [[Double]], _ c: [Double], into g: inout [Double], scratch: inout ModelScratch
    ) {
        let d = inputDimension
        if scratch.values.count < d { scratch.values = [Double](repeating: 0, count: d) }
        scratch.values.withUnsafeMutableBufferPointer {
            weightedSum(x, c, into: UnsafeMutableBufferPointer(rebasing: $0[0..<d]))
        }
        let depthFactor = Double(depth)
        for i in 0..<d {
            g[i] = depthFactor * power(theta[i], depth - 1) * scratch.values[i]
            g[d + i] = -depthFactor * power(theta[d + i], depth - 1) * scratch.values[i]
        }
    }
}
