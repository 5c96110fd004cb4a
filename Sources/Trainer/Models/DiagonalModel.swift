/// A diagonal network `f(x) = sum_i (u_i^D - v_i^D) x_i`, degree `D` (depth). For `D = 2` this is
/// the `u^2 - v^2` parametrization of SPEC.md 3.4, whose normalized margin is the l1 margin of the
/// predictor `beta = u^2 - v^2`.
///
/// Parameters: `u` then `v`.
public struct DiagonalModel: Model {
    public let inputDimension: Int
    public let depth: Int

    public init(inputDimension d: Int, depth: Int = 2) {
        precondition(d > 0 && depth >= 1)
        inputDimension = d
        self.depth = depth
    }

    public var parameterCount: Int { 2 * inputDimension }
    public var homogeneityDegree: Int? { depth }
    public var name: String { "diagonal(depth \(depth))" }
    public var blocks: [(name: String, range: Range<Int>)] { [("u", 0..<inputDimension), ("v", inputDimension..<(2 * inputDimension))] }

    private func power(_ a: Double, _ k: Int) -> Double {
        var r = 1.0
        for _ in 0..<k { r *= a }
        return r
    }

    public func linearPredictor(_ theta: [Double]) -> [Double]? {
        (0..<inputDimension).map { power(theta[$0], depth) - power(theta[inputDimension + $0], depth) }
    }

    public func forward(_ theta: [Double], _ x: [[Double]]) -> [Double] {
        let beta = linearPredictor(theta)!
        return x.map { dot(beta, $0) }
    }

    public func pullback(_ theta: [Double], _ x: [[Double]], _ c: [Double]) -> [Double] {
        let s = weightedSum(x, c, dimension: inputDimension)
        var g = [Double](repeating: 0, count: parameterCount)
        let D = Double(depth)
        for i in 0..<inputDimension {
            g[i] = D * power(theta[i], depth - 1) * s[i]
            g[inputDimension + i] = -D * power(theta[inputDimension + i], depth - 1) * s[i]
        }
        return g
    }
}
