import Foundation
import Oracle

/// The bounds a KKT certificate's witnesses give, by plain rational loops and without any of the
/// checker's validity rules (signs, supports, norms, dual feasibility): what a checker that forgot
/// a rule would compute. Consistent forgeries set their claims to these numbers, so that only the
/// forgotten rule can reject them.
enum NaiveKKT {
    static func bounds(_ p: KKTProblem, _ c: KKTCertificate) -> (lower: Rational, upper: Rational) {
        let theta = p.parameters.map { Rational(exactly: $0) ?? .zero }
        let n = p.pointCount
        let size = theta.count
        var gmu = [Rational](repeating: .zero, count: size)
        for (point, weight) in c.multipliers.entries where point < n {
            for j in 0..<size { gmu[j] += weight * (Rational(exactly: p.marginGradients[point][j]) ?? .zero) }
        }
        func dot(_ a: [Rational], _ b: [Rational]) -> Rational { zip(a, b).reduce(Rational.zero) { $0 + $1.0 * $1.1 } }
        let s = c.subgradient.dense(count: size)
        let r = c.dual?.dense(count: size)
        let sets = KKTSets(p, geometry: c.geometry, tolerance: c.tolerance)
        let special = Set(sets?.special ?? [])
        func sign(_ i: Int) -> Rational { Rational(theta[i].signum) }
        switch c.geometry {
        case .l2:
            let v = (0..<size).map { theta[$0] - gmu[$0] }
            let tt = dot(theta, theta)
            let rr = r ?? v
            let rt = dot(rr, theta)
            let lower = rt.signum > 0 && dot(rr, rr).signum > 0 ? rt * rt / (dot(rr, rr) * tt) : .zero
            return (lower, dot(v, v) / tt)
        case .linf:
            let scale = theta.map(\.magnitude).max() ?? .one
            let upper = (0..<size).reduce(Rational.zero) { $0 + (scale * s[$1] * sign($1) - gmu[$1]).magnitude } / scale
            let lower = r.map { r in special.map { r[$0] * sign($0) }.min() ?? .zero } ?? .zero
            return (lower.signum > 0 ? lower : .zero, upper)
        case .l1:
            let scale = theta.reduce(Rational.zero) { $0 + $1.magnitude }
            let upper =
                (0..<size).map { i in (scale * (special.contains(i) ? s[i] : sign(i)) - gmu[i]).magnitude }.max()!
                / scale
            let lower =
                r.map { r in
                    (0..<size).reduce(Rational.zero) {
                        $0 + (special.contains($1) ? -r[$1].magnitude : r[$1] * sign($1))
                    }
                } ?? .zero
            return (lower.signum > 0 ? lower : .zero, upper)
        }
    }

    /// `d` with its certificate's witnesses replaced by `forge`, and every claim (bounds, flags,
    /// epsilon, derived numbers) recomputed from the naive bounds, as a careful forger would.
    static func consistent(_ d: KKTDocument, _ forge: (inout KKTCertificate) -> Void) -> KKTDocument? {
        guard let p = d.problem else { return nil }
        var c = d.certificate
        forge(&c)
        let b = bounds(p, c)
        guard b.lower <= b.upper else { return nil }
        c.lower = b.lower
        c.upper = b.upper
        c.exact = b.lower == b.upper
        return KKTDocument(problem: p, certificate: c, tolerance: d.tolerance, input: nil, embed: true)
    }
}
