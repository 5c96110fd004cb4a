import Foundation
import Testing

@testable import Trainer

/// The loss's in-place versions, the ones training calls (`logValue(margins:scratch:)` for loss-scaled
/// GD, `gradientWeights(margins:into:)` for every gradient), against formulas written here (SPEC.md 1.1):
/// `-l'(q) = e^(-q)` (exponential) or `1 / (1 + e^q)` (logistic), `p_n = -l'(q_n) / sum_m -l'(q_m)`,
/// `log S = log sum_n -l'(q_n)` and `log L = log sum_n l(q_n)`, each minus `log N` for the mean. At
/// moderate margins the direct doubles; at margins of 10^4 (where every `l` underflows) the same sums
/// factored by hand around the smallest margin, for the exponential loss and for the logistic loss,
/// whose `-l'` and `l` both equal `e^(-q)` to a relative 1e-4000 there. Several samples of unequal margins,
/// so the log-sum-exp's shift and the normalization both matter.
@Suite struct LossInPlaceTests {
    static let moderate: [Double] = [0.5, -1.25, 2, 0.75, 3.5]
    static let large: [Double] = [10_000, 10_001.5, 10_000.25, 10_003, 10_000]

    static func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-13) -> Bool {
        abs(a - b) <= tolerance * max(1, abs(b))
    }

    @Test("gradientWeights(margins:into:) at moderate margins: the direct formula, both losses and reductions")
    func weightsModerate() {
        let q = Self.moderate
        for kind in Loss.Kind.allCases {
            for reduction in Loss.Reduction.allCases {
                let loss = Loss(kind, reduction: reduction)
                let derivative = q.map { kind == .exponential ? exp(-$0) : 1 / (1 + exp($0)) }
                let total = derivative.reduce(0, +)
                var weights = [Double](repeating: .nan, count: q.count)
                let logScale = loss.gradientWeights(margins: q, into: &weights)
                let want = log(total) - (reduction == .mean ? log(Double(q.count)) : 0)
                #expect(Self.close(logScale, want), "\(kind) \(reduction): log S \(logScale) vs \(want)")
                for n in q.indices {
                    #expect(Self.close(weights[n], derivative[n] / total), "\(kind) \(reduction): p_\(n)")
                }
            }
        }
    }

    @Test("gradientWeights(margins:into:) at margins of 10^4: the sums factored around the smallest margin")
    func weightsLarge() {
        let q = Self.large
        let smallest = q.min()!
        let shifted = q.map { exp(-($0 - smallest)) }
        let total = shifted.reduce(0, +)
        for kind in Loss.Kind.allCases {
            for reduction in Loss.Reduction.allCases {
                var weights = [Double](repeating: .nan, count: q.count)
                let logScale = Loss(kind, reduction: reduction).gradientWeights(margins: q, into: &weights)
                let want = -smallest + log(total) - (reduction == .mean ? log(Double(q.count)) : 0)
                #expect(Self.close(logScale, want), "\(kind) \(reduction): log S \(logScale) vs \(want)")
                for n in q.indices {
                    #expect(Self.close(weights[n], shifted[n] / total), "\(kind) \(reduction): p_\(n) \(weights[n])")
                }
            }
        }
    }

    @Test("logValue(margins:scratch:): the direct log of the total at moderate margins, the factored sum at 10^4")
    func logValues() {
        for kind in Loss.Kind.allCases {
            for reduction in Loss.Reduction.allCases {
                let loss = Loss(kind, reduction: reduction)
                let mean = reduction == .mean ? log(5.0) : 0
                var scratch = [Double](repeating: .nan, count: 5)
                let direct = Self.moderate.map { kind == .exponential ? exp(-$0) : log1p(exp(-$0)) }.reduce(0, +)
                let moderate = loss.logValue(margins: Self.moderate, scratch: &scratch)
                #expect(Self.close(moderate, log(direct) - mean), "\(kind) \(reduction): \(moderate)")
                let smallest = Self.large.min()!
                let factored = -smallest + log(Self.large.map { exp(-($0 - smallest)) }.reduce(0, +)) - mean
                let large = loss.logValue(margins: Self.large, scratch: &scratch)
                #expect(Self.close(large, factored), "\(kind) \(reduction): \(large) vs \(factored)")
            }
        }
    }
}
