import BigInt
import CGMP

/// The two big-integer kernels that dominate exact certification, delegated to GMP.
///
/// Everything else stays on attaswift/BigInt; results are identical by definition (gcd and exact
/// quotient are unique), the unit tests compare both paths. Small operands stay in Swift, where
/// the conversion would cost more than it saves.
package enum FastIntegerKernels {
    /// Operands below this many 64-bit words use BigInt's own algorithms.
    package static let threshold = 4

    /// `gcd(a, b)`.
    package static func gcd(_ a: BigUInt, _ b: BigUInt) -> BigUInt {
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
    package static func exactQuotient(_ a: BigInt, _ b: BigInt) -> BigInt {
        precondition(!b.isZero)
        let ma = a.magnitude
        let mb = b.magnitude
        if ma.words.count < threshold || mb.words.count < 2 { return a / b }
        let wa = ma.words.map { UInt64($0) }
        let wb = mb.words.map { UInt64($0) }
        var out = [UInt64](repeating: 0, count: wa.count + 1)
        let n = cgmp_divexact_words(wa, wa.count, wb, wb.count, &out)
        let q = BigInt(BigUInt(words: out.prefix(n).map { UInt($0) }))
        return (a.sign == .minus) != (b.sign == .minus) ? -q : q
    }

    /// The decimal digits of `v` (with a `-` when negative), as `v.description` writes them.
    package static func decimal(_ v: BigInt) -> String {
        let words = v.magnitude.words
        if words.count < 2 * threshold { return v.description }
        let w = words.map { UInt64($0) }
        guard let text = cgmp_decimal_words(w, w.count) else { return v.description }
        defer { free(text) }
        return (v.sign == .minus ? "-" : "") + String(cString: text)
    }

    /// The value of ASCII decimal digits (all `0`-`9`, checked by the caller), through GMP's
    /// subquadratic conversion; nil below a length where BigInt's own loop is as fast.
    package static func decimalValue(_ digits: ArraySlice<UInt8>) -> BigUInt? {
        guard digits.count > 40 * threshold else { return nil }
        var out = [UInt64](repeating: 0, count: digits.count / 19 + 2)
        let n = digits.withUnsafeBufferPointer { d in
            d.withMemoryRebound(to: CChar.self) { c in cgmp_parse_decimal(c.baseAddress, c.count, &out) }
        }
        return BigUInt(words: out.prefix(n).map { UInt($0) })
    }

    /// `sum_i v_i^2`.
    package static func sumOfSquares(_ v: [BigInt]) -> BigInt {
        if v.allSatisfy({ $0.magnitude.words.count < threshold }) { return v.reduce(BigInt(0)) { $0 + $1 * $1 } }
        let result = withAugmented([v]) { _, words, offsets, counts, negative -> IntegerVector? in
            guard let s = cgmp_sum_of_squares(v.count, words, offsets, counts, negative) else { return nil }
            defer { cgmp_solution_free(s) }
            return IntegerVector(integers: [bigInt(s, 0)], denominator: 1)
        }
        return result!.integers[0]
    }

    /// Exact `sum_a weights[a] * rows[a][j]` for every coordinate `j`, as integers times
    /// `2^minExponent` (every double is `m 2^e`; `minExponent` is the smallest `e` among the
    /// nonzero entries, or 0 when there is none), computed in GMP. The unit tests compare it with
    /// sums of exact rationals (subnormals and 2^+-1000 included).
    package static func dyadicCombination(weights: [BigInt], rows: [[Double]], dimension d: Int) -> (
        sums: [BigInt], minExponent: Int
    ) {
        let k = weights.count
        var mantissa = [Int64](repeating: 0, count: max(k * d, 1))
        var exponent = [Int32](repeating: 0, count: max(k * d, 1))
        var minExponent = Int.max
        for a in 0..<k {
            for j in 0..<d where rows[a][j] != 0 {
                let v = rows[a][j]
                let raw = Int(v.exponentBitPattern)
                let m = Int64(raw == 0 ? v.significandBitPattern : v.significandBitPattern | (1 << 52))
                let e = raw == 0 ? -1074 : raw - 1075
                mantissa[a * d + j] = v.sign == .minus ? -m : m
                exponent[a * d + j] = Int32(e)
                minExponent = min(minExponent, e)
            }
        }
        if minExponent == Int.max { return ([BigInt](repeating: 0, count: d), 0) }
        let result = withAugmented([weights]) { _, words, offsets, counts, negative -> IntegerVector? in
            guard
                let s = cgmp_dyadic_combination(
                    k, d, words, offsets, counts, negative, mantissa, exponent, Int32(minExponent))
            else { return nil }
            defer { cgmp_solution_free(s) }
            return IntegerVector(integers: (0..<d).map { bigInt(s, $0) }, denominator: 1)
        }
        return (result!.integers, minExponent)
    }

    /// Reads `x = y / den` out of a C solution (as `y` over a positive `den`) and frees it.
    package static func integerSolution(of s: UnsafeMutablePointer<cgmp_solution>) -> IntegerVector? {
        defer { cgmp_solution_free(s) }
        if s.pointee.singular != 0 { return nil }
        let k = s.pointee.k
        let den = bigInt(s, k)
        let y = (0..<k).map { bigInt(s, $0) }
        return den.signum() > 0
            ? IntegerVector(integers: y, denominator: den) : IntegerVector(integers: y.map { -$0 }, denominator: -den)
    }

    package static func bigInt(_ s: UnsafeMutablePointer<cgmp_solution>, _ i: Int) -> BigInt {
        let n = cgmp_solution_words(s, i)
        var out = [UInt64](repeating: 0, count: max(n, 1))
        let sign = cgmp_solution_export(s, i, &out)
        let magnitude = BigInt(BigUInt(words: out.prefix(n).map { UInt($0) }))
        return sign < 0 ? -magnitude : magnitude
    }

    /// Flattens `m` into the word arrays the C kernels read.
    package static func withAugmented(_ m: [[BigInt]], _ body: (Int, [UInt64], [Int], [Int], [Int32]) -> IntegerVector?)
        -> IntegerVector?
    {
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
        return body(m.count, words, offsets, counts, negative)
    }
}
