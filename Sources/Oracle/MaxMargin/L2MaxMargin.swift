import BigInt

/// The l2 max margin (the hard-margin SVM through the origin), by our own solver, certified exactly.
///
/// `gamma2* = min_{x in conv{z_n}} ||x||` (SPEC.md 7.1). Wolfe's algorithm (``MinNormPoint``)
/// finds the corral `S` in floating point; then, exactly, `alpha_S = (Z_S Z_S^T)^(-1) 1`
/// (the margin-1 SVM's dual), `w_hat = Z_S^T alpha_S`, and the answer is certified when
/// `alpha_S >= 0` and `z_n . w_hat >= 1` for every `n` (filtered exact checks). Then
/// `gamma2*^2 = 1 / sum alpha` is rational, the primal witness is `w_hat` and the dual witness
/// `lambda = alpha / sum alpha`.
///
/// If the floating-point corral is not exactly right (near-ties), an exact active-set repair
/// drops the most negative `alpha` or adds the most violated point, a bounded number of times.
enum L2MaxMargin {
    static func solve(_ data: Dataset) throws(OracleError) -> MaxMarginSolution {
        let z = data.signedPoints
        let scaled = scaledForFloatingPoint(z)
        let wolfe = MinNormPoint(points: scaled).solve()
        let maxNorm = scaled.map { $0.reduce(0) { $0 + $1 * $1 } }.max() ?? 0
        let xx = wolfe.x.reduce(0) { $0 + $1 * $1 }
        if xx <= 1e-24 * maxNorm {
            // Possibly not separable: decide exactly with the l-infinity LP.
            let lp = try PolyhedralMaxMargin.solve(data, norm: .linf)
            if lp.status == .notSeparable {
                return MaxMarginSolution(
                    norm: .l2, status: .notSeparable, marginExact: nil, marginSquaredExact: .zero, margin: 0,
                    weights: [Double](repeating: 0, count: data.dimension),
                    certificate: MarginCertificate(norm: .l2, primal: nil, dual: lp.certificate.dual),
                    info: SolveInfo(iterations: wolfe.iterations, repairs: 0))
            }
        }
        var corral = wolfe.corral.sorted()
        let repairLimit = 4 * (data.dimension + 2)
        for repair in 0...repairLimit {
            guard let alpha = exactAlpha(corral.map { DyadicRow(z[$0]) }) else {
                // Linearly dependent corral: drop the last point and retry.
                guard corral.count > 1 else { break }
                corral.removeLast()
                continue
            }
            if let negative = alpha.indices.filter({ alpha[$0].signum < 0 }).min(by: { alpha[$0] < alpha[$1] }) {
                corral.remove(at: negative)
                continue
            }
            let wHat = IntegerVector(alpha).combination(of: corral.map { z[$0] }, dimension: data.dimension)
            let filtered = FilteredVector(wHat)
            var worst: Int? = nil
            var worstValue = Double.infinity
            for n in z.indices where filtered.compareDot(dense: z[n], with: .one) < 0 {
                let v = zip(z[n], filtered.approx).reduce(0) { $0 + $1.0 * $1.1 }
                if worst == nil || v < worstValue { worst = n; worstValue = v }
            }
            if let add = worst {
                corral = (corral + [add]).sorted()
                continue
            }
            let total = alpha.reduce(Rational.zero, +)
            guard total.signum > 0 else { break }
            var lambda = [Rational](repeating: .zero, count: z.count)
            for (a, n) in corral.enumerated() { lambda[n] = alpha[a] / total }
            let gammaSquared = Rational.one / total
            let normW = total.doubleValue.squareRoot()
            return MaxMarginSolution(
                norm: .l2, status: .separable, marginExact: nil, marginSquaredExact: gammaSquared,
                margin: gammaSquared.squareRootDouble, weights: wHat.map { $0.doubleValue / normW },
                certificate: MarginCertificate(norm: .l2, primal: wHat, dual: lambda),
                info: SolveInfo(iterations: wolfe.iterations, repairs: repair))
        }
        throw .certificationFailed("the l2 active set could not be made exactly optimal within \(repairLimit) exact repairs.")
    }

    /// Exact `alpha = (Z_S Z_S^T)^(-1) 1` for the corral's rows (only they are converted to
    /// integers: exact work proportional to the support, not to n), or `nil` if they are linearly
    /// dependent.
    static func exactAlpha(_ rows: [DyadicRow]) -> [Rational]? {
        let k = rows.count
        // With z_a = K_a 2^(e_a) and beta_b = 2^(e_b) alpha_b: sum_b (K_a . K_b) beta_b = 2^(-e_a).
        var matrix = [[Rational]](repeating: [Rational](repeating: .zero, count: k), count: k)
        for a in 0..<k {
            for b in a..<k {
                let g = Rational(rows[a].integerDot(rows[b]))
                matrix[a][b] = g
                matrix[b][a] = g
            }
        }
        let rhs = rows.map { DyadicRow.powerOfTwo(-$0.exponent) }
        guard let beta = ExactLinearSolver.solve(matrix, rhs) else { return nil }
        return zip(rows, beta).map { row, b in b * DyadicRow.powerOfTwo(-row.exponent) }
    }

    /// Multiplies all points by one power of two so the largest coordinate is about 1 (floats only).
    static func scaledForFloatingPoint(_ z: [[Double]]) -> [[Double]] {
        let largest = z.flatMap { $0 }.map(abs).max() ?? 0
        guard largest > 0 else { return z }
        let shift = -largest.exponent
        return z.map { $0.map { Double(sign: $0.sign, exponent: shift, significand: abs($0)) } }
    }
}
