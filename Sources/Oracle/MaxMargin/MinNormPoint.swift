/// Wolfe's algorithm for the minimum-norm point of the convex hull of finitely many points, in
/// floating point (Wolfe 1976, "Finding the nearest point in a polytope").
///
/// The iterate is always `x = sum_{i in S} lambda_i p_i` with `lambda` on the simplex over the
/// *corral* `S`, an affinely independent set. A major cycle adds the point minimizing `p . x`;
/// minor cycles move to the affine minimizer of `S` and drop points whose weight would turn
/// negative. It stops when `||x||^2 - min_n p_n . x <= tolerance * ||x||^2`, the relative
/// Wolfe gap, which bounds the duality gap of the l2 max-margin problem.
///
/// Only the final corral is used downstream: ``L2MaxMargin`` re-solves it in exact arithmetic.
struct MinNormPoint {
    /// Points, row-major (`count x dimension`).
    let points: [[Double]]

    struct Result {
        var corral: [Int]
        var weights: [Double]
        var x: [Double]
        var iterations: Int
    }

    func solve(tolerance: Double = 1e-13, maxIterations: Int = 100_000) -> Result {
        let norms = points.map { dot($0, $0) }
        var first = 0
        for n in norms.indices where norms[n] < norms[first] { first = n }
        var corral = [first]
        var lambda = [1.0]
        var x = points[first]
        var iterations = 0
        major: while iterations < maxIterations {
            iterations += 1
            let xx = dot(x, x)
            var j = 0
            var best = Double.infinity
            for n in points.indices {
                let v = dot(points[n], x)
                if v < best { best = v; j = n }
            }
            if xx - best <= tolerance * xx || xx == 0 { break }
            if corral.contains(j) { break }  // numerical stall: no progress possible
            corral.append(j)
            lambda.append(0)
            // Minor cycles.
            while true {
                iterations += 1
                guard let mu = affineMinimizer(corral) else { break major }
                if mu.allSatisfy({ $0 > 0 }) {
                    lambda = mu
                    x = combination(corral, mu)
                    continue major
                }
                var theta = 1.0
                for i in mu.indices where mu[i] <= 0 {
                    let denominator = lambda[i] - mu[i]
                    if denominator > 0 { theta = min(theta, lambda[i] / denominator) }
                }
                for i in lambda.indices { lambda[i] = theta * mu[i] + (1 - theta) * lambda[i] }
                // Drop the points whose weight reached zero (at least the one fixing theta).
                var keep: [Int] = []
                var weakest = 0
                for i in lambda.indices {
                    if lambda[i] < lambda[weakest] { weakest = i }
                }
                for i in lambda.indices where lambda[i] > 1e-15 && i != weakest { keep.append(i) }
                if keep.isEmpty { keep = [lambda.indices.max(by: { lambda[$0] < lambda[$1] })!] }
                corral = keep.map { corral[$0] }
                lambda = keep.map { lambda[$0] }
                let total = lambda.reduce(0, +)
                lambda = lambda.map { $0 / total }
                x = combination(corral, lambda)
                if corral.count == 1 { continue major }
            }
        }
        return Result(corral: corral, weights: lambda, x: x, iterations: iterations)
    }

    private func dot(_ a: [Double], _ b: [Double]) -> Double {
        var s0 = 0.0, s1 = 0.0
        var k = 0
        while k + 1 < a.count { s0 += a[k] * b[k]; s1 += a[k + 1] * b[k + 1]; k += 2 }
        if k < a.count { s0 += a[k] * b[k] }
        return s0 + s1
    }

    private func combination(_ corral: [Int], _ weights: [Double]) -> [Double] {
        var x = [Double](repeating: 0, count: points[0].count)
        for (i, n) in corral.enumerated() {
            let w = weights[i]
            let p = points[n]
            for k in x.indices { x[k] += w * p[k] }
        }
        return x
    }

    /// Weights `mu` (summing to 1) of the minimum-norm point of the affine hull of the corral:
    /// the bordered system `[G 1; 1^T 0] [mu; -nu] = [0; 1]`, solved by LU with partial pivoting.
    private func affineMinimizer(_ corral: [Int]) -> [Double]? {
        let k = corral.count
        var a = [[Double]](repeating: [Double](repeating: 0, count: k + 2), count: k + 1)
        for r in 0..<k {
            for c in r..<k {
                let g = dot(points[corral[r]], points[corral[c]])
                a[r][c] = g
                a[c][r] = g
            }
            a[r][k] = 1
            a[k][r] = 1
        }
        a[k][k + 1] = 1
        let n = k + 1
        for col in 0..<n {
            var p = col
            for r in col..<n where abs(a[r][col]) > abs(a[p][col]) { p = r }
            if a[p][col] == 0 { return nil }
            a.swapAt(p, col)
            for r in (col + 1)..<n where a[r][col] != 0 {
                let f = a[r][col] / a[col][col]
                for c in col...(n) { a[r][c] -= f * a[col][c] }
            }
        }
        var sol = [Double](repeating: 0, count: n)
        for r in stride(from: n - 1, through: 0, by: -1) {
            var s = a[r][n]
            for c in (r + 1)..<n { s -= a[r][c] * sol[c] }
            sol[r] = s / a[r][r]
        }
        let mu = Array(sol[0..<k])
        guard mu.allSatisfy({ $0.isFinite }) else { return nil }
        return mu
    }
}
