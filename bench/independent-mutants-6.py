# Sixth independent set (issue 20): written blind by a helper session that read README.md and Sources/ only (not Tests, bench, python, Fixtures or git history).
M = [
    ("NumPyLayout: the Fortran-order flag is kept only for arrays of more than two dimensions; a 2-D data "
     "matrix saved with fortran_order True (np.save of np.asfortranarray(X)) is read as if it were C order, so "
     "`solve X.npy --labels y.npy` silently solves a scrambled (transposed-layout) data set and reports a wrong margin",
     "Checker", "Sources/Checker/Data/NumPyLayout.swift",
     "fortranOrder = fields.fortranOrder && fields.shape.count > 1",
     "fortranOrder = fields.fortranOrder && fields.shape.count > 2", "."),
    ("FileReference.read: the size check only refuses a file larger than the size the document names; a "
     "hostile document whose input `bytes` is larger than the real file (with the correct SHA-256) is accepted "
     "by `verify --data` instead of refused as naming a different file",
     "Checker", "Sources/Checker/Documents/FileReference.swift",
     "if file.bytes.count != reference.bytes { return .failure(differs) }",
     "if file.bytes.count > reference.bytes { return .failure(differs) }", "."),
    ("IntegerVector.coprimeIntegers: the gcd fold starts from 1 instead of 0, so the gcd is always 1 and the "
     "integers are never divided; `solve` writes certificate.primal as a non-coprime multiple (e.g. [\"2\", \"-4\"] "
     "instead of [\"1\", \"-2\"]), longer than documented and not the coprime direction the README promises",
     "Exact", "Sources/Exact/IntegerVector.swift",
     "integers.reduce(BigUInt(0))",
     "integers.reduce(BigUInt(1))", "."),
    ("FastIntegerKernels.decimal: the GMP path (integers of 8 or more words, about 140+ digits) drops the minus "
     "sign, so large negative numerators (primal coordinates, exact KKT or lexicographic values) are printed "
     "positive in documents, which then fail `verify` or certify the wrong direction",
     "Exact", "Sources/Exact/FastIntegerKernels.swift",
     "return (v.sign == .minus ? \"-\" : \"\") + String(cString: text)",
     "return String(cString: text)", "."),
    ("Adam: the first-moment bias correction uses beta1^t instead of beta1^(t+1); at the first step c1 = 0, so "
     "the correction is skipped and the first update is (1 - beta1) / sqrt(1 - beta2) (about 3x) off, and every "
     "later step is mis-corrected: `train --optimizer adam` trajectories differ from Kingma & Ba's rule",
     "Trainer", "Sources/Trainer/Optimizers/Optimizer.swift",
     "let c1 = 1 - pow(beta1, Double(t + 1))",
     "let c1 = 1 - pow(beta1, Double(t))", "."),
    ("StepRule.normalizedFactor: the small factor 0.01 is given to l-infinity (sign descent) instead of l1 "
     "(coordinate descent); without --lr, `train --optimizer sign` states and uses a 10x smaller step and "
     "`--optimizer coordinate` a 10x larger one, which cycles on anisotropic data",
     "Trainer", "Sources/Trainer/Optimizers/StepRule.swift",
     "norm == .l1 ? 0.01 : 0.1",
     "norm == .linf ? 0.01 : 0.1", "."),
    ("MaxMarginSolver.isUnique: the minimizing LP's objective is recorded without negating it back, so the "
     "range of w_j compares max w_j with -min w_j; a unique l1/linf solution with a nonzero coordinate is "
     "reported non-unique (and a symmetric non-unique range can be reported unique), wrong `unique` flags",
     "Oracle", "Sources/Oracle/MaxMargin/Uniqueness.swift",
     "range.append(sign > 0 ? best.objective : -best.objective)",
     "range.append(best.objective)", "."),
    ("SolutionDocument.encoded: the compact (one-line) format is chosen from 1000 points instead of above 1000; "
     "`solve` on a data set of exactly 1000 points prints its document on one line instead of pretty printed",
     "Oracle", "Sources/Oracle/Documents/DocumentWriting.swift",
     "points > JSONCoding.compactAbove",
     "points >= JSONCoding.compactAbove", "."),
    ("KKTSets: the l-infinity maximal set M uses a strict comparison with the threshold (1 - tau) ||theta||_inf; "
     "with `--active-tolerance 0` (allowed) even the largest coordinate is left out, M is empty, and "
     "`kkt --geometry linf` cannot build a subgradient (wrong residual or a failure instead of an answer); "
     "coordinates exactly at the threshold are dropped for any tau",
     "Checker", "Sources/Checker/KKT/KKTSets.swift",
     "Self.compare(magnitudes[$0], threshold) >= 0",
     "Self.compare(magnitudes[$0], threshold) > 0", "."),
    ("ClaimReport.gap: the gap is computed as reached - limit instead of limit - reached, so the `reproduce` "
     "table and summary.md print every claim's gap with the wrong sign",
     "Claims", "Sources/Claims/Claim.swift",
     "return l - r",
     "return r - l", "."),
    ("ScaleFreeMeasure.scaledPerBlock: the ensemble's linear part w is rescaled by 2^-a like (u, v) instead of "
     "2^-2a, so the predictor w + u^2 - v^2 changes direction under the rescaling and `check` gives ensemble "
     "weights a wrong predictor margin and cosine (and a scale-dependent verdict)",
     "FixtureKit", "Sources/FixtureKit/ScaleFreeMeasure.swift",
     "return scaled(w, by: -2 * a) + scaled(uv, by: -a)",
     "return scaled(w, by: -a) + scaled(uv, by: -a)", "."),
    ("KKTCommand: the misclassification test is q_n < 0 instead of q_n <= 0; a network with a point of margin "
     "exactly 0 is not reported as a negative outcome (exit 1 naming the point) but reaches the solver, which "
     "refuses it as bad settings (exit 2, different message)",
     "MarginOracleCLI", "Sources/MarginOracleCLI/KKTCommand.swift",
     "problem.margins[$0] <= 0",
     "problem.margins[$0] < 0", "."),
]
