/// The entry point of the oracle's linear max-margin problems.
///
/// `gamma*_p = max_{||w||_p <= 1} min_n y_n x_n . w` for `p` in {1, 2, infinity}
/// (SPEC.md 1.3, 7.1). Every answer is certified: its ``MarginCertificate`` is verified by the
/// independent ``CertificateChecker`` before it is returned, and an answer whose certificate
/// does not prove `lower == upper` exactly is never returned (``OracleError/certificationFailed(_:)``
/// is thrown instead).
///
/// **Mathematical properties**
/// - `gamma_1* <= gamma_2* <= gamma_inf* <= sqrt(d) gamma_2*` (norm inequalities);
/// - invariant under permutations and duplications of points and positive scaling of the
///   weights; `gamma*(c X) = c gamma*(X)` for `c > 0`;
/// - `gamma* = 0` exactly when the data are not separable through the origin.
public enum MaxMarginSolver {
    /// Solves and certifies the max-margin problem in `norm`.
    public static func solve(_ data: Dataset, norm: Norm) throws(OracleError) -> MaxMarginSolution {
        let solution: MaxMarginSolution
        switch norm {
        case .l1, .linf: solution = try PolyhedralMaxMargin.solve(data, norm: norm)
        case .l2: solution = try L2MaxMargin.solve(data)
        }
        let verdict = CertificateChecker.verify(solution.certificate, against: data)
        guard verdict.valid else {
            throw .certificationFailed("the solver's certificate was rejected: \(verdict.reason ?? "unknown reason").")
        }
        guard verdict.exact else {
            throw .certificationFailed(
                "the certificate brackets the optimum in [\(verdict.lower), \(verdict.upper)] but does not pin it.")
        }
        let claimed = norm == .l2 ? solution.marginSquaredExact : solution.marginExact
        guard claimed == verdict.lower else {
            throw .certificationFailed(
                "the solver claimed \(claimed.map { "\($0)" } ?? "nothing") but its certificate proves \(verdict.lower)."
            )
        }
        return solution
    }
}
