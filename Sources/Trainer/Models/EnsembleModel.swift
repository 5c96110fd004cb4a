/// A sum of sub-models `f = sum_k f_k(theta_k)` on the same inputs (SPEC.md 3.2): homogeneous when
/// every part has the same degree, non-homogeneous otherwise (seed 000's ensembles).
///
/// Parameters: the parts' parameter vectors, concatenated in order.
public struct EnsembleModel: Model {
    public let parts: [any Model]

    public init(parts: [any Model]) {
        // Unreachable from input: the ensembles built from input are `linearPlusDiagonal` (train,
        // fixtures, check), whose parts are nonempty and share d; the generated harness builds
        // [LinearModel(d), DiagonalModel(d, depth)] and [LinearModel(d), FeatureSubsetModel(.., d)],
        // which share d by construction. A violation is a programming error of a library caller.
        precondition(!parts.isEmpty && parts.allSatisfy { $0.inputDimension == parts[0].inputDimension })
        self.parts = parts
    }

    /// The linear + depth-2 diagonal ensemble of SPEC.md 3.4.
    public static func linearPlusDiagonal(inputDimension d: Int) -> EnsembleModel {
        EnsembleModel(parts: [LinearModel(inputDimension: d), DiagonalModel(inputDimension: d, depth: 2)])
    }

    public var inputDimension: Int { parts[0].inputDimension }
    public var parameterCount: Int { parts.reduce(0) { $0 + $1.parameterCount } }
    public var homogeneityDegree: Int? {
        let degrees = parts.map(\.homogeneityDegree)
        guard let first = degrees[0], degrees.allSatisfy({ $0 == first }) else { return nil }
        return first
    }
    public var name: String { "ensemble(" + parts.map(\.name).joined(separator: " + ") + ")" }

    /// Range of part `k` in the parameter vector.
    public func range(_ k: Int) -> Range<Int> {
        let start = parts[0..<k].reduce(0) { $0 + $1.parameterCount }
        return start..<(start + parts[k].parameterCount)
    }

    public var blocks: [(name: String, range: Range<Int>)] {
        parts.indices.map { k in ("part\(k) \(parts[k].name)", range(k)) }
    }

    public func forward(_ theta: [Double], _ x: [[Double]]) -> [Double] { forwardAllocating(theta, x) }

    public func pullback(_ theta: [Double], _ x: [[Double]], _ c: [Double]) -> [Double] {
        pullbackAllocating(theta, x, c)
    }

    /// Scratch: one child per part, and per part three buffers `theta_k, out_k, grad_k` (its
    /// parameter copy, outputs and gradient), all sized once.
    private func prepare(_ theta: [Double], _ scratch: inout ModelScratch, samples: Int) {
        if scratch.children.count != parts.count || scratch.buffers.count != 3 * parts.count {
            scratch.children = [ModelScratch](repeating: ModelScratch(), count: parts.count)
            scratch.buffers = parts.flatMap {
                [
                    [Double](repeating: 0, count: $0.parameterCount), [],
                    [Double](repeating: 0, count: $0.parameterCount),
                ]
            }
        }
        if scratch.buffers[1].count != samples {
            for k in parts.indices { scratch.buffers[3 * k + 1] = [Double](repeating: 0, count: samples) }
        }
        var start = 0
        for k in parts.indices {
            for i in 0..<parts[k].parameterCount { scratch.buffers[3 * k][i] = theta[start + i] }
            start += parts[k].parameterCount
        }
    }

    public func forward(_ theta: [Double], _ x: [[Double]], into out: inout [Double], scratch: inout ModelScratch) {
        prepare(theta, &scratch, samples: x.count)
        for n in out.indices { out[n] = 0 }
        for k in parts.indices {
            parts[k].forward(
                scratch.buffers[3 * k], x, into: &scratch.buffers[3 * k + 1], scratch: &scratch.children[k])
            for n in out.indices { out[n] += scratch.buffers[3 * k + 1][n] }
        }
    }

    public func pullback(
        _ theta: [Double], _ x: [[Double]], _ c: [Double], into g: inout [Double], scratch: inout ModelScratch
    ) {
        prepare(theta, &scratch, samples: x.count)
        var start = 0
        for k in parts.indices {
            parts[k].pullback(
                scratch.buffers[3 * k], x, c, into: &scratch.buffers[3 * k + 2], scratch: &scratch.children[k])
            for i in 0..<parts[k].parameterCount { g[start + i] = scratch.buffers[3 * k + 2][i] }
            start += parts[k].parameterCount
        }
    }

    public func linearPredictor(_ theta: [Double]) -> [Double]? {
        var beta = [Double](repeating: 0, count: inputDimension)
        for k in parts.indices {
            guard let p = parts[k].linearPredictor(Array(theta[range(k)])) else { return nil }
            for j in beta.indices { beta[j] += p[j] }
        }
        return beta
    }
}
