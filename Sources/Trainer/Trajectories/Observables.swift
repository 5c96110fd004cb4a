import Foundation
import Oracle

/// The quantities the implicit-bias properties watch, measured at one set of parameters.
/// Fields that do not apply to the model are `nil` (JSON: absent).
public struct Checkpoint: Sendable, Codable, Equatable {
    public var step: Int
    /// `log L(theta)`.
    public var logLoss: Double
    /// `min_n q_n`.
    public var minMargin: Double
    /// Parameter-space normalized margins `q_min / ||theta||_p^L` (homogeneous models), keyed by norm.
    public var normalizedMargin: [String: Double]?
    /// Predictor margins `q_min / ||beta||_p` for models linear in x, keyed by norm.
    public var predictorMargin: [String: Double]?
    /// Smoothed margin `l^(-1)(L) / ||theta||_2^L` (Lyu & Li eq. (3)).
    public var smoothedMargin: Double?
    /// Cosine and angle (degrees) between the predictor and the reference direction.
    public var cosine: Double?
    public var angleDegrees: Double?
    /// Deep linear nets: `||W_k||_2 / ||W_k||_F` per layer and `|v_{k+1} . u_k|` per adjacent pair.
    public var rankOneRatios: [Double]?
    public var alignments: [Double]?
    /// `||theta_block||_2 / ||theta||_2` per parameter block (layers, sub-models).
    public var blockShares: [Double]?
    /// Relative l2 KKT residual (SPEC.md 7.6), when requested.
    public var kktResidual: Double?
    /// `||theta||_2`.
    public var parameterNorm: Double

    enum CodingKeys: String, CodingKey {
        case step, cosine, alignments
        case logLoss = "log_loss"
        case minMargin = "min_margin"
        case normalizedMargin = "normalized_margin"
        case predictorMargin = "predictor_margin"
        case smoothedMargin = "smoothed_margin"
        case angleDegrees = "angle_degrees"
        case rankOneRatios = "rank_one_ratios"
        case blockShares = "block_shares"
        case kktResidual = "kkt_residual"
        case parameterNorm = "parameter_norm"
    }
}

/// Computes ``Checkpoint``s.
public struct Observer: Sendable {
    public var reference: [Double]?
    public var kktTolerance: Double?

    public init(reference: [Double]? = nil, kktTolerance: Double? = nil) {
        self.reference = reference
        self.kktTolerance = kktTolerance
    }

    public func observe(_ problem: TrainingProblem, _ theta: [Double], step: Int) -> Checkpoint {
        let q = problem.margins(theta)
        let qMin = q.min() ?? 0
        let logL = problem.loss.logValue(margins: q)
        let l2 = Norm.l2.value(theta)
        var c = Checkpoint(step: step, logLoss: logL, minMargin: qMin, parameterNorm: l2)
        if let degree = problem.model.homogeneityDegree {
            var m: [String: Double] = [:]
            for norm in Norm.allCases { m[norm.rawValue] = qMin / pow(norm.value(theta), Double(degree)) }
            c.normalizedMargin = m
            c.smoothedMargin = problem.loss.inverseOfTotal(logLoss: logL) / pow(l2, Double(degree))
            if let tau = kktTolerance { c.kktResidual = KKTResidual.l2(problem, theta, tolerance: tau) }
        }
        if let beta = problem.model.linearPredictor(theta) {
            var m: [String: Double] = [:]
            for norm in Norm.allCases { m[norm.rawValue] = qMin / norm.value(beta) }
            c.predictorMargin = m
            if let r = reference, r.count == beta.count {
                let cosine = dot(beta, r) / (Norm.l2.value(beta) * Norm.l2.value(r))
                c.cosine = cosine
                c.angleDegrees = acos(min(1, max(-1, cosine))) * 180 / .pi
            }
        }
        if let deep = problem.model as? DeepLinearModel {
            let svd = (0..<deep.depth).map { LayerSpectrum(deep.layer(theta, $0)) }
            c.rankOneRatios = svd.map(\.rankOneRatio)
            c.alignments = (0..<(deep.depth - 1)).map { k in abs(dot(svd[k + 1].right, svd[k].left)) }
        }
        if l2 > 0 { c.blockShares = problem.model.blocks.map { Norm.l2.value(Array(theta[$0.range])) / l2 } }
        return c
    }
}

/// The top singular triple of a small matrix by power iteration on `W^T W`.
public struct LayerSpectrum: Sendable {
    /// `||W||_2`.
    public var sigma: Double
    /// `||W||_F`.
    public var frobenius: Double
    /// Top left and right singular vectors.
    public var left: [Double]
    public var right: [Double]
    public var rankOneRatio: Double { frobenius > 0 ? sigma / frobenius : 0 }

    public init(_ w: [[Double]]) {
        let rows = w.count
        let cols = w[0].count
        frobenius = w.reduce(0) { $0 + $1.reduce(0) { $0 + $1 * $1 } }.squareRoot()
        var v = (0..<cols).map { 1 + Double($0) * 1e-3 }
        for _ in 0..<500 {
            let u = (0..<rows).map { r in dot(w[r], v) }
            var next = [Double](repeating: 0, count: cols)
            for r in 0..<rows { for c in 0..<cols { next[c] += w[r][c] * u[r] } }
            let n = Norm.l2.value(next)
            if n == 0 { break }
            let normalized = next.map { $0 / n }
            let change = zip(normalized, v).reduce(0) { $0 + abs($1.0 - $1.1) }
            v = normalized
            if change < 1e-15 { break }
        }
        let nv = Norm.l2.value(v)
        let r = nv > 0 ? v.map { $0 / nv } : v
        let wv = (0..<rows).map { dot(w[$0], r) }
        let s = Norm.l2.value(wv)
        right = r
        sigma = s
        left = s > 0 ? wv.map { $0 / s } : wv
    }
}
