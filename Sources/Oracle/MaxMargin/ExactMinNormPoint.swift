import BigInt

/// Wolfe's minimum-norm-point algorithm (Wolfe 1976) in exact rational arithmetic: the fallback
/// of ``L2MaxMargin`` when the floating-point corral cannot be repaired.
///
/// Floating point fails on rows that mix scales (say 1e-200 and 1e200 in one point): the float
/// Gram matrix loses the small coordinates, the corral it proposes is wrong, and the exact repair
/// (drop the most negative weight, add the most violated point) can cycle. Wolfe's method in exact
/// arithmetic terminates (Wolfe 1976 proves finite termination: the norm strictly decreases from
/// one corral to the next and there are finitely many corrals; recalled, not re-read here) and
/// keeps its corral affinely independent, so every affine-minimizer system below is nonsingular.
/// `maxIterations` guards the code, not the method.
///
/// Cost: each major cycle is one exact arg-min over all points (floating-point filter, exact dots
/// only for the points it cannot rule out), each minor cycle one exact `(k + 1) x (k + 1)` solve
/// with `k <= d + 1`. Slow next to the float path, so it only runs when that path has failed.
enum ExactMinNormPoint {
    struct Result {
        /// The final corral (sorted point indices) and its exact convex weights.
        var corral: [Int]
        var weights: [Rational]
        /// The exact minimum-norm point.
        var x: [Rational]
        /// Major plus minor cycles.
        var iterations: Int
    }

    /// Runs from the point `start` (any index; the float solver's nearest point is a good choice).
    /// `maxIterations` only guards against a bug: the exact method terminates.
    static func solve(_ z: [[Double]], start: Int, maxIterations: Int = 100_000) -> Result? {
        let d = z.first?.count ?? 0
        var corral = [start]
        var lambda = [Rational.one]
        var x = z[start].map { Rational(exactly: $0)! }
        var iterations = 0
        major: while iterations < maxIterations {
            iterations += 1
            let xx = IntegerVector(x).squaredNorm
            if xx.isZero { break }
            // Major cycle: the point minimizing z_n . x, exactly (ties: smallest index).
            let (j, value) = FilteredVector(x).exactArgMin(dense: z)
            if value >= xx || corral.contains(j) { break }
            corral.append(j)
            lambda.append(.zero)
            // Minor cycles.
            while iterations < maxIterations {
                iterations += 1
                guard let mu = affineMinimizer(corral.map { z[$0] }) else { return nil }
                if mu.allSatisfy({ $0.signum > 0 }) {
                    lambda = mu
                    x = IntegerVector(mu).combination(of: corral.map { z[$0] }, dimension: d)
                    continue major
                }
                // Move from lambda towards mu until the first weight reaches zero.
                var theta = Rational.one
                for i in mu.indices where mu[i].signum <= 0 {
                    let step = lambda[i] / (lambda[i] - mu[i])
                    if step < theta { theta = step }
                }
                lambda = zip(lambda, mu).map { l, m in theta * m + (Rational.one - theta) * l }
                let keep = lambda.indices.filter { lambda[$0].signum > 0 }
                corral = keep.map { corral[$0] }
                lambda = keep.map { lambda[$0] }
                x = IntegerVector(lambda).combination(of: corral.map { z[$0] }, dimension: d)
                if corral.count == 1 { continue major }
            }
        }
        let order = corral.indices.sorted { corral[$0] < corral[$1] }
        return Result(corral: order.map { corral[$0] }, weights: order.map { lambda[$0] }, x: x, iterations: iterations)
    }

    /// The weights `mu` (summing to 1) of the minimum-norm point of the rows' affine hull:
    /// `G mu = nu 1`, `1 . mu = 1` with `G` the exact Gram matrix; `nil` if the rows are affinely
    /// dependent (never for a Wolfe corral in exact arithmetic).
    static func affineMinimizer(_ rows: [[Double]]) -> [Rational]? {
        let k = rows.count
        let dyadic = rows.map { DyadicRow($0) }
        let gram = DyadicRow.integerGram(dyadic)
        func entry(_ a: Int, _ b: Int) -> Rational {
            Rational(gram[a][b]) * .powerOfTwo(dyadic[a].exponent + dyadic[b].exponent)
        }
        var matrix = (0..<k).map { a in (0..<k).map { b in entry(a, b) } + [Rational(-1)] }
        matrix.append([Rational](repeating: .one, count: k) + [.zero])
        let rhs = [Rational](repeating: .zero, count: k) + [.one]
        guard let solution = ExactLinearSolver.solve(matrix, rhs) else { return nil }
        return Array(solution.prefix(k))
    }
}
