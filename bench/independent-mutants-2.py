# Independent mutant catalogue (written from Sources/ and README.md only).
# Each entry: (description, module, path, old, new, ".")
M = [
    # ---------------- Oracle (2) ----------------
    ("Oracle: l1/linf solver treats a zero optimum as separable (>= instead of >); non-separable data are "
     "reported separable=true with exit 0, and the l2 solver (which asks the linf LP to prove non-separability) "
     "fails to certify non-separable data (exit 3)",
     "Oracle", "Sources/Oracle/MaxMargin/PolyhedralMaxMargin.swift",
     "let separable = t.signum > 0",
     "let separable = t.signum >= 0",
     "."),
    ("Oracle: leximin probe blocks a point only if its max margin is strictly below the level (< instead of <=), "
     "which never happens; points tight with zero dual weight are left free, so degenerate data (blocked points "
     "without dual weight, e.g. Z_lex-like) get a repeated level / wrong level_points",
     "Oracle", "Sources/Oracle/Lexicographic/LexicographicMaxMargin.swift",
     "if best.objective <= t * factor {",
     "if best.objective < t * factor {",
     "."),
    # ---------------- Checker (3) ----------------
    ("Checker: the lower bound is derived from the primal even when its minimum margin is negative "
     "(signum != 0 instead of > 0); for l2 the square of a negative minimum gives a positive lower bound, "
     "so a forged primal pointing the wrong way proves a positive margin (and l1/linf report negative lower bounds); "
     "only forged documents whose primal has negative margins are affected",
     "Checker", "Sources/Checker/Certificates/CertificateChecker.swift",
     "if minimum.signum > 0 {",
     "if minimum.signum != 0 {",
     "."),
    ("Checker: a non-exact solution document may claim separable=true when only the UPPER bound is positive "
     "(lower/upper confusion); a forged document without primal (lower 0, exact false) claiming separable is accepted",
     "Checker", "Sources/Checker/Documents/SolutionClaims.swift",
     "if separable, v.lower.signum <= 0 {",
     "if separable, v.upper.signum <= 0 {",
     "."),
    ("Checker (shared with the leximin solver): the l-infinity pin accepts a saturated coordinate where the "
     "weights' combination is exactly zero (< 0 instead of <= 0), i.e. a degenerate face that does not pin the "
     "solution; forged pins are accepted and the solver may pin (and read off wrong later levels) on degenerate data",
     "Checker", "Sources/Checker/Certificates/LexicographicChecker.swift",
     "} else if Int(r[i].signum()) * point[i].signum <= 0 {",
     "} else if Int(r[i].signum()) * point[i].signum < 0 {",
     "."),
    # ---------------- Exact (1) ----------------
    ("Exact: Rational.doubleValue drops the sticky remainder in round-to-nearest: a value just above a midpoint "
     "(dropped bits exactly half, nonzero remainder) is rounded to even instead of up; about 1 in 16 non-dyadic "
     "rationals (e.g. margins like p/3) are rounded one ulp low, so document margins/weights/dual doubles are not "
     "correctly rounded",
     "Exact", "Sources/Exact/Rational+Double.swift",
     "if rem > half || (rem == half && (!r.isZero || m.words.first.map({ $0 & 1 == 1 }) ?? false)) {",
     "if rem > half || (rem == half && (m.words.first.map({ $0 & 1 == 1 }) ?? false)) {",
     "."),
    # ---------------- StrictJSON / data readers (2) ----------------
    ("StrictJSON: the fraction loop overwrites instead of accumulating the 'nonzero digit seen' flag, so a nonzero "
     "decimal that rounds to zero is accepted as 0 when its last fraction digit is 0 (e.g. 1.0e-400, 2.50e-999, "
     "0.10e-400); plain 1e-400 is still refused",
     "StrictJSON", "Sources/StrictJSON/StrictJSONParser.swift",
     """                throw fail("a decimal point must be followed by digits")
            }
            while position < bytes.count, isDigit(bytes[position]) {
                nonzeroDigit = nonzeroDigit || bytes[position] != 0x30""",
     """                throw fail("a decimal point must be followed by digits")
            }
            while position < bytes.count, isDigit(bytes[position]) {
                nonzeroDigit = bytes[position] != 0x30""",
     "."),
    ("CSV reader: the first line is taken as a header when ANY field is not a number (contains instead of allSatisfy); "
     "a malformed first data line (e.g. '1, abc, 1') is silently skipped instead of exit 2, and a header with a "
     "numeric-looking column name is skipped instead of refused",
     "Checker", "Sources/Checker/Data/DatasetLoader.swift",
     "if numbers.allSatisfy({ if case .failure(.notANumber) = $0 { return true } else { return false } }) {",
     "if numbers.contains(where: { if case .failure(.notANumber) = $0 { return true } else { return false } }) {",
     "."),
    # ---------------- Trainer (4) ----------------
    ("Trainer model: the diagonal net's gradient for v uses u's entry (copy-paste theta[i] for theta[d + i]); "
     "wrong gradient whenever u != v, so diagonal-net trajectories (and finite-difference / Euler checks) change",
     "Trainer", "Sources/Trainer/Models/DiagonalModel.swift",
     "g[d + i] = -depthFactor * power(theta[d + i], depth - 1) * scratch.values[i]",
     "g[d + i] = -depthFactor * power(theta[i], depth - 1) * scratch.values[i]",
     "."),
    ("Trainer loss: the in-place gradient weights ADD log N for the mean reduction instead of subtracting it; "
     "plain GD and loss-scaled GD with --reduction mean take steps n^2 times too large (normalized rules unaffected; "
     "the allocating gradientWeights differs from the in-place one)",
     "Trainer", "Sources/Trainer/Losses/Loss.swift",
     "return top + log(total) - (reduction == .mean ? log(Double(q.count)) : 0)",
     "return top + log(total) + (reduction == .mean ? log(Double(q.count)) : 0)",
     "."),
    ("Trainer optimizer: Adam's second-moment bias correction uses t instead of t + 1 (off by one), so the first "
     "step is uncorrected (about 30x too large with beta2 = 0.999) and every later step is mis-scaled; all Adam "
     "trajectories change (not when beta2 = 0)",
     "Trainer", "Sources/Trainer/Optimizers/Optimizer.swift",
     "let c2 = 1 - pow(beta2, Double(t + 1))",
     "let c2 = 1 - pow(beta2, Double(t))",
     "."),
    ("Trainer observables: predictor margins divide by the DUAL norm of beta, so the l1 and linf entries of "
     "predictor_margin are swapped (l2 unchanged); train output, claims on l1/linf predictor margins and check's "
     "predictor_margin in l1/linf are wrong",
     "Trainer", "Sources/Trainer/Trajectories/Observables.swift",
     "for norm in Norm.allCases { m[norm.rawValue] = qMin / norm.value(beta) }",
     "for norm in Norm.allCases { m[norm.rawValue] = qMin / norm.dual.value(beta) }",
     "."),
    # ---------------- Claims (1) ----------------
    ("Claims: the 'duplicated' data family copies point j but keeps label k (index mix-up), so copies carry "
     "random labels and the generated data set is usually not separable; generated properties on that family "
     "fail or test the wrong thing",
     "Claims", "Sources/Claims/Generated/GeneratedData.swift",
     "labels[k] = base.labels[j]",
     "labels[k] = base.labels[k]",
     "."),
    # ---------------- FixtureKit (2) ----------------
    ("FixtureKit check: the ensemble's scale-free rescaling multiplies w by 2^-a instead of 2^-2a, which changes "
     "the predictor w + u^2 - v^2; check on ensemble weights whose largest entry is >= 1 (or tiny) measures a "
     "wrong predictor margin and the verdict depends on the parameters' scale",
     "FixtureKit", "Sources/FixtureKit/ScaleFreeMeasure.swift",
     "return scaled(w, by: -2 * a) + scaled(uv, by: -a)",
     "return scaled(w, by: -a) + scaled(uv, by: -a)",
     "."),
    ("FixtureKit generate: the tolerance rule forgets the factor 2 (tolerance = worst gap, not 2x worst gap); "
     "fixtures get tolerances with 1x headroom (headroom field 1), differ from the committed ones, and controls "
     "count as missing by twice as many tolerances",
     "FixtureKit", "Sources/FixtureKit/ExpectationBuilder.swift",
     "let tolerance = max(2 * worst, 1e-6 * c.limit)",
     "let tolerance = max(worst, 1e-6 * c.limit)",
     "."),
    # ---------------- MarginOracleCLI (1) ----------------
    ("CLI train: the default step of normalized coordinate descent uses the sign-descent rule "
     "(StepRule.normalized(.linf) = 0.1 / max ||z||_1 instead of 0.01 / max ||z||_inf), while the printed rule "
     "still says c = 0.01; step_size in the summary and the trajectory change for --optimizer coordinate without --lr",
     "MarginOracleCLI", "Sources/MarginOracleCLI/TrainCommand.swift",
     "case .coordinate where !unnormalized: eta = StepRule.normalized(.l1, data)",
     "case .coordinate where !unnormalized: eta = StepRule.normalized(.linf, data)",
     "."),
]
