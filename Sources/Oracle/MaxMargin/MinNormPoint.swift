/// Wolfe's algorithm for the minimum-norm point of the convex hull of finitely many points, in
/// floating point (Wolfe 1976, "Finding the nearest point in a polytope"), on a working set.
///
/// The iterate is always `x = sum_{i in S} lambda_i p_i` with `lambda` on the simplex over the
/// *corral* `S`, an affinely independent set. A major cycle adds the point minimizing `p . x`;
/// minor cycles move to the affine minimizer of `S` and drop points whose weight would turn
/// negative. It stops when `||x||^2 - min_n p_n . x <= tolerance * ||x||^2`, the relative
/// Wolfe gap, which bounds the duality gap of the l2 max-margin problem.
///
/// **Constraint generation.** Only about `d + 1` points matter at the optimum, so the major
/// cycles scan a *working set* only; when Wolfe has converged on it, one pass over all points
/// adds the most violated ones (`p_n . x < (1 - tolerance) ||x||^2`) and Wolfe resumes from its
/// corral. The answer is the same fixed point (the stopping test is applied to every point), at
/// the cost of a few full passes instead of one per major cycle. Each pass also prunes the working
/// set of points far above the current minimum (``prune``, once per point).
///
/// Only the final corral is used downstream: ``L2MaxMargin`` re-solves it in exact arithmetic.
struct MinNormPoint {
    /// Points, row-major and contiguous (`count x dimension`).
    let values: [Double]
    let count: Int
    let dimension: Int

    /// Copies `points` into one contiguous array, all multiplied by the power of two that brings
    /// the largest coordinate to about 1 (floating-point conditioning only; the minimizing corral
    /// does not change under scaling).
    init(points: [[Double]]) {
        count = points.count
        dimension = points.first?.count ?? 0
        var largest = 0.0
        for row in points { for v in row { largest = max(largest, abs(v)) } }
        let shift = largest > 0 ? -Int(largest.exponent) : 0
        let d = dimension
        let total = points.count * d
        values = [Double](unsafeUninitializedCapacity: total) { buffer, initialized in
            if abs(shift) <= 1000 {
                let factor = Double(sign: .plus, exponent: shift, significand: 1)
                for (n, row) in points.enumerated() { for j in 0..<d { buffer[n * d + j] = row[j] * factor } }
            } else {
                for (n, row) in points.enumerated() {
                    for j in 0..<d {
                        buffer[n * d + j] = Double(sign: row[j].sign, exponent: shift, significand: abs(row[j]))
                    }
                }
            }
            initialized = total
        }
    }

    struct Result {
        var corral: [Int]
        var weights: [Double]
        var x: [Double]
        var iterations: Int
        /// Full passes over all points (constraint-generation rounds).
        var passes: Int
        /// `max_n ||p_n||^2` of the (scaled) points, the scale of the separability test.
        var largestSquaredNorm: Double
    }

    /// Relative distance above `||x||^2` beyond which a working-set point is pruned. Measured with
    /// `bench` (Wolfe's time at 10000 x 50 / 100 / 200, one run each): never 10.4 / 39.9 / 186 ms,
    /// 0.5: 9.9 / 37.0 / 163, 0.2: 9.4 / 34.0 / 159, 0.1: 9.0 / 32.5 / 140, 0.05: 9.1 / 30.7 / 156.
    static let prune = 0.1

    func solve(tolerance: Double = 1e-13, maxIterations: Int = 100_000) -> Result {
        var first = 0
        var firstNorm = Double.infinity
        var largest = 0.0
        for n in 0..<count {
            let v = dot(n, n)
            if v < firstNorm {
                firstNorm = v
                first = n
            }
            largest = max(largest, v)
        }
        var factor = CorralFactor()
        _ = factor.append(column: [], diagonal: firstNorm + 1)
        var state = State(corral: [first], lambda: [1], factor: factor, x: row(first))
        var inWorkingSet = [Bool](repeating: false, count: count)
        var workingSet = [first]
        inWorkingSet[first] = true
        let batch = max(16, dimension)
        var iterations = 0
        var passes = 0
        var pruned = [Bool](repeating: false, count: count)
        while iterations < maxIterations {
            let used = wolfe(&state, over: workingSet, tolerance: tolerance, budget: maxIterations - iterations)
            iterations += used
            // One pass over every point: the most violated ones join the working set.
            passes += 1
            let xx = state.x.reduce(0) { $0 + $1 * $1 }
            if xx == 0 { break }
            let threshold = xx - tolerance * xx
            // The `batch` most violated points (smallest p . x, ties by index), selected in one
            // pass with a bounded max-heap instead of sorting every violated point.
            var chosen = BoundedSmallest(capacity: batch)
            state.x.withUnsafeBufferPointer { x in
                values.withUnsafeBufferPointer { p in
                    for n in 0..<count where !inWorkingSet[n] {
                        let v = MinNormPoint.dot(p.baseAddress! + n * dimension, x.baseAddress!, dimension)
                        if v < threshold { chosen.offer(v, n) }
                    }
                }
            }
            if chosen.isEmpty { break }
            // Points far from the current minimum (p . x > (1 + prune) ||x||^2) leave the working
            // set, once per point: every major cycle scans the working set. A later full pass
            // brings a pruned point back if it is violated again.
            var inCorral = [Bool](repeating: false, count: count)
            for n in state.corral { inCorral[n] = true }
            workingSet = workingSet.filter { n in
                guard !inCorral[n], !pruned[n] else { return true }
                let v = values.withUnsafeBufferPointer { p in
                    state.x.withUnsafeBufferPointer { x in
                        MinNormPoint.dot(p.baseAddress! + n * dimension, x.baseAddress!, dimension)
                    }
                }
                guard v > xx * (1 + MinNormPoint.prune) else { return true }
                pruned[n] = true
                inWorkingSet[n] = false
                return false
            }
            for n in chosen.indicesInOrder() {
                inWorkingSet[n] = true
                workingSet.append(n)
            }
        }
        return Result(
            corral: state.corral, weights: state.lambda, x: state.x, iterations: iterations, passes: passes,
            largestSquaredNorm: largest)
    }

    /// The corral, its weights, the Cholesky factor of its bordered Gram matrix (updated, never
    /// recomputed: a minor cycle costs O(k^2), not O(k^3)) and the iterate.
    struct State {
        var corral: [Int]
        var lambda: [Double]
        var factor: CorralFactor
        var x: [Double]
    }

    /// Wolfe's major and minor cycles with the major-cycle scan restricted to `candidates`;
    /// returns the iterations used.
    private func wolfe(_ s: inout State, over candidates: [Int], tolerance: Double, budget: Int) -> Int {
        var iterations = 0
        var bestNorm = Double.infinity
        var stalled = 0
        major: while iterations < budget {
            iterations += 1
            let xx = s.x.reduce(0) { $0 + $1 * $1 }
            // Near the optimum, rounding in the affine minimizer can make the cycles go round
            // without progress: stop once ||x||^2 has not decreased for a while. The corral is
            // then as good as floating point can make it; the exact phase decides.
            if xx < bestNorm * (1 - 1e-15) {
                bestNorm = xx
                stalled = 0
            } else {
                stalled += 1
                if stalled > 20 { break }
            }
            var j = 0
            var best = Double.infinity
            s.x.withUnsafeBufferPointer { x in
                values.withUnsafeBufferPointer { p in
                    for n in candidates {
                        let v = MinNormPoint.dot(p.baseAddress! + n * dimension, x.baseAddress!, dimension)
                        if v < best {
                            best = v
                            j = n
                        }
                    }
                }
            }
            if xx - best <= tolerance * xx || xx == 0 { break }
            if s.corral.contains(j) { break }  // numerical stall: no progress possible
            guard add(j, to: &s) else { break }  // affinely dependent: no progress possible
            // Minor cycles.
            while true {
                iterations += 1
                guard let mu = s.factor.affineMinimizer() else { break major }
                if mu.allSatisfy({ $0 > 0 }) {
                    s.lambda = mu
                    s.x = combination(s.corral, mu)
                    continue major
                }
                var theta = 1.0
                for i in mu.indices where mu[i] <= 0 {
                    let denominator = s.lambda[i] - mu[i]
                    if denominator > 0 { theta = min(theta, s.lambda[i] / denominator) }
                }
                for i in s.lambda.indices { s.lambda[i] = theta * mu[i] + (1 - theta) * s.lambda[i] }
                // Drop the points whose weight reached zero (at least the one fixing theta).
                var weakest = 0
                for i in s.lambda.indices where s.lambda[i] < s.lambda[weakest] { weakest = i }
                var keep = s.lambda.indices.filter { s.lambda[$0] > 1e-15 && $0 != weakest }
                if keep.isEmpty { keep = [s.lambda.indices.max(by: { s.lambda[$0] < s.lambda[$1] })!] }
                for i in s.corral.indices.reversed() where !keep.contains(i) { s.factor.remove(i) }
                s.corral = keep.map { s.corral[$0] }
                s.lambda = keep.map { s.lambda[$0] }
                let total = s.lambda.reduce(0, +)
                s.lambda = s.lambda.map { $0 / total }
                s.x = combination(s.corral, s.lambda)
                if s.corral.count == 1 { continue major }
            }
        }
        return iterations
    }

    /// Adds point `j` to the corral; `false` when it is affinely dependent on it.
    private func add(_ j: Int, to s: inout State) -> Bool {
        guard s.factor.append(column: s.corral.map { dot($0, j) + 1 }, diagonal: dot(j, j) + 1) else { return false }
        s.corral.append(j)
        s.lambda.append(0)
        return true
    }

    private func row(_ n: Int) -> [Double] { Array(values[(n * dimension)..<((n + 1) * dimension)]) }

    private func dot(_ a: Int, _ b: Int) -> Double {
        values.withUnsafeBufferPointer { p in
            MinNormPoint.dot(p.baseAddress! + a * dimension, p.baseAddress! + b * dimension, dimension)
        }
    }

    /// Dot product with four independent accumulators (lets the compiler vectorize).
    static func dot(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ d: Int) -> Double {
        var s0 = 0.0
        var s1 = 0.0
        var s2 = 0.0
        var s3 = 0.0
        var k = 0
        while k + 3 < d {
            s0 += a[k] * b[k]
            s1 += a[k + 1] * b[k + 1]
            s2 += a[k + 2] * b[k + 2]
            s3 += a[k + 3] * b[k + 3]
            k += 4
        }
        while k < d {
            s0 += a[k] * b[k]
            k += 1
        }
        return (s0 + s1) + (s2 + s3)
    }

    private func combination(_ corral: [Int], _ weights: [Double]) -> [Double] {
        var x = [Double](repeating: 0, count: dimension)
        values.withUnsafeBufferPointer { p in
            for (i, n) in corral.enumerated() {
                let w = weights[i]
                let base = n * dimension
                for k in 0..<dimension { x[k] += w * p[base + k] }
            }
        }
        return x
    }
}
