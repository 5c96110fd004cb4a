# Fourth independent set (issue 20): written blind by a helper session that read README.md and Sources/ only
# (not Tests, bench, python, Fixtures or git history).
M = [
    # --- Oracle ---
    ("Uniqueness test skips the LAST coordinate (0..<(d - 1) instead of 0..<d): on the nonunique-face-2d data "
     "z = (1,0), (1,1) the linf optimum is the face w1 = 1, w2 in [0,1] and only w2 varies, so isUnique says true; "
     "fixtures, `train` and `check` then assert a direction that is not determined",
     "Oracle", "Sources/Oracle/MaxMargin/Uniqueness.swift",
     "for j in 0..<data.dimension {",
     "for j in 0..<(data.dimension - 1) {", "."),
    ("Two-layer solver reports the upper bound without the square root (upperSquared.doubleValue instead of "
     "squareRootDouble): `solve --model two-layer` prints upper = gamma^2 instead of gamma (0.04 for "
     "gamma 0.2) and a wrong, typically negative, relative_gap, although the exact certificate itself is right",
     "Oracle", "Sources/Oracle/TwoLayer/TwoLayerMaxMargin.swift",
     "let upper = verdict.upperSquared.squareRootDouble",
     "let upper = verdict.upperSquared.doubleValue", "."),
    ("SplitMix64.unit() shifts by 12 instead of 11, so uniforms lie in [0, 0.5) instead of [0, 1): every "
     "Box-Muller Gaussian initialization (angle 2 pi u2 only in [0, pi), radius from a wrong "
     "law) differs from the documented protocol and from marginoracle.initial_parameters",
     "Oracle", "Sources/Oracle/Support/SplitMix64.swift",
     "public mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }",
     "public mutating func unit() -> Double { Double(next() >> 12) * 0x1p-53 }", "."),
    # --- Checker ---
    ("NumPy signed integers are zero-extended instead of sign-extended (logical shift on the UInt64): an int8 / "
     "int16 / int32 array with -1 reads as 255 / 65535 / 4294967295, so int labels -1 are refused and negative "
     "integer features are silently read as large positive numbers (wrong data, wrong margin)",
     "Checker", "Sources/Checker/Data/NumPyScalarType.swift",
     "let s = Int64(bitPattern: b << shift) >> Int64(shift)",
     "let s = Int64(bitPattern: (b << shift) >> shift)", "."),
    ("Unit direction in linf divides by the largest SIGNED entry instead of the largest magnitude (missing "
     "magnitude): for a primal like (1/2, -1) the reported `weights` are (1, -2) (not unit), and when every entry "
     "is <= 0 they become zeros; writer and checker share the function, so only known answers catch it",
     "Checker", "Sources/Checker/Documents/DocumentRounding.swift",
     "norm == .linf ? w.map(\\.magnitude).max() ?? .zero :",
     "norm == .linf ? w.max() ?? .zero :", "."),
    ("Sparse dual weights accept a repeated point (points only checked non-decreasing, > instead of >=): a document "
     "whose certificate.dual lists the same point twice is no longer refused; dense(count:) keeps only the last "
     "weight, so the listed weights and the proven dual disagree and a doctored document verifies",
     "Checker", "Sources/Checker/Certificates/PointWeights.swift",
     "if k > 0, points[k - 1] >= n {",
     "if k > 0, points[k - 1] > n {", "."),
    # --- Exact ---
    ("IntegerVector.maxNorm takes the largest signed integer instead of the largest magnitude: ||v||_inf of "
     "(1, -3) is 1 instead of 3, so the checker's linf lower bound min z.w / ||w||_inf is inflated and the l1 upper "
     "bound ||sum lambda z||_inf deflated: wrong bounds proven, forged certificates accepted, genuine ones rejected",
     "Exact", "Sources/Exact/IntegerVector.swift",
     "public var maxNorm: Rational { Rational(BigInt(integers.map(\\.magnitude).max() ?? 0), denominator) }",
     "public var maxNorm: Rational { Rational(integers.max() ?? 0, denominator) }", "."),
    ("Rational.doubleValue rounds exact ties away from zero instead of to even (rem >= half): 2^53 + 1 becomes "
     "2^53 + 2 instead of 2^53, 1 + 2^-53 becomes 1 + 2^-52; margins, weights and duals on a tie are no longer "
     "correctly rounded",
     "Exact", "Sources/Exact/Rational+Double.swift",
     "if rem > half || (rem == half &&",
     "if rem >= half || (rem == half &&", "."),
    # --- Trainer ---
    ("Step rule uses the algorithm's norm instead of its dual norm for the radius max_n ||z_n||_*: sign descent "
     "gets 0.1 / max ||z_n||_inf (larger than the documented 0.1 / max ||z_n||_1) and coordinate descent "
     "0.01 / max ||z_n||_1 (smaller); `train` defaults, fixtures' phases and the generated claims change",
     "Trainer", "Sources/Trainer/Optimizers/StepRule.swift",
     "data.signedPoints.map { norm.dual.value($0) }.max() ?? 0",
     "data.signedPoints.map { norm.value($0) }.max() ?? 0", "."),
    ("Diagonal net's linear predictor hard-codes depth 2 (u^2 - v^2) instead of u^D - v^D: for --depth 3 the "
     "predictor margins and `check`'s predictor disagree with the model's own forward pass",
     "Trainer", "Sources/Trainer/Models/DiagonalModel.swift",
     "(0..<inputDimension).map { power(theta[$0], depth) - power(theta[inputDimension + $0], depth) }",
     "(0..<inputDimension).map { power(theta[$0], 2) - power(theta[inputDimension + $0], 2) }", "."),
    ("Sign-balanced initialization starts the output signs with -scale instead of +scale (README: the first "
     "output weight is +scale): two-layer initial parameters differ from the documented protocol and the "
     "fixtures' initial_parameters",
     "Trainer", "Sources/Trainer/Support/Initialization.swift",
     "theta[net.outputIndex(k)] = k % 2 == 0 ? s : -s",
     "theta[net.outputIndex(k)] = k % 2 == 0 ? -s : s", "."),
    ("marginGradient drops the label (c_n = 1 instead of y_n): it returns grad f_n instead of grad q_n = y_n grad f_n, "
     "so for points labelled -1 the KKT residual (--kkt, P25) and Euler's identity <theta, grad q_n> = L q_n are wrong",
     "Trainer", "Sources/Trainer/Support/TrainingProblem.swift",
     "c[n] = data.labels[n]",
     "c[n] = 1", "."),
    # --- FixtureKit ---
    ("Protocol loss 'logistic-mean' runs as the SUM loss: the two-layer protocols (GD phases with logistic-mean) "
     "take n times larger effective GD steps, so our trainer no longer follows the fixture's stated protocol",
     "FixtureKit", "Sources/FixtureKit/TrainingProtocol.swift",
     "case \"logistic-mean\": return Loss(.logistic, reduction: .mean)",
     "case \"logistic-mean\": return Loss(.logistic)", "."),
    # --- Claims ---
    ("Duplicated data family copies point j but keeps point k's label (wrong index): copies with the opposite "
     "label make generated data sets non-separable or change their optimum, so the randomized claims on the "
     "'duplicated' family test different (often inseparable) data than documented",
     "Claims", "Sources/Claims/Generated/GeneratedData.swift",
     "labels[k] = base.labels[j]",
     "labels[k] = base.labels[k]", "."),
    # --- StrictJSON ---
    ("Integers no longer need to be written as integer literals (integerLiteral || integral): indices, counts, "
     "`prime`, `stages`, `width` written as 2.0 or 2e0 are silently accepted, against the documented one-spelling rule",
     "StrictJSON", "Sources/StrictJSON/StrictDecoder.swift",
     "guard integerLiteral, v.rounded() == v,",
     "guard integerLiteral || v.rounded() == v,", "."),
    # --- MarginOracleCLI ---
    ("`train --model diagonal` swaps the limit norms: NGD/GD (l2 geometry) is compared with the linf predictor "
     "margin instead of l1, and sign descent with l1 instead of linf; the summary's limit, gap and stall verdict are wrong",
     "MarginOracleCLI", "Sources/MarginOracleCLI/OracleExpectation.swift",
     "let norm: Norm = geometry == .l2 ? .l1 : .linf",
     "let norm: Norm = geometry == .l2 ? .linf : .l1", "."),
]
