import BigInt
import CGMP

/// The GMP kernels only the solvers use (exact linear solves, the l2 Gram matrix); the checker
/// needs none of them, so they stay out of the trusted `Exact` module.
extension FastIntegerKernels {
    /// Bareiss elimination of the augmented integer matrix `m` (`k x (k+1)`) in GMP; returns
    /// `x = y / det` as rationals, or `nil` when singular. Same algorithm and pivot rule as the
    /// Swift version in ``ExactLinearSolver``, so results are identical.
    package static func bareissSolve(_ m: [[BigInt]]) -> IntegerVector? {
        withAugmented(m) { k, words, offsets, counts, negative in
            guard let s = cgmp_bareiss(k, words, offsets, counts, negative) else { return nil }
            return integerSolution(of: s)
        }
    }

    /// Dixon's p-adic lifting (`dixon.h`) on the augmented integer matrix `m` (`k x (k+1)`):
    /// the same rationals as ``bareissSolve(_:)`` (the solution is unique), several times
    /// faster from k of about 16 on. Returns `nil` when it cannot decide (det A divisible by every
    /// prime tried, which includes every singular A); callers then fall back to Bareiss.
    package static func dixonSolve(_ m: [[BigInt]]) -> IntegerVector? {
        withAugmented(m) { k, words, offsets, counts, negative in
            guard let s = cgmp_dixon(k, words, offsets, counts, negative) else { return nil }
            return integerSolution(of: s)
        }
    }

    /// The exact Gram matrix `G[a][b] = sum_j rows[a][j] rows[b][j]` of integer rows whose entries
    /// have magnitude below `2^62` (``DyadicRow/small``), in machine words (`gram.h`).
    package static func gram(_ rows: [[Int64]]) -> [[BigInt]] {
        let k = rows.count
        guard k > 0 else { return [] }
        let d = rows[0].count
        let flat = rows.flatMap { $0 }
        var out = [UInt64](repeating: 0, count: k * k * 3)
        cgmp_gram_int64(k, d, flat, &out)
        return (0..<k).map { a in
            (0..<k).map { b in
                let o = (a * k + b) * 3
                return signed192(out[o], out[o + 1], out[o + 2])
            }
        }
    }

    /// The integer whose 192-bit two's complement words (little-endian) are `w0, w1, w2`.
    package static func signed192(_ w0: UInt64, _ w1: UInt64, _ w2: UInt64) -> BigInt {
        if w2 >> 63 == 0 { return BigInt(BigUInt(words: [UInt(w0), UInt(w1), UInt(w2)])) }
        // Negative: magnitude = two's complement negation.
        let n0 = ~w0 &+ 1
        let c0: UInt64 = n0 == 0 ? 1 : 0
        let n1 = ~w1 &+ c0
        let c1: UInt64 = (c0 == 1 && n1 == 0) ? 1 : 0
        let n2 = ~w2 &+ c1
        return -BigInt(BigUInt(words: [UInt(n0), UInt(n1), UInt(n2)]))
    }

}
