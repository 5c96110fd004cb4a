import BigInt
import Exact

/// The two-layer dual function `g_lambda(u) = sum_n lambda_n y_n phi(u . x_n)` as a sum over the distinct
/// planes of its points, in integers: `K g_lambda(u) = sum_P c_P(sign(u . r_P)) (u . r_P)` [D].
///
/// Only the points of nonzero weight enter. Points on one line through the origin share a plane: with
/// `x_n = t_n r_P` (`r_P` the line's primitive integer normal, first nonzero entry positive) their terms
/// are `lambda_n y_n t_n phi'(t_n s) (u . r_P)` on the side `s` of the plane, so each plane carries two
/// coefficients, `plus` and `minus`. Points, weights and the leak `alpha = p / q` are scaled to integers
/// by common denominators, which multiplies `g` by one positive `K`; ``unscale`` is `1 / K^2`.
///
/// When the planes' normals do not span `R^d`, unit vectors are added as planes with zero coefficients
/// until they do (refining the arrangement changes no value of `g`, and an arrangement of full rank has
/// a ray in the closure of every face, which the enumeration of ``ArrangementDualBound`` relies on).
struct PlaneArrangement {
    let dimension: Int
    var normals: [[BigInt]] = []
    var plus: [BigInt] = []
    var minus: [BigInt] = []
    /// The true `g^2` is the integer form's `g^2` times this.
    let unscale: Rational

    init(_ lambda: [Rational], _ x: [[Rational]], _ y: [Rational], _ alpha: Rational, dimension d: Int) {
        dimension = d
        let support = x.indices.filter { !lambda[$0].isZero && !x[$0].allSatisfy(\.isZero) }
        let dx = SphereDualBound.commonDenominator(support.flatMap { n in x[n].map(\.denominator) })
        let dw = SphereDualBound.commonDenominator(support.map { (lambda[$0] * y[$0]).denominator })
        let q = alpha.denominator
        let p = alpha.numerator
        let k = Rational(dx * dw * q)
        unscale = Rational.one / (k * k)
        var index: [[BigInt]: Int] = [:]
        for n in support {
            let a = x[n].map { FastIntegerKernels.exactQuotient($0.numerator * dx, $0.denominator) }
            let w = FastIntegerKernels.exactQuotient((lambda[n] * y[n]).numerator * dw, (lambda[n] * y[n]).denominator)
            var g = BigInt(0)
            for c in a where !c.isZero { g = BigInt(FastIntegerKernels.gcd(g.magnitude, c.magnitude)) }
            guard let lead = a.first(where: { !$0.isZero }) else { continue }
            let t = lead.sign == .minus ? -g : g
            let r = a.map { FastIntegerKernels.exactQuotient($0, t) }
            // On the plane's positive side u . x_n = t (u . r) has the sign of t.
            let (onPlus, onMinus) = t.sign == .minus ? (p, q) : (q, p)
            let plane: Int
            if let known = index[r] {
                plane = known
            } else {
                plane = normals.count
                index[r] = plane
                normals.append(r)
                plus.append(0)
                minus.append(0)
            }
            plus[plane] += w * t * onPlus
            minus[plane] += w * t * onMinus
        }
        guard !normals.isEmpty else { return }
        var basis = ExactRank(dimension: d)
        for r in normals { _ = basis.add(r) }
        for k in 0..<d where basis.rank < d {
            let unit = (0..<d).map { BigInt($0 == k ? 1 : 0) }
            if basis.add(unit) {
                normals.append(unit)
                plus.append(0)
                minus.append(0)
            }
        }
    }

    var count: Int { normals.count }

    /// The coefficient of plane `p` on side `side` (0 on the plane itself).
    func coefficient(_ p: Int, _ side: Int) -> BigInt { side > 0 ? plus[p] : (side < 0 ? minus[p] : 0) }
}

/// Incremental exact rank of integer vectors (rows reduced over the rationals).
struct ExactRank {
    let dimension: Int
    private var rows: [(pivot: Int, row: [Rational])] = []

    init(dimension: Int) { self.dimension = dimension }

    var rank: Int { rows.count }

    /// Adds `v`; whether it was independent of the vectors added before (kept only then).
    mutating func add(_ v: [BigInt]) -> Bool {
        var r = v.map { Rational($0) }
        for (pivot, row) in rows where !r[pivot].isZero {
            let f = r[pivot] / row[pivot]
            for j in 0..<dimension where !row[j].isZero { r[j] -= f * row[j] }
        }
        guard let pivot = r.firstIndex(where: { !$0.isZero }) else { return false }
        rows.append((pivot, r))
        return true
    }
}
