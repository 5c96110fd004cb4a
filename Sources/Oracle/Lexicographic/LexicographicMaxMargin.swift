/// Leximin by sequential LPs whose levels are exact rationals (SPEC.md 7.2).
///
///     fixed = {}, free = all points
///     repeat
///       t_k = max t  s.t. z_n . w >= t (n free), z_n . w >= level_n (n fixed), w in the ball
///       block every free n whose margin cannot exceed t_k on that optimal set
///     until free is empty
///
/// Which points are blocked is decided exactly, never by a tolerance: a point with positive exact
/// dual weight in the stage LP is blocked by complementary slackness; a point that is strictly
/// above `t_k` at the stage's exact optimum is free; every other point gets its own exact LP
/// `max z_n . w` over the stage's optimal set. At least one point is blocked per stage (the duals
/// sum to one), so there are at most N stages.
///
/// Once the points fixed so far leave a single `w` (``PinnedFace``: tested after each stage from
/// its exact dual, no LP), the remaining levels are the sorted margins at that point: on random
/// data the first stage already pins, and one sort replaces the other N - d - 1 stage LPs.
///
/// Only polyhedral balls (l1, l-infinity) are supported: there the attainable margin vectors form
/// a polytope and the sequential and sorted-vector definitions agree. For l2 the max-margin
/// solution is unique, so leximin is the max-margin solution itself.
public enum LexicographicMaxMargin {
    public static func solve(_ data: Dataset, norm: Norm) throws(OracleError) -> LexicographicSolution {
        try solve(data, norm: norm, directLimit: nil)
    }

    /// `directLimit`: stage LPs with more points use constraint generation (``WorkingSetStage``).
    /// `pinning: false` solves every stage by its LP (tests compare both paths).
    static func solve(_ data: Dataset, norm: Norm, directLimit: Int?, pinning: Bool = true) throws(OracleError)
        -> LexicographicSolution
    {
        guard norm != .l2 else {
            throw .invalidSettings(
                "The lexicographic max margin is computed for l1 and linf; for l2 the max-margin solution is unique, so it is already the leximin solution (use solve --norm l2)."
            )
        }
        let z = data.signedPoints
        let scaling = UnitScaling(z)
        let factor = scaling.factor
        let d = data.dimension
        var fixedLevel = [Rational?](repeating: nil, count: z.count)
        var levels: [LexicographicLevel] = []
        var guess: [Double]? = nil
        var pinned: PinnedFace? = nil
        while fixedLevel.contains(where: { $0 == nil }) {
            let free = z.indices.filter { fixedLevel[$0] == nil }
            let stage = try WorkingSetStage.solve(
                z, d, norm: norm, fixed: fixedLevel, guess: guess, directLimit: directLimit, scaling: scaling)
            let t = stage.level
            let w = stage.weights
            let dual = stage.dual
            guess = w.map(\.doubleValue)
            let x = FilteredVector(w)
            let above = x.compareDots(dense: free.map { z[$0] }, with: t)
            var blocked: [Int] = []
            var blocking: [BlockingCertificate] = []
            for (k, n) in free.enumerated() {
                if dual[n].signum > 0 {
                    blocked.append(n)
                    continue
                }
                if above[k] > 0 { continue }
                // On data far from unit scale the probe runs on the points times 2^shift (exact; the
                // point duals are the same, the objective and levels scale by 2^shift).
                let probe = PolyhedralPrograms.probe(
                    scaling.rows, d, norm: norm, point: n, free: free, level: t * factor,
                    fixed: fixedLevel.map { $0.map { $0 * factor } })
                let (best, _) = try LPSolve.certifiedOptimum(probe.program)
                if best.objective <= t * factor {
                    blocked.append(n)
                    blocking.append(BlockingCertificate(point: n, dual: probe.pointDuals(best)))
                }
            }
            guard !blocked.isEmpty else {
                throw .certificationFailed(
                    "stage \(levels.count + 1) (level \(t)) blocked no point, which an exactly optimal stage cannot do."
                )
            }
            for n in blocked { fixedLevel[n] = t }
            levels.append(LexicographicLevel(value: t, points: blocked, primal: w, dual: dual, blocking: blocking))
            guard pinning, fixedLevel.contains(where: { $0 == nil }),
                let face = PinnedFace.find(
                    z, norm: norm, fixed: fixedLevel, point: w, weights: dual, stages: levels.count)
            else { continue }
            let tail = PinnedFace.levels(z, free: z.indices.filter { fixedLevel[$0] == nil }, point: w)
            for level in tail { for n in level.points { fixedLevel[n] = level.value } }
            levels += tail
            pinned = face
        }
        let margins = fixedLevel.map { $0! }
        return LexicographicSolution(norm: norm, levels: levels, pinned: pinned, margins: margins)
    }
}
