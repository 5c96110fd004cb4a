# Fifth independent set (issue 20): written blind by a helper session that read README.md and Sources/ only
# (not Tests, bench, python, Fixtures or git history).
M = [
    ("NumPyArchive: the member's data offset ignores the local header's extra-field length; np.savez writes a "
     "ZIP64 extra field (20 bytes) in every local header, so `solve d.npz` / `kkt net.npz` parse the .npy member "
     "from 20 bytes too early and refuse every real NumPy archive (exit 2, 'not a .npy' / bad magic)",
     "Checker", "Sources/Checker/Data/NumPyArchive.swift",
     "let dataStart = local + 30 + u16(bytes, local + 26) + u16(bytes, local + 28)",
     "let dataStart = local + 30 + u16(bytes, local + 26)", "."),
    ("NumPyHeader: the key check is weakened from 'exactly descr, fortran_order, shape' to 'at least those'; a "
     ".npy header with an extra key such as 'extra': 'x' (which NumPy's own reader refuses) is accepted "
     "instead of exit 2",
     "Checker", "Sources/Checker/Data/NumPyHeader.swift",
     'guard keys == ["descr", "fortran_order", "shape"] else {',
     'guard keys.isSuperset(of: ["descr", "fortran_order", "shape"]) else {', "."),
    ("DocumentVerifier: documents inside a JSON array are decoded without refusing unknown keys; `verify` of "
     "[doc] where doc carries an unchecked extra claim (e.g. \"note\": 1 or a misspelled key) passes with exit 0 "
     "instead of exit 2 (the single-document path still refuses it)",
     "Checker", "Sources/Checker/Documents/DocumentVerifier.swift",
     "from: item, bytes: bytes, rejectUnknownKeys: true",
     "from: item, bytes: bytes, rejectUnknownKeys: false", "."),
    ("FileReference.matches: size OR hash instead of size AND hash; `verify DOC --data OTHER` (or a data file "
     "edited in place) with a different file of the same byte size is accepted as the file the document names, "
     "so a referenced document is checked against data it was not computed from",
     "Checker", "Sources/Checker/Documents/FileReference.swift",
     "contents.count == bytes && SHA256.hex(contents) == sha256",
     "contents.count == bytes || SHA256.hex(contents) == sha256", "."),
    ("TwoLayerDocument: network.hidden is compared with the certificate's network flattened, plus only the "
     "number of rows instead of every row's length; a forged two-layer document whose hidden rows are regrouped "
     "([[a, b], [c, d]] -> [[a], [b, c, d]]) passes `verify`",
     "Checker", "Sources/Checker/Documents/TwoLayerDocument.swift",
     r"|| network.hidden.map(\.count) != hidden.map(\.count)",
     r"|| network.hidden.count != hidden.count", "."),
    ("FixtureOracle: the leximin weights' ball norm is chosen by the wrong norm (max for l1, sum for linf); "
     "`verify` of a genuine fixture whose linf leximin weights have several coordinates at +-1 reports "
     "'weights have norm 2 > 1', and forged l1 leximin weights outside the l1 ball are accepted",
     "Checker", "Sources/Checker/Documents/FixtureOracle.swift",
     "let size = norm == .linf ?",
     "let size = norm == .l1 ?", "."),
    ("SHA256: the padded message length is taken from the last partial block instead of the whole message; "
     "digests of inputs shorter than 64 bytes ('abc', '') are still right, but every longer file gets a wrong "
     "SHA-256: the manifest of `generate`, `input.sha256` of `solve --no-embed-data` and `kkt` differ from "
     "sha256sum",
     "Checker", "Sources/Checker/Support/SHA256.swift",
     "let bitLength = UInt64(message.count) * 8",
     "let bitLength = UInt64(tail.count) * 8", "."),
    ("CoordinateValues.problem: off-by-one range check (i > count instead of i >= count); a forged KKT document "
     "whose certificate.dual or subgradient names coordinate P (one past the last parameter) passes the check "
     "and `verify` crashes with an index out of range in dense(count:) instead of reporting the problem",
     "Checker", "Sources/Checker/KKT/CoordinateValues.swift",
     "if i < 0 || i >= count {",
     "if i < 0 || i > count {", "."),
    ("Norm.value: the l-infinity norm forgets the absolute value (max of the entries, not of their magnitudes); "
     "the step rule's dual radius for coordinate descent (max_n ||z_n||_inf) and the reported normalized "
     "l-infinity margins are wrong whenever the largest-magnitude entry is negative (`train --optimizer "
     "coordinate` without --lr picks a different step; checkpoints' normalized_margin.linf wrong)",
     "Checker", "Sources/Checker/Data/Norm.swift",
     "max($0, abs($1))",
     "max($0, $1)", "."),
    ("Rational(parsingCanonical:): the 'q > 1' condition is dropped, so '5/1' (an integer written with a "
     "denominator) is read as canonical; `verify` accepts a document whose exact rationals are spelled "
     "'p/1' instead of refusing it (exit 2), so one value has two accepted spellings",
     "Exact", "Sources/Exact/Rational.swift",
     "if slash && (denominator != d || d == 1) { return nil }",
     "if slash && denominator != d { return nil }", "."),
    ("ModularRank.residue: negative entries are reduced as if positive (missing p - value); the rank of a face "
     "matrix with negative entries is wrong ([[1, 1], [1, -1]] gets rank 1), so `solve --lexicographic` misses "
     "pins it should find (different document) and `verify` accepts or rejects pins by the wrong rank",
     "Exact", "Sources/Exact/ModularRank.swift",
     "return x.sign == .minus && value != 0 ? p - value : value",
     "return value", "."),
    ("FastIntegerKernels.dyadicCombination: subnormal entries get exponent -1075 instead of -1074 (halved); "
     "exact combinations sum_a w_a z_a of rows with subnormal coordinates (data near 5e-324) are wrong, so "
     "certificates on such data are mis-checked (solve exits 3 or `verify` rejects a genuine document)",
     "Exact", "Sources/Exact/FastIntegerKernels.swift",
     "let e = raw == 0 ? -1074 : raw - 1075",
     "let e = raw == 0 ? -1075 : raw - 1075", "."),
    ("DecimalToDouble: off-by-one in the significant-digit limit (20 digits accumulated instead of 19); a "
     "decimal with 20+ significant digits starting at or above 18446744... (e.g. 0.98765432109876543210 in a "
     "data file) overflows the 64-bit accumulator and is read as a wrong double (solve on JSON/CSV data "
     "solves other numbers than the file holds)",
     "StrictJSON", "Sources/StrictJSON/DecimalToDouble.swift",
     "if digits < 19 {",
     "if digits <= 19 {", "."),
    ("DecimalField (CSV numbers): digits after the decimal point no longer count as nonzero for the underflow "
     "check; a CSV field such as 0.5e-400 (a nonzero decimal that rounds to zero) is accepted as 0 instead of "
     "being refused with exit 2 ('1e-400' is still refused)",
     "StrictJSON", "Sources/StrictJSON/DecimalField.swift",
     "guard isDigit(i) else { return .failure(.notANumber) }\n            while isDigit(i) {\n"
     "                nonzeroDigit = nonzeroDigit || bytes[i] != 0x30\n",
     "guard isDigit(i) else { return .failure(.notANumber) }\n            while isDigit(i) {\n", "."),
    ("EnsembleModel.homogeneityDegree: the check that all parts share one degree is dropped, so the linear + "
     "depth-2 diagonal ensemble claims degree 1 instead of nil (non-homogeneous); `train --model ensemble` "
     "reports normalized margins q_min/||theta|| it should not, and Euler's identity <theta, grad f> = L f fails",
     "Trainer", "Sources/Trainer/Models/EnsembleModel.swift",
     "guard let first = degrees[0], degrees.allSatisfy({ $0 == first }) else { return nil }",
     "guard let first = degrees[0] else { return nil }", "."),
    ("Training.run: the stall watch also records the final parameters (t <= steps instead of t < steps), so "
     "the final theta is always found among the recent ones; every constant-step ngd/sign/coordinate run of at "
     "least 100 steps (e.g. `train D3 --optimizer ngd --steps 1000`) is reported 'stalled' with period 0",
     "Trainer", "Sources/Trainer/Trajectories/Training.swift",
     "if t >= watchFrom && t < steps {",
     "if t >= watchFrom && t <= steps {", "."),
    ("FixtureGenerator.stepSize: sign descent gets the step rule of the l1 geometry (coordinate descent's "
     "0.01 / max_n ||z_n||_inf) instead of 0.1 / max_n ||z_n||_1; `generate` writes sign-descent "
     "expectations and controls with the wrong step_size (fixtures differ from the committed ones and from "
     "the README's protocol)",
     "FixtureKit", "Sources/FixtureKit/FixtureGenerator.swift",
     'case "sign": return StepRule.normalized(.linf, data)',
     'case "sign": return StepRule.normalized(.l1, data)', "."),
    ("VerifyCommand: exit 1 only when more than one problem is found; `verify` of a forged document with "
     "exactly one wrong claim (say a changed margin) prints passed: false but exits 0",
     "MarginOracleCLI", "Sources/MarginOracleCLI/VerifyCommand.swift",
     "if !problems.isEmpty { throw Exit.negative }",
     "if problems.count > 1 { throw Exit.negative }", "."),
    ("L2MaxMargin.exactAlpha: for a corral whose rows share a positive power of two (top >= 1: even integer "
     "data, data scaled by 2^k, large magnitudes) the denominator is scaled by 2^top instead of 2^(2 top); "
     "alpha is 2^top too large, and the certified gamma2*^2 = 1 / sum(alpha) is too small by 2^top (l2 margin "
     "of [[2, 4], [4, 2]] or of data scaled by 2 is wrong; solve fails to certify or writes a wrong margin)",
     "Oracle", "Sources/Oracle/MaxMargin/L2MaxMargin.swift",
     "denominator: beta.denominator << (2 * top))",
     "denominator: beta.denominator << top)", "."),
    ("PinnedFace.levels: ties between free points with the same margin at the pinned point are ordered by "
     "decreasing index; a level after the pin with two or more points lists them decreasing in "
     "lexicographic_certificate, which the checker refuses ('its points are not strictly increasing'): "
     "`solve --lexicographic` on data with tied margins after the pin fails or writes a document verify rejects",
     "Oracle", "Sources/Oracle/Lexicographic/PinnedFaceSearch.swift",
     "free[$0] < free[$1]",
     "free[$0] > free[$1]", "."),
]
