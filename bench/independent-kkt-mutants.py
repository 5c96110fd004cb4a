# Written blind by a helper session (it read README's kkt and verify sections and Sources/Checker/KKT,
# Sources/Oracle/KKT only: no tests, no bench, no git history), measured before it was committed.
CK = "Sources/Checker/KKT/KKTChecker.swift"
KS = "Sources/Checker/KKT/KKTSets.swift"
KD = "Sources/Checker/KKT/KKTDocument.swift"
KP = "Sources/Checker/KKT/KKTProblem.swift"
LS = "Sources/Oracle/KKT/KKTLeastSquares.swift"
LP = "Sources/Oracle/KKT/KKTLinearPrograms.swift"
SV = "Sources/Oracle/KKT/KKTSolver.swift"

M = [
    # ---------------- KKTChecker.swift ----------------
    ("Checker dual feasibility: each batch skips the last active row (off-by-one in the batch end), "
     "so a dual direction r with grad q_n . r > 0 on the last active point is accepted and proves a "
     "forged lower bound (l2/linf/l1)",
     "Checker", CK,
     "let rows = Array(activeRows[start..<min(start + batch, activeRows.count)])",
     "let rows = Array(activeRows[start..<min(start + batch, activeRows.count - 1)])", "KKT|CatalogueTests|SHA256"),
    ("Checker l2 lower bound: requires r . theta != 0 instead of > 0, so a dual direction pointing "
     "against theta (r . theta < 0) yields a positive lower bound (rTheta^2 / ...); forged l2 dual accepted "
     "with an inflated lower bound",
     "Checker", CK,
     "if rTheta.signum > 0, rr.signum > 0 {",
     "if rTheta.signum != 0, rr.signum > 0 {", "KKT|CatalogueTests|SHA256"),
    ("Checker l2 residual: v = theta + G^T mu instead of theta - G^T mu (wrong sign), so the upper "
     "bound (and the default r = v) is wrong for every l2 certificate with nonzero multipliers",
     "Checker", CK,
     "$0 * gradientSum.denominator - $1 * thetaVector.denominator",
     "$0 * gradientSum.denominator + $1 * thetaVector.denominator", "KKT|CatalogueTests|SHA256"),
    ("Checker linf: subgradient weights need only sum to <= 1 instead of exactly 1, so a forged "
     "certificate with scaled-down weights (smaller s) is accepted with a wrong upper bound",
     "Checker", CK,
     "c.subgradient.values.reduce(Rational.zero, +) == .one",
     "c.subgradient.values.reduce(Rational.zero, +) <= .one", "KKT|CatalogueTests|SHA256"),
    ("Checker linf upper bound: l1 norm of c s - G^T mu sums the signed entries instead of their "
     "absolute values (missing abs), so the residual is under-reported (can even be negative)",
     "Checker", CK,
     "total += BigInt(a.magnitude)",
     "total += a", "KKT|CatalogueTests|SHA256"),
    ("Checker linf lower bound: takes the max over maximal coordinates of sign(theta_i) r_i instead "
     "of the min, so a dual that is large on one maximal coordinate proves an inflated lower bound",
     "Checker", CK,
     ".map({ rDense[$0] * Rational(theta[$0].signum) }).min()",
     ".map({ rDense[$0] * Rational(theta[$0].signum) }).max()", "KKT|CatalogueTests|SHA256"),
    ("Checker l1 dual norm: ||r||_1 computed as the signed sum (missing abs), so a dual with entries "
     "of mixed sign and large magnitude passes the ||r||_1 <= 1 check and proves an inflated lower bound",
     "Checker", CK,
     "dual.values.reduce(Rational.zero, { $0 + $1.magnitude }) <= .one",
     "dual.values.reduce(Rational.zero, { $0 + $1 }) <= .one", "KKT|CatalogueTests|SHA256"),
    ("Checker active-set check on multipliers skips the last multiplier point, so a forged "
     "certificate putting weight on a non-active point (q_n > (1 + tau) q_min) is accepted if that "
     "point is the last one listed",
     "Checker", CK,
     "if let outside = c.multipliers.points.first(where: { !activeSet.contains($0) }) {",
     "if let outside = c.multipliers.points.dropLast().first(where: { !activeSet.contains($0) }) {", "KKT|CatalogueTests|SHA256"),
    # ---------------- KKTSets.swift ----------------
    ("KKTSets active set uses (1 - tau) q_min instead of (1 + tau) q_min (wrong sign), so only points "
     "with q_n exactly q_min are active; 'active' is wrong and the residual too large whenever tau > 0 "
     "and some margin is within the tolerance",
     "Checker", KS,
     "atMost: (Rational.one + tau) * qMin)",
     "atMost: (Rational.one - tau) * qMin)", "KKT|CatalogueTests|SHA256"),
    ("KKTSets linf maximal coordinates use a strict comparison (> threshold), so with tau = 0 the "
     "largest coordinate (exactly at the threshold) is excluded and M is empty (linf solve fails / "
     "every linf certificate is rejected); ties at (1 - tau)||theta||_inf are dropped",
     "Checker", KS,
     "Self.compare(magnitudes[$0], threshold) >= 0",
     "Self.compare(magnitudes[$0], threshold) > 0", "KKT|CatalogueTests|SHA256"),
    ("KKTSets l1 zero coordinates are scaled by q_min instead of ||theta||_inf (wrong scale factor), "
     "so Z is wrong whenever q_min != max|theta_i| and the l1 residual changes",
     "Checker", KS,
     "case .l1: special = Self.indices(magnitudes, atMost: tau * largest)",
     "case .l1: special = Self.indices(magnitudes, atMost: tau * qMin)", "KKT|CatalogueTests|SHA256"),
    # ---------------- KKTDocument.swift ----------------
    ("Document check of certificate.lower flags only an understated lower bound (v.lower > claimed), "
     "so a document claiming a larger lower bound than the witnesses prove passes verify",
     "Checker", KD,
     "if v.lower != certificate.lower {",
     "if v.lower > certificate.lower {", "KKT|CatalogueTests|SHA256"),
    ("Document input-file check accepts the file when EITHER the size OR the SHA-256 matches (|| for ,), "
     "so a different file of the same size is accepted by verify",
     "Checker", KD,
     "guard bytes.count == input.bytes, SHA256.hex(bytes) == input.sha256 else {",
     "guard bytes.count == input.bytes || SHA256.hex(bytes) == input.sha256 else {", "KKT|CatalogueTests|SHA256"),
    ("Document epsilon: square root taken in the wrong branch (l2 reports the squared residual, "
     "linf/l1 report sqrt of the residual); kkt prints a wrong epsilon",
     "Checker", KD,
     "epsilon: c.squared ? c.upper.squareRootDouble : c.upper.doubleValue",
     "epsilon: c.squared ? c.upper.doubleValue : c.upper.squareRootDouble", "KKT|CatalogueTests|SHA256"),
    # ---------------- KKTProblem.swift ----------------
    ("KKTProblem validation accepts order L = 0 (>= instead of >), so a problem with order 0 is not "
     "refused with exit 2 (pow(q_min, -inf) etc. downstream)",
     "Checker", KP,
     "guard order.isFinite, order > 0 else {",
     "guard order.isFinite, order >= 0 else {", "KKT|CatalogueTests|SHA256"),
    # ---------------- Solvers ----------------
    ("KKTLeastSquares dual-feasibility repair counts g_n . r = 0 as violated (>= 0), so the passive "
     "rows (exactly orthogonal to r) are always 'worst', the loop breaks and the solver falls back to "
     "clipped float multipliers: l2 certificates are no longer exact (lower 0 or upper off)",
     "Oracle", LS,
     "for k in activeRows.indices where signs[k] > 0 {",
     "for k in activeRows.indices where signs[k] >= 0 {", "KKT|CatalogueTests|SHA256"),
    ("KKTLinearPrograms linf: row z - sign(theta_i) r_i <= 0 built with the wrong sign "
     "(z + sign(theta_i) r_i), so the LP optimizes the wrong dual; the witnesses do not meet / wrong "
     "epsilon or certificationFailed",
     "Oracle", LP,
     "value: theta[i] > 0 ? -1 : 1)",
     "value: theta[i] > 0 ? 1 : -1)", "KKT|CatalogueTests|SHA256"),
    ("KKTLinearPrograms: multipliers mu = nu / c instead of nu * c (wrong scale factor), so for linf "
     "and l1 the primal residual is wrong whenever ||theta|| != 1 (bounds do not meet, "
     "certificationFailed or wrong epsilon)",
     "Oracle", LP,
     "weight: $0.weight * scale)",
     "weight: $0.weight / scale)", "KKT|CatalogueTests|SHA256"),
]
