/// `margin-oracle kkt`: how far a trained homogeneous model is from a KKT point of the margin
/// problem `min ||theta||^2 / 2 s.t. q_n(theta) >= 1` in the geometry of its optimizer (Lyu & Li
/// 2020, Theorem 4.4, for gradient descent and l2 [V]; Tsilivis, Vardi & Kempe 2024 for steepest
/// descent in other norms [A]), certified (README "kkt", ``KKTCertificate``).
public enum KKTSolver {
    /// The certified relative KKT residual. Throws ``OracleError/invalidSettings(_:)`` for a
    /// tolerance outside `[0, 1)` or a misclassified point (`q_min <= 0`, which callers report
    /// as a negative outcome), and ``OracleError/certificationFailed(_:)`` if the certificate it
    /// builds does not verify (it never returns one that does not).
    public static func solve(_ problem: KKTProblem, geometry: Norm, tolerance: Double) throws(OracleError)
        -> KKTCertificate
    {
        if let why = problem.problem { throw .invalidDataset(why) }
        guard let tau = Rational(exactly: tolerance), tau.signum >= 0, tau < .one else {
            throw .invalidSettings("The active-set tolerance is \(tolerance); it must be in [0, 1).")
        }
        guard let sets = KKTSets(problem, geometry: geometry, tolerance: tau) else {
            let n = problem.margins.indices.min { problem.margins[$0] < problem.margins[$1] } ?? 0
            throw .invalidSettings(
                "Point \(n) has margin q_\(n) = \(problem.margins[n]) <= 0: the model misclassifies it, so it is not on a path to a KKT point of the margin problem."
            )
        }
        var certificate: KKTCertificate
        switch geometry {
        case .l2:
            let answer = KKTLeastSquares.solve(
                theta: problem.parameters, rows: problem.marginGradients, active: sets.active)
            certificate = KKTCertificate(
                geometry: .l2, tolerance: tau, multipliers: answer.multipliers, subgradient: CoordinateValues(),
                dual: nil, lower: .zero, upper: .zero)
        case .linf, .l1:
            let answer = try KKTLinearPrograms.solve(
                theta: problem.parameters, rows: problem.marginGradients, sets: sets, geometry: geometry)
            certificate = KKTCertificate(
                geometry: geometry, tolerance: tau, multipliers: PointWeights(answer.multipliers),
                subgradient: answer.subgradient, dual: answer.dual, lower: .zero, upper: .zero)
        }
        // The bounds are what the independent checker finds the witnesses to prove.
        let verdict = KKTChecker.verify(certificate, against: problem)
        guard verdict.valid else {
            throw .certificationFailed("the KKT certificate does not verify: \(verdict.reason ?? "").")
        }
        certificate.lower = verdict.lower
        certificate.upper = verdict.upper
        certificate.exact = verdict.lower == verdict.upper
        guard certificate.exact || geometry == .l2 else {
            throw .certificationFailed(
                "the KKT LP's witnesses prove [\(verdict.lower.doubleValue), \(verdict.upper.doubleValue)], not one value."
            )
        }
        return certificate
    }
}
