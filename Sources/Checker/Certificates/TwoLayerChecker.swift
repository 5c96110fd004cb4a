import Exact

/// Independent exact check of a ``TwoLayerCertificate`` for data in the plane (and, through
/// ``SphereDualBound``, in R^3, and ``ArrangementDualBound`` in R^4 and beyond).
///
/// Lower bound: the exact normalized margin `q_min / ||theta||^2` of the certificate's network
/// (0 if it does not separate). Upper bound, squared: `max_{||u||=1} g_lambda(u)^2 / 4`, found
/// exactly: the directions perpendicular to the points of positive weight cut the circle into arcs on which
/// `g_lambda(u) = u . v_A` is linear (A = those points on the positive side); on an arc the maximum
/// of `(u . v_A)^2` over unit `u` is `||v_A||^2` when `+-v_A` points into the arc, and otherwise an
/// endpoint value `(e . v_A)^2 / ||e||^2`. Every comparison is a sign of a rational expression.
public enum TwoLayerChecker {
    public struct Verdict: Sendable, Equatable {
        public var valid: Bool
        public var reason: String?
        /// Proven lower bound on `gamma_bar*`.
        public var lower: Rational
        /// Proven upper bound on `gamma_bar*^2`.
        public var upperSquared: Rational
    }

    public static func verify(_ c: TwoLayerCertificate, against data: Dataset) -> Verdict {
        func reject(_ why: String) -> Verdict { Verdict(valid: false, reason: why, lower: .zero, upperSquared: .zero) }
        let d = data.dimension
        guard d >= 2 else {
            return reject("The two-layer certificate is checked for data in R^d with d >= 2, not d = \(d).")
        }
        guard c.leak.signum >= 0, c.leak < .one else { return reject("The leak \(c.leak) must be in [0, 1).") }
        guard c.dual.count == data.count else {
            return reject("The dual witness has \(c.dual.count) weights for \(data.count) points.")
        }
        guard !c.dual.contains(where: { $0.signum < 0 }), c.dual.reduce(Rational.zero, +) == .one else {
            return reject("The dual weights must be nonnegative and sum to exactly 1.")
        }
        guard c.network.hidden.count == c.network.output.count, c.network.hidden.allSatisfy({ $0.count == d }) else {
            return reject("The network must have one \(d)-vector of hidden weights per output weight.")
        }
        let x = data.points.map { $0.map { Rational(exactly: $0)! } }
        let y = data.labels.map { Rational(exactly: $0)! }
        let lower = normalizedMargin(c.network, x, y, c.leak)
        if d >= 4 {
            let support = c.dual.indices.filter { !c.dual[$0].isZero }.map { x[$0] }
            if let refusal = supportRefusal(support, dimension: d) { return reject(refusal) }
        }
        let maximum: Rational
        switch d {
        case 2: maximum = maxSquaredDualFunction(c.dual, x, y, c.leak)
        case 3: maximum = SphereDualBound.maxSquared(c.dual, x, y, c.leak)
        default: maximum = ArrangementDualBound.maxSquared(c.dual, x, y, c.leak)
        }
        let upperSquared = maximum / Rational(4)
        guard lower * lower <= upperSquared else {
            return Verdict(
                valid: false, reason: "The lower bound exceeds the upper bound, which weak duality forbids.",
                lower: lower, upperSquared: upperSquared)
        }
        return Verdict(valid: true, reason: nil, lower: lower, upperSquared: upperSquared)
    }

    /// Certificates in R^4 and beyond whose dual support would make ``ArrangementDualBound`` visit more faces
    /// than this are refused (about a minute of work on this machine [M]): 2 C(s, d-1) 3^(d-1) faces for
    /// s points of positive weight, e.g. s = 60 in R^4 (1.8 M), s = 34 in R^5 (7.5 M).
    package static let faceVisitLimit = 1e7

    /// Why a dual support (the points of positive weight, in R^d with d >= 4) is refused before the
    /// exact bound runs: its worst-case face count exceeds ``faceVisitLimit``; nil when it is within it.
    package static func supportRefusal(_ support: [[Rational]], dimension d: Int) -> String? {
        let visits = ArrangementDualBound.worstCaseFaceVisits(support)
        guard visits > faceVisitLimit else { return nil }
        return
            "The dual has \(support.count) points of positive weight in R^\(d): the exact bound may visit \(visits) faces of their arrangement, beyond the checker's limit of \(faceVisitLimit)."
    }

    package static func phi(_ s: Rational, _ alpha: Rational) -> Rational { s.signum >= 0 ? s : alpha * s }

    package static func dot(_ a: [Rational], _ b: [Rational]) -> Rational {
        zip(a, b).reduce(Rational.zero) { $0 + $1.0 * $1.1 }
    }

    package static func cross(_ a: [Rational], _ b: [Rational]) -> Rational { a[0] * b[1] - a[1] * b[0] }

    package static func normalizedMargin(_ net: TwoLayerNetwork, _ x: [[Rational]], _ y: [Rational], _ alpha: Rational)
        -> Rational
    {
        let normSquared = zip(net.hidden, net.output).reduce(Rational.zero) { $0 + $1.1 * $1.1 + dot($1.0, $1.0) }
        guard normSquared.signum > 0 else { return .zero }
        var qMin: Rational? = nil
        for n in x.indices {
            var f = Rational.zero
            for k in net.output.indices where !net.output[k].isZero {
                f += net.output[k] * phi(dot(net.hidden[k], x[n]), alpha)
            }
            let q = y[n] * f
            if qMin == nil || q < qMin! { qMin = q }
        }
        return qMin!.signum > 0 ? qMin! / normSquared : .zero
    }

    /// `max_{||u|| = 1} g_lambda(u)^2`, exactly.
    package static func maxSquaredDualFunction(
        _ lambda: [Rational], _ x: [[Rational]], _ y: [Rational], _ alpha: Rational
    ) -> Rational {
        // Only the points with a positive weight enter g_lambda, so only their perpendiculars cut the circle
        // (on a few dozen arcs instead of 2n: the certificate of 4000 points is checked in milliseconds).
        var critical: [[Rational]] = []
        for (n, p) in x.enumerated() where !lambda[n].isZero && !(p[0].isZero && p[1].isZero) {
            critical.append([-p[1], p[0]])
            critical.append([p[1], -p[0]])
        }
        if critical.isEmpty { return .zero }
        critical.sort(by: angleLess)
        var distinct: [[Rational]] = []
        for e in critical where distinct.last.map({ !sameDirection($0, e) }) ?? true { distinct.append(e) }
        if distinct.count > 1, sameDirection(distinct[0], distinct[distinct.count - 1]) { distinct.removeLast() }
        var best = Rational.zero
        for a in distinct.indices {
            let ea = distinct[a]
            let eb = distinct[(a + 1) % distinct.count]
            let halfTurn = cross(ea, eb).isZero
            let inside: [Rational] =
                halfTurn
                ? [-ea[1], ea[0]]
                : [
                    ea[0] / (ea[0].magnitude + ea[1].magnitude) + eb[0] / (eb[0].magnitude + eb[1].magnitude),
                    ea[1] / (ea[0].magnitude + ea[1].magnitude) + eb[1] / (eb[0].magnitude + eb[1].magnitude),
                ]
            var v: [Rational] = [.zero, .zero]
            for n in x.indices where !lambda[n].isZero {
                let weight = dot(inside, x[n]).signum > 0 ? lambda[n] * y[n] : alpha * lambda[n] * y[n]
                v[0] += weight * x[n][0]
                v[1] += weight * x[n][1]
            }
            for e in [ea, eb] {
                let s = dot(e, v)
                best = max(best, s * s / dot(e, e))
            }
            let vv = dot(v, v)
            if vv.signum > 0 {
                for d in [v, [-v[0], -v[1]]] {
                    let within =
                        halfTurn ? cross(ea, d).signum >= 0 : (cross(ea, d).signum >= 0 && cross(d, eb).signum >= 0)
                    if within { best = max(best, vv) }
                }
            }
        }
        return best
    }

    /// Counter-clockwise angle order starting from the positive x-axis.
    package static func angleLess(_ a: [Rational], _ b: [Rational]) -> Bool {
        let ha = upperHalf(a)
        let hb = upperHalf(b)
        if ha != hb { return ha }
        return cross(a, b).signum > 0
    }

    package static func upperHalf(_ a: [Rational]) -> Bool { a[1].signum > 0 || (a[1].isZero && a[0].signum > 0) }

    package static func sameDirection(_ a: [Rational], _ b: [Rational]) -> Bool {
        cross(a, b).isZero && dot(a, b).signum > 0
    }
}
