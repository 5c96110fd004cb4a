import Foundation
import Oracle
import Trainer

extension Catalogue {
    /// The certified relative KKT residual (`margin-oracle kkt`, ``KKTSolver``) of our model at
    /// `theta` in `geometry`, as a double (`sqrt` of the exact square for l2); NaN when the model
    /// misclassifies a point or is not homogeneous.
    static func certifiedKKT(_ problem: TrainingProblem, _ theta: [Double], _ geometry: Norm, tau: Double = kktTau)
        -> Double
    {
        guard let question = KKTProblem(training: problem, parameters: theta),
            question.margins.allSatisfy({ $0 > 0 }),
            let c = try? KKTSolver.solve(question, geometry: geometry, tolerance: tau)
        else { return .nan }
        return geometry == .l2 ? c.upper.squareRootDouble : c.upper.doubleValue
    }

    /// P25's active-set tolerance (`MARGIN_ORACLE_KKT_TAU` overrides it, to measure).
    static var kktTau: Double {
        ProcessInfo.processInfo.environment["MARGIN_ORACLE_KKT_TAU"].flatMap { Double($0) } ?? 1e-2
    }

    /// Seeds of P25's runs: three in the catalogue; `MARGIN_ORACLE_KKT_SEEDS=N` measures N.
    static var kktSeeds: [UInt64] {
        let n = ProcessInfo.processInfo.environment["MARGIN_ORACLE_KKT_SEEDS"].flatMap { Int($0) } ?? 3
        return (1...max(1, n)).map { UInt64($0) }
    }

    /// P25: trained homogeneous nets approach KKT points of the margin problem in the geometry of
    /// their optimizer, certified exactly. l2 for NGD (Lyu & Li 2020, Theorem 4.4 [V], proved for
    /// GF/GD; NGD is a time change of GF only in continuous time), l-infinity for normalized sign
    /// descent (Tsilivis, Vardi & Kempe 2024 [A], steepest flow). Negative controls: the same nets at
    /// initialization, and each trained net measured in the other geometry, where its limit is not
    /// a KKT point (on D3 the l2 and l-infinity optima differ, SPEC.md 5.5). Thresholds are measured
    /// [M] (worst over `MARGIN_ORACLE_KKT_SEEDS=20`, README of the property tests).
    static var p25: Claim {
        Claim(id: "P25", title: "Certified KKT residuals in the optimizer's geometry") { context in
            var checks: [Check] = []
            var reached = Double.nan
            var measured: [String: [Double]] = [:]
            func record(_ key: String, _ v: Double) { measured[key, default: []].append(v) }
            // (name, problem, initialization, final-residual bound, measured worst, whether the
            // l-infinity geometry is a control for this net).
            let nets:
                [(
                    name: String, problem: TrainingProblem, initialization: Initialization, bound: Double,
                    worst: String, linfControl: Bool
                )] = [
                    (
                        "deep linear 3-4-4-1",
                        TrainingProblem(
                            model: DeepLinearModel(widths: [3, 4, 4, 1]), data: ReferenceSets.d3, loss: Loss(.logistic)),
                        .gaussian(scale: 0.3), 1e-2, "3.3e-3", true
                    ),
                    (
                        "diagonal depth 2",
                        TrainingProblem(
                            model: DiagonalModel(inputDimension: 3), data: ReferenceSets.d3, loss: Loss(.logistic)),
                        .absoluteGaussian(scale: 0.1), 4e-2, "1.2e-2", false
                    ),
                    (
                        "linear",
                        TrainingProblem(
                            model: LinearModel(inputDimension: 3), data: ReferenceSets.d3, loss: Loss(.logistic)),
                        .gaussian(scale: 0.1), 1e-3, "0", true
                    ),
                ]
            for seed in kktSeeds {
                for net in nets {
                    let theta0 = net.initialization.parameters(for: net.problem.model, seed: seed)
                    let run = train(net.problem, .ngd(0.05), steps: 10_000, initial: theta0, context: context)
                    let prefix = train(net.problem, .ngd(0.05), steps: 1000, initial: theta0, context: context)
                    let early = certifiedKKT(net.problem, prefix.finalParameters, .l2)
                    let final = certifiedKKT(net.problem, run.finalParameters, .l2)
                    let other = certifiedKKT(net.problem, run.finalParameters, .linf)
                    let start = certifiedKKT(net.problem, theta0, .l2)
                    record("\(net.name) NGD l2 at 1e3", early)
                    record("\(net.name) NGD l2 at 1e4", final)
                    record("\(net.name) NGD linf", other)
                    record("\(net.name) init l2", start)
                    reached = final
                    checks.append(
                        Check(
                            "seed \(seed), \(net.name), NGD: l2 residual at 1e4 below \(show(net.bound)) and below its value at 1e3",
                            final <= net.bound && (final < early || final == 0),
                            "\(show(final)) (measured <= \(net.worst)), at 1e3 \(show(early))"))
                    if net.linfControl {
                        checks.append(
                            Check(
                                "seed \(seed), \(net.name), NGD, control: the same net in l-infinity is not KKT",
                                other >= 0.05, "\(show(other)) >= 0.05"))
                    }
                    checks.append(
                        Check(
                            "seed \(seed), \(net.name), control: at initialization not KKT (here: misclassifying, NaN)",
                            !(start < 0.05), "\(show(start))"))
                }
                let linear = nets[2]
                let theta0 = linear.initialization.parameters(for: linear.problem.model, seed: seed)
                let eta = StepRule.normalized(.linf, ReferenceSets.d3)
                let run = train(linear.problem, .signDescent(eta), steps: 10_000, initial: theta0, context: context)
                let inLinf = certifiedKKT(linear.problem, run.finalParameters, .linf)
                let inL2 = certifiedKKT(linear.problem, run.finalParameters, .l2)
                record("linear sign linf", inLinf)
                record("linear sign l2", inL2)
                checks.append(
                    Check(
                        "seed \(seed), linear, sign descent: l-infinity residual", inLinf <= 1e-3,
                        "\(show(inLinf)) <= 1e-3"))
                checks.append(
                    Check(
                        "seed \(seed), linear, sign descent, control: the same iterate in l2 is not KKT", inL2 >= 0.3,
                        "\(show(inL2)) >= 0.3 (its limit (1, 1, 3/4) has residual 0.556)"))
            }
            if ProcessInfo.processInfo.environment["MARGIN_ORACLE_KKT_SEEDS"] != nil {
                for (key, values) in measured.sorted(by: { $0.key < $1.key }) {
                    print("P25 \(key): min \(show(values.min() ?? .nan)) max \(show(values.max() ?? .nan))")
                }
            }
            return ClaimReport(
                id: "P25", title: "Certified KKT residuals in the optimizer's geometry",
                source:
                    "Lyu & Li 2020, Theorem 4.4 [V] (l2, GF/GD); Tsilivis, Vardi, Kempe 2024 [A] (l-infinity, steepest flow)",
                setting: "D3: deep linear 3-4-4-1, diagonal depth 2, linear; NGD 0.05 and sign descent, 1e4 steps",
                quantity: "certified relative KKT residual (kkt)", limit: 0, reached: reached, checks: checks,
                series: [], references: [])
        }
    }
}
