import Foundation

/// Exponentially-tailed classification losses, evaluated in the log domain so that training can go
/// on long after the loss is below the smallest double (SPEC.md 1.1).
///
/// - exponential: `l(q) = e^(-q)`;
/// - logistic: `l(q) = ln(1 + e^(-q))` (binary cross-entropy).
///
/// The total is the sum (Lyu & Li) or the mean (Ji & Telgarsky) over the samples. The per-sample
/// derivative is never formed directly: `-l'(q)` is `e^(-q)` (exponential) or `e^(-softplus(q))`
/// (logistic; the common `(1 - tanh(q/2))/2` is exactly 0 from q about 38 and freezes training),
/// and normalized methods use the scale-free weights `p = softmax(log(-l'(q)))` (SPEC.md 1.1 [M]).
public struct Loss: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable { case exponential, logistic }
    public enum Reduction: String, Sendable, Codable, CaseIterable { case sum, mean }

    public var kind: Kind
    public var reduction: Reduction

    public init(_ kind: Kind, reduction: Reduction = .sum) {
        self.kind = kind
        self.reduction = reduction
    }

    /// `log(1 + e^x)`, stable for every x.
    @inline(__always) public static func softplus(_ x: Double) -> Double {
        x > 0 ? x + log1p(exp(-x)) : log1p(exp(x))
    }

    /// `log(l(q))` for one sample.
    public func logSampleLoss(_ q: Double) -> Double {
        switch kind {
        case .exponential: return -q
        case .logistic:
            // log(log1p(t)) with t = e^(-q): for large q, -q + log(log1p(t)/t) (the ratio tends to 1).
            if q > 30 {
                let t = exp(-q)
                return t == 0 ? -q : -q + log(log1p(t) / t)
            }
            return log(Loss.softplus(-q))
        }
    }

    /// `log(-l'(q))` for one sample.
    public func logNegativeDerivative(_ q: Double) -> Double {
        switch kind {
        case .exponential: return -q
        case .logistic: return -Loss.softplus(q)
        }
    }

    /// `log L(q)`: a log-sum-exp of the per-sample log losses (minus `log N` for the mean).
    public func logValue(margins q: [Double]) -> Double {
        logSumExp(q.map(logSampleLoss)) - (reduction == .mean ? log(Double(q.count)) : 0)
    }

    /// ``logValue(margins:)`` with `scratch` (one entry per sample) as working memory; same bits.
    public func logValue(margins q: [Double], scratch: inout [Double]) -> Double {
        for n in q.indices { scratch[n] = logSampleLoss(q[n]) }
        var top = -Double.infinity
        for n in q.indices where scratch[n] > top || n == 0 { top = scratch[n] }
        let value: Double
        if q.isEmpty {
            value = -.infinity
        } else if !top.isFinite {
            value = top
        } else {
            var s = 0.0
            for n in q.indices { s += exp(scratch[n] - top) }
            value = top + log(s)
        }
        return value - (reduction == .mean ? log(Double(q.count)) : 0)
    }

    /// ``gradientWeights(margins:)`` written into `weights` (one entry per sample); returns
    /// `log S`. Same bits as the allocating version.
    public func gradientWeights(margins q: [Double], into weights: inout [Double]) -> Double {
        for n in q.indices { weights[n] = logNegativeDerivative(q[n]) }
        var top = 0.0
        for n in q.indices where weights[n] > top || n == 0 { top = weights[n] }
        var total = 0.0
        for n in q.indices {
            weights[n] = exp(weights[n] - top)
            total += weights[n]
        }
        for n in q.indices { weights[n] /= total }
        return top + log(total) - (reduction == .mean ? log(Double(q.count)) : 0)
    }

    /// The direct formula `sum l(q_n)` (or mean): only for tests, it underflows where `logValue` does not.
    public func directValue(margins q: [Double]) -> Double {
        let total = q.reduce(0.0) { $0 + (kind == .exponential ? exp(-$1) : log1p(exp(-$1))) }
        return reduction == .mean ? total / Double(q.count) : total
    }

    /// The normalized gradient weights `p_n = -l'(q_n) / sum_m -l'(q_m)` and
    /// `log S = log sum_n -l'(q_n)` (minus `log N` for the mean), so that
    /// `dL/dq_n = -exp(log S) p_n`.
    public func gradientWeights(margins q: [Double]) -> (weights: [Double], logScale: Double) {
        let logs = q.map(logNegativeDerivative)
        let top = logs.max() ?? 0
        let e = logs.map { exp($0 - top) }
        let total = e.reduce(0, +)
        let logScale = top + log(total) - (reduction == .mean ? log(Double(q.count)) : 0)
        return (e.map { $0 / total }, logScale)
    }

    /// `l^(-1)(L)` from `log L`, the numerator of the smoothed margin (Lyu & Li eq. (3)):
    /// `log(1/L)` for the exponential loss, `log(1/(e^L - 1))` for the logistic loss.
    public func inverseOfTotal(logLoss logL: Double) -> Double {
        switch kind {
        case .exponential: return -logL
        case .logistic:
            if logL < -30 {
                let loss = exp(logL)
                return -logL - (loss == 0 ? 0 : log(expm1(loss) / loss))
            }
            return -log(expm1(exp(logL)))
        }
    }
}

/// `log sum_i e^(v_i)`, stable.
public func logSumExp(_ v: [Double]) -> Double {
    guard let top = v.max(), top.isFinite else { return v.max() ?? -.infinity }
    var s = 0.0
    for x in v { s += exp(x - top) }
    return top + log(s)
}
