import Foundation

/// The certified answer for the global max margin of two-layer leaky-ReLU networks.
public struct TwoLayerSolution: Sendable {
    /// `gamma_bar*` is in `[lower, upper]` (proven); `lower` is attained by `certificate.network`.
    public let lower: Double
    public let upper: Double
    /// The exact bracket: `lowerExact <= gamma_bar* <= sqrt(upperSquaredExact)`.
    public let lowerExact: Rational
    public let upperSquaredExact: Rational
    /// `1 - lower / upper`.
    public var relativeGap: Double { upper > 0 ? 1 - lower / upper : 0 }
    public let certificate: TwoLayerCertificate
    /// Column-generation rounds.
    public let iterations: Int
}

/// Global max normalized margin `gamma_bar* = max q_min(theta) / ||theta||^2` over two-layer
/// leaky-ReLU networks of any width, for data in R^d, d >= 2 (SPEC.md 6.4, 7.4; [D]; beyond R^3 up to
/// ``arrangementLimit``).
///
/// `gamma_bar* = gamma_F1* / 2` with `gamma_F1* = max { t : sum_k c_k y_n phi(u_k . x_n) >= t,
/// sum |c_k| <= 1, ||u_k|| = 1 }`, an LP over a continuum of directions. Column generation: the
/// restricted LP over the current directions (GLPK, floating point) gives duals `lambda`; pricing
/// maximizes `|g_lambda(u)|` over the circle arc by arc (on an arc `g_lambda(u) = u . v_A`), in R^3
/// over the sphere face by face (``SphereDualBound``'s exact candidates), beyond over the faces of the
/// points' hyperplane arrangement (``ArrangementDualBound``), and adds the maximizers
/// that beat the current level; it stops when none does, or near the target gap. The answer is then
/// certified exactly by ``TwoLayerChecker``: the rounded network gives the lower bound, the rounded
/// duals the upper bound. An answer whose bracket is wider than `relativeGap` is refused.
///
/// Closed forms it must agree with [D]: symmetric data `(1 + alpha) gamma_2* / 4` (C003.2); any
/// data at least the linear value `(1 + alpha) gamma_2* / 4` (two opposite neurons make a linear map).
public enum TwoLayerMaxMargin {
    public static func solve(_ data: Dataset, leak: Double, relativeGap: Double = 1e-9, maxRounds: Int = 500)
        throws(OracleError) -> TwoLayerSolution
    {
        guard data.dimension >= 2 else {
            throw .invalidSettings(
                "The two-layer global margin is computed for data in R^d with d >= 2; this data set has dimension \(data.dimension)."
            )
        }
        try refuseBeyondSizeLimits(data)
        guard leak.isFinite, leak >= 0, leak < 1 else {
            throw .invalidSettings(
                "The leak alpha = \(leak) must be in [0, 1) (alpha = 1 is a linear model: use --norm l2).")
        }
        guard relativeGap > 0, relativeGap < 1 else {
            throw .invalidSettings("relativeGap = \(relativeGap) must be in (0, 1).")
        }
        // Symmetric pairs no linear map separates: decided before any round (the float level hovers a
        // hair above 0 on such data, and the rounds never close a bracket [0, 1e-17]).
        if let witness = symmetricWitness(data) {
            return try nonSeparable(data, leak: leak, witness: witness, rounds: 0)
        }
        // Coordinates beyond 2^+-64 are rescaled by a power of two (exact) for the floating-point rounds:
        // products of degree 4 in them overflowed or underflowed at 2^+-257 (exit 3). The margin scales
        // with the data, and the network and the dual found on the scaled data are certified against the
        // original data, exactly. Ordinary data are left as they are (their fixtures with them).
        let magnitude = data.points.lazy.flatMap { $0 }.map { abs($0) }.max() ?? 0
        let shift = magnitude > 0x1p64 || (magnitude > 0 && magnitude < 0x1p-64) ? -Int(magnitude.exponent) : 0
        let factor = Double(sign: .plus, exponent: shift, significand: 1)
        let work =
            shift == 0 ? data : try Dataset(points: data.points.map { $0.map { $0 * factor } }, labels: data.labels)
        let x = work.points
        let y = work.labels
        var directions = initialDirections(x)
        var rounds = 0
        var refinements = 0
        // The round in which each direction entered the master (only used above `sweepAbove` points).
        var born = [Int](repeating: 0, count: directions.count)
        // Above `sweepAbove` points: the last optimal basis of the dual-form master, extended to the next
        // round's directions (a warm start for the dual simplex).
        var warm: Basis? = nil
        while true {
            var last: Master
            var stalledLevel = -Double.infinity
            var stalledRounds = 0
            while true {
                rounds += 1
                last = try restrictedMaster(x, y, leak, directions, warmStart: warm)
                let priced = newDirections(x, y, leak, last.lambda, level: last.level, known: directions)
                let fresh = priced.fresh
                // The dual is a distribution over the points, so the best priced value bounds gamma_F1*
                // from above (up to rounding) while the level bounds it from below: once they are within
                // a quarter of the target gap, further rounds only chase rounding noise (they ran into
                // `maxRounds` on 1000 points). The exact certificate decides; too wide, it refines below.
                let closed = priced.best <= last.level + relativeGap / 4 * abs(last.level)
                // The float master stalls a little short of that on large data (4000 points: 5e-9 below
                // the priced bound, its tolerances being absolute): after 3 rounds without progress the
                // exact solve of the same master takes over.
                if last.level > stalledLevel * (1 + 1e-13) {
                    stalledLevel = last.level
                    stalledRounds = 0
                } else {
                    stalledRounds += 1
                }
                let stalled = stalledRounds >= 3
                if fresh.isEmpty || (scalable(x) && (closed || stalled)) || rounds >= maxRounds { break }
                // Above `sweepAbove` points only the directions the current optimum uses are kept (it
                // stays feasible, so the level never drops): the master stays a few columns wide
                // instead of growing from 4n, which made every round cost O(n^2) and more. Small
                // data keep every direction (fewer rounds, and the fixtures' answers as they were).
                if scalable(x), let basis = last.basis {
                    // Kept: the directions in use, those added in the last four rounds (dropping them at
                    // once made the master cycle: a fresh direction entered at zero, was dropped, priced
                    // again), and those with a nonbasic row (dropping one would leave too many basic
                    // variables for the warm start).
                    let kept = directions.indices.filter { k in
                        last.c[k] != 0 || (born[k] > 0 && rounds - born[k] < 4) || basis.rows[2 * k] != .basic
                            || basis.rows[2 * k + 1] != .basic
                    }
                    directions = kept.map { directions[$0] } + fresh
                    born = kept.map { born[$0] } + [Int](repeating: rounds, count: fresh.count)
                    warm = Basis(
                        rows: kept.flatMap { [basis.rows[2 * $0], basis.rows[2 * $0 + 1]] }
                            + [BasisStatus](repeating: .basic, count: 2 * fresh.count) + [
                                basis.rows[basis.rows.count - 1]
                            ],
                        columns: basis.columns)
                } else {
                    directions += fresh
                    born += [Int](repeating: rounds, count: fresh.count)
                }
            }
            if last.level <= 0, let witness = rayWitness(data) {
                // No network separates: two points on one ray with opposite labels (or a zero point).
                return try nonSeparable(data, leak: leak, witness: witness, rounds: rounds)
            }
            switch try certify(data, scaled: work, leak, directions, last, rounds, relativeGap: relativeGap) {
            case .certified(let solution):
                return solution
            case .tooWide(let exactDual, let message):
                // Price once more with the exact dual: the directions it still finds are what is missing.
                refinements += 1
                // In R^3 with the exact candidates: the floating-point ones can miss a nearly degenerate vertex.
                let fresh = newDirections(
                    x, y, leak, exactDual, level: last.level * (1 - 1e-15), known: directions, exact: true
                ).fresh
                guard refinements <= 60, !fresh.isEmpty, rounds < maxRounds else { throw .certificationFailed(message) }
                directions += fresh
                born += [Int](repeating: rounds, count: fresh.count)
                warm = last.basis.map { basis in
                    Basis(
                        rows: basis.rows.dropLast() + [BasisStatus](repeating: .basic, count: 2 * fresh.count)
                            + [basis.rows[basis.rows.count - 1]], columns: basis.columns)
                }
            }
        }
    }

    /// Priced directions whose dual value beats `level`, best first, at most 8, skipping known ones;
    /// and the best priced value (the maximum of `|g_lambda|` over the circle, in floating point).
    static func newDirections(
        _ x: [[Double]], _ y: [Double], _ leak: Double, _ lambda: [Double], level: Double, known: [[Double]],
        exact: Bool = false
    ) -> (fresh: [[Double]], best: Double) {
        let threshold = level + 1e-12 * max(abs(level), 1e-300)
        var fresh: [[Double]] = []
        let candidates = price(x, y, leak, lambda, exact: exact)
        let best = candidates.map(\.value).max() ?? 0
        for candidate in candidates.filter({ $0.value > threshold }).sorted(by: { $0.value > $1.value }) {
            let u = candidate.direction
            if !(known + fresh).contains(where: { zip($0, u).reduce(0.0) { $0 + abs($1.0 - $1.1) } < 1e-14 }) {
                fresh.append(u)
            }
            if fresh.count == 8 { break }
        }
        return (fresh, best)
    }

    enum CertifyOutcome {
        case certified(TwoLayerSolution)
        case tooWide(dual: [Double], message: String)
    }

    private static func certify(
        _ data: Dataset, scaled work: Dataset, _ leak: Double, _ directions: [[Double]],
        _ last: Master, _ rounds: Int,
        relativeGap: Double
    ) throws(OracleError) -> CertifyOutcome {
        // Network: c_k phi(u_k . x) = a_k phi(w_k . x) with |a_k| = ||w_k|| (balanced), rounded to doubles.
        // The final restricted LP solved to its exact optimum (for its double coefficients), so
        // the only gap left is the rounding of phi(u . x) to doubles (about 1e-16 relative).
        // When the degenerate master defeats the exact basis repair, the floating-point solution
        // is used instead: the certificate stays exact, only the bracket is wider (about 1e-10).
        let m = directions.count
        // The exact LP on the (possibly rescaled) data the rounds saw; the certificate is checked on `data`.
        let lp = masterProgram(work.points, work.labels, leak, directions)
        let start = last.basis.map { primalBasis(fromDual: $0, points: data.count, directions: m) }
        let exact = try? LPSolve.certifiedOptimum(lp, warmStart: start, trustWarmStart: start != nil).0
        let c = exact.map { e in (0..<m).map { (e.columnValues[$0] - e.columnValues[m + $0]).doubleValue } } ?? last.c
        var hidden: [[Rational]] = []
        var output: [Rational] = []
        for (k, u) in directions.enumerated() where c[k] != 0 {
            let norm = dotD(u, u).squareRoot()
            let scale = (abs(c[k]) / norm).squareRoot()
            let a = (abs(c[k]) * norm).squareRoot() * (c[k] > 0 ? 1 : -1)
            hidden.append(u.map { Rational(exactly: $0 * scale)! })
            output.append(Rational(exactly: a)!)
        }
        func normalized(_ weights: [Rational]) -> [Rational] {
            let total = weights.reduce(Rational.zero, +)
            return total.signum > 0
                ? weights.map { $0 / total }
                : [Rational](repeating: Rational.one / Rational(data.count), count: data.count)
        }
        // Weights below 1e-12 of the largest are rounding noise of the float master; dropping them changes
        // the bound by as little, but every point kept costs the sphere's check O(s^2) more work.
        let largest = last.lambda.filter(\.isFinite).max() ?? 0
        let floatDual = normalized(
            last.lambda.map { Rational(exactly: $0.isFinite && $0 > 1e-12 * largest ? $0 : 0)! })
        let exactDual = exact.map { e in normalized((0..<data.count).map { n in -(e.rowDuals[n] ?? .zero) }) }
        // Any distribution bounds gamma_F1* from above (weak duality), so the dual need not be the exact
        // LP's. In R^3 the float master's dual is tried first: its weights are short dyadic fractions,
        // while the exact dual's run to hundreds of digits, and the sphere's exact bound costs
        // O(s^3) products of them (480 Gaussian points: 555 s, nearly all in those products). Its bound
        // is what stopped the rounds (within a quarter of the target gap), so it usually suffices; when
        // it does not, the exact dual is checked.
        let network = TwoLayerNetwork(hidden: hidden, output: output)
        let leakExact = Rational(exactly: leak)!
        var tries = data.dimension >= 3 ? [floatDual] + (exactDual.map { [$0] } ?? []) : [exactDual ?? floatDual]
        var lambda = tries.removeFirst()
        var certificate = TwoLayerCertificate(leak: leakExact, network: network, dual: lambda)
        var verdict = TwoLayerChecker.verify(certificate, against: data)
        func wideEnough(_ v: TwoLayerChecker.Verdict) -> Bool {
            v.lower * v.lower >= Rational(exactly: (1 - relativeGap) * (1 - relativeGap))! * v.upperSquared
        }
        while verdict.valid, !wideEnough(verdict), !tries.isEmpty {
            lambda = tries.removeFirst()
            certificate = TwoLayerCertificate(leak: leakExact, network: network, dual: lambda)
            verdict = TwoLayerChecker.verify(certificate, against: data)
        }
        guard verdict.valid else {
            throw .certificationFailed("the two-layer certificate was rejected: \(verdict.reason ?? "").")
        }
        let upper = verdict.upperSquared.squareRootDouble
        let lower = verdict.lower.doubleValue
        guard wideEnough(verdict) else {
            return .tooWide(
                dual: lambda.map(\.doubleValue),
                message:
                    "the certified bracket [\(lower), \(upper)] is wider than the relative gap \(relativeGap) after \(rounds) rounds."
            )
        }
        return .certified(
            TwoLayerSolution(
                lower: lower, upper: upper, lowerExact: verdict.lower, upperSquaredExact: verdict.upperSquared,
                certificate: certificate, iterations: rounds))
    }

    /// The answer "margin 0" with a dual `witness` that makes `g_lambda` vanish, checked exactly.
    static func nonSeparable(_ data: Dataset, leak: Double, witness: [Rational], rounds: Int) throws(OracleError)
        -> TwoLayerSolution
    {
        let certificate = TwoLayerCertificate(
            leak: Rational(exactly: leak)!, network: TwoLayerNetwork(hidden: [], output: []), dual: witness)
        let verdict = TwoLayerChecker.verify(certificate, against: data)
        guard verdict.valid, verdict.upperSquared.isZero else {
            throw .certificationFailed("the non-separability witness was rejected.")
        }
        return TwoLayerSolution(
            lower: 0, upper: 0, lowerExact: .zero, upperSquaredExact: .zero, certificate: certificate,
            iterations: rounds)
    }

    /// Symmetric pairs `(x, y)`, `(-x, -y)` force `y (f(x) - f(-x)) > 0` on a separating network, and
    /// `f(x) - f(-x) = (1 + alpha) sum_k a_k w_k . x` is linear [D: `phi(s) - phi(-s) = (1 + alpha) s`]. So
    /// when the pairs' representatives `(x, y)` are not linearly separable, no network separates the data:
    /// the linear oracle's exact witness `mu` (`sum mu_k y_k x_k = 0`) split evenly over each pair gives a
    /// dual `lambda` with `g_lambda(u) = (1 + alpha) u . sum mu_k y_k x_k / 2 = 0` for every `u`. Returns that
    /// dual, or `nil` when the data hold no such pairs, their representatives are separable, or the linear
    /// oracle fails on them (the column generation then decides as before).
    static func symmetricWitness(_ data: Dataset) -> [Rational]? {
        var index: [[Double]: Int] = [:]
        for (n, p) in data.points.enumerated() where index[p] == nil { index[p] = n }
        var pairs: [(Int, Int)] = []
        var used = Set<Int>()
        for (i, p) in data.points.enumerated() where !used.contains(i) {
            guard let j = index[p.map { -$0 }], j != i, !used.contains(j), data.labels[j] == -data.labels[i] else {
                continue
            }
            pairs.append((i, j))
            used.formUnion([i, j])
        }
        guard !pairs.isEmpty else { return nil }
        guard
            let representatives = try? Dataset(
                points: pairs.map { data.points[$0.0] }, labels: pairs.map { data.labels[$0.0] }),
            let linear = try? MaxMarginSolver.solve(representatives, norm: .l2), linear.status == .notSeparable
        else { return nil }
        var lambda = [Rational](repeating: .zero, count: data.count)
        for (k, (i, j)) in pairs.enumerated() {
            let half = linear.certificate.dual[k] / Rational(2)
            lambda[i] += half
            lambda[j] += half
        }
        return lambda
    }

    /// Data in R^3 with more points than this are refused at once (exit 2), before any work: the cost
    /// grows like n^1.5 (the master's rows and the exact check of its basis), see
    /// ``estimatedSeconds(points:dimension:)``.
    public static let sphereLimit = 4000

    /// Refuses at once (before any work) data beyond the documented sizes: more than ``sphereLimit``
    /// points in R^3, or, in R^4 and beyond, points whose worst-case arrangement exceeds
    /// ``arrangementLimit`` faces (README: R^4 up to 104 points in general position, R^5 up to 36).
    public static func refuseBeyondSizeLimits(_ data: Dataset) throws(OracleError) {
        if data.dimension >= 4 {
            let visits = ArrangementDualBound.worstCaseFaceVisits(
                data.points.map { $0.map { Rational(exactly: $0) ?? .zero } })
            guard visits <= arrangementLimit else {
                throw .invalidSettings(
                    "\(data.count) points in R^\(data.dimension) exceed the two-layer oracle's limit: its exact bound may visit 2 C(h, d-1) 3^(d-1) = \(String(format: "%.3g", visits)) faces of the arrangement of their h distinct planes, beyond the limit of \(String(format: "%.0e", arrangementLimit)) (estimated \(String(format: "%.3g", secondsPerFace(dimension: data.dimension) * visits)) s). In R^4 up to \(largestArrangement(dimension: 4)) points in general position are accepted, in R^5 up to \(largestArrangement(dimension: 5))."
                )
            }
        }
        if data.dimension == 3, data.count > sphereLimit {
            throw .invalidSettings(
                "\(data.count) points in R^3 exceed the two-layer oracle's limit of \(sphereLimit) points: estimated \(Int(estimatedSeconds(points: data.count, dimension: 3).rounded())) s on a 2-core machine (measured on XOR points with a bias coordinate: 3.6 s at 1000 points, 12 s at 2000, 29 s at 4000). Solve a subsample, or the data in the plane."
            )
        }
    }

    /// Estimated wall time of ``solve(_:leak:relativeGap:maxRounds:)`` in a release build on a 2-core
    /// machine, fitted to `bench --two-layer` runs [M]: beyond R^3 per face of the worst-case arrangement
    /// (every point in the dual's support): 5e-7 s in R^4 (XOR points with a bias coordinate: 1 s at 40
    /// points, 4.2 s at 104), 5e-6 s in R^5 and beyond (21 s at 30 points, 45 s at 36; R^6 and beyond
    /// extrapolated); in the plane about linear (4.5 s at 4000 XOR
    /// points); in R^3 `3.6 s x (n / 1000)^1.5` (XOR points with a bias coordinate: 3.6 s at 1000, 12 s
    /// at 2000, 29 s at 4000; 480 Gaussian points with a 53-neuron optimum took 14 s). An
    /// estimate for the refusal message, not a bound: the support of the dual
    /// (the network's width) also sets the cost of the exact check, cubically.
    public static func estimatedSeconds(points n: Int, dimension d: Int) -> Double {
        let thousands = Double(n) / 1000
        if d >= 4 { return secondsPerFace(dimension: d) * ArrangementDualBound.faceVisits(planes: n, dimension: d) }
        return d == 3 ? 3.6 * thousands * thousands.squareRoot() : 1.1 * thousands
    }

    /// In R^4 and beyond, data whose arrangement has more faces to visit than this
    /// (``ArrangementDualBound/faceVisits(planes:dimension:)`` with every point in the dual's support) are
    /// refused at once (exit 2): the same limit as the checker's, so that every answer can be verified.
    public static let arrangementLimit = TwoLayerChecker.faceVisitLimit

    /// Seconds per face of the worst-case arrangement beyond R^3 (see ``estimatedSeconds(points:dimension:)``).
    static func secondsPerFace(dimension d: Int) -> Double { d == 4 ? 5e-7 : 5e-6 }

    /// The most points in general position that ``arrangementLimit`` accepts in R^d.
    public static func largestArrangement(dimension d: Int) -> Int {
        var n = d - 1
        while ArrangementDualBound.faceVisits(planes: n + 1, dimension: d) <= arrangementLimit { n += 1 }
        return n
    }

    /// A positively homogeneous network gives `f(c x) = c f(x)` for `c > 0`, so a zero point, or two
    /// points on one ray with opposite labels, defeat every network. Returns the exact dual that
    /// makes `g_lambda` vanish identically, or `nil` when there is no such pair.
    static func rayWitness(_ data: Dataset) -> [Rational]? {
        let x = data.points.map { $0.map { Rational(exactly: $0)! } }
        var lambda = [Rational](repeating: .zero, count: x.count)
        if let zero = x.firstIndex(where: { $0.allSatisfy(\.isZero) }) {
            lambda[zero] = .one
            return lambda
        }
        for i in x.indices {
            for j in (i + 1)..<x.count where data.labels[i] != data.labels[j] {
                let d = x[i].count
                let parallel = (0..<d).allSatisfy { k in
                    (0..<d).allSatisfy { l in (x[i][k] * x[j][l] - x[i][l] * x[j][k]).isZero }
                }
                let dot = zip(x[i], x[j]).reduce(Rational.zero) { $0 + $1.0 * $1.1 }
                guard parallel, dot.signum > 0 else { continue }
                let c = dot / x[i].reduce(Rational.zero) { $0 + $1 * $1 }  // x_j = c x_i
                lambda[i] = c / (c + .one)
                lambda[j] = .one / (c + .one)
                return lambda
            }
        }
        return nil
    }

    /// Data with more points than this are priced by the sweep, start from ``startDirections`` directions,
    /// solve the master in its dual form warm-started round to round, keep only the directions in use and
    /// stop at the target gap or a stall; smaller data as before, so that the fixtures' answers stay as
    /// they were. Measured on XOR-like data (bench/RESULTS.md): n = 1000 from 50 s to 7 s to 0.5 s.
    static let sweepAbove = 64

    /// Whether the rounds take the large-data path (dual-form master warm-started round to round, only the
    /// directions in use kept, stop at the target gap or a stall): above ``sweepAbove`` points in the
    /// plane, always in R^3 (no fixture pins R^3 answers, and there the small-data path cost more: 60
    /// XOR points with a bias coordinate took 2.7 s against 0.8 s for 250 points).
    static func scalable(_ x: [[Double]]) -> Bool { x.count > sweepAbove || (x.first?.count ?? 0) >= 3 }

    /// Evenly spaced starting directions above ``sweepAbove`` points (256 made the first master cost 1 s
    /// at n = 1000 and 6 s at n = 4000; pricing finds the directions that matter within a few rounds).
    static let startDirections = 16

    /// The starting directions: along and perpendicular to every point (both signs) for up to
    /// ``sweepAbove`` points; beyond, ``startDirections`` evenly spaced ones (4n columns from the start
    /// made the first master LP cost O(n^2) columns x rows).
    static func initialDirections(_ x: [[Double]]) -> [[Double]] {
        if let d = x.first?.count, d >= 4 {
            // Beyond R^3: the axes both ways and 2 x startDirections seeded pseudo-random directions.
            var rng = SplitMix64(seed: 0x7E0_1A7E5)
            var out: [[Double]] = []
            for k in 0..<d {
                for sign in [1.0, -1.0] { out.append((0..<d).map { $0 == k ? sign : 0 }) }
            }
            for _ in 0..<(2 * startDirections) {
                let v = (0..<d).map { _ in rng.unit() - 0.5 }
                let norm = dotD(v, v).squareRoot()
                if norm > 0 { out.append(v.map { $0 / norm }) }
            }
            return out
        }
        if x.first?.count == 3 {
            // In R^3: 2 x startDirections directions spread evenly over the sphere (a Fibonacci lattice); every
            // point's direction and the axes, 2n + 6, made the first master 4000 rows deep at n = 2000.
            let m = 2 * startDirections
            return (0..<m).map { k in
                let z = 1 - (2 * Double(k) + 1) / Double(m)
                let r = (1 - z * z).squareRoot()
                let t = Double(k) * Double.pi * (3 - 5.0.squareRoot())
                return [r * cos(t), r * sin(t), z]
            }
        }
        if x.count > sweepAbove {
            return (0..<startDirections).map { k in
                let t = 2 * Double.pi * Double(k) / Double(startDirections)
                return [cos(t), sin(t)]
            }
        }
        var out: [[Double]] = []
        for p in x {
            let n = (p[0] * p[0] + p[1] * p[1]).squareRoot()
            guard n > 0 else { continue }
            let u = [p[0] / n, p[1] / n]
            out += [u, [-u[0], -u[1]], [-u[1], u[0]], [u[1], -u[0]]]
        }
        return out.isEmpty ? [[1, 0], [0, 1], [-1, 0], [0, -1]] : out
    }

    static func phi(_ s: Double, _ alpha: Double) -> Double { s >= 0 ? s : alpha * s }

    /// `u . x` summed from 0 in coordinate order (in the plane bit for bit `u0 x0 + u1 x1`).
    static func dotD(_ u: [Double], _ x: [Double]) -> Double {
        var s = 0.0
        for i in u.indices { s += u[i] * x[i] }
        return s
    }

    /// The restricted LP: max t s.t. sum_k c_k y_n phi(u_k . x_n) >= t, sum |c_k| <= 1, with c = p - q.
    static func masterProgram(_ x: [[Double]], _ y: [Double], _ alpha: Double, _ directions: [[Double]])
        -> LinearProgram
    {
        let m = directions.count
        var rows: [[(column: Int, value: Double)]] = []
        for n in x.indices {
            var e: [(column: Int, value: Double)] = []
            var negatives: [(column: Int, value: Double)] = []
            // Rounding noise of a direction perpendicular to x_n is dropped: GLPK's scaling turns
            // entries of 1e-17 next to entries of 1 into numerical failure. (This LP only guides;
            // the answer is certified exactly afterwards.)
            let cutoff = 1e-13 * x[n].reduce(0.0) { $0 + abs($1) }
            for (k, u) in directions.enumerated() {
                let v = y[n] * phi(dotD(u, x[n]), alpha)
                if abs(v) > cutoff {
                    e.append((k, v))
                    negatives.append((m + k, -v))
                }
            }
            rows.append(e + negatives + [(2 * m, -1)])
        }
        rows.append((0..<(2 * m)).map { (column: $0, value: 1.0) })
        let lp = LinearProgram(
            maximize: true, objective: [Double](repeating: 0, count: 2 * m) + [1],
            columnBounds: [LinearProgram.Bound](repeating: .lower(.zero), count: 2 * m) + [.free],
            rowBounds: [LinearProgram.Bound](repeating: .lower(.zero), count: x.count) + [.upper(.one)],
            rows: rows)
        return lp
    }

    /// The restricted LP's dual, `min mu` over distributions `lambda` on the points with
    /// `|sum_n lambda_n y_n phi(u_k . x_n)| <= mu` for every direction: two rows per direction and one
    /// column per point, so GLPK's basis has `2m + 1` rows instead of `n + 1` (measured at n = 4000:
    /// a round from 0.46 s to 0.06 s, warm started). Columns `0..<n` are `lambda`, column `n` is `mu`; rows `2k` and
    /// `2k + 1` bound `+g` and `-g` at direction `k`, the last row is `sum lambda = 1`.
    static func dualMasterProgram(_ x: [[Double]], _ y: [Double], _ alpha: Double, _ directions: [[Double]])
        -> LinearProgram
    {
        let n = x.count
        var rows: [[(column: Int, value: Double)]] = []
        for u in directions {
            var plus: [(column: Int, value: Double)] = []
            var minus: [(column: Int, value: Double)] = []
            for i in x.indices {
                let v = y[i] * phi(dotD(u, x[i]), alpha)
                // The same cutoff as the primal form (rounding noise of a perpendicular direction).
                if abs(v) > 1e-13 * x[i].reduce(0.0, { $0 + abs($1) }) {
                    plus.append((i, v))
                    minus.append((i, -v))
                }
            }
            rows.append(plus + [(n, -1)])
            rows.append(minus + [(n, -1)])
        }
        rows.append((0..<n).map { (column: $0, value: 1.0) })
        return LinearProgram(
            maximize: false, objective: [Double](repeating: 0, count: n) + [1],
            columnBounds: [LinearProgram.Bound](repeating: .lower(.zero), count: n) + [.free],
            rowBounds: [LinearProgram.Bound](repeating: .upper(.zero), count: 2 * directions.count) + [.fixed(.one)],
            rows: rows)
    }

    /// The primal form's basis complementary to an optimal basis of the dual form (``dualMasterProgram``):
    /// primal column `p_k` (`q_k`) is basic exactly when the dual's row `2k` (`2k + 1`) is not, `t` always
    /// (its dual row `sum lambda = 1` is fixed); the primal row of point `n` is basic exactly when
    /// `lambda_n` is not, the row `sum (p + q) <= 1` exactly when `mu` is not. The counts match (`n + 1`
    /// basic), and complementary optimal bases are optimal together, so the exact check usually accepts
    /// it at once instead of GLPK re-solving 4000 rows (measured: 1.5 s at n = 4000).
    static func primalBasis(fromDual dual: Basis, points n: Int, directions m: Int) -> Basis {
        func status(_ dualNonbasic: Bool, nonbasicAs: BasisStatus) -> BasisStatus {
            dualNonbasic ? .basic : nonbasicAs
        }
        let p = (0..<m).map { status(dual.rows[2 * $0] != .basic, nonbasicAs: .atLower) }
        let q = (0..<m).map { status(dual.rows[2 * $0 + 1] != .basic, nonbasicAs: .atLower) }
        let rows = (0..<n).map { status(dual.columns[$0] != .basic, nonbasicAs: .atLower) }
        return Basis(
            rows: rows + [status(dual.columns[n] != .basic, nonbasicAs: .atUpper)],
            columns: p + q + [.basic])
    }

    /// Solves the restricted LP in floating point (the column-generation rounds).
    /// A restricted master's floating-point optimum: its level, the dual distribution over the points,
    /// the output weights `c` (one per direction) and, for the dual form, GLPK's optimal basis.
    struct Master {
        var level: Double
        var lambda: [Double]
        var c: [Double]
        var basis: Basis?
    }

    static func restrictedMaster(
        _ x: [[Double]], _ y: [Double], _ alpha: Double, _ directions: [[Double]], warmStart: Basis? = nil
    ) throws(OracleError) -> Master {
        let m = directions.count
        let useDual = scalable(x)
        let lp = useDual ? dualMasterProgram(x, y, alpha, directions) : masterProgram(x, y, alpha, directions)
        // Tight tolerances keep the duals from violating their constraints by GLPK's 1e-7 (which
        // would leave a bracket of that size); when they make the simplex cycle, relax them.
        var out: GLPKBackend.Outcome? = nil
        for tolerance in [1e-12, 1e-10, 1e-7] {
            var settings = GLPKBackend.Settings()
            settings.tolerance = tolerance
            settings.iterationLimit = 100_000
            if useDual, let warmStart {
                settings.warmStart = warmStart
                settings.dualSimplex = true
                settings.preferUnscaled = true
            }

            let attempt = try GLPKBackend.solve(lp, settings: settings)
            out = attempt
            if attempt.status == .optimal { break }
        }
        guard let out, out.status == .optimal else {
            throw .lpBackendFailure(
                code: out?.returnCode ?? -1,
                message:
                    "the restricted master LP ended \(out.map { "\($0.status)" } ?? "unsolved"): \(out?.message ?? "")")
        }
        if useDual {
            // GLPK's row duals of a minimization are <= 0 at an upper bound: p_k = -dual(+g_k), q_k = -dual(-g_k).
            let c = (0..<m).map { out.rowDuals[2 * $0 + 1] - out.rowDuals[2 * $0] }
            return Master(
                level: out.objective, lambda: (0..<x.count).map { max(out.columnValues[$0], 0) }, c: c,
                basis: out.basis)
        }
        let c = (0..<m).map { out.columnValues[$0] - out.columnValues[m + $0] }
        return Master(level: out.objective, lambda: (0..<x.count).map { -out.rowDuals[$0] }, c: c, basis: nil)
    }

    /// For every arc of the arrangement, the unit directions maximizing |g_lambda| on it, with their values.
    ///
    /// On an arc every point keeps its side, so `g_lambda(u) = u . v_A` with `v_A = sum_n s_n lambda_n y_n x_n`
    /// (`s_n` 1 or alpha), also at the arc's ends (g is continuous). The arcs are swept in angle order and
    /// `v_A` updated by the points whose side flips at each boundary: O(n log n) per pricing instead of
    /// O(n^2) (recomputed from scratch every 64 arcs, so rounding does not accumulate; this only guides
    /// the search, the answer is certified exactly).
    static func price(_ x: [[Double]], _ y: [Double], _ alpha: Double, _ lambda: [Double], exact: Bool = false)
        -> [(direction: [Double], value: Double)]
    {
        if x.first?.count == 3 {
            return exact ? sphericalPrice(x, y, alpha, lambda) : SpherePricing.candidates(x, y, alpha, lambda)
        }
        if let d = x.first?.count, d >= 4 { return arrangementPrice(x, y, alpha, lambda, rigorous: exact) }
        if x.count <= sweepAbove { return directPrice(x, y, alpha, lambda) }
        var boundaries: [(angle: Double, point: Int)] = []
        for (n, p) in x.enumerated() where p[0] != 0 || p[1] != 0 {
            let a = atan2(p[0], -p[1])  // direction (-p1, p0)
            boundaries += [(a, n), (a > 0 ? a - .pi : a + .pi, n)]
        }
        if boundaries.isEmpty { return [] }
        boundaries.sort { $0.angle < $1.angle }
        func side(_ m: [Double], _ n: Int) -> Double { (m[0] * x[n][0] + m[1] * x[n][1]) > 0 ? 1 : alpha }
        var sides = [Double](repeating: 0, count: x.count)
        var v = [0.0, 0.0]
        func recompute(_ m: [Double]) {
            v = [0, 0]
            for n in x.indices {
                sides[n] = side(m, n)
                v[0] += sides[n] * lambda[n] * y[n] * x[n][0]
                v[1] += sides[n] * lambda[n] * y[n] * x[n][1]
            }
        }
        var out: [(direction: [Double], value: Double)] = []
        var crossed: [Int] = []
        var arcs = 0
        for i in boundaries.indices {
            let a = boundaries[i].angle
            let b = i + 1 < boundaries.count ? boundaries[i + 1].angle : boundaries[0].angle + 2 * .pi
            crossed.append(boundaries[i].point)
            if b - a <= 0 { continue }
            let mid = (a + b) / 2
            let m = [cos(mid), sin(mid)]
            if arcs % 64 == 0 {
                recompute(m)
            } else {
                for n in crossed {
                    let s = side(m, n)
                    if s != sides[n] {
                        v[0] += (s - sides[n]) * lambda[n] * y[n] * x[n][0]
                        v[1] += (s - sides[n]) * lambda[n] * y[n] * x[n][1]
                        sides[n] = s
                    }
                }
            }
            crossed.removeAll(keepingCapacity: true)
            arcs += 1
            for u in arcCandidates(a, b, v) { out.append((u, abs(u[0] * v[0] + u[1] * v[1]))) }
        }
        return out
    }

    /// Pricing in R^3: the candidates of ``SphereDualBound`` (vertex rays, arc points, cell points of the
    /// arrangement of the dual's support) for the floating-point dual, read exactly as rationals, with
    /// their values `|g_lambda|` at the unit directions. Exact, so slower than the plane's sweep; the
    /// support of a master's dual is small (at most its row count).
    static func sphericalPrice(_ x: [[Double]], _ y: [Double], _ alpha: Double, _ lambda: [Double]) -> [(
        direction: [Double], value: Double
    )] {
        exactlyPriced(x, y, alpha, lambda) { SphereDualBound.candidates($0, $1, $2, $3) }
    }

    /// Pricing in R^4 and beyond: the best faces of ``ArrangementDualBound`` (exact values of the
    /// floating-point dual read as rationals) with their directions. The rounds filter in plain doubles
    /// (`rigorous: false`, several times faster); the refinement after a too-wide bracket in enclosures,
    /// so that it finds every face the checker's bound sees.
    static func arrangementPrice(
        _ x: [[Double]], _ y: [Double], _ alpha: Double, _ lambda: [Double], rigorous: Bool
    ) -> [(direction: [Double], value: Double)] {
        exactlyPriced(x, y, alpha, lambda) { ArrangementDualBound.best($0, $1, $2, $3, keep: 8, rigorous: rigorous) }
    }

    /// The dual's support read exactly as rationals, priced by an exact `candidates` function (values of
    /// `g_lambda^2` with directions), returned as unit directions with the values `|g_lambda|`.
    static func exactlyPriced(
        _ x: [[Double]], _ y: [Double], _ alpha: Double, _ lambda: [Double],
        _ candidates: ([Rational], [[Rational]], [Rational], Rational) -> [(value: Rational, direction: [Rational])]
    ) -> [(direction: [Double], value: Double)] {
        let support = lambda.indices.filter { lambda[$0] > 0 && lambda[$0].isFinite }
        guard !support.isEmpty, let a = Rational(exactly: alpha) else { return [] }
        let weights = support.compactMap { Rational(exactly: lambda[$0]) }
        let points = support.map { n in x[n].compactMap { Rational(exactly: $0) } }
        let labels = support.compactMap { Rational(exactly: y[$0]) }
        guard weights.count == support.count, labels.count == support.count,
            points.allSatisfy({ $0.count == x[support[0]].count })
        else { return [] }
        return candidates(weights, points, labels, a).compactMap { c in
            let u = c.direction.map(\.doubleValue)
            let n = dotD(u, u).squareRoot()
            guard n > 0, n.isFinite else { return nil }
            return (u.map { $0 / n }, c.value.squareRootDouble)
        }
    }

    /// ``price(_:_:_:_:)`` by evaluating `g_lambda` from scratch on every arc: O(n^2), kept for up to
    /// ``sweepAbove`` points so that the answers (and the fixtures built from them) stay as they were.
    static func directPrice(_ x: [[Double]], _ y: [Double], _ alpha: Double, _ lambda: [Double]) -> [(
        direction: [Double], value: Double
    )] {
        var angles: [Double] = []
        for p in x where p[0] != 0 || p[1] != 0 {
            let a = atan2(p[0], -p[1])  // direction (-p1, p0)
            angles += [a, a > 0 ? a - .pi : a + .pi]
        }
        if angles.isEmpty { return [] }
        angles.sort()
        func g(_ u: [Double]) -> Double {
            var s = 0.0
            for n in x.indices { s += lambda[n] * y[n] * phi(u[0] * x[n][0] + u[1] * x[n][1], alpha) }
            return abs(s)
        }
        var out: [(direction: [Double], value: Double)] = []
        for i in angles.indices {
            let a = angles[i]
            let b = i + 1 < angles.count ? angles[i + 1] : angles[0] + 2 * .pi
            if b - a <= 0 { continue }
            let mid = (a + b) / 2
            let m = [cos(mid), sin(mid)]
            var v = [0.0, 0.0]
            for n in x.indices {
                let w = (m[0] * x[n][0] + m[1] * x[n][1]) > 0 ? lambda[n] * y[n] : alpha * lambda[n] * y[n]
                v[0] += w * x[n][0]
                v[1] += w * x[n][1]
            }
            for u in arcCandidates(a, b, v) { out.append((u, g(u))) }
        }
        return out
    }

    /// Where `|u . v|` can be largest on the arc of angles `[a, b]`: its two ends, and `+-v / ||v||`
    /// when they lie on the arc.
    static func arcCandidates(_ a: Double, _ b: Double, _ v: [Double]) -> [[Double]] {
        var candidates = [[cos(a), sin(a)], [cos(b), sin(b)]]
        let vn = (v[0] * v[0] + v[1] * v[1]).squareRoot()
        if vn > 0 {
            for d in [[v[0] / vn, v[1] / vn], [-v[0] / vn, -v[1] / vn]] {
                var t = atan2(d[1], d[0])
                while t < a { t += 2 * .pi }
                if t <= b { candidates.append(d) }
            }
        }
        return candidates
    }
}
