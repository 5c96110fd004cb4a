import CGLPK

/// The only place in MarginOracle that touches GLPK.
///
/// Contract:
/// - every input is validated in Swift (``LinearProgram/validate()``) before any `glp_*` call,
///   because GLPK answers a bad call with `abort()`;
/// - the solver call itself is additionally guarded in C (`cglpk_solve_guarded`);
/// - one synchronous call creates, loads, solves, reads and deletes the problem, so a `glp_prob`
///   never crosses threads (GLPK's environment is per thread) and never lives across an `await`;
/// - terminal output is silenced on the calling thread.
///
/// GLPK's numbers are floating point (`glp_exact` even rounds its inputs to nearby simple
/// fractions first, PLATFORM.md), so callers use only the returned *basis* as a hint and
/// recompute everything exactly.
enum GLPKBackend {
    /// How to run the simplex method.
    struct Settings: Sendable {
        /// Use `glp_exact` (rational simplex on GLPK's rounded copy of the data) instead of `glp_simplex`.
        var exact = false
        /// Primal feasibility and reduced-cost tolerances (GLPK's `tol_bnd`, `tol_dj`); GLPK's defaults are 1e-7.
        var tolerance = 1e-7
        /// Use the dual simplex (then primal if it fails) instead of the primal simplex.
        var dualSimplex = false
        /// Simplex iteration limit.
        var iterationLimit = 1_000_000
        /// A starting basis (warm start); `nil` builds GLPK's advanced initial basis.
        var warmStart: Basis? = nil
        /// Skip GLPK's own scaling on the first try (rows are already scaled by powers of two).
        /// Saves about a third of a warm-started re-solve; used by constraint generation's
        /// floating-point rounds, whose answers are only proposals.
        var preferUnscaled = false
        /// GLPK's own time limit (`tm_lim`, milliseconds); `nil`: none.
        var timeLimitMilliseconds: Int32? = nil
        /// Dual simplex with the long-step (bound-flipping) ratio test: from a dual feasible
        /// vertex of a box it flips many bounds per iteration (linf stages with d >> n).
        var longStepDual = false
    }

    /// What GLPK reported.
    struct Outcome: Sendable {
        enum Status: Sendable { case optimal, infeasible, unbounded, undefined }
        var status: Status
        var basis: Basis
        var objective: Double
        var columnValues: [Double]
        /// GLPK's row duals (floating point; only hints, like everything GLPK returns).
        var rowDuals: [Double]
        /// GLPK's return code (0 on success) and its meaning.
        var returnCode: Int
        var message: String
    }

    /// GLPK's version string, checked before every solve: the wrapper is written against 5.x.
    static var version: String { String(cString: glp_version()) }

    /// Solves `lp` (already validated by the caller; validated again here, cheaply).
    static func solve(_ lp: LinearProgram, settings: Settings = Settings()) throws(OracleError) -> Outcome {
        try lp.validate()
        guard version.hasPrefix("5.") else {
            throw .lpBackendFailure(
                code: -2,
                message: "GLPK \(version) is installed but MarginOracle needs GLPK 5.x (Debian's libglpk-dev).")
        }
        if let basis = settings.warmStart {
            guard basis.rows.count == lp.rowCount, basis.columns.count == lp.columnCount else {
                throw .invalidSettings("The warm-start basis has the wrong size.")
            }
        }
        guard settings.tolerance > 0, settings.tolerance < 1e-3, settings.iterationLimit > 0 else {
            throw .invalidSettings(
                "GLPK tolerance \(settings.tolerance) must be in (0, 1e-3) and the iteration limit positive.")
        }
        // GLPK's own scaling can itself fail on extreme data ("invalid scale factor"); the guard
        // turns that into a return code, and the solve is repeated without it.
        var lastMessage = ""
        for scale in (settings.preferUnscaled ? [false, true] : [true, false]) {
            switch try runOnce(lp, settings: settings, scale: scale) {
            case .success(let outcome): return outcome
            case .failure(let message): lastMessage = message
            }
        }
        throw .lpBackendFailure(code: -1, message: "GLPK raised an internal error: \(lastMessage)")
    }

    private enum Attempt {
        case success(Outcome)
        case failure(String)
    }

    /// Create, load, (scale,) solve, read, delete: one synchronous call on one thread.
    private static func runOnce(_ lp: LinearProgram, settings: Settings, scale: Bool) throws(OracleError) -> Attempt {
        glp_term_out(GLP_OFF)
        guard let problem = glp_create_prob() else {
            throw .lpBackendFailure(code: -3, message: "glp_create_prob returned NULL (out of memory).")
        }
        let rowScale = rowScales(lp)
        load(lp, rowScale: rowScale, into: problem)
        if let basis = settings.warmStart {
            setBasis(basis, problem)
        } else if scale {
            glp_adv_basis(problem, 0)
        } else {
            glp_std_basis(problem)
        }

        var parm = glp_smcp()
        glp_init_smcp(&parm)
        parm.msg_lev = GLP_MSG_OFF
        parm.meth = settings.dualSimplex || settings.longStepDual ? GLP_DUALP : GLP_PRIMAL
        if settings.longStepDual { parm.r_test = GLP_RT_FLIP }
        parm.tol_bnd = settings.tolerance
        parm.tol_dj = settings.tolerance
        parm.it_lim = Int32(clamping: settings.iterationLimit)
        if let limit = settings.timeLimitMilliseconds { parm.tm_lim = max(limit, 1) }
        parm.presolve = GLP_OFF

        var guardBlock = cglpk_guard()
        var rc = cglpk_solve_guarded(problem, &parm, settings.exact ? 1 : 0, scale ? 1 : 0, &guardBlock)
        if rc == -1 {
            // GLPK raised an error and freed its whole environment, `problem` included.
            return .failure(
                withUnsafeBytes(of: &guardBlock.msg) { String(decoding: $0.prefix(Int(guardBlock.len)), as: UTF8.self) }
            )
        }
        // Deleted on every way out, except after a caught error: GLPK has then freed it with its
        // whole environment, and deleting it again aborted the process ("glp_free: memory
        // allocation error" on {"X": [[1e283, 1e193], [1e-111, 1e265], ...]} with linf).
        var alive = true
        defer { if alive { glp_delete_prob(problem) } }
        if rc == GLP_EBADB || rc == GLP_ESING || rc == GLP_ECOND {
            // The starting basis was unusable: restart from the all-slack basis (always valid).
            glp_std_basis(problem)
            rc = cglpk_solve_guarded(problem, &parm, settings.exact ? 1 : 0, 0, &guardBlock)
            if rc == -1 {
                alive = false
                return .failure(
                    withUnsafeBytes(of: &guardBlock.msg) {
                        String(decoding: $0.prefix(Int(guardBlock.len)), as: UTF8.self)
                    })
            }
        }
        var outcome = read(problem, lp: lp, returnCode: rc)
        // Row i was multiplied by rowScale[i]: its dual in the original LP is scaled the same way.
        for i in outcome.rowDuals.indices { outcome.rowDuals[i] *= rowScale[i] }
        return .success(outcome)
    }

    /// A power of two per row that brings its largest entry to [1, 2): exact, it changes neither
    /// the basis nor the solution, and keeps GLPK's own scaling away from underflow (rows of size
    /// 2^-1000 made glp_scale_prob abort with "invalid scale factor").
    static func rowScales(_ lp: LinearProgram) -> [Double] {
        lp.rows.map { row in
            let largest = row.map { abs($0.value) }.max() ?? 1
            guard largest > 0, largest.isFinite else { return 1 }
            // Clamped to the finite powers of two: a row of subnormals (largest 2^-1074) would
            // otherwise ask for 2^1074, which overflows to infinity (it crashed the solve).
            return Double(sign: .plus, exponent: min(max(-largest.exponent, -1022), 1023), significand: 1)
        }
    }

    // MARK: - Loading (1-based arrays: GLPK ignores element 0)

    private static func load(_ lp: LinearProgram, rowScale: [Double], into p: OpaquePointer) {
        glp_set_obj_dir(p, lp.maximize ? GLP_MAX : GLP_MIN)
        glp_add_rows(p, Int32(lp.rowCount))
        glp_add_cols(p, Int32(lp.columnCount))
        for (j, c) in lp.objective.enumerated() { glp_set_obj_coef(p, Int32(j + 1), c) }
        for (j, b) in lp.columnBounds.enumerated() {
            let (type, lo, hi) = glpkBounds(b)
            glp_set_col_bnds(p, Int32(j + 1), type, lo, hi)
        }
        for (i, b) in lp.rowBounds.enumerated() {
            let (type, lo, hi) = glpkBounds(scaled(b, by: rowScale[i]))
            glp_set_row_bnds(p, Int32(i + 1), type, lo, hi)
        }
        var ia: [Int32] = [0]
        var ja: [Int32] = [0]
        var ar: [Double] = [0]
        for (i, row) in lp.rows.enumerated() {
            for (j, v) in row {
                let w = v * rowScale[i]  // exact unless it underflows; GLPK only gives a hint
                guard w != 0, w.isFinite else { continue }
                ia.append(Int32(i + 1))
                ja.append(Int32(j + 1))
                ar.append(w)
            }
        }
        glp_load_matrix(p, Int32(ar.count - 1), ia, ja, ar)
    }

    /// Bounds multiplied by a positive power of two.
    private static func scaled(_ b: LinearProgram.Bound, by s: Double) -> LinearProgram.Bound {
        let f = Rational(exactly: s)!
        switch b {
        case .free: return .free
        case .lower(let l): return .lower(l * f)
        case .upper(let u): return .upper(u * f)
        case .range(let l, let u): return .range(l * f, u * f)
        case .fixed(let v): return .fixed(v * f)
        }
    }

    /// GLPK bound type and values; bounds whose doubles coincide become fixed.
    private static func glpkBounds(_ b: LinearProgram.Bound) -> (Int32, Double, Double) {
        switch b {
        case .free: return (GLP_FR, 0, 0)
        case .lower(let l): return (GLP_LO, l.doubleValue, 0)
        case .upper(let u): return (GLP_UP, 0, u.doubleValue)
        case .fixed(let v): return (GLP_FX, v.doubleValue, v.doubleValue)
        case .range(let l, let u):
            let (dl, du) = (l.doubleValue, u.doubleValue)
            return dl < du ? (GLP_DB, dl, du) : (GLP_FX, dl, dl)
        }
    }

    private static func setBasis(_ basis: Basis, _ p: OpaquePointer) {
        for (i, s) in basis.rows.enumerated() { glp_set_row_stat(p, Int32(i + 1), glpkStatus(s)) }
        for (j, s) in basis.columns.enumerated() { glp_set_col_stat(p, Int32(j + 1), glpkStatus(s)) }
    }

    private static func glpkStatus(_ s: BasisStatus) -> Int32 {
        switch s {
        case .basic: return GLP_BS
        case .atLower: return GLP_NL
        case .atUpper: return GLP_NU
        case .freeNonbasic: return GLP_NF
        case .fixedNonbasic: return GLP_NS
        }
    }

    private static func basisStatus(_ s: Int32) -> BasisStatus {
        switch s {
        case GLP_BS: return .basic
        case GLP_NL: return .atLower
        case GLP_NU: return .atUpper
        case GLP_NF: return .freeNonbasic
        default: return .fixedNonbasic
        }
    }

    // MARK: - Reading

    private static func read(_ p: OpaquePointer, lp: LinearProgram, returnCode rc: Int32) -> Outcome {
        let basis = Basis(
            rows: (0..<lp.rowCount).map { basisStatus(glp_get_row_stat(p, Int32($0 + 1))) },
            columns: (0..<lp.columnCount).map { basisStatus(glp_get_col_stat(p, Int32($0 + 1))) })
        let s = glp_get_status(p)
        let status: Outcome.Status
        switch s {
        case GLP_OPT: status = rc == 0 ? .optimal : .undefined
        case GLP_NOFEAS: status = .infeasible
        case GLP_UNBND: status = .unbounded
        default: status = .undefined
        }
        return Outcome(
            status: status, basis: basis, objective: glp_get_obj_val(p),
            columnValues: (0..<lp.columnCount).map { glp_get_col_prim(p, Int32($0 + 1)) },
            rowDuals: (0..<lp.rowCount).map { glp_get_row_dual(p, Int32($0 + 1)) },
            returnCode: Int(rc), message: describe(returnCode: rc))
    }

    /// Every return code of `glp_simplex` / `glp_exact` as a sentence.
    static func describe(returnCode rc: Int32) -> String {
        switch rc {
        case 0: return "solved"
        case GLP_EBADB: return "the initial basis is invalid (wrong number of basic variables)"
        case GLP_ESING: return "the initial basis matrix is singular within working precision"
        case GLP_ECOND: return "the initial basis matrix is ill-conditioned"
        case GLP_EBOUND: return "some double-bounded variable has incorrect bounds"
        case GLP_EFAIL: return "the search was prematurely terminated by a solver failure"
        case GLP_EITLIM: return "the simplex iteration limit was reached"
        case GLP_ETMLIM: return "the time limit was reached"
        case GLP_EOBJLL, GLP_EOBJUL: return "an objective limit was reached"
        case GLP_ENOPFS: return "the problem has no primal feasible solution (presolver)"
        case GLP_ENODFS: return "the problem has no dual feasible solution (presolver)"
        default: return "GLPK return code \(rc)"
        }
    }
}
