/// Solves a ``LinearProgram`` to a certified exact optimum.
///
/// GLPK proposes a basis; ``ExactBasisSolution`` recomputes the primal and dual values at that
/// basis in exact rationals and checks optimality exactly. When the check fails (GLPK's
/// floating-point tolerances accepted a basis that is not exactly optimal), the solve is repeated
/// from that basis with stricter settings (tight tolerances, then the dual simplex); if those
/// bases fail too, exact simplex pivots (``ExactSimplex``) continue from them, and only then runs
/// `glp_exact` (GLPK's rational simplex on its rounded copy of the data, with a time limit),
/// followed by exact pivots from its basis. Only an exactly verified basis is ever returned.
enum LPSolve {
    /// GLPK's rational simplex stops after this long (its basis then goes to the exact pivots like
    /// any other). On rows mixing 1 and 1e-300 it ran for minutes.
    static let exactTimeLimitMilliseconds: Int32 = 60_000

    /// Diagnostics of one certified solve.
    struct Info: Sendable {
        /// How many bases were tried, each from a GLPK run or the caller's candidate (1 when the
        /// first one was exactly optimal).
        var attempts: Int
        /// Whether exact simplex pivots were needed after GLPK.
        var exactPivots = false
    }

    /// `warmStart`: a basis to start GLPK's first run from (for example the optimal basis of the
    /// same LP found in floating point); the repair chain is unchanged. With `trustWarmStart`
    /// the warm start is first checked exactly as it is, and GLPK runs only if it is not exactly
    /// optimal: a GLPK run from an optimal basis makes no pivot but still loads and factorizes
    /// the whole LP (measured: 93 ms of a 1.3 s l-infinity solve at 10000 x 200).
    /// `longStepDual`: the first GLPK run is the long-step dual simplex (from a dual feasible
    /// `warmStart`). `feasibleStart`: a primal feasible basis built from the last GLPK column values (or `nil`),
    /// for exact primal pivots when every other basis was both primal and dual infeasible.
    static func certifiedOptimum(
        _ lp: LinearProgram, warmStart: Basis? = nil, trustWarmStart: Bool = false,
        feasibleStart: ((_ lastColumns: [Double]?) -> Basis?)? = nil, longStepDual: Bool = false
    ) throws(OracleError) -> (ExactBasisSolution, Info) {
        try lp.validate()
        var attempts = 0
        var triedBases: [Basis] = []
        var lastReason = "GLPK did not report an optimal basis"
        var first = GLPKBackend.Settings()
        first.warmStart = warmStart
        first.longStepDual = longStepDual
        var plan: [GLPKBackend.Settings] = [first]
        var lastBasis: Basis? = nil
        var lastColumns: [Double]? = nil
        if trustWarmStart, let candidate = warmStart {
            attempts += 1
            if let solution = ExactBasisSolution.compute(lp, basis: candidate) {
                if solution.isOptimal { return (solution, Info(attempts: attempts)) }
                lastReason = solution.failure ?? lastReason
                triedBases.append(candidate)
            }
            // GLPK at its default tolerances would stop at the same basis: go on with the strict runs.
            plan = []
            lastBasis = candidate
        }
        var tight = GLPKBackend.Settings()
        tight.tolerance = 1e-11
        var dual = tight
        dual.dualSimplex = true
        var exact = GLPKBackend.Settings()
        exact.exact = true
        exact.timeLimitMilliseconds = exactTimeLimitMilliseconds
        plan += [tight, dual]
        var repaired: [Basis] = []
        /// Exact pivots from the nearly optimal bases not yet repaired (the last, most careful one first).
        func repairs() -> ExactBasisSolution? {
            for basis in triedBases.reversed() where !repaired.contains(basis) {
                repaired.append(basis)
                if let (solution, _) = ExactSimplex.repair(lp, from: basis) { return solution }
            }
            return nil
        }
        // Float runs, then exact pivots from their bases, and only then GLPK's rational simplex:
        // on rows mixing scales (1 and 1e-300) glp_exact's rationals grow so large that it ran for
        // minutes where a few exact pivots from a float basis suffice.
        for (index, base) in (plan + [exact]).enumerated() {
            if index == plan.count, let solution = repairs() {
                return (solution, Info(attempts: attempts, exactPivots: true))
            }
            var settings = base
            if attempts > 0 { settings.warmStart = lastBasis }
            attempts += 1
            // A GLPK internal error (an assertion on rows mixing 1e-300 and 1e300) ends that run,
            // not the solve: its environment is freed and the next run starts a fresh one.
            let outcome: GLPKBackend.Outcome
            do { outcome = try GLPKBackend.solve(lp, settings: settings) } catch {
                lastReason = "\(error)"
                continue
            }
            guard outcome.status == .optimal || outcome.status == .undefined else {
                lastReason = "GLPK reported the LP \(outcome.status) (\(outcome.message))"
                continue
            }
            lastBasis = outcome.basis
            lastColumns = outcome.columnValues
            guard let solution = ExactBasisSolution.compute(lp, basis: outcome.basis) else {
                lastReason = "GLPK's basis is singular in exact arithmetic (\(outcome.message))"
                continue
            }
            if solution.isOptimal { return (solution, Info(attempts: attempts)) }
            lastReason = solution.failure ?? lastReason
            triedBases.append(outcome.basis)
        }
        if let solution = repairs() { return (solution, Info(attempts: attempts, exactPivots: true)) }
        if let start = feasibleStart?(lastColumns),
            let (solution, _) = ExactSimplex.repair(
                lp, from: start, maxPivots: 2 * (lp.rowCount + lp.columnCount) + 500)
        {
            return (solution, Info(attempts: attempts + 1, exactPivots: true))
        }
        throw .certificationFailed(
            "no basis was exactly optimal after \(attempts) attempts; last problem: \(lastReason).")
    }
}
