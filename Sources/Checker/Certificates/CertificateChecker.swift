import BigInt
import Exact

/// The independent checker: derives, in exact rational arithmetic and from nothing but the data
/// and the witnesses, the interval `lower <= gamma* <= upper` that a ``MarginCertificate`` proves.
///
/// It shares no code with the solvers beyond the exact-arithmetic layer (``Rational``,
/// ``IntegerVector``) and ``Dataset``; its floating-point filter is its own, so a bug in a solver cannot hide itself by also being in the check.
///
/// **Mathematical properties** (weak duality, SPEC.md 7.1; `z_n = y_n x_n`, `q` the dual norm):
/// - for any `w != 0`: `gamma* >= min_n z_n . w / ||w||`, and always `gamma* >= 0` (take `w = 0`);
/// - for any `lambda` on the simplex: `gamma* <= ||sum_n lambda_n z_n||_q`;
/// - for l2 the bounds are reported squared, so they stay rational.
public enum CertificateChecker {
    /// What a certificate proves, or why it proves nothing.
    public struct Verdict: Sendable, Equatable {
        /// `true` when the witnesses are well formed and the bounds are consistent.
        public var valid: Bool
        /// Why the certificate was rejected (`nil` when valid).
        public var reason: String?
        /// Proven lower bound on `gamma*` (on `gamma*^2` for l2).
        public var lower: Rational
        /// Proven upper bound on `gamma*` (on `gamma*^2` for l2).
        public var upper: Rational
        /// Whether the bounds are squares (l2).
        public var squared: Bool
        /// `lower == upper`: the optimum is known exactly.
        public var exact: Bool { valid && lower == upper }

        static func rejected(_ why: String, squared: Bool) -> Verdict {
            Verdict(valid: false, reason: why, lower: .zero, upper: .zero, squared: squared)
        }
    }

    /// Checks `certificate` against `data`.
    public static func verify(_ certificate: MarginCertificate, against data: Dataset) -> Verdict {
        let squared = certificate.norm == .l2
        let z = data.signedPoints
        let lambda = certificate.dual
        guard lambda.count == z.count else {
            return .rejected("The dual witness has \(lambda.count) weights for \(z.count) points.", squared: squared)
        }
        if let n = lambda.indices.first(where: { lambda[$0].signum < 0 }) {
            return .rejected("Dual weight \(n) is \(lambda[n]); dual weights must be nonnegative.", squared: squared)
        }
        // Only the points with a nonzero weight enter the sums (the dual is dense, its support small).
        let support = lambda.indices.filter { !lambda[$0].isZero }
        let weights = IntegerVector(support.map { lambda[$0] })
        let total = Rational(weights.integers.reduce(BigInt(0), +), weights.denominator)
        guard total == .one else {
            return .rejected("The dual weights sum to \(total); they must sum to exactly 1.", squared: squared)
        }
        // Upper bound: the dual norm of v = sum lambda_n z_n.
        let v = weights.combinationVector(of: support.map { z[$0] }, dimension: data.dimension)
        let upper = dualNormValue(v, of: certificate.norm)

        var lower = Rational.zero
        if let w = certificate.primal {
            guard w.count == data.dimension else {
                return .rejected(
                    "The primal witness has \(w.count) coordinates for data of dimension \(data.dimension).",
                    squared: squared)
            }
            let common = IntegerVector(w)
            let minimum = exactMinimumSlack(z, w, common)
            if minimum.signum > 0 {
                switch certificate.norm {
                case .l1: lower = minimum / common.l1Norm
                case .linf: lower = minimum / common.maxNorm
                case .l2: lower = minimum * minimum / common.squaredNorm
                }
            }
        }
        guard lower <= upper else {
            return Verdict(
                valid: false,
                reason: "The lower bound \(lower) exceeds the upper bound \(upper), which weak duality forbids.",
                lower: lower, upper: upper, squared: squared)
        }
        return Verdict(valid: true, reason: nil, lower: lower, upper: upper, squared: squared)
    }

    /// `||v||_q` for the dual `q` of `norm`; squared for l2.
    package static func dualNormValue(_ v: IntegerVector, of norm: Norm) -> Rational {
        switch norm {
        case .l1: return v.maxNorm
        case .linf: return v.l1Norm
        case .l2: return v.squaredNorm
        }
    }

    /// The exact `min_n z_n . w`, evaluating exactly only the points a floating-point interval
    /// cannot rule out. Each float dot product `s_n` carries the bound
    /// `|s_n - exact_n| <= err_n = 2 (d + 2) 2^-53 sum_j |z_nj w~_j| + (2 d + 4) 2^-1074`
    /// (`w~` the rounded weights), plus `4 |z_nj| 2^-1074` for each weight rounded below the normal
    /// range (its error is absolute, up to 2^-1075, not relative); a point whose interval lies above
    /// the smallest upper end cannot be the minimum.
    ///
    /// `w` is a direction of any scale (a document writes it as coprime integers, often far beyond
    /// the double range): the filter runs on `w 2^-e`, with `2^e` about its largest coordinate, and
    /// only the exact evaluation sees `w` itself.
    package static func exactMinimumSlack(_ z: [[Double]], _ w: [Rational], _ common: IntegerVector) -> Rational {
        let wApprox = inDoubleRange(w).map(\.doubleValue)
        let tiny = w.indices.filter { !w[$0].isZero && abs(wApprox[$0]) < 0x1p-1022 }
        var lowerEnds = [Double](repeating: -.infinity, count: z.count)
        var smallestUpper = Double.infinity
        if wApprox.allSatisfy({ $0.isFinite }) {
            for n in z.indices {
                var s = 0.0
                var m = 0.0
                for j in wApprox.indices {
                    let p = z[n][j] * wApprox[j]
                    s += p
                    m += abs(p)
                }
                let lost = tiny.reduce(0.0) { $0 + abs(z[n][$1]) } * 0x1p-1073
                let err = 4 * Double(z[n].count + 2) * 0x1p-53 * m + Double(4 * z[n].count + 8) * 0x1p-1074 + 2 * lost
                guard s.isFinite, err.isFinite else { continue }
                lowerEnds[n] = s - err
                smallestUpper = min(smallestUpper, s + err)
            }
        }
        let candidates = z.indices.filter { lowerEnds[$0] <= smallestUpper }
        // The point attaining the smallest upper end is always a candidate; should the filter
        // ever leave none, every point is evaluated exactly (no trap on a checker path).
        let rows = candidates.isEmpty ? z : candidates.map { z[$0] }
        return common.dots(rows).min() ?? .zero
    }

    /// `w 2^-e` for the power of two `2^e` nearest its largest coordinate, when that lies beyond
    /// 2^+-512 (a positive multiple: the same direction); `w` itself otherwise.
    static func inDoubleRange(_ w: [Rational]) -> [Rational] {
        let exponents = w.filter { !$0.isZero }.map { $0.numerator.magnitude.bitWidth - $0.denominator.bitWidth }
        guard let e = exponents.max(), abs(e) > 512 else { return w }
        let power = BigInt(1) << abs(e)
        return w.map {
            e > 0 ? Rational($0.numerator, $0.denominator * power) : Rational($0.numerator * power, $0.denominator)
        }
    }
}
