import BigInt
import Exact

/// Independent exact check of a lexicographic max-margin answer (SPEC.md 7.2).
///
/// For every stage k with level `t_k`, free set `F_k` and fixed levels `b_j` (earlier stages),
/// up to the pin (all stages when there is none):
/// - the primal `w` lies in the unit ball, keeps every fixed point at or above its level, and has
///   `min_{n in F_k} z_n . w = t_k`;
/// - the dual (`lambda` on `F_k`, a distribution; `mu >= 0` on the fixed points) proves, by weak
///   duality, `t <= ||sum lambda_n z_n + sum mu_j z_j||_* - sum mu_j b_j = t_k` for every
///   feasible `w`;
/// - every point reported blocked either has `lambda_n > 0` (complementary slackness: equality in
///   every optimal solution) or a blocking certificate proving `max z_n . w <= t_k` on the stage's
///   optimal set.
///
/// With a ``PinnedFace`` after stage s: its point lies in the ball and keeps every point fixed by
/// stages 1..s at or above its level, and its weights and rank witness meet the conditions that
/// make the feasible set that point [derived, see ``PinnedFace``]; every later level's points
/// then have exactly that level as their margin at the point (evaluated exactly, in one batch).
///
/// Always: levels strictly increase and every point is blocked exactly once (so the later levels
/// are the distinct margins at the point, in order).
public enum LexicographicChecker {
    /// Returns the problems found (empty when the answer is proven): the levels, and the pin when
    /// the later levels rely on one.
    public static func problems(_ levels: [LexicographicLevel], pinned: PinnedFace?, norm: Norm, data: Dataset)
        -> [String]
    {
        let z = data.signedPoints
        var fixed = [Rational?](repeating: nil, count: z.count)
        var found: [String] = []
        var previous: Rational? = nil
        let certified = pinned?.stages ?? levels.count
        if certified < 0 || certified > levels.count {
            return ["the pin claims \(certified) certified stages of \(levels.count)"]
        }
        for (k, level) in levels.enumerated() {
            let t = level.value
            // After the pin, the order is checked on the margins' common-denominator numerators.
            if k <= certified, let p = previous, !(p < t) {
                found.append("stage \(k): level \(t) does not exceed the previous level \(p)")
            }
            previous = t
            if let pin = pinned, k == certified { found += pinProblems(pin, z, norm, fixed: fixed) }
            if k < certified {
                let free = z.indices.filter { fixed[$0] == nil }
                found += stageProblems(k, level, z, norm, free: free, fixed: fixed)
            } else if level.primal != nil || level.dual != nil || !level.blocking.isEmpty {
                found.append("stage \(k) comes after the pin but carries an LP certificate")
            }
            if level.points.isEmpty { found.append("stage \(k) blocks no point") }
            if zip(level.points, level.points.dropFirst()).contains(where: { $0 >= $1 }) {
                found.append("stage \(k): its points are not strictly increasing")
            }
            for n in level.points {
                guard n >= 0, n < z.count else {
                    found.append("stage \(k): point \(n) is out of range")
                    continue
                }
                guard fixed[n] == nil else {
                    found.append("stage \(k): point \(n) is blocked twice")
                    continue
                }
                fixed[n] = t
            }
        }
        if let pin = pinned, certified == levels.count { found += pinProblems(pin, z, norm, fixed: fixed) }
        if let pin = pinned { found += pinnedLevelProblems(levels[certified...], pin, z) }
        if let n = fixed.firstIndex(where: { $0 == nil }) { found.append("point \(n) is never blocked") }
        return found
    }

    private static func stageProblems(
        _ k: Int, _ level: LexicographicLevel, _ z: [[Double]], _ norm: Norm,
        free: [Int], fixed: [Rational?]
    ) -> [String] {
        var found: [String] = []
        let t = level.value
        guard let w = level.primal, let dual = level.dual else { return ["stage \(k): the LP certificate is missing"] }
        guard w.count == z[0].count else {
            return ["stage \(k): the primal witness has \(w.count) coordinates, not \(z[0].count)"]
        }
        if let problem = dual.problem(count: z.count) { return ["stage \(k): dual witness: \(problem)"] }
        if ballNorm(w, norm) > .one { found.append("stage \(k): the primal witness has norm \(ballNorm(w, norm)) > 1") }
        let x = ExactMargins(w)
        found += fixedPointProblems(x, z, fixed: fixed).map { "stage \(k): \($0)" }
        let signs = x.compare(free.map { z[$0] }, with: t)
        if signs.contains(where: { $0 < 0 }) || !signs.contains(0) {
            let lowest = x.minimum(free.map { z[$0] })
            found.append(
                "stage \(k): the primal witness reaches \(lowest.map { "\($0)" } ?? "nothing"), not the level \(t)")
        }
        let freeWeight = dual.entries.filter { fixed[$0.point] == nil }.reduce(Rational.zero) { $0 + $1.weight }
        if freeWeight != .one {
            found.append("stage \(k): the dual weights on the free points sum to \(freeWeight), not 1")
        }
        if let bound = upperBound(objective: nil, multipliers: dual, z, norm, fixed: fixed, level: .zero), bound == t {
        } else {
            found.append("stage \(k): the dual witness does not prove the level \(t)")
        }
        // Blocking certificates: one per blocked point without dual weight, in increasing point
        // order, and no other (a document carries no proof nobody checks).
        let needing = level.points.filter { $0 >= 0 && $0 < z.count && fixed[$0] == nil && dual[$0].signum <= 0 }
        if level.blocking.map(\.point) != needing {
            found.append(
                "stage \(k): blocking certificates are given for points \(level.blocking.map(\.point)), but the points blocked without dual weight are \(needing)"
            )
        }
        for n in needing {
            guard let b = level.blocking.first(where: { $0.point == n }) else {
                found.append("stage \(k): point \(n) is reported blocked without a proof")
                continue
            }
            let bound = upperBound(objective: z[n], multipliers: b.dual, z, norm, fixed: fixed, level: t)
            if bound == nil || !(bound! <= t) {
                found.append(
                    "stage \(k): the blocking certificate of point \(n) does not prove its margin stays at \(t)")
            }
        }
        return found
    }

    /// The pin (``PinnedFace``): its point in the ball and above every fixed level, the weights'
    /// conditions, and the face matrix's rank modulo one of ``ModularRank/primes``.
    private static func pinProblems(_ pin: PinnedFace, _ z: [[Double]], _ norm: Norm, fixed: [Rational?]) -> [String] {
        let d = z[0].count
        guard pin.point.count == d else { return ["the pinned point has \(pin.point.count) coordinates, not \(d)"] }
        var found: [String] = []
        if ballNorm(pin.point, norm) > .one {
            found.append("the pinned point has norm \(ballNorm(pin.point, norm)) > 1")
        }
        found += fixedPointProblems(ExactMargins(pin.point), z, fixed: fixed).map { "pinned point: \($0)" }
        switch pinFace(point: pin.point, weights: pin.weights, z, norm, fixed: fixed) {
        case .rejected(let problems):
            found += problems
        case .face(let rows, let columns):
            if !ModularRank.primes.contains(pin.prime) {
                found.append("the pin's modulus \(pin.prime) is not one of the rank test's primes")
            } else if ModularRank.rank(rows, prime: pin.prime) != columns {
                found.append("the pin's face matrix does not have rank \(columns) modulo \(pin.prime)")
            }
        }
        return found
    }

    /// What the pin's rank test is about, or why its weights cannot pin: the rows of the face
    /// matrix M (see ``PinnedFace``) and the number of face coordinates |A|. The solver builds
    /// its candidate pins with it too.
    package enum PinFace {
        case face(rows: [[Double]], columns: Int)
        case rejected([String])
    }

    package static func pinFace(
        point: [Rational], weights pi: PointWeights, _ z: [[Double]], _ norm: Norm, fixed: [Rational?]
    ) -> PinFace {
        let d = z[0].count
        if let problem = pi.problem(count: z.count) { return .rejected(["pin weights: \(problem)"]) }
        if let j = pi.points.first(where: { fixed[$0] == nil }) {
            return .rejected(["pin weights: point \(j) is not fixed"])
        }
        let x = ExactMargins(point)
        for (b, group) in pi.points.groupedInOrder(by: { fixed[$0]! }) {
            if let k = x.compare(group.map { z[$0] }, with: b).firstIndex(where: { $0 != 0 }) {
                return .rejected(["pin weights: point \(group[k]) is not tight at the pinned point (level \(b))"])
            }
        }
        let r = IntegerVector(pi.weights).combinationVector(of: pi.points.map { z[$0] }, dimension: d).integers
        var face: [Int] = []
        var faceSigns: [Double] = []
        switch norm {
        case .linf:
            for i in 0..<d {
                if point[i].magnitude < .one {
                    guard r[i].isZero else {
                        return .rejected([
                            "pin weights: coordinate \(i) is free in the face but the weights' combination is not zero there"
                        ])
                    }
                    face.append(i)
                } else if Int(r[i].signum()) * point[i].signum <= 0 {
                    return .rejected([
                        "pin weights: coordinate \(i) is saturated but the weights' combination does not push it outward strictly"
                    ])
                }
            }
        case .l1, .l2:
            guard norm == .l1, point.reduce(Rational.zero, { $0 + $1.magnitude }) == .one else {
                return .rejected(["pin: the pinned point is not on the unit sphere of l1"])
            }
            let m = r.map(\.magnitude).max() ?? 0
            guard m > 0 else { return .rejected(["pin weights: their combination is zero"]) }
            for i in 0..<d {
                if point[i].isZero {
                    guard r[i].magnitude < m else {
                        return .rejected([
                            "pin weights: coordinate \(i) is zero at the pinned point but the combination is extremal there"
                        ])
                    }
                } else {
                    guard r[i].magnitude == m, Int(r[i].signum()) == point[i].signum else {
                        return .rejected([
                            "pin weights: coordinate \(i) is in the support but the combination is not extremal with its sign there"
                        ])
                    }
                    face.append(i)
                    faceSigns.append(point[i].signum > 0 ? 1 : -1)
                }
            }
        }
        var rows = pi.points.map { j in face.map { z[j][$0] } }
        if norm == .l1 { rows.append(faceSigns) }
        return .face(rows: rows, columns: face.count)
    }

    /// Every level after the pin: its points' margins at the pinned point equal it, exactly, and
    /// the levels increase. One batch of exact dots over a common denominator, then integer
    /// comparisons and one normalization per level (no products of big rationals).
    private static func pinnedLevelProblems(
        _ levels: ArraySlice<LexicographicLevel>, _ pin: PinnedFace, _ z: [[Double]]
    ) -> [String] {
        guard pin.point.count == z[0].count else { return [] }
        let inRange = levels.map { level in level.points.filter { $0 >= 0 && $0 < z.count } }
        let members = inRange.flatMap { $0 }
        let (numerators, denominator) = IntegerVector(pin.point).scaledDots(members.map { z[$0] })
        var found: [String] = []
        var offset = 0
        var previous: BigInt? = nil
        for ((k, level), points) in zip(zip(levels.indices, levels), inRange) {
            let group = numerators[offset..<(offset + points.count)]
            offset += points.count
            guard let first = group.first else {
                found.append("stage \(k) blocks no point")
                continue
            }
            for (n, p) in zip(points, group) where p != first {
                found.append(
                    "point \(n): its margin at the pinned point is \(Rational(p, denominator)), not its level \(level.value)"
                )
            }
            // One GMP gcd; measured faster than cross-multiplying in BigInt.
            if Rational(first, denominator) != level.value {
                found.append(
                    "stage \(k): the margin at the pinned point is \(Rational(first, denominator)), not the level \(level.value)"
                )
            }
            if let p = previous, !(p < first) {
                found.append("stage \(k): level \(level.value) does not exceed the previous level")
            }
            previous = first
        }
        return found
    }

    /// Fixed points that fall below their level at `x`.
    private static func fixedPointProblems(_ x: ExactMargins, _ z: [[Double]], fixed: [Rational?]) -> [String] {
        var found: [String] = []
        for (b, group) in z.indices.filter({ fixed[$0] != nil }).groupedInOrder(by: { fixed[$0]! }) {
            for (n, sign) in zip(group, x.compare(group.map { z[$0] }, with: b)) where sign < 0 {
                found.append("point \(n) falls below its level \(b)")
            }
        }
        return found
    }

    private static func ballNorm(_ w: [Rational], _ norm: Norm) -> Rational {
        norm == .linf ? w.map(\.magnitude).max() ?? .zero : w.reduce(Rational.zero) { $0 + $1.magnitude }
    }

    /// `||c + sum_j m_j z_j||_* - sum_j m_j b_j` with `b_j` the fixed level, or `level` for free
    /// points (the stage bound passes 0: there the free rows carry `t` itself, not a constant);
    /// `c` is `objective` or zero. `nil` when the multipliers are malformed or negative.
    private static func upperBound(
        objective: [Double]?, multipliers m: PointWeights, _ z: [[Double]], _ norm: Norm,
        fixed: [Rational?], level: Rational
    ) -> Rational? {
        guard m.problem(count: z.count) == nil else { return nil }
        var rows = m.points.map { z[$0] }
        var weights = m.weights
        if let c = objective {
            rows.append(c)
            weights.append(.one)
        }
        let v = IntegerVector(weights).combinationVector(of: rows, dimension: z[0].count)
        let dualNorm = norm == .linf ? v.l1Norm : v.maxNorm
        var offset = Rational.zero
        for (j, mj) in m.entries { offset += mj * (fixed[j] ?? level) }
        return dualNorm - offset
    }
}
