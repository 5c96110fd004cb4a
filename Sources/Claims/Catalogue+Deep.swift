import Foundation
import Oracle
import Trainer

extension Catalogue {
    static func deepProblem(_ widths: [Int], context: ClaimContext) -> TrainingProblem {
        TrainingProblem(model: DeepLinearModel(widths: widths), data: ReferenceSets.d3, loss: Loss(.logistic))
    }

    /// P12: deep linear nets align their layers and their product reaches the l2 max margin
    /// (Ji & Telgarsky 2019, Theorems 1-4 [V], for GF and decreasing-step GD). Fast form with NGD,
    /// which is a time change of GF only in continuous time.
    static var p12: Claim {
        Claim(id: "P12", title: "Deep linear nets align; the product reaches the l2 max margin") { context in
            let gamma2 = try oracleMargin(ReferenceSets.d3, .l2)
            let linf = try MaxMarginSolver.solve(ReferenceSets.d3, norm: .linf).weights
            var checks: [Check] = []
            var plotted: Trajectory? = nil
            var reached = Double.nan
            for depth in 2...4 {
                let widths = [3] + [Int](repeating: 4, count: depth - 1) + [1]
                let problem = deepProblem(widths, context: context)
                let theta = Initialization.gaussian(scale: 0.3).parameters(for: problem.model, seed: UInt64(depth))
                let run = train(problem, .ngd(0.05), steps: 1000, initial: theta, context: context)
                plotted = plotted ?? run
                let last = at(run, 1000)
                let ratio = last?.rankOneRatios?.min() ?? .nan
                let align = last?.alignments?.min() ?? .nan
                let gap = gamma2 - predictor(last, .l2)
                reached = predictor(last, .l2)
                checks.append(
                    Check(
                        "depth \(depth): min ||W||_2/||W||_F", ratio >= 0.998,
                        "\(show(ratio)) >= 0.998 (measured >= 0.99919)"))
                checks.append(
                    Check("depth \(depth): min |<v_{k+1}, u_k>|", align >= 0.9999, "\(show(align)) >= 0.9999"))
                checks.append(
                    Check(
                        "depth \(depth): l2 gap", within(gap, -1e-12, 1e-3), "\(show(gap)) <= 1e-3 (measured <= 3.8e-4)"
                    ))
                if let beta = problem.model.linearPredictor(run.finalParameters) {
                    let cosine =
                        zip(beta, linf).reduce(0) { $0 + $1.0 * $1.1 } / (Norm.l2.value(beta) * Norm.l2.value(linf))
                    let angle = acos(min(1, cosine)) * 180 / .pi
                    checks.append(
                        Check(
                            "depth \(depth), negative control: angle to the linf optimum", angle >= 20,
                            "\(show(angle)) deg >= 20 (oracle: 23.05)"))
                }
            }
            return ClaimReport(
                id: "P12", title: "Deep linear alignment",
                source: "Ji & Telgarsky 2019, Theorems 1-4 [V] (GF / GD); NGD used for speed",
                setting: "D3, depth 2-4, widths 4, init 0.3 N(0,1), NGD eta = 0.05, 1e3 steps",
                quantity: "l2 margin of w_prod",
                limit: gamma2, reached: reached, checks: checks,
                series: plotted.map {
                    [
                        series("w_prod margin", $0) { predictor($0, .l2) },
                        series("min rank-one ratio", $0, axis: "min_k ||W_k||_2 / ||W_k||_F (ratio)") {
                            $0.rankOneRatios?.min()
                        },
                    ]
                } ?? [],
                references: [("gamma2*", gamma2), ("1", 1)])
        }
    }

    /// P13: Lemma 2's invariant `||W_k||_F^2 - ||W_k||_2^2 <= D` (Ji & Telgarsky 2019 [V], GF) holds along GD
    /// once the exact eta^2 drift of P3 is added to D [D].
    static var p13: Claim {
        Claim(id: "P13", title: "Lemma 2 invariant along GD") { context in
            var checks: [Check] = []
            let eta = 0.02
            var worstSlack = -Double.infinity
            for depth in [2, 3] {
                let widths = [3] + [Int](repeating: 4, count: depth - 1) + [1]
                let problem = deepProblem(widths, context: context)
                let model = problem.model as! DeepLinearModel
                var theta = Initialization.gaussian(scale: 0.3).parameters(for: model, seed: UInt64(10 + depth))
                let gradient = context.mutation.gradient(problem)
                let d0 = lemma2Constant(model, theta)
                var drift = 0.0
                var state = OptimizerState()
                var violated = false
                for t in 1...3000 {
                    let info = gradient(theta)
                    let g = info.direction.map { $0 * exp(info.logScale) }
                    // The eta^2 terms of P3 bound how far GD leaves GF's conservation law.
                    drift +=
                        eta * eta
                        * (0..<depth).reduce(0) { $0 + 2 * Norm.l2.value(Array(g[model.blocks[$1].range])).squared }
                    context.mutation.optimizer(.gd(eta)).update(&theta, info, state: &state)
                    if t % 100 == 0 || t < 20 {
                        let gap =
                            (0..<depth).map { k -> Double in
                                let s = LayerSpectrum(model.layer(theta, k))
                                return s.frobenius.squared - s.sigma.squared
                            }.max()! - d0 - drift
                        worstSlack = max(worstSlack, gap)
                        if !(gap <= 1e-9) { violated = true }
                    }
                }
                checks.append(
                    Check(
                        "depth \(depth): max_k ||W_k||_F^2 - ||W_k||_2^2 <= D + drift", !violated,
                        "worst excess \(show(worstSlack)) <= 0 (D = \(show(d0)))"))
            }
            return ClaimReport(
                id: "P13", title: "Lemma 2 invariant",
                source: "Ji & Telgarsky 2019, Lemma 2 [V] (GF); discrete drift [D]",
                setting: "D3, widths 4, depth 2-3, GD eta = 0.02, 3000 steps", quantity: "excess over D + drift",
                limit: 0, reached: worstSlack, checks: checks, series: [], references: [])
        }
    }

    /// `D = max_k ||W_k||_F^2 - ||W_L||_F^2 + sum_{k<L} ||W_k W_k^T - W_{k+1}^T W_{k+1}||_2` at init.
    static func lemma2Constant(_ m: DeepLinearModel, _ theta: [Double]) -> Double {
        let fro = (0..<m.depth).map { k in m.layer(theta, k).reduce(0) { $0 + $1.reduce(0) { $0 + $1 * $1 } } }
        var d = fro.max()! - fro[m.depth - 1]
        for k in 0..<(m.depth - 1) {
            let g = gram(m.layer(theta, k + 1), m.layer(theta, k))
            d += LayerSpectrumProbe.symmetricSpectralNorm(g)
        }
        return d
    }

    /// P14: along GD with a small step the risk decreases at every step and every layer's norm grows,
    /// with ||W_{k+1}||_F^2 - ||W_k||_F^2 conserved up to the exact eta^2 drift (Ji & Telgarsky 2019,
    /// Theorems 1 and 3 and eq. (3) [V]; discrete drift [D]).
    static var p14: Claim {
        Claim(id: "P14", title: "Risk decreases; layer norms grow in balance") { context in
            let eta = 0.02
            let problem = deepProblem([3, 4, 4, 1], context: context)
            let model = problem.model as! DeepLinearModel
            var theta = Initialization.gaussian(scale: 0.3).parameters(for: model, seed: 21)
            let gradient = context.mutation.gradient(problem)
            func norms(_ v: [Double]) -> [Double] { model.blocks.map { Norm.l2.value(Array(v[$0.range])).squared } }
            let start = norms(theta)
            var drift = [Double](repeating: 0, count: model.depth - 1)
            var previous = Double.infinity
            var increases = 0
            var balanceError = 0.0
            var state = OptimizerState()
            var losses: [(Int, Double)] = []
            for t in 1...3000 {
                let info = gradient(theta)
                if info.logLoss > previous + 1e-15 * abs(previous) { increases += 1 }
                previous = info.logLoss
                let g = info.direction.map { $0 * exp(info.logScale) }
                let gn = norms(g)
                for k in drift.indices { drift[k] += eta * eta * (gn[k] + gn[k + 1]) }
                context.mutation.optimizer(.gd(eta)).update(&theta, info, state: &state)
                let now = norms(theta)
                for k in drift.indices {
                    let change = (now[k + 1] - now[k]) - (start[k + 1] - start[k])
                    balanceError = max(balanceError, abs(change) - drift[k])
                }
                if [1, 10, 100, 1000, 3000].contains(t) { losses.append((t, info.logLoss)) }
            }
            let grown = zip(norms(theta), start).allSatisfy { $0 > $1 }
            let checks = [
                Check("log-risk never increases", increases == 0, "\(increases) increases in 3000 steps"),
                Check("every ||W_k||_F grew", grown, "final \(norms(theta).map(show)) vs initial \(start.map(show))"),
                Check(
                    "||W_{k+1}||_F^2 - ||W_k||_F^2 conserved up to the eta^2 drift", balanceError <= 1e-9,
                    "excess \(show(balanceError)) <= 0"),
            ]
            return ClaimReport(
                id: "P14", title: "Risk and norms (deep linear)",
                source: "Ji & Telgarsky 2019, Theorems 1/3, eq. (3) [V]; drift [D]",
                setting: "D3, widths (3,4,4,1), GD eta = 0.02, 3000 steps", quantity: "log risk", limit: nil,
                reached: previous,
                checks: checks, series: [Series(label: "log risk", points: losses)], references: [])
        }
    }
}

extension Double { var squared: Double { self * self } }

/// The spectral norm of a small symmetric matrix by power iteration (Lemma 2's constant D).
enum LayerSpectrumProbe {
    /// Largest |eigenvalue| of a symmetric matrix: power iteration on its square, then the Rayleigh quotient.
    static func symmetricSpectralNorm(_ a: [[Double]]) -> Double {
        let n = a.count
        var v = (0..<n).map { 1 + Double($0) * 0.01 }
        for _ in 0..<2000 {
            let av = (0..<n).map { r in (0..<n).reduce(0) { $0 + a[r][$1] * v[$1] } }
            let aav = (0..<n).map { r in (0..<n).reduce(0) { $0 + a[r][$1] * av[$1] } }
            let norm = Norm.l2.value(aav)
            if norm == 0 { return 0 }
            let next = aav.map { $0 / norm }
            let change = zip(next, v).reduce(0) { $0 + abs($1.0 - $1.1) }
            v = next
            if change < 1e-14 { break }
        }
        let av = (0..<n).map { r in (0..<n).reduce(0) { $0 + a[r][$1] * v[$1] } }
        return Norm.l2.value(av)
    }
}
