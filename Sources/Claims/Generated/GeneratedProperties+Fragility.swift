import Foundation
import Oracle
import Trainer

/// P20 on generated data: the fragility of seed 003's global optimality (C003.5 [A]).
extension GeneratedProperty {
    /// GD (`eta = 0.1 / max ||z_n||^2`) for 3000 steps, then NGD under the step rule for `ngdSteps`, on a
    /// width-20 leaky-ReLU net (alpha = 0.1, mean logistic loss) from a Gaussian init of `scale`; its
    /// final normalized margin `q_min / ||theta||^2`.
    static func fragilityRun(_ data: Dataset, scale: Double, seed: UInt64, ngdSteps: Int, context: ClaimContext)
        -> Double
    {
        let net = TwoLayerLeakyReLU(inputDimension: data.dimension, width: 20, leak: 0.1)
        let problem = TrainingProblem(model: net, data: data, loss: Loss(.logistic, reduction: .mean))
        let radius = StepRule.radius(.l2, data)
        let first = train(
            problem, .gd(0.1 / (radius * radius)), steps: 3000,
            initial: Initialization.gaussian(scale: scale).parameters(for: net, seed: seed), context: context,
            checkpoints: [3000])
        let second = train(
            problem, ngd(data), steps: ngdSteps, initial: first.finalParameters, context: context,
            observer: Observer(kktTolerance: nil), checkpoints: [ngdSteps])
        return second.checkpoints.last?.normalizedMargin?["l2"] ?? .nan
    }

    /// A D_frag-like set: integer signed points `z1`, `z2` in `[-8, 8]^2` that are nearly antipodal
    /// (the angle between `z1` and `-z2` in (0, 20] degrees, tested without libm), the symmetric set
    /// B = `{(z1, +1), (z2, +1), (-z1, -1), (-z2, -1)}` with its first point scaled by 2 or 3 (B itself
    /// is ``fragileBase(_:)`` of the result).
    static func fragileSet(seed: UInt64) -> Dataset {
        var g = SplitMix64(seed: seed ^ 0x20)
        while true {
            let a = (0..<4).map { _ in Double(g.below(17) - 8) }
            let z1 = [a[0], a[1]]
            let minus = [a[2], a[3]]
            let dot = z1[0] * minus[0] + z1[1] * minus[1]
            let cross = z1[0] * minus[1] - z1[1] * minus[0]
            let n1 = z1[0] * z1[0] + z1[1] * z1[1]
            let n2 = minus[0] * minus[0] + minus[1] * minus[1]
            // cos^2 >= cos^2(20 deg) = 0.883 and the two not parallel (cross != 0): separable, nearly antipodal.
            guard n1 > 0, n2 > 0, dot > 0, cross != 0, dot * dot >= 0.883 * n1 * n2 else { continue }
            let z2 = minus.map { -$0 }
            let s = Double(2 + g.below(2))
            let labels: [Double] = [1, 1, -1, -1]
            guard
                let perturbed = try? Dataset(
                    points: [z1.map { s * $0 }, z2, z1.map { -$0 }, z2.map { -$0 }], labels: labels)
            else { continue }
            return perturbed
        }
    }

    /// The fragile set of `seed` (P20's own draw).
    @Sendable static func fragileCase(seed: UInt64) -> GeneratedCase {
        GeneratedCase(seed: seed, family: .fragile, data: fragileSet(seed: seed))
    }

    /// P20's bounds, 3x the worst deficit over 400 seeds [M] (Tests/PropertyTests/README.md): on the
    /// symmetric base small init reaches the global optimum (worst 0.979 of it), large init reaches the
    /// perturbed set's global optimum (worst 0.970).
    static let fragileBaseBound = 0.93
    static let fragileLargeInitBound = 0.9
    /// The share of fragile sets on which small init must miss the global optimum by 10% or more:
    /// measured 0.465 and 0.52 over two sets of 200 seeds (the outcome is bimodal: a miss is almost
    /// always a fall to half the optimum or less, below the linear optimum too) [M].
    public static let fragileShare = 0.25

    /// The fewest fragile sets over which the share is asserted: below 40 a share of about one half
    /// falls under ``fragileShare`` by chance too often (binomial, p = 0.49: 0.6% at 20 sets, 20% at 5;
    /// 0.07% at 40) [D].
    public static let fragileShareMinimum = 40

    /// P20's share over a survey: on how many fragile sets small init missed the global optimum by 10%,
    /// and whether that share meets ``fragileShare`` (nil below ``fragileShareMinimum`` sets).
    public static func fragility(_ survey: GeneratedSurvey) -> (missed: Int, count: Int, holds: Bool?) {
        let missed = survey.outcomes.filter { $0.measured("missed") == 1 }.count
        let count = survey.outcomes.count
        guard count >= fragileShareMinimum else { return (missed, count, nil) }
        return (missed, count, Double(missed) >= fragileShare * Double(count))
    }

    /// The symmetric base of a fragile set (its first point replaced by the mirror of its third), or
    /// nil after shrinking has removed points.
    static func fragileBase(_ perturbed: Dataset) -> Dataset? {
        guard perturbed.count == 4 else { return nil }
        var points = perturbed.points
        points[0] = points[2].map { -$0 }
        return try? Dataset(points: points, labels: perturbed.labels)
    }

    /// P20: seed 003's global optimality is fragile (Lyu et al. 2021 C003.5 [A], a qualitative claim;
    /// the construction is ours, SPEC.md section 8's D_frag [M]). On every generated fragile set
    /// (``DataFamily/fragile``) large init (0.5) reaches the perturbed set's certified global optimum, and
    /// small init (1e-4) reaches it on the symmetric base (P18's closed form), and no run exceeds the
    /// optimum (P19 [D]). Small init on the perturbed set misses it by 10% or more on a share of the
    /// sets (``fragileShare``, measured per seed as `missed`; asserted over the survey by
    /// GeneratedPropertyTests): the failure is not a property of one hand-picked set.
    public static var p20: GeneratedProperty {
        GeneratedProperty(
            id: "P20", title: "Fragility of global optimality on generated perturbations of symmetric data",
            source: "Lyu et al. 2021 C003.5 [A]; construction and bounds measured here [M]; upper bound [D]",
            sizes: SizeRange(points: 4...4, dimensions: 2...2), families: [.fragile],
            draw: fragileCase
        ) { c, context in
            let perturbed = c.data
            let global = try TwoLayerMaxMargin.solve(perturbed, leak: 0.1).lower
            let gamma2 = try MaxMarginSolver.solve(perturbed, norm: .l2).margin
            let steps = max(30_000, budget(.l2, perturbed, limit: gamma2, cap: twoLayerCap).steps)
            let small = fragilityRun(perturbed, scale: 1e-4, seed: c.seed, ngdSteps: steps, context: context)
            let large = fragilityRun(perturbed, scale: 0.5, seed: c.seed, ngdSteps: steps, context: context)
            var checks = [
                Check(
                    "large init (0.5) reaches the global optimum", large >= fragileLargeInitBound * global,
                    "\(show(large)) >= \(fragileLargeInitBound) x \(show(global))"),
                Check(
                    "no run exceeds the global optimum", max(small, large) <= global * (1 + 1e-9),
                    "\(show(small)), \(show(large)) <= \(show(global))"),
                Check("small init reached a positive margin", small > 0, "\(show(small))"),
            ]
            var measured = [
                ("small/global", small / global), ("large/global", large / global),
                ("missed", small < 0.9 * global ? 1 : 0), ("half", small <= 0.5 * global ? 1 : 0),
            ]
            if let base = fragileBase(perturbed) {
                // The symmetric base's optimum is linear: (1 + alpha) gamma2*/4, with the base's gamma2*.
                let optimum = try 1.1 * MaxMarginSolver.solve(base, norm: .l2).margin / 4
                let onBase = fragilityRun(base, scale: 1e-4, seed: c.seed, ngdSteps: steps, context: context)
                measured += [("base/optimum", onBase / optimum), ("global/linear", global / optimum)]
                checks.append(
                    Check(
                        "on the symmetric base small init reaches (1 + alpha) gamma2*/4",
                        onBase >= fragileBaseBound * optimum && onBase <= optimum * (1 + 1e-9),
                        "\(show(onBase)) in [\(fragileBaseBound), 1] x \(show(optimum))"))
            }
            return GeneratedResult(checks: checks, measured: measured)
        }
    }
}
