import BigInt
import Exact

/// `max_{||u|| = 1} g_lambda(u)^2` exactly for data in R^3, `g_lambda(u) = sum_n lambda_n y_n phi(u . x_n)`:
/// the two-layer dual bound beyond the plane (issue 19, item 1; the first step: the checker's side).
///
/// Why it is exact [D]. Only the points of nonzero weight enter `g`; their planes `x_n^perp` cut the
/// sphere into cells, on each of which `g(u) = u . v_A` is linear (A: the sides). The maximum of `|g|`
/// is attained in the relative interior of some face of that arrangement:
/// - a vertex ray `+-(x_i x x_j)`: evaluated there exactly;
/// - an open arc of a great circle `x_n^perp` between two vertices: there `g(u) = u . w` with `w` the
///   arc's vector (the term of `n` vanishes), so a maximum inside the arc is at `+-P_n w / ||P_n w||`
///   (`P_n` the projection onto the plane), of value `||P_n w||^2`, when that direction lies on the arc;
/// - an open cell: a maximum inside is at `+-v_A / ||v_A||`, of value `||v_A||^2`, when it lies in the cell.
/// Every candidate kept is a value `|g|^2` attains at a unit vector (the direction is checked to lie in
/// the closed face where the linear form holds), and the true maximum is one of them, so the maximum
/// over candidates is exactly `max g^2`. Cells are enumerated around the vertices (every cell's closure
/// contains a vertex ray once the planes have rank 2 or more); rank 1 has the two half-spaces.
/// Every comparison is a sign of a rational expression; nothing is rounded.
package enum SphereDualBound {
    package static func maxSquared(_ lambda: [Rational], _ x: [[Rational]], _ y: [Rational], _ alpha: Rational)
        -> Rational
    {
        candidates(lambda, x, y, alpha).map(\.value).max() ?? .zero
    }

    /// Every candidate of the maximum with the (unnormalized) direction where `|g|^2` attains it; the
    /// oracle's pricing takes the best directions from here.
    package static func candidates(_ lambda: [Rational], _ x: [[Rational]], _ y: [Rational], _ alpha: Rational)
        -> [(value: Rational, direction: [Rational])]
    {
        let support = x.indices.filter { !lambda[$0].isZero && !x[$0].allSatisfy(\.isZero) }
        guard let first = support.first else { return [] }
        // Integers throughout [D]: every point is scaled by one common denominator `dx` (a positive factor:
        // no side changes) and every weight by `dw`, and alpha = p/q enters as the pair (q, p), so `g` is
        // `K = dx dw q` times the true one on the same direction and every value `K^2` times the true
        // value, divided out once per candidate. Integer-valued rationals skip the gcd (Rational's fast
        // path), which is what made 480 points cost 46 s with fractional weights.
        let dx = commonDenominator(support.flatMap { n in x[n].map(\.denominator) })
        let dw = commonDenominator(support.map { (lambda[$0] * y[$0]).denominator })
        let a = support.map { n in x[n].map { $0 * Rational(dx) } }
        let weight = support.map { (lambda[$0] * y[$0]) * Rational(dw) }
        let positiveSlope = Rational(alpha.denominator)
        let negativeSlope = Rational(alpha.numerator)
        let k = Rational(dx * dw * alpha.denominator)
        let unscale = Rational.one / (k * k)
        var found: [(value: Rational, direction: [Rational])] = []
        func consider(_ value: Rational, _ direction: [Rational]) { found.append((value * unscale, direction)) }
        /// The linear form of `g` on the closed face whose sides (+1, -1, or 0 on the plane) are `sides`.
        func form(_ sides: [Int]) -> [Rational] {
            var v: [Rational] = [.zero, .zero, .zero]
            for m in a.indices where sides[m] != 0 {
                let c = (sides[m] > 0 ? positiveSlope : negativeSlope) * weight[m]
                for j in 0..<3 { v[j] += c * a[m][j] }
            }
            return v
        }
        func sides(_ u: [Rational]) -> [Int] { a.map { dot(u, $0).signum } }
        func g(_ u: [Rational]) -> Rational {
            var s = Rational.zero
            for m in a.indices {
                let d = dot(u, a[m])
                s += weight[m] * (d.signum >= 0 ? positiveSlope : negativeSlope) * d
            }
            return s
        }
        /// `+-v_A` as candidates of the open cell with `cellSides` (all nonzero): kept when in its closure.
        func cellCandidate(_ cellSides: [Int]) {
            let v = form(cellSides)
            let vv = dot(v, v)
            guard vv.signum > 0 else { return }
            for sign in [1, -1] where a.indices.allSatisfy({ sign * dot(v, a[$0]).signum * cellSides[$0] >= 0 }) {
                consider(vv, sign > 0 ? v : v.map { -$0 })
            }
        }
        // Vertex rays and the cells around them.
        var vertices: [[Rational]] = []
        for i in a.indices {
            for j in (i + 1)..<a.count {
                let e = cross(a[i], a[j])
                guard !e.allSatisfy(\.isZero) else { continue }
                // Repeated rays (three planes through one line) are kept: they only repeat work.
                vertices += [e, e.map { -$0 }]
            }
        }
        for e in vertices {
            let ge = g(e)
            consider(ge * ge / dot(e, e), e)
            // Around the ray: the arcs of the circle e^perp cut by the planes through e.
            let atRay = sides(e)
            let through = a.indices.filter { atRay[$0] == 0 }.map { a[$0] }
            for arc in arcs(normal: e, cutters: through) {
                // The cell just off the ray towards the arc: the planes through e take the arc's sides,
                // the others keep those of e.
                let towards = sides(arc.interior)
                cellCandidate(a.indices.map { atRay[$0] != 0 ? atRay[$0] : towards[$0] })
            }
        }
        if vertices.isEmpty {
            // Rank 1: every plane is x_first^perp; the cells are the two half-spaces.
            cellCandidate(sides(x[first]))
            cellCandidate(sides(x[first].map { -$0 }))
        }
        // Open arcs of every plane's great circle.
        for n in a.indices {
            for arc in arcs(normal: a[n], cutters: a) {
                let w = form(sides(arc.interior))
                let an = a[n]
                // `(an . an) P_n w`, integer; its squared length over `(an . an)^2` is `||P_n w||^2`.
                let anan = dot(an, an)
                let anw = dot(an, w)
                let projected = (0..<3).map { anan * w[$0] - anw * an[$0] }
                let squared = dot(projected, projected)
                guard squared.signum > 0 else { continue }
                let value = squared / (anan * anan)
                for d in [projected, projected.map { -$0 }] where onArc(d, arc) { consider(value, d) }
            }
        }
        return found
    }

    /// An arc of the great circle `normal^perp`: from `start` counterclockwise to `end` (about `normal`),
    /// with a direction strictly inside it (a circle that no cutter crosses has no arcs: the callers' `g`
    /// vanishes on it, or the circle is not needed).
    package struct Arc {
        var start: [Rational]
        var end: [Rational]
        var interior: [Rational]
        var halfTurn: Bool
    }

    /// The arcs into which the planes `cutter^perp` cut the great circle `normal^perp` (cutters parallel
    /// to `normal`, or zero, do not cut it).
    package static func arcs(normal: [Rational], cutters: [[Rational]]) -> [Arc] {
        var cuts: [[Rational]] = []
        for c in cutters {
            let d = cross(normal, c)
            guard !d.allSatisfy(\.isZero) else { continue }
            cuts += [d, d.map { -$0 }]
        }
        guard !cuts.isEmpty else { return [] }
        let (b1, b2) = planeBasis(normal)
        func coordinates(_ d: [Rational]) -> [Rational] { [dot(d, b1), dot(d, b2)] }
        var sorted = cuts.map { (direction: $0, planar: coordinates($0)) }
        sorted.sort { TwoLayerChecker.angleLess($0.planar, $1.planar) }
        // Equal directions are adjacent once sorted (and the first and last may coincide): keep one of
        // each, so that no arc is empty (an empty arc would pass for a half turn).
        var distinct: [(direction: [Rational], planar: [Rational])] = []
        for c in sorted where distinct.last.map({ !TwoLayerChecker.sameDirection($0.planar, c.planar) }) ?? true {
            distinct.append(c)
        }
        if distinct.count > 1, TwoLayerChecker.sameDirection(distinct[0].planar, distinct[distinct.count - 1].planar) {
            distinct.removeLast()
        }
        cuts = distinct.map(\.direction)
        var out: [Arc] = []
        for k in cuts.indices {
            let s = cuts[k]
            let e = cuts[(k + 1) % cuts.count]
            let halfTurn = TwoLayerChecker.cross(coordinates(s), coordinates(e)).isZero
            // Inside: any positive combination of the ends (arcs are at most half a turn), or for a half
            // turn the in-plane perpendicular on the counterclockwise side, normal x start.
            let interior = halfTurn ? cross(normal, s) : (0..<3).map { s[$0] + e[$0] }
            out.append(Arc(start: s, end: e, interior: interior, halfTurn: halfTurn))
        }
        return out
    }

    /// Whether the in-plane direction `d` lies on the closed arc.
    static func onArc(_ d: [Rational], _ arc: Arc) -> Bool {
        // Orientation about the circle's normal n: sign of n . (p x q); n = start x interior up to a
        // positive factor (the interior is counterclockwise of the start).
        let n = cross(arc.start, arc.interior)
        let fromStart = dot(n, cross(arc.start, d)).signum
        let toEnd = dot(n, cross(d, arc.end)).signum
        if arc.halfTurn { return fromStart > 0 || (fromStart == 0 && dot(arc.start, d).signum != 0) }
        return fromStart >= 0 && toEnd >= 0
    }

    /// Two orthogonal directions spanning `normal^perp`, `b2 = normal x b1`: in their coordinates the
    /// counterclockwise order about `normal` is the planar angle order.
    static func planeBasis(_ normal: [Rational]) -> ([Rational], [Rational]) {
        var k = 0
        for j in 1..<3 where normal[j].magnitude < normal[k].magnitude { k = j }
        let b1 = cross(normal, (0..<3).map { $0 == k ? Rational.one : Rational.zero })
        return (b1, cross(normal, b1))
    }

    /// The least common multiple of positive denominators (1 for none), by ``IntegerVector/lcm(_:_:)``.
    static func commonDenominator(_ denominators: [BigInt]) -> BigInt {
        denominators.reduce(BigInt(1)) { IntegerVector.lcm($0, $1) }
    }

    static func dot(_ a: [Rational], _ b: [Rational]) -> Rational { a[0] * b[0] + a[1] * b[1] + a[2] * b[2] }

    static func cross(_ a: [Rational], _ b: [Rational]) -> [Rational] {
        [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]]
    }
}
