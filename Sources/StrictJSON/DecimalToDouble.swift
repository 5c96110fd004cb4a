/// Decimal text to the nearest double (ties to even), in one pass over the bytes and without
/// building a string: the conversion behind every number the JSON and CSV readers accept.
///
/// The decimal is reduced to `w * 10^q` with `w` its first 19 significant digits. Then:
/// - **Clinger's fast path**: `w <= 2^53` and `|q| <= 22` make `w` and `10^|q|` exact doubles, so
///   one correctly rounded multiplication or division is the answer.
/// - **Eisel-Lemire** (Lemire, "Number Parsing at a Gigabyte per Second", 2021; Mushtak and Lemire,
///   "Fast Number Parsing Without Fallback", 2023): `w` times a 128-bit approximation of `5^q`
///   (``PowersOfFive``), rounded with the paper's tie rule.
/// - With more than 19 significant digits the value lies in `[w, w + 1) * 10^q`; when both ends
///   round to the same double that is the answer.
/// - Anything else (the cases the papers leave to a slow path) goes to the standard library's
///   `Double(String)`, which rounds correctly.
///
/// The differential test in `StrictJSONNumberTests` compares the result with `Double(String)` bit
/// for bit on a million generated decimals (shortest forms, 17 to 25 digits, halfway cases,
/// subnormals, the exponent edges).
enum DecimalToDouble {
    /// The double nearest to `bytes[start..<end]`, which must be a JSON number (`-?digits[.digits][e[+-]digits]`,
    /// validated by the caller). Infinite when it overflows; zero (signed) when it underflows.
    static func convert(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Double {
        var i = start
        let negative = bytes[i] == UInt8(ascii: "-")
        if negative { i += 1 }
        var w: UInt64 = 0
        var digits = 0
        var q = 0
        var truncated = false
        var fraction = false
        while i < end {
            let b = bytes[i]
            if b == UInt8(ascii: ".") {
                fraction = true
            } else if b >= 0x30 && b <= 0x39 {
                let d = UInt64(b &- 0x30)
                if digits < 19 {
                    if w != 0 || d != 0 {
                        w = w &* 10 &+ d
                        digits += 1
                    }
                    if fraction { q -= 1 }
                } else {
                    truncated = truncated || d != 0
                    if !fraction { q += 1 }
                }
            } else {
                break
            }
            i += 1
        }
        if i < end {
            // The exponent: e or E, an optional sign, digits (saturated near 10^17: beyond, only the sign
            // matters, as no file holds enough digits to bring `q` back; a lower cap refused 1e7 zeros
            // followed by e-10000000, which is 1).
            i += 1
            var exponentNegative = false
            if bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") {
                exponentNegative = bytes[i] == UInt8(ascii: "-")
                i += 1
            }
            var e = 0
            while i < end {
                if e < 100_000_000_000_000_000 { e = e * 10 + Int(bytes[i] &- 0x30) }
                i += 1
            }
            q += exponentNegative ? -e : e
        }
        let magnitude: Double
        if w == 0 {
            magnitude = 0
        } else if !truncated, w <= 1 << 53, q >= -22, q <= 22 {
            magnitude = q >= 0 ? Double(w) * exactPowersOfTen[q] : Double(w) / exactPowersOfTen[-q]
        } else if let v = eiselLemire(w, q), !truncated || eiselLemire(w + 1, q) == v {
            magnitude = v
        } else {
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
            return Double(text) ?? .nan
        }
        return negative ? -magnitude : magnitude
    }

    /// `10^0 ... 10^22`, each exactly a double.
    private static let exactPowersOfTen: [Double] = (0...22).map { k in
        var p = 1.0
        for _ in 0..<k { p *= 10 }
        return p
    }

    /// The double nearest to `w * 10^q` (`w > 0` exact), or `nil` where the algorithm cannot decide.
    static func eiselLemire(_ w: UInt64, _ q: Int) -> Double? {
        if q < PowersOfFive.smallestExponent { return 0 }
        if q > PowersOfFive.largestExponent { return .infinity }
        let leadingZeros = w.leadingZeroBitCount
        let normalized = w << UInt64(leadingZeros)
        let power = PowersOfFive.table[q - PowersOfFive.smallestExponent]
        // The product's 128 most significant bits, refined by the low word when the high word's
        // last 9 bits (below the 55 needed) are all ones.
        var (hi, lo) = normalized.multipliedFullWidth(by: power.high)
        let mask: UInt64 = 0x1FF
        if hi & mask == mask {
            let second = normalized.multipliedFullWidth(by: power.low).high
            let (sum, overflow) = lo.addingReportingOverflow(second)
            lo = sum
            if overflow { hi &+= 1 }
        }
        if lo == .max, q < -27 || q > 55 { return nil }
        let upperBit = Int(hi >> 63)
        let shift = UInt64(upperBit + 64 - 52 - 3)
        var mantissa = hi >> shift
        // floor(q log2(10)) + 63, exactly for |q| <= 1700.
        var power2 = (((152_170 + 65_536) * q) >> 16) + 63 + upperBit - leadingZeros + 1023
        if power2 <= 0 {
            if -power2 + 1 >= 64 { return 0 }
            mantissa >>= UInt64(-power2 + 1)
            mantissa += mantissa & 1
            mantissa >>= 1
            power2 = mantissa < (1 << 52) ? 0 : 1
            return Double(bitPattern: UInt64(power2) << 52 | mantissa)
        }
        // Exactly halfway between two doubles: round to even rather than up.
        if lo <= 1, q >= -4, q <= 23, mantissa & 3 == 1, mantissa << shift == hi {
            mantissa &= ~1
        }
        mantissa += mantissa & 1
        mantissa >>= 1
        if mantissa >= 2 << 52 {
            mantissa = 1 << 52
            power2 += 1
        }
        mantissa &= ~(1 << 52)
        if power2 >= 0x7FF { return .infinity }
        return Double(bitPattern: UInt64(power2) << 52 | mantissa)
    }
}
