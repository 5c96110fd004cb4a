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
///
/// Scale: Wolfe runs on a working set (constraint generation, see ``MinNormPoint``); the exact
/// phase touches only the corral (Dixon's p-adic lifting for the Gram system, GMP for the
/// combination `w = sum alpha_a z_a`) plus one filtered pass over all points, whose float filter
/// leaves only the tight points to exact arithmetic.
enum L2MaxMargin {
    static func solve(_ data: Dataset) throws(OracleError) -> MaxMarginSolution {
        let z = data.signedPoints
        let wolfe = MinNormPoint(points: z).solve()
        let maxNorm = wolfe.largestSquaredNorm
        let xx = wolfe.x.reduce(0) { $0 + $1 * $1 }
        if xx <= 1e-24 * maxNorm, let answer = try notSeparable(data, iterations: wolfe.iterations) { return answer }
        let repairLimit = 4 * (data.dimension + 2)
        if let answer = certify(
            wolfe.corral.sorted(), z, dimension: data.dimension, repairLimit: repairLimit, iterations: wolfe.iterations)
        {
            return answer
        }
        // The float corral could not be repaired (rows mixing scales such as 1e-200 and 1e200 lose
        // their small coordinates in floating point): Wolfe's method in exact arithmetic, which
        // terminates with the exact corral.
        guard let exact = ExactMinNormPoint.solve(z, start: wolfe.corral.first ?? 0) else {
            throw .certificationFailed(
                "the exact minimum-norm-point method found an affinely dependent corral, which it never should.")
        }
        let iterations = wolfe.iterations + exact.iterations
        if exact.x.allSatisfy(\.isZero) {
            if let answer = try notSeparable(data, iterations: iterations) { return answer }
            throw .certificationFailed(
                "the exact minimum-norm point is 0 but the l-infinity LP finds the data separable.")
        }
        if let answer = certify(
            exact.corral, z, dimension: data.dimension, repairLimit: repairLimit, iterations: iterations)
        {
            return answer
        }
        throw .certificationFailed(
            "the l2 active set could not be made exactly optimal, not even from the exact Wolfe corral.")
    }

    /// The non-separable answer when the l-infinity LP proves it (its dual combines the points to
    /// exactly 0), else `nil`.
    private static func notSeparable(_ data: Dataset, iterations: Int) throws(OracleError) -> MaxMarginSolution? {
        let lp = try PolyhedralMaxMargin.solve(data, norm: .linf)
        guard lp.status == .notSeparable else { return nil }
        return MaxMarginSolution(
            norm: .l2, status: .notSeparable, marginExact: nil, marginSquaredExact: .zero, margin: 0,
            weights: [Double](repeating: 0, count: data.dimension),
            certificate: MarginCertificate(norm: .l2, primal: nil, dual: lp.certificate.dual),
            info: SolveInfo(iterations: iterations, repairs: 0))
    }

    /// The exact active-set repair from `corral`: the certified answer, or `nil` when it does not
    /// succeed within `repairLimit` steps (each drops the most negative alpha or adds the most
    /// violated point; this rule can cycle, hence the limit and the exact Wolfe fallback).
    static func certify(_ start: [Int], _ z: [[Double]], dimension: Int, repairLimit: Int, iterations: Int)
        -> MaxMarginSolution?
    {
        var corral = start
        for repair in 0...repairLimit {
            guard let alpha = exactAlpha(corral.map { DyadicRow(z[$0]) }) else {
                // Linearly dependent corral: drop the last point and retry.
                guard corral.count > 1 else { return nil }
                corral.removeLast()
                continue
            }
            // alpha_a = integers[a] / denominator with a positive denominator: signs and order are the integers'.
            let a = alpha.integers
            if let negative = a.indices.filter({ a[$0].signum() < 0 }).min(by: { a[$0] < a[$1] }) {
                corral.remove(at: negative)
                continue
            }
            let wVector = alpha.combinationVector(of: corral.map { z[$0] }, dimension: dimension)
            let wHat = wVector.rationals
            let filtered = FilteredVector(wHat, common: wVector)
            var worst: Int? = nil
            var worstValue = Double.infinity
            let signs = filtered.compareDots(dense: z, with: .one)
            for n in z.indices where signs[n] < 0 {
                let v = zip(z[n], filtered.approx).reduce(0) { $0 + $1.0 * $1.1 }
                if worst == nil || v < worstValue {
                    worst = n
                    worstValue = v
                }
            }
            if let add = worst {
                corral = (corral + [add]).sorted()
                continue
            }
            // sum alpha = total / denominator; lambda = alpha / sum alpha; gamma^2 = 1 / sum alpha.
            let total = a.reduce(BigInt(0), +)
            guard total.signum() > 0 else { return nil }
            var lambda = [Rational](repeating: .zero, count: z.count)
            for (i, n) in corral.enumerated() { lambda[n] = Rational(a[i], total) }
            let gammaSquared = Rational(alpha.denominator, total)
            let normW = (Rational.one / gammaSquared).doubleValue.squareRoot()
            let weights =
                normW.isFinite && normW > 0
                    && filtered.approx.allSatisfy({ $0.isFinite && $0.magnitude >= 0x1p-1022 || $0 == 0 })
                ? filtered.approx.map { $0 / normW } : unitVector(wHat)
            return MaxMarginSolution(
                norm: .l2, status: .separable, marginExact: nil, marginSquaredExact: gammaSquared,
                margin: gammaSquared.squareRootDouble, weights: weights,
                certificate: MarginCertificate(norm: .l2, primal: wHat, dual: lambda),
                info: SolveInfo(iterations: iterations, repairs: repair))
        }
        return nil
    }

    /// `w / ||w||` in doubles for any exact `w != 0`, scaled through its largest entry first so that
    /// nothing overflows or underflows (`||w||^2` of a weight vector of data near 1e300 is 1e-600).
    static func unitVector(_ w: [Rational]) -> [Double] {
        guard let largest = w.map(\.magnitude).max(), !largest.isZero else { return w.map { _ in 0 } }
        let scaled = w.map { ($0 / largest).doubleValue }
        let norm = scaled.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return scaled.map { $0 / norm }
    }

    /// Exact `alpha = (Z_S Z_S^T)^(-1) 1` for the corral's rows over one positive common
    /// denominator (only the corral is converted to integers: exact work proportional to the
    /// support, not to n), or `nil` if the rows are linearly dependent.
    static func exactAlpha(_ rows: [DyadicRow]) -> IntegerVector? {
        let k = rows.count
        if k == 0 { return nil }
        // With z_a = K_a 2^(e_a) and beta_b = 2^(e_b) alpha_b: sum_b (K_a . K_b) beta_b = 2^(-e_a).
        // Scaled by 2^E (E = max e_a) the right-hand side is the integer 2^(E - e_a).
        let top = rows.map(\.exponent).max()!
        var augmented = DyadicRow.integerGram(rows)
        for a in 0..<k { augmented[a].append(BigInt(1) << (top - rows[a].exponent)) }
        guard let beta = ExactLinearSolver.solveIntegers(augmented) else { return nil }
        // beta_a = 2^(-E) y_a / den, so alpha_a = 2^(-E - e_a) y_a / den = (y_a 2^(E - e_a)) / (den 2^(2E)).
        let numerators = zip(rows, beta.integers).map { row, y in y << (top - row.exponent) }
        if top >= 0 { return IntegerVector(integers: numerators, denominator: beta.denominator << (2 * top)) }
        return IntegerVector(integers: numerators.map { $0 << (-2 * top) }, denominator: beta.denominator)
    }
}
