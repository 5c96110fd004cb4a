/// Independent exact check of a lexicographic max-margin answer (SPEC.md 7.2).
///
/// For every stage k with level `t_k`, free set `F_k` and fixed levels `b_j` (earlier stages):
/// - the primal `w` lies in the unit ball, keeps every fixed point at or above its level, and has
///   `min_{n in F_k} z_n . w = t_k`;
/// - the dual (`lambda` on `F_k`, a distribution; `mu >= 0` on the fixed points) proves, by weak
///   duality, `t <= ||sum lambda_n z_n + sum mu_j z_j||_* - sum mu_j b_j = t_k` for every
///   feasible `w`;
/// - every point reported blocked either has `lambda_n > 0` (complementary slackness: equality in
///   every optimal solution) or a blocking certificate proving `max z_n . w <= t_k` on the stage's
///   optimal set;
/// - levels strictly increase and every point is blocked exactly once.
public enum LexicographicChecker {
    /// Returns the problems found (empty when the answer is proven).
    public static func problems(_ levels: [LexicographicLevel], norm: Norm, data: Dataset) -> [String] {
        let z = data.signedPoints
        var fixed = [Rational?](repeating: nil, count: z.count)
        var found: [String] = []
        var previous: Rational? = nil
        for (k, level) in levels.enumerated() {
            let t = level.value
            if let p = previous, !(p < t) { found.append("stage \(k): level \(t) does not exceed the previous level \(p)") }
            previous = t
            let free = z.indices.filter { fixed[$0] == nil }
            found += stageProblems(k, level, z, norm, free: free, fixed: fixed)
            for n in level.points {
                guard fixed[n] == nil else { found.append("stage \(k): point \(n) is blocked twice"); continue }
                if level.dual[n].signum > 0 { continue }
                guard let b = level.blocking.first(where: { $0.point == n }) else {
                    found.append("stage \(k): point \(n) is reported blocked without a proof"); continue
                }
                let bound = upperBound(objective: z[n], multipliers: b.dual, z, norm, free: free, fixed: fixed, level: t)
                if bound == nil || !(bound! <= t) { found.append("stage \(k): the blocking certificate of point \(n) does not prove its margin stays at \(t)") }
            }
            for n in level.points where fixed[n] == nil { fixed[n] = t }
        }
        if let n = fixed.firstIndex(where: { $0 == nil }) { found.append("point \(n) is never blocked") }
        return found
    }

    private static func stageProblems(_ k: Int, _ level: LexicographicLevel, _ z: [[Double]], _ norm: Norm,
                                      free: [Int], fixed: [Rational?]) -> [String] {
        var found: [String] = []
        let w = level.primal, t = level.value
        guard w.count == z[0].count, level.dual.count == z.count else { return ["stage \(k): witness sizes do not match the data"] }
        let ballNorm = norm == .linf ? w.map(\.magnitude).max()! : w.reduce(Rational.zero) { $0 + $1.magnitude }
        if ballNorm > .one { found.append("stage \(k): the primal witness has norm \(ballNorm) > 1") }
        // Exact comparisons, filtered: only rows a float interval cannot decide are evaluated
        // exactly (the shared exact layer's filter, with its own rigorous error bound).
        let x = FilteredVector(w)
        let fixedPoints = z.indices.filter { fixed[$0] != nil }
        for (b, group) in fixedPoints.groupedInOrder(by: { fixed[$0]! }) {
            for (n, sign) in zip(group, x.compareDots(dense: group.map { z[$0] }, with: b)) where sign < 0 {
                found.append("stage \(k): point \(n) falls below its level \(b)")
            }
        }
        let signs = x.compareDots(dense: free.map { z[$0] }, with: t)
        if signs.contains(where: { $0 < 0 }) || !signs.contains(0) {
            let lowest = free.isEmpty ? nil : x.common.dots(free.map { z[$0] }).min()
            found.append("stage \(k): the primal witness reaches \(lowest.map { "\($0)" } ?? "nothing"), not the level \(t)")
        }
        let freeWeight = free.reduce(Rational.zero) { $0 + level.dual[$1] }
        if freeWeight != .one { found.append("stage \(k): the dual weights on the free points sum to \(freeWeight), not 1") }
        if level.dual.contains(where: { $0.signum < 0 }) { found.append("stage \(k): a dual weight is negative") }
        if let bound = upperBound(objective: nil, multipliers: level.dual, z, norm, free: free, fixed: fixed, level: .zero), bound == t {
        } else {
            found.append("stage \(k): the dual witness does not prove the level \(t)")
        }
        return found
    }

    /// `||c + sum_j m_j z_j||_* - sum_j m_j b_j` with `b_j` the fixed level, or `level` for free
    /// points (the stage bound passes 0: there the free rows carry `t` itself, not a constant);
    /// `c` is `z_objective` or zero. `nil` when a multiplier is negative or sits on a point
    /// that is neither free nor fixed.
    private static func upperBound(objective: [Double]?, multipliers m: [Rational], _ z: [[Double]], _ norm: Norm,
                                   free: [Int], fixed: [Rational?], level: Rational) -> Rational? {
        guard m.count == z.count, !m.contains(where: { $0.signum < 0 }) else { return nil }
        var rows = z
        var weights = m
        if let c = objective { rows.append(c); weights.append(.one) }
        let v = IntegerVector(weights).combination(of: rows, dimension: z[0].count)
        let dualNorm = norm == .linf ? v.reduce(Rational.zero) { $0 + $1.magnitude } : (v.map(\.magnitude).max() ?? .zero)
        var offset = Rational.zero
        for j in z.indices where !m[j].isZero { offset += m[j] * (fixed[j] ?? level) }
        return dualNorm - offset
    }
}
