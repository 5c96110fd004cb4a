/// A two-layer leaky-ReLU network `f(x) = sum_k a_k phi(w_k . x)`, `phi(s) = max(s, alpha s)`,
/// no biases; degree 2 (Lyu, Li, Wang, Arora 2021; SPEC.md section 6).
///
/// Parameters: the hidden weights `w_k` row-major, then the output weights `a`.
/// At the kink the derivative is taken as `phi'(0) = alpha` (PyTorch's choice); Euler's identity
/// holds for any choice there since `phi'(0) * 0 = phi(0)`.
public struct TwoLayerLeakyReLU: Model {
    public let inputDimension: Int
    public let width: Int
    public let leak: Double

    public init(inputDimension d: Int, width: Int, leak: Double) {
        precondition(d > 0 && width > 0 && leak >= 0 && leak <= 1)
        inputDimension = d
        self.width = width
        self.leak = leak
    }

    public var parameterCount: Int { width * inputDimension + width }
    public var homogeneityDegree: Int? { 2 }
    public var name: String { "two-layer(width \(width), leak \(leak))" }
    public var blocks: [(name: String, range: Range<Int>)] {
        [("W", 0..<(width * inputDimension)), ("a", (width * inputDimension)..<parameterCount)]
    }

    @inline(__always) func phi(_ s: Double) -> Double { s > 0 ? s : leak * s }
    @inline(__always) func phiPrime(_ s: Double) -> Double { s > 0 ? 1 : leak }

    /// Index of `a_k`.
    public func outputIndex(_ k: Int) -> Int { width * inputDimension + k }

    private func preactivation(_ theta: [Double], _ k: Int, _ x: [Double]) -> Double {
        var s = 0.0
        let o = k * inputDimension
        for j in 0..<inputDimension { s += theta[o + j] * x[j] }
        return s
    }

    public func forward(_ theta: [Double], _ x: [[Double]]) -> [Double] {
        x.map { p in
            var f = 0.0
            for k in 0..<width { f += theta[outputIndex(k)] * phi(preactivation(theta, k, p)) }
            return f
        }
    }

    public func pullback(_ theta: [Double], _ x: [[Double]], _ c: [Double]) -> [Double] {
        var g = [Double](repeating: 0, count: parameterCount)
        for n in x.indices where c[n] != 0 {
            for k in 0..<width {
                let s = preactivation(theta, k, x[n])
                g[outputIndex(k)] += c[n] * phi(s)
                let coefficient = c[n] * theta[outputIndex(k)] * phiPrime(s)
                if coefficient != 0 {
                    let o = k * inputDimension
                    for j in 0..<inputDimension { g[o + j] += coefficient * x[n][j] }
                }
            }
        }
        return g
    }

    /// `nil`: the network is not linear in `x` (unless alpha = 1, which is not special-cased).
    public func linearPredictor(_ theta: [Double]) -> [Double]? { nil }
}
