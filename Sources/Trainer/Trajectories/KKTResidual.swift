import Foundation
import Oracle

/// The relative KKT residual of the l2 max-margin problem (P) at a homogeneous model's parameters
/// (SPEC.md 7.6, Lyu & Li Theorem 4.4 [V]): scale `theta` so that `q_min = 1`, take the near-active
/// set `A = {n : q_n <= 1 + tau}` and `h_n = grad q_n`, and solve the nonnegative least squares
/// `min_{lambda >= 0} ||theta - sum_{n in A} lambda_n h_n||`; report it divided by `||theta||`.
/// A small value certifies approximate stationarity only, not optimality.
public enum KKTResidual {
    public static func l2(
        _ problem: TrainingProblem, _ theta: [Double], tolerance tau: Double = KKTSets.defaultTolerance
    )
        -> Double?
    {
        guard let degree = problem.model.homogeneityDegree else { return nil }
        let q = problem.margins(theta)
        guard let qMin = q.min(), qMin > 0 else { return nil }
        let scaled = theta.map { $0 / pow(qMin, 1 / Double(degree)) }
        let active = q.indices.filter { q[$0] / qMin <= 1 + tau }
        let columns = active.map { problem.marginGradient(scaled, sample: $0) }
        let lambda = nonnegativeLeastSquares(columns, scaled)
        var r = scaled
        for (k, h) in columns.enumerated() where lambda[k] != 0 {
            for i in r.indices { r[i] -= lambda[k] * h[i] }
        }
        return Norm.l2.value(r) / Norm.l2.value(scaled)
    }

    /// Lawson-Hanson active-set NNLS: `min_{lambda >= 0} ||sum_k lambda_k a_k - b||` for a few columns.
    static func nonnegativeLeastSquares(_ a: [[Double]], _ b: [Double]) -> [Double] {
        let k = a.count
        var lambda = [Double](repeating: 0, count: k)
        var passive = Set<Int>()
        func residual() -> [Double] {
            var r = b
            for j in 0..<k where lambda[j] != 0 { for i in r.indices { r[i] -= lambda[j] * a[j][i] } }
            return r
        }
        for _ in 0..<(3 * k + 10) {
            let r = residual()
            let w = a.map { dot($0, r) }
            guard let j = (0..<k).filter({ !passive.contains($0) && w[$0] > 1e-14 }).max(by: { w[$0] < w[$1] }) else {
                break
            }
            passive.insert(j)
            while true {
                let set = passive.sorted()
                guard let z = leastSquares(set.map { a[$0] }, b) else {
                    passive.remove(j)
                    break
                }
                if z.allSatisfy({ $0 > 0 }) {
                    for (i, p) in set.enumerated() { lambda[p] = z[i] }
                    break
                }
                var alpha = 1.0
                for (i, p) in set.enumerated() where z[i] <= 0 {
                    let d = lambda[p] - z[i]
                    if d > 0 { alpha = min(alpha, lambda[p] / d) }
                }
                for (i, p) in set.enumerated() { lambda[p] += alpha * (z[i] - lambda[p]) }
                for p in set where lambda[p] <= 1e-15 {
                    passive.remove(p)
                    lambda[p] = 0
                }
                if passive.isEmpty { break }
            }
        }
        return lambda
    }

    /// Unconstrained least squares on the given columns via the normal equations.
    static func leastSquares(_ cols: [[Double]], _ b: [Double]) -> [Double]? {
        let k = cols.count
        var m = (0..<k).map { i in (0..<k).map { j in dot(cols[i], cols[j]) } + [dot(cols[i], b)] }
        for c in 0..<k {
            var p = c
            for r in c..<k where abs(m[r][c]) > abs(m[p][c]) { p = r }
            guard abs(m[p][c]) > 1e-300 else { return nil }
            m.swapAt(p, c)
            for r in 0..<k where r != c {
                let f = m[r][c] / m[c][c]
                if f != 0 { for j in c...k { m[r][j] -= f * m[c][j] } }
            }
        }
        return (0..<k).map { m[$0][k] / m[$0][$0] }
    }
}
