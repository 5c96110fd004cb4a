"""The mutant catalogue of the whole package (issue 20): realistic one-line bugs in every module.

Each entry: (name, module, file, old, new, filter). `filter` is the `swift test --filter` regex of
the test targets that could catch it (test target names; about the whole suite for each module).
bench/run-mutants.sh applies them one at a time in a scratch worktree of HEAD and records which
tests failed, and whether the catch came only from a golden file or a crash.
The checker's and reader's mutants are bench/checker-mutants.py (imported below).
"""
import os

# Run from the repository root (bench/run-mutants.sh does).
_here = "bench"
_scope = {}
exec(open(os.path.join(_here, "checker-mutants.py")).read(), _scope)

T = "Sources/Trainer/"
O = "Sources/Oracle/"
F = "Sources/FixtureKit/"
CHECKER_FILTER = "CheckerTests|DatasetLoaderTests"
TRAINER_FILTER = "TrainerTests|PropertyTests|FixtureTests|CLITests"
ORACLE_FILTER = "OracleTests|FixtureTests|PropertyTests"
FIXTURE_FILTER = "FixtureTests|CLITests"

M = [(name, "Checker/StrictJSON", f, old, new, CHECKER_FILTER) for (name, f, old, new) in _scope["M"]] + [
    # Trainer: optimizers and schedules
    ("Adam without bias correction", "Trainer", T + "Optimizers/Optimizer.swift",
     "let mHat = c1 > 0 ? state.m[i] / c1 : state.m[i]", "let mHat = state.m[i]", TRAINER_FILTER),
    ("inverse-sqrt schedule divides by sqrt(t)", "Trainer", T + "Optimizers/Optimizer.swift",
     "case .inverseSqrt(let eta0): return eta0 / (Double(t) + 1).squareRoot()",
     "case .inverseSqrt(let eta0): return eta0 / Double(t).squareRoot()", TRAINER_FILTER),
    ("NGD normalized by the squared norm", "Trainer", T + "Optimizers/Optimizer.swift",
     "let length = ((s0 + s1) + (s2 + s3)).squareRoot()", "let length = ((s0 + s1) + (s2 + s3))", TRAINER_FILTER),
    ("coordinate descent ties to the largest index", "Trainer", T + "Optimizers/Optimizer.swift",
     "for i in g.indices where abs(g[i]) > abs(g[best]) { best = i }",
     "for i in g.indices where abs(g[i]) >= abs(g[best]) { best = i }", TRAINER_FILTER),
    ("sign(0) = +1 in sign descent", "Trainer", T + "Optimizers/Optimizer.swift",
     "static func sign(_ v: Double) -> Double { v > 0 ? 1 : (v < 0 ? -1 : 0) }",
     "static func sign(_ v: Double) -> Double { v >= 0 ? 1 : -1 }", TRAINER_FILTER),
    ("unnormalized steepest descent scaled by the primal norm", "Trainer", T + "Optimizers/Optimizer.swift",
     "let factor = normalized ? eta : eta * exp(logScale) * norm.dual.value(direction)",
     "let factor = normalized ? eta : eta * exp(logScale) * norm.value(direction)", TRAINER_FILTER),
    ("loss-scaled GD without the 1/L factor", "Trainer", T + "Optimizers/Optimizer.swift",
     "let factor = eta0 * exp(logScale - logLoss)", "let factor = eta0 * exp(logScale)", TRAINER_FILTER),
    # Trainer: losses
    ("mean reduction ignored in the loss value", "Trainer", T + "Losses/Loss.swift",
     "logSumExp(q.map(logSampleLoss)) - (reduction == .mean ? log(Double(q.count)) : 0)",
     "logSumExp(q.map(logSampleLoss))", TRAINER_FILTER),
    ("mean reduction ignored in the gradient scale", "Trainer", T + "Losses/Loss.swift",
     "return top + log(total) - (reduction == .mean ? log(Double(q.count)) : 0)",
     "return top + log(total)", TRAINER_FILTER),
    ("exponential loss derivative of the logistic", "Trainer", T + "Losses/Loss.swift",
     "        case .exponential: return -q\n        case .logistic: return -Loss.softplus(q)",
     "        case .exponential: return -Loss.softplus(q)\n        case .logistic: return -Loss.softplus(q)",
     TRAINER_FILTER),
    # Trainer: models, initializations, observables
    ("diagonal predictor u^2 + v^2", "Trainer", T + "Models/DiagonalModel.swift",
     "(0..<inputDimension).map { power(theta[$0], depth) - power(theta[inputDimension + $0], depth) }",
     "(0..<inputDimension).map { power(theta[$0], depth) + power(theta[inputDimension + $0], depth) }",
     TRAINER_FILTER),
    ("leaky ReLU derivative 0 on the negative side", "Trainer", T + "Models/TwoLayerLeakyReLU.swift",
     "@inline(__always) func phiPrime(_ s: Double) -> Double { s > 0 ? 1 : leak }",
     "@inline(__always) func phiPrime(_ s: Double) -> Double { s > 0 ? 1 : 0 }", TRAINER_FILTER),
    ("abs-gaussian init without the absolute value", "Trainer", T + "Support/Initialization.swift",
     "case .absoluteGaussian(let s): return (0..<p).map { _ in s * abs(gaussians.next(&rng)) }",
     "case .absoluteGaussian(let s): return (0..<p).map { _ in s * gaussians.next(&rng) }", TRAINER_FILTER),
    ("sign-balanced init with every output positive", "Trainer", T + "Support/Initialization.swift",
     "theta[net.outputIndex(k)] = k % 2 == 0 ? s : -s", "theta[net.outputIndex(k)] = s", TRAINER_FILTER),
    ("normalized margin divided by ||theta|| instead of ||theta||^L", "Trainer",
     T + "Trajectories/Observables.swift",
     "for norm in Norm.allCases { m[norm.rawValue] = qMin / pow(norm.value(theta), Double(degree)) }",
     "for norm in Norm.allCases { m[norm.rawValue] = qMin / norm.value(theta) }", TRAINER_FILTER),
    # Oracle solvers
    ("l1/linf separability at level 0", "Oracle", O + "MaxMargin/PolyhedralMaxMargin.swift",
     "let separable = t.signum > 0", "let separable = t.signum >= 0", ORACLE_FILTER),
    ("uniqueness: a face with two distinct ends counted unique", "Oracle", O + "MaxMargin/Uniqueness.swift",
     "if range[0] != range[1] { return false }", "if range[0] != range[1] && false { return false }",
     ORACLE_FILTER),
    ("ensemble: the deep part always separates", "Oracle", O + "Ensembles/EnsembleOracle.swift",
     "deepSeparates: deep.status == .separable", "deepSeparates: true", ORACLE_FILTER),
    # FixtureKit: check and the generator
    ("check: tolerance doubled", "FixtureKit", F + "FixtureChecker.swift",
     "if gap > e.tolerance {", "if gap > 2 * e.tolerance {", FIXTURE_FILTER),
    ("check: a reached value above the certified optimum accepted", "FixtureKit", F + "FixtureChecker.swift",
     "if reached > e.limit * (1 + 1e-9) + 1e-12 {", "if reached > e.limit * 2 + 1e-12 {", FIXTURE_FILTER),
    ("check: the ensemble's linear part scaled like the diagonal part", "FixtureKit", F + "ScaleFreeMeasure.swift",
     "return scaled(w, by: -2 * a) + scaled(uv, by: -a)", "return scaled(w, by: -a) + scaled(uv, by: -a)",
     FIXTURE_FILTER),
    ("generator: tolerance 20x the worst gap", "FixtureKit", F + "ExpectationBuilder.swift",
     "let tolerance = max(2 * worst, 1e-6 * c.limit)", "let tolerance = max(20 * worst, 1e-6 * c.limit)",
     FIXTURE_FILTER),
    ("generator: a different-limit control that does not miss is kept", "FixtureKit",
     F + "ExpectationBuilder.swift", "if plan.differentLimit {", "if plan.differentLimit && false {",
     FIXTURE_FILTER),
    # Trainer: more models and observables
    ("deep linear predictor skips the first layer", "Trainer", T + "Models/DeepLinearModel.swift",
     "for k in stride(from: depth - 1, through: 0, by: -1) {\n            propagate(b,",
     "for k in stride(from: depth - 1, through: 1, by: -1) {\n            propagate(b,", TRAINER_FILTER),
    ("ensemble predictor keeps only the last part", "Trainer", T + "Models/EnsembleModel.swift",
     "for j in beta.indices { beta[j] += p[j] }", "for j in beta.indices { beta[j] = p[j] }", TRAINER_FILTER),
    ("layer alignment between the wrong singular vectors", "Trainer", T + "Trajectories/Observables.swift",
     "abs(dot(svd[k + 1].right, svd[k].left))", "abs(dot(svd[k + 1].left, svd[k].left))", TRAINER_FILTER),
    ("KKT residual: theta scaled by q_min instead of q_min^(1/L)", "Trainer", T + "Trajectories/KKTResidual.swift",
     "let scaled = theta.map { $0 / pow(qMin, 1 / Double(degree)) }", "let scaled = theta.map { $0 / qMin }",
     TRAINER_FILTER),
    ("KKT residual: active set without the tolerance", "Trainer", T + "Trajectories/KKTResidual.swift",
     "let active = q.indices.filter { q[$0] / qMin <= 1 + tau }", "let active = q.indices.filter { q[$0] <= qMin }",
     TRAINER_FILTER),
    # Oracle: the l2, leximin and two-layer solvers (their answers are certified before they are returned)
    ("l2: the repair never adds the last point", "Oracle", O + "MaxMargin/L2MaxMargin.swift",
     "for n in z.indices where signs[n] < 0 {", "for n in z.indices.dropLast() where signs[n] < 0 {", ORACLE_FILTER),
    ("l2: weights scaled by the norm instead of divided", "Oracle", O + "MaxMargin/L2MaxMargin.swift",
     "? filtered.approx.map { $0 / normW } : unitVector(wHat)", "? filtered.approx.map { $0 * normW } : unitVector(wHat)",
     ORACLE_FILTER),
    ("leximin: a point at the level is never probed", "Oracle", O + "Lexicographic/LexicographicMaxMargin.swift",
     "if above[k] > 0 { continue }", "if above[k] >= 0 { continue }", ORACLE_FILTER),
    ("leximin: a probe that reaches the level does not block", "Oracle",
     O + "Lexicographic/LexicographicMaxMargin.swift",
     "if best.objective <= t * factor {", "if best.objective < t * factor {", ORACLE_FILTER),
    ("two-layer: pricing with a ReLU whatever the leak", "Oracle", O + "TwoLayer/TwoLayerMaxMargin.swift",
     "static func phi(_ s: Double, _ alpha: Double) -> Double { s >= 0 ? s : alpha * s }",
     "static func phi(_ s: Double, _ alpha: Double) -> Double { s >= 0 ? s : 0 }", ORACLE_FILTER),
    # Checker: the two-layer certificate (independent of the solver's code)
    ("two-layer checker: the dual function ignores the leak", "Checker/StrictJSON",
     "Sources/Checker/Certificates/TwoLayerChecker.swift",
     "? lambda[n] * y[n] : alpha * lambda[n] * y[n]", "? lambda[n] * y[n] : lambda[n] * y[n]", CHECKER_FILTER),
    ("two-layer checker: lower <= upper not required", "Checker/StrictJSON",
     "Sources/Checker/Certificates/TwoLayerChecker.swift",
     "guard lower * lower <= upperSquared else {", "guard lower * lower <= Rational(4) * upperSquared else {", CHECKER_FILTER),
    # CLI readers (CSV; numbers through StrictJSON)
    ("CSV: every non-numeric line skipped as a header", "Checker/StrictJSON", "Sources/Checker/Data/DatasetLoader.swift",
     "            if !sawContent {\n                sawContent = true", "            if true {\n                sawContent = true",
     CHECKER_FILTER + "|CLITests"),
    ("CSV: line numbers counted from 0", "Checker/StrictJSON", "Sources/Checker/Data/DatasetLoader.swift",
     "let lineNumber = lineIndex + 1", "let lineNumber = lineIndex", CHECKER_FILTER + "|CLITests"),
    ("numbers: an underflow to zero accepted", "Checker/StrictJSON", "Sources/StrictJSON/StrictJSONParser.swift",
     "if v.isInfinite || (v == 0 && nonzeroDigit) {", "if v.isInfinite {", CHECKER_FILTER + "|CLITests"),
    ("numbers: a decimal point without digits accepted", "Checker/StrictJSON",
     "Sources/StrictJSON/StrictJSONParser.swift",
     "guard position < bytes.count, isDigit(bytes[position]) else {\n                throw fail(\"a decimal point",
     "guard true else {\n                throw fail(\"a decimal point", CHECKER_FILTER + "|CLITests"),
]
