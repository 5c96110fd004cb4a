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
]
