import BigInt
import CGMP

/// The two big-integer kernels that dominate exact certification, delegated to GMP.
///
/// Everything else stays on attaswift/BigInt; results are identical by definition (gcd and exact
/// quotient are unique), the unit tests compare both paths. Small operands stay in Swift, where
/// the conversion would cost more than it saves.
enum FastIntegerKernels {
    /// Operands below this many 64-bit words use BigInt's own algorithms.
    static let threshold = 4

    /// `gcd(a, b)`.
    static func gcd(_ a: BigUInt, _ b: BigUInt) -> BigUInt {
        if a.isZero { return b }
        if b.isZero { return a }
        if a.words.count < threshold && b.words.count < threshold { return a.greatestCommonDivisor(with: b) }
        let wa = a.words.map { UInt64($0) }
        let wb = b.words.map { UInt64($0) }
        var out = [UInt64](repeating: 0, count: min(wa.count, wb.count) + 1)
        let n = cgmp_gcd_words(wa, wa.count, wb, wb.count, &out)
        return BigUInt(words: out.prefix(n).map { UInt($0) })
    }

    /// `a / b` when `b` divides `a` exactly (signs allowed). Traps if `b` is zero.
    static func exactQuotient(_ a: BigInt, _ b: BigInt) -> BigInt {
        precondition(!b.isZero)
        let ma = a.magnitude, mb = b.magnitude
        if ma.words.count < threshold || mb.words.count < 2 { return a / b }
        let wa = ma.words.map { UInt64($0) }
        let wb = mb.words.map { UInt64($0) }
        var out = [UInt64](repeating: 0, count: wa.count + 1)
        let n = cgmp_divexact_words(wa, wa.count, wb, wb.count, &out)
        let q = BigInt(BigUInt(words: out.prefix(n).map { UInt($0) }))
        return (a.sign == .minus) != (b.sign == .minus) ? -q : q
    }

    /// Bareiss elimination of the augmented integer matrix `m` (`k x (k+1)`) in GMP; returns
    /// `x = y / det` as rationals, or `nil` when singular. Same algorithm and pivot rule as the
    /// Swift version in ``ExactLinearSolver``, so results are identical.
    static func bareissSolve(_ m: [[BigInt]]) -> [Rational]? {
        let k = m.count
        var words: [UInt64] = []
        var offsets: [Int] = []
        var counts: [Int] = []
        var negative: [Int32] = []
        for row in m {
            for v in row {
                offsets.append(words.count)
                let w = v.magnitude.words
                counts.append(v.isZero ? 0 : w.count)
                if !v.isZero { words.append(contentsOf: w.map { UInt64($0) }) }
                negative.append(v.sign == .minus && !v.isZero ? 1 : 0)
            }
        }
        if words.isEmpty { words = [0] }
        guard let s = cgmp_bareiss(k, words, offsets, counts, negative) else { return nil }
        defer { cgmp_solution_free(s) }
        if s.pointee.singular != 0 { return nil }
        func value(_ i: Int) -> BigInt {
            let n = cgmp_solution_words(s, i)
            var out = [UInt64](repeating: 0, count: max(n, 1))
            let sign = cgmp_solution_export(s, i, &out)
            let magnitude = BigInt(BigUInt(words: out.prefix(n).map { UInt($0) }))
            return sign < 0 ? -magnitude : magnitude
        }
        let det = value(k)
        return (0..<k).map { Rational(value($0), det) }
    }
}
