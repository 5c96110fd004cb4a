/// Proof that the leximin feasible set has shrunk to one point, after which no more LPs are needed.
///
/// After the first `stages` stages the set still open to the later stages is
/// `P = {w in ball : z_j . w >= b_j for every point j fixed so far}`. For each of the d + 1
/// directions `c_1 = e_1, ..., c_d = e_d, c_(d+1) = -(1, ..., 1)`, `bounds[k]` holds multipliers
/// `nu >= 0` on fixed points with
///
///     ||c_k + sum_j nu_j z_j||_* - sum_j nu_j b_j <= c_k . point,
///
/// which proves `c_k . w <= c_k . point` for every `w` in P (weak duality, as for the blocking
/// certificates). The directions positively span R^d: `h = w - point` has `h_i <= 0` for all i and
/// `sum_i h_i >= 0`, so `h = 0` and P = {point} (`point` itself is in P; the checker verifies it).
/// [derived]
///
/// Consequence [derived]: every later stage LP is over the single point `point`, so its level is
/// the smallest margin there among the points still free, and it blocks exactly the free points at
/// that margin. The levels after the pin are the distinct margins at `point`, increasing, and
/// carry no certificate of their own: the checker evaluates the margins exactly.
public struct PinnedFace: Sendable, Equatable, Codable {
    /// How many leading stages carry their own LP certificate; `P` is fixed by their points.
    public var stages: Int
    /// The only point of `P`: the leximin solution.
    public var point: [Rational]
    /// One multiplier vector per direction `c_1, ..., c_(d+1)` (on fixed points only).
    public var bounds: [PointWeights]

    /// Direction `c_k` (k in 0...d): `e_k` for k < d, `-(1, ..., 1)` for k = d.
    public static func direction(_ k: Int, dimension d: Int) -> [Double] {
        k == d ? [Double](repeating: -1, count: d) : (0..<d).map { $0 == k ? 1 : 0 }
    }
}

extension PinnedFace {
    /// Tries to prove that `{w in ball : z_j . w >= fixed_j}` is `{point}` (`point`, the last
    /// stage's exact optimum, lies in it).
    ///
    /// A floating-point LP in one pseudo-random direction (fixed seed, so runs are reproducible)
    /// screens first: on a set that is not a point it almost surely rises above `point`. Only if
    /// it does not are the d + 1 exact certified LPs solved, and any of them rising above
    /// `point` exactly also means "not pinned".
    enum Search {
        case pinned(PinnedFace)
        /// The floating-point screen found a point of the set away from `point` (cheap).
        case screenedOut
        /// The screen passed but an exact LP rose above `point` (d + 1 LPs spent at most).
        case refuted
    }

    static func find(_ z: [[Double]], _ d: Int, norm: Norm, fixed: [Rational?], point: [Rational], stages: Int) throws(OracleError) -> Search {
        let approx = point.map(\.doubleValue)
        var random = SplitMix64(seed: 0x91ed_face ^ UInt64(stages))
        let screen = (0..<d).map { _ in random.symmetric(bits: 30) }
        let lp = PolyhedralPrograms.pin(z, d, norm: norm, direction: screen, fixed: fixed)
        try lp.program.validate()
        let outcome = try GLPKBackend.solve(lp.program, settings: GLPKBackend.Settings())
        guard outcome.status == .optimal else { return .screenedOut }
        let atPoint = zip(screen, approx).reduce(0.0) { $0 + $1.0 * $1.1 }
        guard outcome.objective - atPoint <= 1e-9 * Double(d) else { return .screenedOut }
        var bounds: [PointWeights] = []
        for k in 0...d {
            let c = direction(k, dimension: d)
            let lp = PolyhedralPrograms.pin(z, d, norm: norm, direction: c, fixed: fixed)
            let (best, _) = try LPSolve.certifiedOptimum(lp.program)
            let value = k == d ? -point.reduce(Rational.zero, +) : point[k]
            guard best.objective <= value else { return .refuted }
            bounds.append(PointWeights(lp.rowOfPoint.map { (point: $0.key, weight: -(best.rowDuals[$0.value] ?? .zero)) }))
        }
        return .pinned(PinnedFace(stages: stages, point: point, bounds: bounds))
    }

    /// The levels after the pin: the points still free grouped by their exact margin at `point`,
    /// increasing (ties between points in index order, so the output is deterministic).
    static func levels(_ z: [[Double]], free: [Int], point: [Rational]) -> [LexicographicLevel] {
        let (numerators, denominator) = IntegerVector(point).scaledDots(free.map { z[$0] })
        let order = free.indices.sorted { numerators[$0] != numerators[$1] ? numerators[$0] < numerators[$1] : free[$0] < free[$1] }
        var levels: [LexicographicLevel] = []
        var start = 0
        while start < order.count {
            var end = start + 1
            while end < order.count, numerators[order[end]] == numerators[order[start]] { end += 1 }
            levels.append(LexicographicLevel(pinnedValue: Rational(numerators[order[start]], denominator),
                                             points: order[start..<end].map { free[$0] }))
            start = end
        }
        return levels
    }
}
