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
        // Unreachable from input: `train` validates --width (1...100000) and --leak ([0, 1], so not NaN)
        // (TrainCommand.validate); fixtures go through TrainingProtocol.makeModel (width 1...4096, leak
        // in [0, 1]); `check` takes the leak of that validated model and a width of the nonempty
        // `output` array (FixtureChecker.build); a Dataset has d >= 1. Backed at the exact edges by
        // OptionEdgeTests (train: width 100000/100001, leak 1 and one ulp past) and ModelOptionEdgeTests
        // (fixtures: width 4096/4097, leak 1 and one ulp past, both refused with a thrown error). A
        // violation is a programming error of a library caller.
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

    public func forward(_ theta: [Double], _ x: [[Double]]) -> [Double] { forwardAllocating(theta, x) }

    public func pullback(_ theta: [Double], _ x: [[Double]], _ c: [Double]) -> [Double] {
        pullbackAllocating(theta, x, c)
    }

    /// Scratch layout: `W^T` (d x width, so loops over the hidden units are contiguous and
    /// vectorize), the preactivations, and `(grad W)^T`. Every sum has a fixed order (inputs
    /// ascending, samples ascending, four interleaved partial sums over hidden units), so results
    /// are deterministic.
    private func prepare(_ t: UnsafeBufferPointer<Double>, _ scratch: inout [Double]) {
        let d = inputDimension
        if scratch.count < 2 * d * width + width { scratch = [Double](repeating: 0, count: 2 * d * width + width) }
        for k in 0..<width { for j in 0..<d { scratch[j * width + k] = t[k * d + j] } }
    }

    /// `s_k = sum_j W_kj x_j` for every hidden unit, inputs in ascending order.
    @inline(__always) private func preactivations(
        _ wt: UnsafePointer<Double>, _ p: UnsafeBufferPointer<Double>, into s: UnsafeMutablePointer<Double>
    ) {
        for k in 0..<width { s[k] = 0 }
        for j in 0..<inputDimension {
            let xj = p[j]
            let row = wt + j * width
            for k in 0..<width { s[k] += row[k] * xj }
        }
    }

    public func forward(_ theta: [Double], _ x: [[Double]], into out: inout [Double], scratch: inout ModelScratch) {
        let d = inputDimension
        let a0 = width * d
        theta.withUnsafeBufferPointer { t in
            prepare(t, &scratch.values)
            scratch.values.withUnsafeMutableBufferPointer { buffer in
                let wt = buffer.baseAddress!
                let s = wt + d * width
                for n in x.indices {
                    x[n].withUnsafeBufferPointer { p in preactivations(wt, p, into: s) }
                    // Four partial sums (fixed order, so deterministic): the chain of dependent
                    // additions would otherwise bound the loop.
                    var f0 = 0.0
                    var f1 = 0.0
                    var f2 = 0.0
                    var f3 = 0.0
                    var k = 0
                    while k + 3 < width {
                        f0 += t[a0 + k] * phi(s[k])
                        f1 += t[a0 + k + 1] * phi(s[k + 1])
                        f2 += t[a0 + k + 2] * phi(s[k + 2])
                        f3 += t[a0 + k + 3] * phi(s[k + 3])
                        k += 4
                    }
                    while k < width {
                        f0 += t[a0 + k] * phi(s[k])
                        k += 1
                    }
                    out[n] = (f0 + f1) + (f2 + f3)
                }
            }
        }
    }

    public func pullback(
        _ theta: [Double], _ x: [[Double]], _ c: [Double], into g: inout [Double], scratch: inout ModelScratch
    ) {
        let d = inputDimension
        let a0 = width * d
        theta.withUnsafeBufferPointer { t in
            prepare(t, &scratch.values)
            g.withUnsafeMutableBufferPointer { g in
                scratch.values.withUnsafeMutableBufferPointer { buffer in
                    let wt = buffer.baseAddress!
                    let s = wt + d * width
                    let gwt = s + width
                    let a = t.baseAddress! + a0
                    let ga = g.baseAddress! + a0
                    for i in 0..<(d * width) { gwt[i] = 0 }
                    for k in 0..<width { ga[k] = 0 }
                    for n in x.indices where c[n] != 0 {
                        let cn = c[n]
                        x[n].withUnsafeBufferPointer { p in
                            preactivations(wt, p, into: s)
                            for k in 0..<width { ga[k] += cn * phi(s[k]) }
                            // coefficient_k = c_n a_k phi'(s_k); zero coefficients add nothing.
                            for k in 0..<width { s[k] = cn * a[k] * phiPrime(s[k]) }
                            for j in 0..<d {
                                let xj = p[j]
                                let row = gwt + j * width
                                for k in 0..<width { row[k] += s[k] * xj }
                            }
                        }
                    }
                    for k in 0..<width { for j in 0..<d { g[k * d + j] = gwt[j * width + k] } }
                }
            }
        }
    }

    /// `nil`: the network is not linear in `x` (unless alpha = 1, which is not special-cased).
    public func linearPredictor(_ theta: [Double]) -> [Double]? { nil }
}
