/// A sum of sub-models `f = sum_k f_k(theta_k)` on the same inputs (SPEC.md 3.2): homogeneous when
/// every part has the same degree, non-homogeneous otherwise (seed 000's ensembles).
///
/// Parameters: the parts' parameter vectors, concatenated in order.
public struct EnsembleModel: Model {
    public let parts: [any Model]

    public init(parts: [any Model]) {
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

    public func forward(_ theta: [Double], _ x: [[Double]]) -> [Double] {
        var f = [Double](repeating: 0, count: x.count)
        for k in parts.indices {
            let part = parts[k].forward(Array(theta[range(k)]), x)
            for n in f.indices { f[n] += part[n] }
        }
        return f
    }

    public func pullback(_ theta: [Double], _ x: [[Double]], _ c: [Double]) -> [Double] {
        parts.indices.flatMap { parts[$0].pullback(Array(theta[range($0)]), x, c) }
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
