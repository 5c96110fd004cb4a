import BigInt
import Exact

/// Independent exact check of a ``KKTCertificate`` against a ``KKTProblem``: what the witnesses
/// prove about the relative KKT residual, in exact rational arithmetic.
///
/// **Why the residual at `theta` is the one at `theta~` [D].** Let `c0 = q_min^(1/L)` and
/// `theta~ = theta / c0`, so `min_n q_n(theta~) = 1`. The gradient of an L-homogeneous function is
/// (L-1)-homogeneous, so `grad q_n(theta~) = c0^(-(L-1)) g_n` with `g_n = grad q_n(theta)`; the norm's
/// subdifferential is scale-invariant and `||theta~|| = ||theta|| / c0`. The KKT residual of
/// `min ||theta||^2 / 2 s.t. q_n >= 1` at `theta~` with multipliers `lambda` is therefore
/// `||theta~|| s - sum lambda_n c0^(-(L-1)) g_n = (1/c0) (||theta|| s - sum mu_n g_n)` with
/// `mu_n = lambda_n c0^(-(L-2))`, and dividing by `||theta~||` gives the same relative residual as at
/// `theta` with multipliers `mu`. The active set `q_n(theta~) <= 1 + tau` is `q_n(theta) <= (1 + tau)
/// q_min`. So everything is checked at `theta`, in rationals; `lambda_n = mu_n q_min^((L-2)/L)` is
/// irrational for L != 2 and only reported as doubles.
///
/// **Bounds.** Upper: the residual of the given `(s, mu)`, which are checked to be feasible.
/// Lower (weak duality): for any feasible `(s, mu)` and a direction `r` with `g_n . r <= 0` on `A`,
/// `||v||_* >= r . v / ||r|| >= c r . s / ||r||` since `-mu_n g_n . r >= 0`; the minimum over the
/// subgradient set of `r . s` is the formula in ``KKTCertificate``.
public enum KKTChecker {
    public struct Verdict: Sendable, Equatable {
        public var valid: Bool
        public var reason: String?
        /// Proven bounds on the relative residual (squares for l2).
        public var lower: Rational
        public var upper: Rational
    }

    public static func verify(_ c: KKTCertificate, against problem: KKTProblem) -> Verdict {
        func reject(_ why: String) -> Verdict { Verdict(valid: false, reason: why, lower: .zero, upper: .zero) }
        if let why = problem.problem { return reject("The problem is invalid: \(why)") }
        guard let sets = KKTSets(problem, geometry: c.geometry, tolerance: c.tolerance) else {
            return reject(
                "No KKT residual exists here: the tolerance \(c.tolerance.brief) must be in [0, 1) and every margin positive (q_min > 0)."
            )
        }
        let p = problem.parameterCount
        let n = problem.pointCount
        if let why = c.multipliers.problem(count: n) { return reject("The multipliers are invalid: \(why).") }
        let activeSet = Set(sets.active)
        if let outside = c.multipliers.points.first(where: { !activeSet.contains($0) }) {
            return reject(
                "Point \(outside) carries a multiplier but is not active: q_\(outside) > (1 + tau) q_min, so it has no constraint at the KKT point."
            )
        }
        if let why = c.subgradient.problem(count: p) { return reject("The subgradient is invalid: \(why).") }
        if let why = c.dual?.problem(count: p) { return reject("The dual direction is invalid: \(why).") }
        let exactTheta = problem.parameters.compactMap { Rational(exactly: $0) }
        guard exactTheta.count == p else { return reject("The parameters are not finite.") }
        let theta = exactTheta
        let used = c.multipliers.points
        let usedRows = used.map { problem.marginGradients[$0] }
        // G^T mu over one common denominator.
        let gradientSum = IntegerVector(c.multipliers.weights).combinationVector(of: usedRows, dimension: p)
        let activeRows = sets.active.map { problem.marginGradients[$0] }
        /// Whether `g_n . r <= 0` for every active `n`, exactly (in batches of rows, so that the
        /// GMP kernel's copy stays near 4 million entries).
        func dualFeasible(_ r: IntegerVector) -> Bool {
            let batch = max(1, 4_000_000 / p)
            return stride(from: 0, to: activeRows.count, by: batch).allSatisfy { start in
                let rows = Array(activeRows[start..<min(start + batch, activeRows.count)])
                return r.scaledDots(rows).numerators.allSatisfy { $0.signum() <= 0 }
            }
        }
        let special = Set(sets.special)
        switch c.geometry {
        case .l2:
            guard c.subgradient.coordinates.isEmpty else {
                return reject("An l2 certificate has no subgradient weights.")
            }
            let thetaVector = IntegerVector(theta)
            let thetaSquared = thetaVector.squaredNorm
            // v = theta - G^T mu, exactly.
            let v = IntegerVector(
                integers: zip(thetaVector.integers, gradientSum.integers).map {
                    $0 * gradientSum.denominator - $1 * thetaVector.denominator
                }, denominator: thetaVector.denominator * gradientSum.denominator)
            let upper = v.squaredNorm / thetaSquared
            let r = c.dual.map { IntegerVector($0.dense(count: p)) } ?? v
            var lower = Rational.zero
            if dualFeasible(r) {
                let rr = r.squaredNorm
                let rTheta = r.dot(problem.parameters)
                if rTheta.signum > 0, rr.signum > 0 { lower = rTheta * rTheta / (rr * thetaSquared) }
            } else if c.dual != nil {
                return reject("The dual direction r has grad q_n . r > 0 for an active point, so it proves nothing.")
            }
            return bounded(lower, upper)
        case .linf:
            if let bad = c.subgradient.coordinates.first(where: { !special.contains($0) }) {
                return reject(
                    "Coordinate \(bad) carries subgradient weight but is not maximal: |theta_\(bad)| < (1 - tau) ||theta||_inf."
                )
            }
            guard c.subgradient.values.allSatisfy({ $0.signum >= 0 }),
                c.subgradient.values.reduce(Rational.zero, +) == .one
            else { return reject("The l-infinity subgradient weights must be nonnegative and sum to exactly 1.") }
            guard let scale = theta.map(\.magnitude).max(), scale.signum > 0 else {
                return reject("theta is zero.")
            }
            // ||c s - G^T mu||_1 = sum_i |c s_i D - K_i| / D.
            var total = BigInt(0)
            let s = c.subgradient.dense(count: p)
            var sInteger = [BigInt](repeating: 0, count: p)
            var common = BigInt(1)
            for i in c.subgradient.coordinates {
                let x = scale * s[i] * Rational(theta[i].signum)
                common = IntegerVector.lcm(common, x.denominator)
            }
            for i in c.subgradient.coordinates {
                let x = scale * s[i] * Rational(theta[i].signum)
                sInteger[i] = x.numerator * (common / x.denominator)
            }
            for i in 0..<p {
                let a = sInteger[i] * gradientSum.denominator - gradientSum.integers[i] * common
                total += BigInt(a.magnitude)
            }
            let upper = Rational(total, common * gradientSum.denominator) / scale
            var lower = Rational.zero
            if let dual = c.dual {
                guard dual.values.allSatisfy({ $0.magnitude <= .one }) else {
                    return reject("The l-infinity dual direction needs |r_i| <= 1.")
                }
                let r = IntegerVector(dual.dense(count: p))
                guard dualFeasible(r) else {
                    return reject(
                        "The dual direction r has grad q_n . r > 0 for an active point, so it proves nothing.")
                }
                let rDense = dual.dense(count: p)
                guard let smallest = sets.special.map({ rDense[$0] * Rational(theta[$0].signum) }).min() else {
                    return reject("No coordinate of theta is maximal.")
                }
                lower = smallest.signum > 0 ? smallest : .zero
            }
            return bounded(lower, upper)
        case .l1:
            if let bad = c.subgradient.coordinates.first(where: { !special.contains($0) }) {
                return reject(
                    "Coordinate \(bad) has a free subgradient value but is not a zero coordinate: |theta_\(bad)| > tau ||theta||_inf."
                )
            }
            guard c.subgradient.values.allSatisfy({ $0.magnitude <= .one }) else {
                return reject("The l1 subgradient values on zero coordinates must lie in [-1, 1].")
            }
            let scale = IntegerVector(theta).l1Norm
            let u = c.subgradient.dense(count: p)
            // ||c s - G^T mu||_inf with s_i = sign(theta_i) off Z and u_i on Z. Off Z, with c = C/E and
            // G^T mu = K/D, v_i = (C D s_i - K_i E) / (E D): integers over one denominator, compared
            // without a gcd per coordinate; the few coordinates of Z in rationals.
            let (bigC, bigE) = (scale.numerator, scale.denominator)
            let cd = bigC * gradientSum.denominator
            var largestOff = BigInt(0)
            var largest = Rational.zero
            for i in 0..<p {
                if special.contains(i) {
                    let vi = scale * u[i] - Rational(gradientSum.integers[i], gradientSum.denominator)
                    if vi.magnitude > largest { largest = vi.magnitude }
                } else {
                    let n = (theta[i].signum > 0 ? cd : -cd) - gradientSum.integers[i] * bigE
                    if n.magnitude > largestOff.magnitude { largestOff = n }
                }
            }
            let off = Rational(BigInt(largestOff.magnitude), bigE * gradientSum.denominator)
            if off > largest { largest = off }
            let upper = largest / scale
            var lower = Rational.zero
            if let dual = c.dual {
                guard dual.values.reduce(Rational.zero, { $0 + $1.magnitude }) <= .one else {
                    return reject("The l1 dual direction needs ||r||_1 <= 1.")
                }
                guard dualFeasible(IntegerVector(dual.dense(count: p))) else {
                    return reject(
                        "The dual direction r has grad q_n . r > 0 for an active point, so it proves nothing.")
                }
                var value = Rational.zero
                for (i, ri) in zip(dual.coordinates, dual.values) {
                    value += special.contains(i) ? -ri.magnitude : ri * Rational(theta[i].signum)
                }
                lower = value.signum > 0 ? value : .zero
            }
            return bounded(lower, upper)
        }
    }

    private static func bounded(_ lower: Rational, _ upper: Rational) -> Verdict {
        guard lower <= upper else {
            return Verdict(
                valid: false, reason: "The lower bound exceeds the upper bound, which weak duality forbids.",
                lower: lower, upper: upper)
        }
        return Verdict(valid: true, reason: nil, lower: lower, upper: upper)
    }
}
