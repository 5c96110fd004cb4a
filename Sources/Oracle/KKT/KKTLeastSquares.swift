import BigInt

/// The l2 KKT residual `min_{mu >= 0} ||theta - sum_{n in A} mu_n g_n||_2`, certified exactly.
///
/// Lawson and Hanson's active-set method (Lawson & Hanson 1974, "Solving Least Squares
/// Problems", ch. 23; recalled, not re-read) runs in floating point on the Gram matrix of the
/// active gradients, each scaled by a power of two (a positive column scaling of a nonnegative
/// least-squares problem keeps its passive set). Its passive set `S` is then re-solved exactly:
/// `(G_S G_S^T) mu_S = G_S theta` (integer Gram matrix of the rows as ``DyadicRow``s, Dixon or
/// Bareiss), and the answer is certified when `mu_S >= 0` and `g_n . r <= 0` for every active `n`
/// with `r = theta - G_S^T mu_S` (exact dots in GMP, batched): these are the optimality conditions of
/// the problem, and then `r . theta = ||r||^2`, so `r` itself proves the lower bound and the bounds
/// meet. An exact repair (drop the most negative multiplier, add the most violated point) fixes a
/// floating-point passive set that is slightly wrong, a bounded number of times.
enum KKTLeastSquares {
    struct Answer {
        var multipliers: PointWeights
        /// `true` when `r = theta - G^T mu` was checked dual feasible (the bounds are then equal).
        var exact: Bool
    }

    static func solve(theta: [Double], rows: [[Double]], active: [Int]) -> Answer {
        let activeRows = active.map { rows[$0] }
        let float = floatPassiveSet(theta: theta, rows: activeRows)
        var passive = float.passive
        let limit = 4 * (active.count + 2)
        let thetaRow = DyadicRow(theta)
        for _ in 0...limit {
            guard let mu = exactMultipliers(thetaRow, passive.map { DyadicRow(activeRows[$0]) }) else {
                guard !passive.isEmpty else { break }
                passive.removeLast()
                continue
            }
            if let negative = mu.indices.filter({ mu[$0].signum < 0 }).min(by: { mu[$0] < mu[$1] }) {
                passive.remove(at: negative)
                continue
            }
            let r = IntegerVector([Rational.one] + mu.map { -$0 }).combinationVector(
                of: [theta] + passive.map { activeRows[$0] }, dimension: theta.count)
            // g_n . r for every active n, exactly.
            let dots = Self.exactDots(r, activeRows)
            var worst: Int? = nil
            for k in activeRows.indices where dots[k].signum > 0 {
                if let w = worst, dots[k] <= dots[w] { continue }
                worst = k
            }
            if let add = worst, !passive.contains(add) {
                passive = (passive + [add]).sorted()
                continue
            }
            if worst != nil { break }
            return Answer(
                multipliers: PointWeights(zip(passive, mu).map { (point: active[$0.0], weight: $0.1) }), exact: true)
        }
        // No exact optimum found: the float multipliers, clipped to be nonnegative, still give an
        // upper bound (and the checker finds the lower bound 0 if r is not dual feasible).
        let clipped = zip(active, float.multipliers).compactMap { n, m -> (point: Int, weight: Rational)? in
            guard m > 0, let w = Rational(exactly: m) else { return nil }
            return (point: n, weight: w)
        }
        return Answer(multipliers: PointWeights(clipped), exact: false)
    }

    /// `row . r` for every row, exactly (GMP, in batches of about 4 million entries: the kernel copies
    /// its rows). Only the |A| results are normalized, never the P coordinates of `r`.
    static func exactDots(_ r: IntegerVector, _ rows: [[Double]]) -> [Rational] {
        let batch = max(1, 4_000_000 / max(1, r.integers.count))
        return stride(from: 0, to: rows.count, by: batch).flatMap { start in
            r.dots(Array(rows[start..<min(start + batch, rows.count)]))
        }
    }

    /// Exact `mu_S` solving `(G_S G_S^T) mu = G_S theta`, or `nil` when the rows are dependent.
    /// With `g_a = K_a 2^(e_a)` and `theta = K_t 2^(e_t)`: `sum_b (K_a . K_b) beta_b = K_a . K_t` for
    /// `beta_b = mu_b 2^(e_b - e_t)`.
    static func exactMultipliers(_ theta: DyadicRow, _ rows: [DyadicRow]) -> [Rational]? {
        let k = rows.count
        if k == 0 { return [] }
        let gram = DyadicRow.integerGram(rows + [theta])
        let augmented = (0..<k).map { a in Array(gram[a][0..<k]) + [gram[a][k]] }
        guard let beta = ExactLinearSolver.solveIntegers(augmented) else { return nil }
        return (0..<k).map { b in
            Rational(beta.integers[b], beta.denominator) * .powerOfTwo(theta.exponent - rows[b].exponent)
        }
    }

    /// Lawson-Hanson in floating point: the passive set (indices into `rows`) and the multipliers
    /// of the original (unscaled) problem.
    static func floatPassiveSet(theta: [Double], rows: [[Double]]) -> (passive: [Int], multipliers: [Double]) {
        let k = rows.count
        func scaled(_ v: [Double]) -> (values: [Double], factor: Double) {
            let largest = v.reduce(0) { max($0, abs($1)) }
            guard largest > 0 else { return (v, 1) }
            let f = Double(sign: .plus, exponent: -largest.exponent, significand: 1)
            return (v.map { $0 * f }, f)
        }
        let t = scaled(theta)
        let a = rows.map(scaled)
        var gram = [[Double]](repeating: [Double](repeating: 0, count: k), count: k)
        var b = [Double](repeating: 0, count: k)
        for i in 0..<k {
            b[i] = dot(a[i].values, t.values)
            for j in i..<k {
                let v = dot(a[i].values, a[j].values)
                gram[i][j] = v
                gram[j][i] = v
            }
        }
        var x = [Double](repeating: 0, count: k)
        var passive: [Int] = []
        let threshold = 1e-13 * max(b.reduce(0) { max($0, abs($1)) }, 1e-300)
        for _ in 0..<(3 * k + 10) {
            // w = b - gram x: the negative gradient.
            let w = (0..<k).map { i in b[i] - (0..<k).reduce(0) { $0 + gram[i][$1] * x[$1] } }
            guard let j = (0..<k).filter({ !passive.contains($0) && w[$0] > threshold }).max(by: { w[$0] < w[$1] })
            else { break }
            passive.append(j)
            while !passive.isEmpty {
                guard let z = solveSymmetric(gram, b, passive) else {
                    passive.removeLast()
                    break
                }
                if z.allSatisfy({ $0 > 0 }) {
                    for (i, p) in passive.enumerated() { x[p] = z[i] }
                    break
                }
                var alpha = 1.0
                for (i, p) in passive.enumerated() where z[i] <= 0 {
                    let d = x[p] - z[i]
                    if d > 0 { alpha = min(alpha, x[p] / d) }
                }
                for (i, p) in passive.enumerated() { x[p] += alpha * (z[i] - x[p]) }
                passive.removeAll { x[$0] <= 1e-300 }
                for p in 0..<k where !passive.contains(p) { x[p] = 0 }
            }
        }
        // mu_n g_n = (mu_n / f_n) (f_n g_n), and the whole problem was scaled by f_t.
        let multipliers = (0..<k).map { x[$0] * a[$0].factor / t.factor }
        return (passive.sorted(), multipliers)
    }

    /// The solution of `gram[S][S] z = b[S]` (Gaussian elimination with partial pivoting), or `nil`.
    static func solveSymmetric(_ gram: [[Double]], _ b: [Double], _ set: [Int]) -> [Double]? {
        let m = set.count
        var a = set.map { i in set.map { gram[i][$0] } + [b[i]] }
        for c in 0..<m {
            var p = c
            for r in c..<m where abs(a[r][c]) > abs(a[p][c]) { p = r }
            guard abs(a[p][c]) > 1e-14 * max(abs(gram[set[c]][set[c]]), 1e-300) else { return nil }
            a.swapAt(p, c)
            for r in 0..<m where r != c {
                let f = a[r][c] / a[c][c]
                if f != 0 { for j in c...m { a[r][j] -= f * a[c][j] } }
            }
        }
        return (0..<m).map { a[$0][m] / a[$0][$0] }
    }

    static func dot(_ u: [Double], _ v: [Double]) -> Double {
        var s = 0.0
        for i in u.indices { s += u[i] * v[i] }
        return s
    }
}
