import BigInt
import Exact

/// `max_{||u|| = 1} g_lambda(u)^2` exactly in any dimension `d >= 2`, `g_lambda(u) = sum_n lambda_n y_n
/// phi(u . x_n)`: the two-layer dual bound beyond R^3 (issue 19, item 1; used for d = 4 and 5).
///
/// Why it is exact [D]. The planes `x_n^perp` of the points of nonzero weight cut `R^d` into the faces of
/// a central arrangement; on the closure of a face `F` (sides `s_P`, zero on the planes `S` that contain
/// it) `g(u) = u . v_F` is linear. The maximum of `|g|` on the sphere is attained in the relative
/// interior of some face, where it is a local maximum of `+-u . v_F` over the unit vectors of the face's
/// span `L = S^perp`: at `+-P_L v_F / ||P_L v_F||`, of value `||P_L v_F||^2`. So the maximum of `g^2` is
/// the largest `||P_L v_F||^2` over the faces whose `+-P_L v_F` lies in the face's closure (where `g` is
/// that linear form, so the value is attained). A candidate of a sign pattern that no face realizes is
/// still attained when it passes that check, so enumerating a superset of the faces is sound.
///
/// The faces are enumerated around the rays of the arrangement (of full rank, see ``PlaneArrangement``,
/// every nonzero face has one in its closure): a ray `e` is cut out by `d - 1` independent planes `Q`;
/// near `e` the other planes keep their sides at `e`, and when exactly the planes of `Q` pass through `e`
/// every one of the `3^(d-1)` patterns on `Q` is a face. Rays through more planes (degenerate data) take
/// the exact path: their local faces are enumerated recursively, in `e^perp`, the same way.
///
/// Cost. `C(h, d-1)` rays for `h` distinct planes, `2 x 3^(d-1)` faces each. Every face is first
/// evaluated in ``Enclosure`` arithmetic (rigorous intervals); a face whose value is provably below a
/// value some face provably attains is dropped, the rest (a handful) are evaluated in exact integers,
/// best first, until the next one provably cannot win. A sign the intervals cannot decide (a plane
/// nearly through a ray) sends that ray to exact arithmetic. So the answer is the exact maximum; only
/// the work depends on the floating-point filter.
package enum ArrangementDualBound {
    /// `max g_lambda^2` over the unit sphere, exactly.
    package static func maxSquared(_ lambda: [Rational], _ x: [[Rational]], _ y: [Rational], _ alpha: Rational)
        -> Rational
    {
        best(lambda, x, y, alpha, keep: 1).first?.value ?? .zero
    }

    /// The largest values of `g_lambda^2` on the sphere with a direction where each is attained (values
    /// exact, best first). The first is the maximum; the others (at most `keep` in all, of distinct faces)
    /// are found as the filter allows, for the oracle's pricing. `exactOnly` skips the filter (every ray in
    /// exact arithmetic: slow, for tests that check the filter against it). `rigorous: false` filters in
    /// plain doubles instead of enclosures (several times faster): every value returned is still exact
    /// and attained, but a face that rounding misjudges may be missed, so it is for pricing only.
    package static func best(
        _ lambda: [Rational], _ x: [[Rational]], _ y: [Rational], _ alpha: Rational, keep: Int,
        exactOnly: Bool = false, rigorous: Bool = true
    ) -> [(value: Rational, direction: [Rational])] {
        guard let d = x.first?.count, d >= 2, keep >= 1 else { return [] }
        let arrangement = PlaneArrangement(lambda, x, y, alpha, dimension: d)
        guard arrangement.count >= d - 1, arrangement.count > 0 else { return [] }
        let results: [(value: Rational, direction: [BigInt])]
        if rigorous {
            var search = ArrangementSearch<Enclosure>(arrangement, keep: keep)
            search.exactOnly = exactOnly
            search.run()
            results = search.results
        } else {
            var search = ArrangementSearch<Double>(arrangement, keep: keep)
            search.run()
            results = search.results
        }
        return results.map { r in
            // Scaled by a power of two (exact) to about 2^60, so that the direction also reads as doubles.
            let top = r.direction.map { $0.magnitude.bitWidth }.max() ?? 0
            let scale = Rational.one / ArrangementMath.times(.one, power: max(top - 60, 0))
            return (r.value * arrangement.unscale, r.direction.map { Rational($0) * scale })
        }
    }

    /// The faces the enumeration visits for these points in the worst case (every one of positive weight):
    /// ``faceVisits(planes:dimension:)`` for their distinct planes plus the unit planes that complete their
    /// rank (``PlaneArrangement``). Cheap (`O(n d^2)`); what the size limits of `solve` and `verify` use.
    package static func worstCaseFaceVisits(_ x: [[Rational]]) -> Double {
        guard let d = x.first?.count, d >= 2 else { return 0 }
        let ones = [Rational](repeating: .one, count: x.count)
        let arrangement = PlaneArrangement(ones, x, ones, .zero, dimension: d)
        return faceVisits(planes: arrangement.count, dimension: d)
    }

    /// The number of faces the enumeration visits for `h` distinct planes in `R^d` (an estimate of the
    /// work, for the oracle's size limit): `2 C(h, d-1) 3^(d-1)`.
    package static func faceVisits(planes h: Int, dimension d: Int) -> Double {
        guard h >= d - 1, d >= 2 else { return 0 }
        var c = 1.0
        for i in 0..<(d - 1) { c = c * Double(h - i) / Double(i + 1) }
        var threePower = 1.0
        for _ in 0..<(d - 1) { threePower *= 3 }
        return 2 * c * threePower
    }
}

/// One run of the enumeration of ``ArrangementDualBound``.
struct ArrangementSearch<S: FilterScalar> {
    let arrangement: PlaneArrangement
    let keep: Int
    let d: Int
    let h: Int
    /// The normals scaled by a power of two each, and the coefficients by the inverse power times a global
    /// `2^-shift`, as enclosures: the enclosed form is `2^-shift` times the integer form, so every enclosed
    /// value is `4^-shift` times the integer value.
    var normals: [[S]] = []
    var plus: [S] = []
    var minus: [S] = []
    var shift = 0
    /// The best exact values (integer units) with the direction attaining them, best first, at most `keep`.
    var results: [(value: Rational, direction: [BigInt])] = []
    /// The `keep` largest lower bounds of values that faces provably attain (enclosed units), descending.
    var lows: [Double] = []
    /// Faces to evaluate exactly: an upper bound of the value, the sign pattern, the planes of the face's
    /// zero set that span it.
    var pending: [(hi: Double, pattern: [Int8], zeros: [Int])] = []
    var evaluated = Set<[Int8]>()
    /// Every ray in exact arithmetic (tests).
    var exactOnly = false

    init(_ arrangement: PlaneArrangement, keep: Int) {
        self.arrangement = arrangement
        self.keep = keep
        d = arrangement.dimension
        h = arrangement.count
        var exponents: [Int] = []
        for r in arrangement.normals {
            let top = r.map { $0.magnitude.bitWidth }.max() ?? 1
            exponents.append(max(top, 1) - 1)
        }
        var coefficientTop = Int.min
        for p in 0..<h {
            for c in [arrangement.plus[p], arrangement.minus[p]] where !c.isZero {
                coefficientTop = max(coefficientTop, c.magnitude.bitWidth - 1 + exponents[p])
            }
        }
        shift = coefficientTop == Int.min ? 0 : coefficientTop
        for p in 0..<h {
            normals.append(
                arrangement.normals[p].map { S(enclosing: ArrangementMath.times(Rational($0), power: -exponents[p])) })
            plus.append(S(enclosing: ArrangementMath.times(Rational(arrangement.plus[p]), power: exponents[p] - shift)))
            minus.append(
                S(enclosing: ArrangementMath.times(Rational(arrangement.minus[p]), power: exponents[p] - shift)))
        }
    }

    var threshold: Double { lows.count == keep ? lows[keep - 1] : 0 }

    mutating func noteLow(_ low: Double) {
        guard low > threshold || lows.count < keep else { return }
        lows.append(low)
        lows.sort(by: >)
        if lows.count > keep { lows.removeLast() }
    }

    mutating func run() {
        enumerate()
        finish()
    }

    /// The filter's pass over every ray (the exact phase is ``finish()``).
    mutating func enumerate() {
        var subset = Array(0..<(d - 1))
        while true {
            visit(subset)
            if pending.count > 4096 {
                let t = threshold
                pending.removeAll { $0.hi < t }
            }
            // Next (d-1)-subset in lexicographic order.
            var i = d - 2
            while i >= 0, subset[i] == h - (d - 1) + i { i -= 1 }
            if i < 0 { break }
            subset[i] += 1
            for j in (i + 1)..<(d - 1) { subset[j] = subset[j - 1] + 1 }
        }
    }

    /// The faces around the ray of the planes `q` (both signs), by the filter, or exactly when it cannot decide.
    mutating func visit(_ q: [Int]) {
        if exactOnly { return exactRay(q) }
        let e = SmallDeterminants.cross(q.map { normals[$0] }, dimension: d)
        guard e.contains(where: { $0.certainSign != 0 }) else { return exactRay(q) }
        var sides = [Int8](repeating: 0, count: h)
        let inQ = Set(q)
        for p in 0..<h where !inQ.contains(p) {
            let s = dot(normals[p], e).certainSign
            if s == 0 { return exactRay(q) }
            sides[p] = Int8(s)
        }
        // The zero sets: subsets S of q by bit mask, with their Gram determinant and adjugate.
        let masks = 1 << (d - 1)
        var gramDet: [S] = []
        var gramAdj: [[[S]]] = []
        var members: [[Int]] = []
        for mask in 0..<masks {
            let s = (0..<(d - 1)).filter { mask & (1 << $0) != 0 }.map { q[$0] }
            members.append(s)
            if s.isEmpty {
                gramDet.append(S.unit)
                gramAdj.append([])
                continue
            }
            let g = s.map { a in s.map { b in dot(normals[a], normals[b]) } }
            gramDet.append(SmallDeterminants.det(g))
            gramAdj.append(SmallDeterminants.adjugate(g))
        }
        var powers = [Int](repeating: 1, count: d)
        for t in 1..<d { powers[t] = powers[t - 1] * 3 }
        let patterns = powers[d - 1]
        var v = [S](repeating: .zero, count: d)
        for sign in [Int8(1), Int8(-1)] {
            var base = [S](repeating: .zero, count: d)
            for p in 0..<h where !inQ.contains(p) {
                let k = sign * sides[p] > 0 ? plus[p] : minus[p]
                for j in 0..<d { base[j] += k * normals[p][j] }
            }
            var full = [Int8](repeating: 0, count: h)
            for p in 0..<h { full[p] = sign * sides[p] }
            for pattern in 0..<patterns {
                // Digit t of the pattern: 0 on plane q[t], 1 its positive side, 2 its negative side.
                var mask = 0
                for j in 0..<d { v[j] = base[j] }
                for t in 0..<(d - 1) {
                    let digit = (pattern / powers[t]) % 3
                    full[q[t]] = digit == 0 ? 0 : (digit == 1 ? 1 : -1)
                    if digit == 0 {
                        mask |= 1 << t
                        continue
                    }
                    let k = digit == 1 ? plus[q[t]] : minus[q[t]]
                    for j in 0..<d { v[j] += k * normals[q[t]][j] }
                }
                // c = det(G) P_L v, L the span of the face (the zero set's orthogonal complement).
                let s = members[mask]
                let det = gramDet[mask]
                let c = projected(v, det, gramAdj[mask], s)
                consider(full, c, det, s)
            }
        }
    }

    /// The ray of the planes `q` in exact arithmetic: skipped when they are dependent, and visited only
    /// from the lexicographically first independent planes through it (so once per ray); its local faces
    /// enumerated recursively and evaluated exactly.
    mutating func exactRay(_ q: [Int]) {
        let rows = q.map { arrangement.normals[$0] }
        let e = SmallDeterminants.cross(rows, dimension: d)
        guard e.contains(where: { !$0.isZero }) else { return }
        let dots = arrangement.normals.map { ArrangementMath.dot($0, e) }
        let through = (0..<h).filter { dots[$0].isZero }
        guard ArrangementMath.isGreedyBasis(q, of: through, arrangement.normals, [], d) else { return }
        for sign in [1, -1] {
            let ray = e.map { sign > 0 ? $0 : -$0 }
            for local in localPatterns(through, [ray]) {
                var full = [Int8](repeating: 0, count: h)
                for p in 0..<h { full[p] = Int8(sign * ArrangementMath.sign(dots[p])) }
                for (i, p) in through.enumerated() { full[p] = local[i] }
                var zeroRank = ExactRank(dimension: d)
                let zeros = through.filter { full[$0] == 0 && zeroRank.add(arrangement.normals[$0]) }
                enclose(full, zeros: zeros)
            }
        }
    }

    /// The face of sign pattern `pattern` (`zeros`: independent planes spanning its zero set) in enclosures:
    /// dropped when provably below the threshold or provably without its maximizer in its closure, else
    /// queued for the exact phase (and its value's lower end noted when the maximizer is provably there).
    mutating func enclose(_ pattern: [Int8], zeros: [Int]) {
        var v = [S](repeating: .zero, count: d)
        for p in 0..<h where pattern[p] != 0 {
            let k = pattern[p] > 0 ? plus[p] : minus[p]
            for j in 0..<d { v[j] += k * normals[p][j] }
        }
        guard !zeros.isEmpty else { return consider(pattern, v, S.unit, zeros) }
        let g = zeros.map { a in zeros.map { b in dot(normals[a], normals[b]) } }
        let det = SmallDeterminants.det(g)
        consider(pattern, projected(v, det, SmallDeterminants.adjugate(g), zeros), det, zeros)
    }

    /// `det(G) P_L v` for `L` the orthogonal complement of the independent normals `zeros`, `G` their Gram
    /// matrix (`det`, `adj` its determinant and adjugate): `det(G) v - A^T adj(G) A v` [D].
    func projected(_ v: [S], _ det: S, _ adj: [[S]], _ zeros: [Int]) -> [S] {
        guard !zeros.isEmpty else { return v }
        let b = zeros.map { dot(normals[$0], v) }
        var c = v.map { det * $0 }
        for i in zeros.indices {
            var z = S.zero
            for k in zeros.indices { z += adj[i][k] * b[k] }
            for j in 0..<d { c[j] = c[j] - z * normals[zeros[i]][j] }
        }
        return c
    }

    /// The tail of ``enclose(_:zeros:)`` and of the fast path: `c = det(G) P_L v` for the face of `pattern`.
    mutating func consider(_ pattern: [Int8], _ c: [S], _ det: S, _ zeros: [Int]) {
        var cc = S.zero
        for j in 0..<d { cc += c[j] * c[j] }
        let value = cc / (det * det)
        if value.hi <= 0 || value.hi < threshold { return }
        var plusSure = true
        var plusPossible = true
        var minusSure = true
        var minusPossible = true
        for p in 0..<h where pattern[p] != 0 {
            let t = dot(normals[p], c)
            let (lo, hi) = pattern[p] > 0 ? (t.lo, t.hi) : (-t.hi, -t.lo)
            if lo < 0 { plusSure = false }
            if hi < 0 { plusPossible = false }
            if hi > 0 { minusSure = false }
            if lo > 0 { minusPossible = false }
            if !plusPossible && !minusPossible { return }
        }
        if (plusSure || minusSure) && det.certainSign > 0 { noteLow(value.lo) }
        pending.append((value.hi, pattern, zeros))
    }

    /// The sign patterns on the planes `planes` (whose normals lie in, and span, the orthogonal complement
    /// of `flats`) of the faces of their arrangement in that complement, found around its rays.
    func localPatterns(_ planes: [Int], _ flats: [[BigInt]]) -> Set<[Int8]> {
        var out: Set<[Int8]> = [[Int8](repeating: 0, count: planes.count)]
        let k = d - flats.count
        guard !planes.isEmpty, k >= 1 else { return out }
        var subset = Array(0..<(k - 1))
        while true {
            let rows = flats + subset.map { arrangement.normals[planes[$0]] }
            let r = SmallDeterminants.cross(rows, dimension: d)
            if r.contains(where: { !$0.isZero }) {
                let dots = planes.map { ArrangementMath.dot(arrangement.normals[$0], r) }
                let through = planes.indices.filter { dots[$0].isZero }
                if ArrangementMath.isGreedyBasis(subset, of: through, planes.map { arrangement.normals[$0] }, flats, d)
                {
                    for sign in [1, -1] {
                        let ray = r.map { sign > 0 ? $0 : -$0 }
                        for sub in localPatterns(through.map { planes[$0] }, flats + [ray]) {
                            var pattern = planes.indices.map { Int8(sign * ArrangementMath.sign(dots[$0])) }
                            for (i, position) in through.enumerated() { pattern[position] = sub[i] }
                            out.insert(pattern)
                        }
                    }
                }
            }
            guard k >= 2 else { break }
            var i = k - 2
            while i >= 0, subset[i] == planes.count - (k - 1) + i { i -= 1 }
            if i < 0 { break }
            subset[i] += 1
            for j in (i + 1)..<(k - 1) { subset[j] = subset[j - 1] + 1 }
        }
        return out
    }

    /// Evaluates the face of sign pattern `pattern` exactly, once; `zeros` are independent planes spanning
    /// its zero set (found here when `nil`). Records its value when its maximizer lies in its closure.
    mutating func evaluateExactly(_ pattern: [Int8], zeros given: [Int]?) {
        guard evaluated.insert(pattern).inserted else { return }
        let zeros: [Int]
        if let given {
            zeros = given
        } else {
            var rank = ExactRank(dimension: d)
            zeros = (0..<h).filter { pattern[$0] == 0 && rank.add(arrangement.normals[$0]) }
        }
        var v = [BigInt](repeating: 0, count: d)
        for p in 0..<h where pattern[p] != 0 {
            let k = arrangement.coefficient(p, Int(pattern[p]))
            if k.isZero { continue }
            for j in 0..<d { v[j] += k * arrangement.normals[p][j] }
        }
        var c = v
        var det = BigInt(1)
        if !zeros.isEmpty {
            let rows = zeros.map { arrangement.normals[$0] }
            let g = rows.map { a in rows.map { b in ArrangementMath.dot(a, b) } }
            det = SmallDeterminants.det(g)
            guard ArrangementMath.sign(det) > 0 else { return }
            let adj = SmallDeterminants.adjugate(g)
            let b = rows.map { ArrangementMath.dot($0, v) }
            c = v.map { det * $0 }
            for i in rows.indices {
                var z = BigInt(0)
                for k in rows.indices { z += adj[i][k] * b[k] }
                for j in 0..<d { c[j] -= z * rows[i][j] }
            }
        }
        var plusOK = true
        var minusOK = true
        for p in 0..<h where pattern[p] != 0 {
            let s = ArrangementMath.sign(ArrangementMath.dot(arrangement.normals[p], c)) * Int(pattern[p])
            if s < 0 { plusOK = false }
            if s > 0 { minusOK = false }
            if !plusOK && !minusOK { return }
        }
        let cc = ArrangementMath.dot(c, c)
        guard ArrangementMath.sign(cc) > 0 else { return }
        let value = Rational(cc, det * det)
        let direction = plusOK ? c : c.map { -$0 }
        noteLow(S(enclosing: ArrangementMath.times(value, power: -2 * shift)).lo)
        if results.count < keep || value > results[results.count - 1].value {
            results.append((value, direction))
            results.sort { $0.value > $1.value }
            if results.count > keep { results.removeLast() }
        }
    }

    /// The exact phase: the pending faces best first, until none left can beat the `keep`-th value found.
    mutating func finish() {
        let order = pending.indices.sorted { a, b in
            pending[a].hi != pending[b].hi ? pending[a].hi > pending[b].hi : a < b
        }
        let scale = ArrangementMath.times(.one, power: 2 * shift)
        for i in order {
            let entry = pending[i]
            if results.count == keep, let bound = Rational(exactly: entry.hi), bound * scale <= results[keep - 1].value
            {
                break
            }
            evaluateExactly(entry.pattern, zeros: entry.zeros)
        }
    }

    func dot(_ a: [S], _ b: [S]) -> S {
        var s = S.zero
        for j in 0..<d { s += a[j] * b[j] }
        return s
    }
}

/// Exact helpers of the enumeration.
enum ArrangementMath {
    static func times(_ r: Rational, power k: Int) -> Rational {
        k >= 0 ? r * Rational(BigInt(1) << k) : r / Rational(BigInt(1) << (-k))
    }

    /// Whether `subset` is the first basis, in index order, of the vectors `through` (indices into `rows`)
    /// modulo `flats`: the one ray of several that the enumeration visits. Stops at the first difference.
    static func isGreedyBasis(_ subset: [Int], of through: [Int], _ rows: [[BigInt]], _ flats: [[BigInt]], _ d: Int)
        -> Bool
    {
        // Independent already (their ray is nonzero): the only planes through it are trivially the first basis.
        if through == subset { return true }
        var rank = ExactRank(dimension: d)
        for f in flats { _ = rank.add(f) }
        var found = 0
        for p in through where found < subset.count {
            let independent = rank.add(rows[p])
            if independent != (p == subset[found]) { return false }
            if independent { found += 1 }
        }
        return found == subset.count
    }

    static func sign(_ x: BigInt) -> Int { x.isZero ? 0 : (x.sign == .minus ? -1 : 1) }

    static func dot(_ a: [BigInt], _ b: [BigInt]) -> BigInt {
        var s = BigInt(0)
        for j in a.indices { s += a[j] * b[j] }
        return s
    }
}
