import Foundation

/// Floating-point pricing of the two-layer column generation in R^3: directions where
/// `|g_lambda(u)| = |sum_n lambda_n y_n phi(u . x_n)|` is large on the unit sphere.
///
/// The same three kinds of candidates as the checker's exact ``SphereDualBound`` [D], found from the
/// vertex rays `+-(x_i x x_j)` of the support's planes: the ray itself; the four cells around it
/// (`+-v_A / ||v_A||` for each side of planes i and j, the other points keeping the ray's side); and
/// the arcs of the great circles of planes i and j that leave the ray (`+-P w / ||P w||`, `P` the
/// projection onto the plane, `w` the form off the ray along the arc). Every arc has a vertex at one
/// end and every cell one in its closure, so nothing is missed that the exact enumeration would see,
/// except where rounding puts a point on the wrong side of a nearly degenerate vertex. Every candidate's
/// value is `|g|` evaluated at it, so no candidate overstates the maximum by more than rounding.
///
/// O(s^3) for s points of positive dual weight, in doubles: 60 Gaussian points in R^3 went from 21 s to
/// 4 s (release), the exact candidates costing rational products in every comparison. This
/// only guides the search: the answer is certified by ``TwoLayerChecker``, and when its bracket is too
/// wide the solver prices once more with the exact candidates (``TwoLayerMaxMargin/sphericalPrice``).
enum SpherePricing {
    /// At most this many candidates are returned, best first, near-duplicates (within 1e-12 in l1)
    /// dropped: the solver adds at most 8 a round.
    static let kept = 64

    static func candidates(_ x: [[Double]], _ y: [Double], _ alpha: Double, _ lambda: [Double]) -> [(
        direction: [Double], value: Double
    )] {
        let support = lambda.indices.filter { n in
            lambda[n] > 0 && lambda[n].isFinite && x[n].contains { $0 != 0 }
        }
        guard !support.isEmpty else { return [] }
        let a = support.map { x[$0] }
        let weight = support.map { lambda[$0] * y[$0] }
        func slope(_ side: Double) -> Double { side > 0 ? 1 : alpha }
        func g(_ u: [Double]) -> Double {
            var s = 0.0
            for m in a.indices { s += weight[m] * TwoLayerMaxMargin.phi(dot(u, a[m]), alpha) }
            return s
        }
        var found: [(direction: [Double], value: Double)] = []
        func consider(_ d: [Double]) {
            let norm = dot(d, d).squareRoot()
            guard norm > 0, norm.isFinite else { return }
            let u = d.map { $0 / norm }
            found.append((u, abs(g(u))))
        }
        func considerBothSigns(_ d: [Double]) {
            consider(d)
            consider(d.map { -$0 })
        }
        func add(_ v: inout [Double], _ c: Double, _ p: [Double]) {
            for k in 0..<3 { v[k] += c * p[k] }
        }
        func projected(_ w: [Double], onto normal: [Double]) -> [Double] {
            let t = dot(normal, w) / dot(normal, normal)
            return (0..<3).map { w[$0] - t * normal[$0] }
        }
        var anyVertex = false
        for i in a.indices {
            for j in (i + 1)..<a.count {
                let e = cross(a[i], a[j])
                let scale = dot(a[i], a[i]).squareRoot() * dot(a[j], a[j]).squareRoot()
                guard dot(e, e).squareRoot() > 1e-14 * scale else { continue }
                anyVertex = true
                for sign in [1.0, -1.0] {
                    let ray = e.map { sign * $0 }
                    consider(ray)
                    // The other points' sides at the ray, and their part of the form.
                    var base = [0.0, 0.0, 0.0]
                    for m in a.indices where m != i && m != j {
                        add(&base, weight[m] * slope(dot(ray, a[m])), a[m])
                    }
                    for si in [1.0, -1.0] {
                        for sj in [1.0, -1.0] {
                            var v = base
                            add(&v, weight[i] * slope(si), a[i])
                            add(&v, weight[j] * slope(sj), a[j])
                            considerBothSigns(v)
                        }
                    }
                    // Arcs of plane i's circle leaving the ray (plane i's term vanishes there), and of j's.
                    for (on, other) in [(i, j), (j, i)] {
                        let along = cross(a[on], ray)
                        for direction in [along, along.map { -$0 }] {
                            var w = base
                            add(&w, weight[other] * slope(dot(direction, a[other])), a[other])
                            considerBothSigns(projected(w, onto: a[on]))
                        }
                    }
                }
            }
        }
        if !anyVertex {
            // Rank 1: every plane is a[0]'s; the cells are the two half-spaces.
            for sign in [1.0, -1.0] {
                var v = [0.0, 0.0, 0.0]
                for m in a.indices { add(&v, weight[m] * slope(sign * dot(a[0], a[m])), a[m]) }
                considerBothSigns(v)
            }
        }
        found.sort { $0.value > $1.value }
        var out: [(direction: [Double], value: Double)] = []
        for c in found
        where !out.contains(where: { zip($0.direction, c.direction).reduce(0.0) { $0 + abs($1.0 - $1.1) } < 1e-12 }) {
            out.append(c)
            if out.count == kept { break }
        }
        return out
    }

    static func dot(_ u: [Double], _ v: [Double]) -> Double { u[0] * v[0] + u[1] * v[1] + u[2] * v[2] }

    static func cross(_ u: [Double], _ v: [Double]) -> [Double] {
        [u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]]
    }
}
