import Foundation
import Oracle
import Trainer

extension Catalogue {
    static let leak = 0.1

    /// The closed-form global optimum on symmetric data, `(1 + alpha) gamma2* / 4` [D, C003.2], of the
    /// data's l2 max margin `gamma2*` (every claim that uses it calls this one function).
    static func symmetricOptimum(l2Margin: Double) -> Double { (1 + leak) * l2Margin / 4 }

    /// ``symmetricOptimum(l2Margin:)`` on D3sym.
    static func d3symOptimum() throws -> Double { symmetricOptimum(l2Margin: try oracleMargin(ReferenceSets.d3, .l2)) }

    static func twoLayer(_ data: Dataset, width: Int, loss: Loss = Loss(.logistic, reduction: .mean)) -> TrainingProblem
    {
        TrainingProblem(
            model: TwoLayerLeakyReLU(inputDimension: data.dimension, width: width, leak: leak), data: data, loss: loss)
    }

    /// GD for `gdSteps`, then NGD (the measured protocol of SPEC.md 6.5); the checkpoints of both phases,
    /// so that a plot draws every phase (the NGD phase's steps counted on from the GD phase's end).
    static func gdThenNGD(
        _ problem: TrainingProblem, initial: [Double], gdSteps: Int, ngdSteps: Int, context: ClaimContext
    ) -> Trajectory {
        let first = train(
            problem, .gd(0.1), steps: gdSteps, initial: initial, context: context,
            observer: Observer(kktTolerance: nil))
        guard first.stoppedEarly == nil else { return first }
        var second = train(
            problem, .ngd(0.05), steps: ngdSteps, initial: first.finalParameters, context: context,
            observer: Observer(kktTolerance: nil))
        second.checkpoints =
            first.checkpoints
            + second.checkpoints.filter { $0.step > 0 }.map {
                var c = $0
                c.step += gdSteps
                return c
            }
        return second
    }

    /// P10: after the loss falls below the separability threshold the smoothed margin never decreases
    /// under GD, and it brackets the normalized margin (Lyu & Li 2020, Theorems 4.1/4.2 [V]; the GD theorem
    /// needs C^2 models, leaky ReLU is covered by the GF theorem only; logistic bracket [D]).
    static var p10: Claim {
        Claim(id: "P10", title: "Smoothed margin is monotone along GD") { context in
            let problem = twoLayer(ReferenceSets.d3sym, width: 10, loss: Loss(.logistic))
            var checks: [Check] = []
            var curve: [(Int, Double)] = []
            for eta in [0.01, 0.1] {
                var theta = Initialization.gaussian(scale: 0.1).parameters(for: problem.model, seed: 3)
                let gradient = context.mutation.gradient(problem)
                var state = OptimizerState()
                var previous: Double? = nil
                var decreases = 0
                var bracketViolations = 0
                var separatedAt: Int? = nil
                let n = Double(problem.data.count)
                for t in 1...20_000 {
                    let info = gradient(theta)
                    context.mutation.optimizer(.gd(eta)).update(&theta, info, state: &state)
                    let q = problem.margins(theta)
                    let logL = problem.loss.logValue(margins: q)
                    guard logL < log(log(2.0)) else { continue }
                    separatedAt = separatedAt ?? t
                    let normSquared = Norm.l2.value(theta).squared
                    let smoothed = problem.loss.inverseOfTotal(logLoss: logL) / normSquared
                    let qMin = q.min()!
                    let bar = qMin / normSquared
                    // Lower end for the logistic loss [D]: q_min - ln N - N e^(-q_min) <= l^(-1)(L).
                    if smoothed > bar * (1 + 1e-12) || smoothed < bar - (log(n) + n * exp(-qMin)) / normSquared - 1e-12
                    {
                        bracketViolations += 1
                    }
                    if let p = previous, smoothed < p - 1e-12 * abs(p) { decreases += 1 }
                    previous = smoothed
                    if eta == 0.1, [10, 100, 1000, 10_000, 20_000].contains(t) { curve.append((t, smoothed)) }
                }
                checks.append(
                    Check(
                        "eta \(eta): the loss falls below ln 2", separatedAt != nil,
                        "first at step \(separatedAt.map(String.init) ?? "never")"))
                checks.append(
                    Check(
                        "eta \(eta): no decrease of the smoothed margin", decreases == 0,
                        "\(decreases) decreases in 2e4 steps (measured 0)"))
                checks.append(
                    Check(
                        "eta \(eta): gamma_bar - ln N/||theta||^2 <= gamma_tilde <= gamma_bar", bracketViolations == 0,
                        "\(bracketViolations) violations"))
            }
            return ClaimReport(
                id: "P10", title: "Smoothed-margin monotonicity",
                source:
                    "Lyu & Li 2020, Theorems 4.1/4.2 [V] (GF for leaky ReLU); bracket eq. (3) [V], logistic form [D]",
                setting:
                    "D3sym, two-layer leaky ReLU alpha = 0.1 width 10, GD on the logistic sum, eta in {0.01, 0.1}, 2e4 steps",
                quantity: "smoothed margin", limit: nil, reached: curve.last?.1, checks: checks,
                series: [Series(label: "smoothed margin (eta 0.1)", points: curve)], references: [])
        }
    }

    /// `data` and its negatives with opposite labels: the symmetric data of seed 003 (C003.1).
    static func symmetrized(_ data: Dataset) throws -> Dataset {
        try Dataset(
            points: data.points + data.points.map { $0.map { -$0 } },
            labels: data.labels + data.labels.map { -$0 })
    }

    /// Six seeded points in R^5 (3-bit coordinates) and their negatives: P18's and P21's data beyond R^3.
    static func fiveDSymmetric() throws -> Dataset {
        try symmetrized(RandomDatasets.planted(n: 6, d: 5, margin: 0.1, bits: 3, seed: 18))
    }

    /// P18: on symmetric data a small-init two-layer leaky-ReLU net reaches the GLOBAL max margin, and the
    /// classifier is linear along the l2 max-margin direction (Lyu, Li, Wang, Arora 2021 C003.1 [A], a GF
    /// theorem in any input dimension; NGD used for speed; closed form [D]). D3sym in R^3, whose global
    /// optimum the two-layer oracle also certifies (the closed form must lie in its bracket), and a seeded
    /// symmetric set of 12 points in R^5, certified by the oracle's arrangement bound the same way.
    static var p18: Claim {
        Claim(id: "P18", title: "Symmetric data: two-layer nets reach the global max margin") { context in
            var checks: [Check] = []
            var plotted: Trajectory? = nil
            var reached = Double.nan
            var limit = Double.nan
            let fiveD = try fiveDSymmetric()
            for (name, data, base) in [
                ("D3sym", ReferenceSets.d3sym, ReferenceSets.d3), ("5-D symmetric", fiveD, fiveD),
            ] {
                let d = data.dimension
                let l2 = try MaxMarginSolver.solve(base, norm: .l2)
                let optimum = symmetricOptimum(l2Margin: l2.margin)
                let wHat = l2.weights
                if d >= 3 {
                    let certified = try TwoLayerMaxMargin.solve(data, leak: leak)
                    checks.append(
                        Check(
                            "\(name): the R^\(d) oracle's certified optimum is the closed form (1 + alpha) gamma2*/4",
                            within(optimum, certified.lower * (1 - 1e-12), certified.upper * (1 + 1e-12)),
                            "\(show(optimum)) in [\(show(certified.lower)), \(show(certified.upper))]"))
                }
                let problem = twoLayer(data, width: 10)
                let net = problem.model as! TwoLayerLeakyReLU
                for seed in [1, 2] as [UInt64] {
                    let run = gdThenNGD(
                        problem, initial: Initialization.signBalanced(scale: 1e-3).parameters(for: net, seed: seed),
                        gdSteps: 2000, ngdSteps: 1000, context: context)
                    if plotted == nil {
                        plotted = run
                        limit = optimum
                    }
                    let value = normalized(run.stoppedEarly == nil ? run.checkpoints.last : nil, .l2)
                    if d == 3 { reached = value }
                    checks.append(
                        Check(
                            "\(name), seed \(seed): gap to (1 + alpha) gamma2*/4 after 1000 NGD steps",
                            within(optimum - value, -1e-9, 1e-3),
                            "\(show(optimum - value)) <= 1e-3 (measured 1.4e-4-1.5e-4 on D3sym, 1.1e-4 on the 5-D set)")
                    )
                    let theta = run.finalParameters
                    let mass = (0..<net.width).map { k in
                        abs(theta[net.outputIndex(k)]) * Norm.l2.value(Array(theta[(d * k)..<(d * k + d)]))
                    }
                    let total = mass.reduce(0, +)
                    var aligned = true
                    for k in 0..<net.width where mass[k] >= 0.01 * total {
                        let w = Array(theta[(d * k)..<(d * k + d)])
                        let cosine =
                            abs(zip(w, wHat).reduce(0) { $0 + $1.0 * $1.1 }) / (Norm.l2.value(w) * Norm.l2.value(wHat))
                        if cosine < 0.999 { aligned = false }
                    }
                    checks.append(
                        Check(
                            "\(name), seed \(seed): every heavy neuron is parallel to +-w_hat", aligned,
                            "|cos| >= 0.999 for neurons carrying >= 1% of sum |a_k| ||w_k||"))
                }
            }
            return ClaimReport(
                id: "P18", title: "Global max margin on symmetric data",
                source: "Lyu, Li, Wang, Arora 2021 C003.1 [A] (GF); closed form C003.2 [D]; NGD for speed",
                setting:
                    "D3sym (R^3) and 12 symmetric points in R^5, width 10, sign-balanced init 1e-3, GD eta = 0.1 (2000) then NGD eta = 0.05 (1000)",
                quantity: "q_min / ||theta||^2",
                limit: limit, reached: reached, checks: checks,
                series: plotted.map { [series("normalized margin (D3sym)", $0) { normalized($0, .l2) }] } ?? [],
                references: [("(1+alpha) gamma2*/4", limit)])
        }
    }

    /// P19: no network's normalized margin ever exceeds the certified global optimum, at any checkpoint,
    /// for any optimizer; no linear model's exceeds gamma_p* [D: the oracle's upper bounds]. Four data sets
    /// in the plane, two in R^3 (certified by the sphere's exact dual bound), one in R^4 and one in R^5 (by
    /// the arrangement's).
    static var p19: Claim {
        Claim(id: "P19", title: "No trajectory exceeds the oracle's global upper bound") { context in
            var checks: [Check] = []
            for i in 0..<8 {
                let seed = UInt64(100 + i)
                let d = i < 4 ? 2 : (i < 6 ? 3 : i - 2)
                let data = RandomDatasets.planted(n: 3 + i, d: d, margin: 0.1, bits: 3, seed: seed)
                guard let bound = try? TwoLayerMaxMargin.solve(data, leak: leak) else {
                    checks.append(Check("data seed \(seed): oracle", false, "the two-layer oracle failed"))
                    continue
                }
                let problem = twoLayer(data, width: 3 + 2 * i)
                let optimizer: Optimizer = [.ngd(0.05), .gd(0.1), .signDescent(0.01), .lossScaled(eta0: 0.05)][i % 4]
                let run = train(
                    problem, optimizer, steps: 3000,
                    initial: Initialization.gaussian(scale: 0.5).parameters(for: problem.model, seed: seed),
                    context: context)
                let worst = run.checkpoints.map { normalized($0, .l2) }.filter { $0.isFinite }.max() ?? -.infinity
                checks.append(
                    Check(
                        "data seed \(seed) (d = \(d)): q_min/||theta||^2 <= certified upper bound",
                        worst <= bound.upper + 1e-12,
                        "\(show(worst)) <= \(show(bound.upper))"))
                let linear = TrainingProblem(model: LinearModel(inputDimension: d), data: data, loss: Loss(.logistic))
                let linearRun = train(
                    linear, optimizer, steps: 3000, initial: (0..<d).map { $0 % 2 == 0 ? 0.1 : -0.1 }, context: context)
                for norm in Norm.allCases {
                    let gamma = try oracleMargin(data, norm)
                    let best =
                        linearRun.checkpoints.map { predictor($0, norm) }.filter { $0.isFinite }.max() ?? -.infinity
                    checks.append(
                        Check(
                            "data seed \(seed): linear \(norm.rawValue) margin <= gamma*", best <= gamma * (1 + 1e-12),
                            "\(show(best)) <= \(show(gamma))"))
                }
            }
            return ClaimReport(
                id: "P19", title: "Global upper bound", source: "weak duality of the oracle [D]",
                setting:
                    "random data in the plane (4 sets), in R^3 (2), R^4 and R^5 (1 each), widths 3-17, four optimizers",
                quantity: "normalized margin minus oracle upper bound", limit: nil, reached: nil, checks: checks,
                series: [], references: [])
        }
    }

    /// P20: fragility - on D_frag small-init GD converges to a margin far below the global optimum (and
    /// below the linear one), while large init reaches it; on the symmetric base B small init is globally
    /// optimal. Qualitative claim C003.5 [A]; the data sets are our construction [M], not the paper's. Also
    /// in R^3 (``ReferenceSets/dFrag3``), against the R^3 oracle's certified optimum.
    static var p20: Claim {
        Claim(id: "P20", title: "Fragility: small init misses the global optimum on D_frag") { context in
            let global = try TwoLayerMaxMargin.solve(ReferenceSets.dFrag, leak: leak).lower
            let linearOptimum = symmetricOptimum(l2Margin: try oracleMargin(ReferenceSets.b, .l2))
            var checks: [Check] = []
            var small: Trajectory? = nil
            var large: Trajectory? = nil
            for seed in [1, 2] as [UInt64] {
                let problem = twoLayer(ReferenceSets.dFrag, width: 20)
                let s = gdThenNGD(
                    problem, initial: Initialization.gaussian(scale: 1e-4).parameters(for: problem.model, seed: seed),
                    gdSteps: 3000, ngdSteps: 30_000, context: context)
                let l = gdThenNGD(
                    problem, initial: Initialization.gaussian(scale: 0.5).parameters(for: problem.model, seed: seed),
                    gdSteps: 3000, ngdSteps: 30_000, context: context)
                small = small ?? s
                large = large ?? l
                let sv = normalized(s.stoppedEarly == nil ? s.checkpoints.last : nil, .l2)
                let lv = normalized(l.stoppedEarly == nil ? l.checkpoints.last : nil, .l2)
                checks.append(
                    Check(
                        "seed \(seed): small init (1e-4) stays <= 0.5 x global", sv <= 0.5 * global && sv > 0,
                        "\(show(sv)) vs global \(show(global)) (measured 0.0249-0.0250)"))
                checks.append(
                    Check(
                        "seed \(seed): large init (0.5) reaches >= 0.95 x global", lv >= 0.95 * global,
                        "\(show(lv)) (measured 0.0951-0.0963)"))
                let bProblem = twoLayer(ReferenceSets.b, width: 20)
                let b = gdThenNGD(
                    bProblem, initial: Initialization.gaussian(scale: 1e-4).parameters(for: bProblem.model, seed: seed),
                    gdSteps: 3000, ngdSteps: 30_000, context: context)
                let bv = normalized(b.stoppedEarly == nil ? b.checkpoints.last : nil, .l2)
                checks.append(
                    Check(
                        "seed \(seed): on symmetric B small init is globally optimal", bv >= 0.98 * linearOptimum,
                        "\(show(bv)) >= 0.98 x \(show(linearOptimum))"))
            }
            // In R^3 (D_frag3 [M]): the trap is seed-dependent, as D_frag's is at init 1e-3 (SPEC.md 6.5): 11
            // of 12 small-init seeds were trapped at 0.0273-0.0274 (seed 3 escaped), 12 of 12 large-init
            // seeds reached >= 0.963 x global. Asserted: at least 6 of 8 trapped, every large init >= 0.95 x.
            let global3 = try TwoLayerMaxMargin.solve(ReferenceSets.dFrag3, leak: leak)
            let problem3 = twoLayer(ReferenceSets.dFrag3, width: 20)
            var trapped = 0
            var smallValues: [Double] = []
            var largeWorst = Double.infinity
            for seed in 1...8 as ClosedRange<UInt64> {
                let s = gdThenNGD(
                    problem3, initial: Initialization.gaussian(scale: 1e-4).parameters(for: problem3.model, seed: seed),
                    gdSteps: 3000, ngdSteps: 30_000, context: context)
                let l = gdThenNGD(
                    problem3, initial: Initialization.gaussian(scale: 0.5).parameters(for: problem3.model, seed: seed),
                    gdSteps: 3000, ngdSteps: 30_000, context: context)
                let sv = normalized(s.stoppedEarly == nil ? s.checkpoints.last : nil, .l2)
                let lv = normalized(l.stoppedEarly == nil ? l.checkpoints.last : nil, .l2)
                smallValues.append(sv)
                if sv > 0 && sv <= 0.5 * global3.lower { trapped += 1 }
                largeWorst = min(largeWorst, lv.isNaN ? -.infinity : lv)
            }
            checks.append(
                Check(
                    "D_frag3 (R^3): at least 6 of 8 small-init (1e-4) seeds stay <= 0.5 x the certified global optimum",
                    trapped >= 6,
                    "\(trapped) of 8 (\(smallValues.map(show))) vs global \(show(global3.lower)) (measured 11 of 12 at 0.0273-0.0274)"
                ))
            checks.append(
                Check(
                    "D_frag3 (R^3): every large-init (0.5) seed reaches >= 0.95 x global",
                    largeWorst >= 0.95 * global3.lower,
                    "worst \(show(largeWorst)) (measured >= 0.963 x global over 12 seeds)"))
            return ClaimReport(
                id: "P20", title: "Fragility (negative control for P18)",
                source: "Lyu et al. 2021 C003.5 [A]; D_frag and D_frag3 constructed and measured here [M]",
                setting: "D_frag and B (plane), D_frag3 (R^3), width 20, GD eta = 0.1 (3000) then NGD eta = 0.05 (3e4)",
                quantity: "q_min / ||theta||^2",
                limit: global, reached: small.map { normalized($0.checkpoints.last, .l2) }, checks: checks,
                series: [
                    small.map { series("init 1e-4", $0) { normalized($0, .l2) } },
                    large.map { series("init 0.5", $0) { normalized($0, .l2) } },
                ].compactMap { $0 },
                references: [("global optimum", global), ("linear optimum", linearOptimum)])
        }
    }

    /// P21: output weights of one sign stay of one sign (a_k^2 - ||w_k||^2 is conserved by GF [D]) and the
    /// net gets stuck far below the global optimum (measured 0.12002) - negative control for P18.
    static var p21: Claim {
        Claim(id: "P21", title: "Same-sign output weights get stuck") { context in
            var checks: [Check] = []
            var plotted: Trajectory? = nil
            var reached = Double.nan
            let optimum = try d3symOptimum()
            for (name, data, base) in [
                ("D3sym", ReferenceSets.d3sym, ReferenceSets.d3), ("5-D symmetric", try fiveDSymmetric(), nil),
            ] {
                let d = data.dimension
                let limit = try base == nil ? symmetricOptimum(l2Margin: oracleMargin(data, .l2)) : optimum
                let problem = twoLayer(data, width: 2)
                let net = problem.model as! TwoLayerLeakyReLU
                var theta = Initialization.gaussian(scale: 1e-3).parameters(for: net, seed: 4)
                for k in 0..<2 {
                    theta[net.outputIndex(k)] = 2 * Norm.l2.value(Array(theta[(d * k)..<(d * k + d)])) + 1e-3
                }
                let run = gdThenNGD(problem, initial: theta, gdSteps: 2000, ngdSteps: 3000, context: context)
                plotted = plotted ?? run
                let value = normalized(run.stoppedEarly == nil ? run.checkpoints.last : nil, .l2)
                if d == 3 { reached = value }
                let signs = (0..<2).allSatisfy { run.finalParameters[net.outputIndex($0)] > 0 }
                checks += [
                    Check(
                        "\(name): output signs never flip", signs,
                        "a = \((0..<2).map { show(run.finalParameters[net.outputIndex($0)]) })"),
                    Check(
                        "\(name): stuck well below the global optimum", value > 0 && value <= 0.5 * limit,
                        "\(show(value)) <= 0.5 x \(show(limit)) (measured 0.12000 on D3sym, 0.03107 on the 5-D set)"),
                ]
            }
            return ClaimReport(
                id: "P21", title: "Same-sign outputs stuck", source: "balancedness [D] (SPEC.md 4.4); measured [M]",
                setting: "D3sym (R^3) and 12 symmetric points in R^5, width 2, a_k(0)^2 > ||w_k(0)||^2, GD then NGD",
                quantity: "q_min / ||theta||^2", limit: optimum, reached: reached, checks: checks,
                series: plotted.map { [series("normalized margin (D3sym)", $0) { normalized($0, .l2) }] } ?? [],
                references: [("global optimum", optimum)])
        }
    }

    /// P22: the soft margin in the algorithm's norm, `log(1/L)/||theta||_inf^2`, never decreases under
    /// (small-step) unnormalized sign descent once L < 1 (Tsilivis et al. 2024, Theorem 3.1 [Rev/A], a
    /// flow result; small eta approximates it).
    static var p22: Claim {
        Claim(id: "P22", title: "Sign descent's l-infinity soft margin is monotone") { context in
            let problem = twoLayer(ReferenceSets.d3sym, width: 10, loss: Loss(.exponential))
            var checks: [Check] = []
            for seed in [1, 2] as [UInt64] {
                var theta = Initialization.gaussian(scale: 0.1).parameters(for: problem.model, seed: seed)
                let gradient = context.mutation.gradient(problem)
                var state = OptimizerState()
                var previous: Double? = nil
                var decreases = 0
                var separatedAt: Int? = nil
                for t in 1...20_000 {
                    let info = gradient(theta)
                    context.mutation.optimizer(.signDescent(1e-3, normalized: false)).update(
                        &theta, info, state: &state)
                    let logL = problem.loss.logValue(margins: problem.margins(theta))
                    guard logL < 0 else { continue }
                    separatedAt = separatedAt ?? t
                    let soft = -logL / Norm.linf.value(theta).squared
                    if let p = previous, soft < p - 1e-12 * abs(p) { decreases += 1 }
                    previous = soft
                }
                checks.append(
                    Check(
                        "seed \(seed): the loss falls below 1", separatedAt != nil,
                        "at step \(separatedAt.map(String.init) ?? "never")"))
                checks.append(
                    Check(
                        "seed \(seed): no decrease after L < 1", decreases == 0, "\(decreases) decreases (measured 0)"))
            }
            return ClaimReport(
                id: "P22", title: "Steepest-flow soft-margin monotonicity",
                source: "Tsilivis, Vardi, Kempe 2024, Theorem 3.1 [Rev/A] (flow)",
                setting: "D3sym, two-layer width 10, exponential loss, unnormalized sign descent eta = 1e-3, 2e4 steps",
                quantity: "log(1/L) / ||theta||_inf^2", limit: nil, reached: nil, checks: checks, series: [],
                references: [])
        }
    }

    /// P23: the KKT residual of the l2 margin problem vanishes along the P18 trajectory (Lyu & Li 2020,
    /// Theorem 4.4 [V]: limit points are KKT points).
    static var p23: Claim {
        Claim(id: "P23", title: "KKT residual vanishes") { context in
            let problem = twoLayer(ReferenceSets.d3sym, width: 10)
            let run = gdThenNGD(
                problem, initial: Initialization.signBalanced(scale: 1e-3).parameters(for: problem.model, seed: 1),
                gdSteps: 2000, ngdSteps: 30_000, context: context)
            let residual =
                run.stoppedEarly == nil ? (KKTResidual.l2(problem, run.finalParameters, tolerance: 1e-3) ?? .nan) : .nan
            // The certified residual (`kkt`'s exact NNLS) and the trainer's floating-point one
            // (`KKTResidual`, Lawson-Hanson in doubles): two implementations, one number.
            let certified = run.stoppedEarly == nil ? certifiedKKT(problem, run.finalParameters, .l2, tau: 1e-3) : .nan
            let checks = [
                Check(
                    "relative KKT residual after 3e4 NGD steps", residual <= 1e-4,
                    "\(show(residual)) <= 1e-4 (measured 7.5e-6..8.2e-6)"),
                Check(
                    "certified (exact) residual agrees with the float one", abs(certified - residual) <= 1e-9,
                    "\(show(certified)) vs \(show(residual))"),
            ]
            return ClaimReport(
                id: "P23", title: "KKT residual", source: "Lyu & Li 2020, Theorem 4.4 [V]",
                setting: "as P18, then 3e4 NGD steps",
                quantity: "relative KKT residual", limit: 0, reached: residual, checks: checks, series: [],
                references: [])
        }
    }
}
