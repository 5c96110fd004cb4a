/// A deep linear network `f(x) = W_L ... W_1 x` with `W_k` of shape `widths[k] x widths[k-1]`,
/// `widths[0] = d`, `widths.last = 1`; degree `L` (Ji & Telgarsky 2019, SPEC.md section 4).
///
/// Parameters: the layers' entries, row-major, first layer first.
public struct DeepLinearModel: Model {
    /// `[d, d_1, ..., d_{L-1}, 1]`.
    public let widths: [Int]

    public init(widths: [Int]) {
        // Unreachable from input: `margin-oracle train` validates widths, depth, width and leak
        // before building a model (TrainCommand.validate; CLITests "model arguments out of range");
        // fixtures go through TrainingProtocol.makeModel (widths read by ``hiddenWidths(parsing:)``,
        // positive, in 1...1024: ModelOptionEdgeTests at 1024/1025, "0,4", "4,x") and `check` builds
        // widths from non-empty layers (FixtureChecker.build); a Dataset has d >= 1. A violation
        // is a programming error of a library caller.
        precondition(
            widths.count >= 2 && widths.last == 1 && widths.allSatisfy { $0 > 0 }, "widths must be [d, ..., 1]")
        self.widths = widths
    }

    /// The hidden widths as `train --widths` and a fixture's `model_options.widths` write them
    /// (`"4,4"`): positive integers separated by commas, blanks around each allowed; nil for anything
    /// else (an empty list, an empty or non-numeric entry, zero or a negative width). One reader for
    /// both, so a fixture's `"4, 4"` is never read as `[4]` and `"4,x"` never as `[4]`.
    public static func hiddenWidths(parsing text: String) -> [Int]? {
        var widths: [Int] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            var field = part
            while let c = field.first, c == " " || c == "\t" { field.removeFirst() }
            while let c = field.last, c == " " || c == "\t" { field.removeLast() }
            guard let w = Int(field), w > 0 else { return nil }
            widths.append(w)
        }
        return widths
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
        let rows = widths[k + 1]
        let cols = widths[k]
        let o = offset(k)
        return (0..<rows).map { r in Array(theta[(o + r * cols)..<(o + r * cols + cols)]) }
    }

    /// `w_prod = (W_L ... W_1)^T`, the end-to-end predictor.
    public func linearPredictor(_ theta: [Double]) -> [Double]? {
        var buffer = [Double](repeating: 0, count: 2 * (widths.max() ?? 1))
        let d = inputDimension
        return theta.withUnsafeBufferPointer { t in
            buffer.withUnsafeMutableBufferPointer { s in Array(predictor(t, s)[0..<d]) }
        }
    }

    /// The row vector `b = W_L ... W_1` computed from the top in `scratch` (two buffers of the
    /// largest width); returns the buffer that holds it. Each `b[c]` accumulates over rows in
    /// ascending order.
    private func predictor(_ t: UnsafeBufferPointer<Double>, _ scratch: UnsafeMutableBufferPointer<Double>)
        -> UnsafeMutableBufferPointer<Double>
    {
        let m = scratch.count / 2
        var b = scratch.baseAddress!
        var next = scratch.baseAddress! + m
        b[0] = 1
        for k in stride(from: depth - 1, through: 0, by: -1) {
            propagate(b, through: t.baseAddress! + offset(k), rows: widths[k + 1], cols: widths[k], into: next)
            swap(&b, &next)
        }
        return UnsafeMutableBufferPointer(start: b, count: m)
    }

    /// `next = b^T W` for a row-major `rows x cols` layer `W`: each `next[c]` accumulates over
    /// rows in ascending order (rows with `b[r] = 0` skipped).
    private func propagate(
        _ b: UnsafeMutablePointer<Double>, through w: UnsafePointer<Double>, rows: Int, cols: Int,
        into next: UnsafeMutablePointer<Double>
    ) {
        for c in 0..<cols { next[c] = 0 }
        for r in 0..<rows where b[r] != 0 {
            let br = b[r]
            let row = w + r * cols
            for c in 0..<cols { next[c] += br * row[c] }
        }
    }

    public func forward(_ theta: [Double], _ x: [[Double]]) -> [Double] { forwardAllocating(theta, x) }

    public func pullback(_ theta: [Double], _ x: [[Double]], _ c: [Double]) -> [Double] {
        pullbackAllocating(theta, x, c)
    }

    public func forward(_ theta: [Double], _ x: [[Double]], into out: inout [Double], scratch: inout ModelScratch) {
        let m = widths.max() ?? 1
        if scratch.values.count < 2 * m { scratch.values = [Double](repeating: 0, count: 2 * m) }
        let d = inputDimension
        theta.withUnsafeBufferPointer { t in
            scratch.values.withUnsafeMutableBufferPointer { s in
                let w = predictor(t, UnsafeMutableBufferPointer(rebasing: s[0..<(2 * m)]))
                for n in x.indices {
                    out[n] = x[n].withUnsafeBufferPointer { p in
                        var sum = 0.0
                        for j in 0..<d { sum += w[j] * p[j] }
                        return sum
                    }
                }
            }
        }
    }

    /// With `v = sum c_n x_n`: the gradient of `W_L ... W_1 v` w.r.t. `W_k` is `b_k a_k^T` with
    /// `a_k = W_{k-1} ... W_1 v` and `b_k = (W_L ... W_{k+1})^T`.
    public func pullback(
        _ theta: [Double], _ x: [[Double]], _ c: [Double], into g: inout [Double], scratch: inout ModelScratch
    ) {
        let m = widths.max() ?? 1
        let actsCount = widths.reduce(0, +)
        if scratch.values.count < actsCount + 2 * m {
            scratch.values = [Double](repeating: 0, count: actsCount + 2 * m)
        }
        theta.withUnsafeBufferPointer { t in
            g.withUnsafeMutableBufferPointer { grad in
                scratch.values.withUnsafeMutableBufferPointer { buffer in
                    let s = buffer.baseAddress!
                    let g = grad.baseAddress!
                    // Forward activations a_0 = v, a_{k+1} = W_k a_k, stored one after another.
                    var starts = 0
                    weightedSum(x, c, into: UnsafeMutableBufferPointer(rebasing: buffer[0..<inputDimension]))
                    for k in 0..<depth {
                        let rows = widths[k + 1]
                        let cols = widths[k]
                        let w = t.baseAddress! + offset(k)
                        let a = s + starts
                        let out = s + starts + cols
                        // Four rows at a time: independent sums, each in ascending column order.
                        var r = 0
                        while r + 3 < rows {
                            let w0 = w + r * cols
                            let w1 = w0 + cols
                            let w2 = w1 + cols
                            let w3 = w2 + cols
                            var s0 = 0.0
                            var s1 = 0.0
                            var s2 = 0.0
                            var s3 = 0.0
                            for col in 0..<cols {
                                let v = a[col]
                                s0 += w0[col] * v
                                s1 += w1[col] * v
                                s2 += w2[col] * v
                                s3 += w3[col] * v
                            }
                            out[r] = s0
                            out[r + 1] = s1
                            out[r + 2] = s2
                            out[r + 3] = s3
                            r += 4
                        }
                        while r < rows {
                            let w0 = w + r * cols
                            var s0 = 0.0
                            for col in 0..<cols { s0 += w0[col] * a[col] }
                            out[r] = s0
                            r += 1
                        }
                        starts += cols
                    }
                    // Backward: b from the top, gradient blocks b_k a_k^T.
                    var b = s + actsCount
                    var next = s + actsCount + m
                    b[0] = 1
                    var actStart = starts
                    for k in stride(from: depth - 1, through: 0, by: -1) {
                        let rows = widths[k + 1]
                        let cols = widths[k]
                        let o = offset(k)
                        let w = t.baseAddress! + o
                        actStart -= cols
                        let a = s + actStart
                        for r in 0..<rows {
                            let br = b[r]
                            let gr = g + o + r * cols
                            if br != 0 {
                                for col in 0..<cols { gr[col] = br * a[col] }
                            } else {
                                for col in 0..<cols { gr[col] = 0 }
                            }
                        }
                        propagate(b, through: w, rows: rows, cols: cols, into: next)
                        swap(&b, &next)
                    }
                }
            }
        }
    }
}
