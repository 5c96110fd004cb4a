/// A deep linear network `f(x) = W_L ... W_1 x` with `W_k` of shape `widths[k] x widths[k-1]`,
/// `widths[0] = d`, `widths.last = 1`; degree `L` (Ji & Telgarsky 2019, SPEC.md section 4).
///
/// Parameters: the layers' entries, row-major, first layer first.
public struct DeepLinearModel: Model {
    /// `[d, d_1, ..., d_{L-1}, 1]`.
    public let widths: [Int]

    public init(widths: [Int]) {
        precondition(widths.count >= 2 && widths.last == 1 && widths.allSatisfy { $0 > 0 }, "widths must be [d, ..., 1]")
        self.widths = widths
    }

    public var depth: Int { widths.count - 1 }
    public var inputDimension: Int { widths[0] }
    public var homogeneityDegree: Int? { depth }
    public var name: String { "deep-linear(\(widths.map(String.init).joined(separator: ",")))" }

    /// Offset of layer `k` (0-based) in the parameter vector.
    public func offset(_ k: Int) -> Int { (0..<k).reduce(0) { $0 + widths[$1 + 1] * widths[$1] } }
    public var parameterCount: Int { offset(depth) }
    public var blocks: [(name: String, range: Range<Int>)] {
        (0..<depth).map { k in ("W\(k + 1)", offset(k)..<offset(k + 1)) }
    }

    /// Layer `k` as a row-major matrix.
    public func layer(_ theta: [Double], _ k: Int) -> [[Double]] {
        let rows = widths[k + 1], cols = widths[k], o = offset(k)
        return (0..<rows).map { r in Array(theta[(o + r * cols)..<(o + r * cols + cols)]) }
    }

    /// `w_prod = (W_L ... W_1)^T`, the end-to-end predictor.
    public func linearPredictor(_ theta: [Double]) -> [Double]? {
        // Row vector b = W_L ... W_1 computed from the top.
        var b = [1.0]
        for k in stride(from: depth - 1, through: 0, by: -1) {
            let rows = widths[k + 1], cols = widths[k], o = offset(k)
            var next = [Double](repeating: 0, count: cols)
            for r in 0..<rows where b[r] != 0 {
                for c in 0..<cols { next[c] += b[r] * theta[o + r * cols + c] }
            }
            b = next
        }
        return b
    }

    public func forward(_ theta: [Double], _ x: [[Double]]) -> [Double] {
        let w = linearPredictor(theta)!
        return x.map { dot(w, $0) }
    }

    /// With `v = sum c_n x_n`: the gradient of `W_L ... W_1 v` w.r.t. `W_k` is `b_k a_k^T` with
    /// `a_k = W_{k-1} ... W_1 v` and `b_k = (W_L ... W_{k+1})^T`.
    public func pullback(_ theta: [Double], _ x: [[Double]], _ c: [Double]) -> [Double] {
        let v = weightedSum(x, c, dimension: inputDimension)
        var forwardActs: [[Double]] = [v]
        for k in 0..<depth { forwardActs.append(layerApply(theta, k, forwardActs[k])) }
        var grad = [Double](repeating: 0, count: parameterCount)
        var b = [1.0]  // (W_L ... W_{k+1})^T as a vector of length widths[k+1]
        for k in stride(from: depth - 1, through: 0, by: -1) {
            let rows = widths[k + 1], cols = widths[k], o = offset(k)
            let a = forwardActs[k]
            for r in 0..<rows where b[r] != 0 {
                for col in 0..<cols { grad[o + r * cols + col] = b[r] * a[col] }
            }
            var next = [Double](repeating: 0, count: cols)
            for r in 0..<rows where b[r] != 0 {
                for col in 0..<cols { next[col] += b[r] * theta[o + r * cols + col] }
            }
            b = next
        }
        return grad
    }

    private func layerApply(_ theta: [Double], _ k: Int, _ a: [Double]) -> [Double] {
        let rows = widths[k + 1], cols = widths[k], o = offset(k)
        return (0..<rows).map { r in
            var s = 0.0
            for col in 0..<cols { s += theta[o + r * cols + col] * a[col] }
            return s
        }
    }
}
