import BigInt

/// An exact rational number `numerator / denominator` over arbitrary-precision integers.
///
/// The representation is canonical: `denominator > 0` and `gcd(numerator, denominator) == 1`,
/// so `==` and hashing compare values. Every finite `Double` converts exactly
/// (see ``init(exactly:)``), which is what makes the oracle's certificates exact statements
/// about the very doubles the user supplied.
///
/// **Mathematical properties**
/// - `+`, `-`, `*`, `/` are exact (no rounding ever happens).
/// - ``doubleValue`` is correctly rounded (round to nearest, ties to even).
/// - Division by zero is a programming error and traps, like integer division.
public struct Rational: Sendable, Hashable, Comparable {
    /// The numerator, carrying the sign.
    public let numerator: BigInt
    /// The denominator, always positive.
    public let denominator: BigInt

    /// Creates `numerator / denominator` in lowest terms. Traps if `denominator == 0`.
    public init(_ numerator: BigInt, _ denominator: BigInt = 1) {
        precondition(!denominator.isZero, "Rational with a zero denominator")
        if numerator.isZero {
            self.numerator = 0
            self.denominator = 1
            return
        }
        var n = numerator
        var d = denominator
        if d.sign == .minus {
            n = -n
            d = -d
        }
        if d == 1 {
            self.numerator = n
            self.denominator = 1
            return
        }
        let g = Rational.gcd(n.magnitude, d.magnitude)
        if g != 1 {
            n = FastIntegerKernels.exactQuotient(n, BigInt(g))
            d = FastIntegerKernels.exactQuotient(d, BigInt(g))
        }
        self.numerator = n
        self.denominator = d
    }

    /// gcd with a fast path for powers of two (the denominators of all double data).
    package static func gcd(_ a: BigUInt, _ b: BigUInt) -> BigUInt {
        let tb = b.trailingZeroBitCount
        if b.bitWidth == tb + 1 {  // b is a power of two
            return BigUInt(1) << min(a.trailingZeroBitCount, tb)
        }
        return FastIntegerKernels.gcd(a, b)
    }

    /// Creates the integer `value`.
    public init(_ value: Int) {
        self.numerator = BigInt(value)
        self.denominator = 1
    }

    /// Internal: trusts that the pair is already canonical.
    package init(canonicalNumerator n: BigInt, denominator d: BigInt) {
        self.numerator = n
        self.denominator = d
    }

    public static let zero = Rational(0)
    public static let one = Rational(1)

    /// `-1`, `0` or `1`.
    public var signum: Int { numerator.isZero ? 0 : (numerator.sign == .minus ? -1 : 1) }
    public var isZero: Bool { numerator.isZero }
    public var isInteger: Bool { denominator == 1 }
    public var magnitude: Rational {
        Rational(canonicalNumerator: numerator.sign == .minus ? -numerator : numerator, denominator: denominator)
    }

    public static func + (a: Rational, b: Rational) -> Rational {
        if a.denominator == b.denominator {
            return Rational(a.numerator + b.numerator, a.denominator)
        }
        return Rational(a.numerator * b.denominator + b.numerator * a.denominator, a.denominator * b.denominator)
    }

    public static func - (a: Rational, b: Rational) -> Rational {
        if a.denominator == b.denominator {
            return Rational(a.numerator - b.numerator, a.denominator)
        }
        return Rational(a.numerator * b.denominator - b.numerator * a.denominator, a.denominator * b.denominator)
    }

    public static prefix func - (a: Rational) -> Rational {
        Rational(canonicalNumerator: -a.numerator, denominator: a.denominator)
    }

    public static func * (a: Rational, b: Rational) -> Rational {
        if a.isZero || b.isZero { return .zero }
        return Rational(a.numerator * b.numerator, a.denominator * b.denominator)
    }

    /// Exact quotient. Traps if `b` is zero.
    public static func / (a: Rational, b: Rational) -> Rational {
        precondition(!b.isZero, "Rational division by zero")
        return Rational(a.numerator * b.denominator, a.denominator * b.numerator)
    }

    public static func += (a: inout Rational, b: Rational) { a = a + b }
    public static func -= (a: inout Rational, b: Rational) { a = a - b }
    public static func *= (a: inout Rational, b: Rational) { a = a * b }

    public static func < (a: Rational, b: Rational) -> Bool {
        if a.denominator == b.denominator { return a.numerator < b.numerator }
        return a.numerator * b.denominator < b.numerator * a.denominator
    }
}

extension Rational: CustomStringConvertible {
    /// `"p/q"`, or `"p"` for integers: the exact-value format of every JSON document.
    public var description: String {
        let p = FastIntegerKernels.decimal(numerator)
        return denominator == 1 ? p : p + "/" + FastIntegerKernels.decimal(denominator)
    }
}

extension Rational {
    /// Parses `"p/q"`, `"p"` (optionally signed decimal integers). Returns `nil` for anything
    /// else, including a zero denominator.
    public init?(parsing text: String) {
        guard let (n, d, _) = Rational.parseParts(text) else { return nil }
        self.init(n, d)
    }

    /// Parses the canonical text of a rational, as ``description`` writes it: `"p/q"` in lowest
    /// terms with `q > 1`, or `"p"`; no `+`, no leading zeros, no `-0`. `nil` for anything else
    /// (one spelling per value). The lowest-terms test reuses the gcd of the normalization.
    public init?(parsingCanonical text: String) {
        guard let (n, d, slash) = Rational.parseParts(text, canonical: true) else { return nil }
        self.init(n, d)
        if slash && (denominator != d || d == 1) { return nil }
    }

    /// The numerator, the denominator (1 without a slash) and whether there was a slash.
    private static func parseParts(_ text: String, canonical: Bool = false) -> (BigInt, BigInt, Bool)? {
        let utf8 = Array(text.utf8)
        guard let slash = utf8.firstIndex(of: UInt8(ascii: "/")) else {
            guard let n = parseInteger(utf8[...], canonical: canonical, signed: true) else { return nil }
            return (n, 1, false)
        }
        guard let n = parseInteger(utf8[..<slash], canonical: canonical, signed: true),
            let d = parseInteger(utf8[(slash + 1)...], canonical: canonical, signed: !canonical), !d.isZero
        else { return nil }
        return (n, d, true)
    }

    /// A decimal integer from ASCII digits, 18 digits per machine-word step.
    private static func parseInteger(_ s: ArraySlice<UInt8>, canonical: Bool, signed: Bool) -> BigInt? {
        var body = s
        var negative = false
        if let first = body.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            guard signed, !(canonical && first == UInt8(ascii: "+")) else { return nil }
            negative = first == UInt8(ascii: "-")
            body = body.dropFirst()
        }
        guard !body.isEmpty, body.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        if canonical, body.count > 1 || negative, body.first == 0x30 { return nil }  // leading zero, -0
        let value = decimal(body)
        let magnitude = BigInt(value)
        return negative ? -magnitude : magnitude
    }

    /// The value of ASCII decimal digits: GMP's subquadratic conversion above 160 digits (a document's
    /// exact weights have thousands); below, 18 digits per machine-word step. Without GMP's answer,
    /// above 720 digits the two halves are joined as `high 10^k + low` (divide and conquer).
    private static func decimal(_ digits: ArraySlice<UInt8>) -> BigUInt {
        if let value = FastIntegerKernels.decimalValue(digits) { return value }
        if digits.count > 720 {
            let k = digits.count / 2
            let split = digits.endIndex - k
            return decimal(digits[..<split]) * BigUInt(10).power(k) + decimal(digits[split...])
        }
        var value = BigUInt(0)
        var index = digits.startIndex
        while index < digits.endIndex {
            let end = min(index + 18, digits.endIndex)
            var chunk: UInt64 = 0
            var scale: UInt64 = 1
            for b in digits[index..<end] {
                chunk = chunk * 10 + UInt64(b - 0x30)
                scale *= 10
            }
            value = value * BigUInt(scale) + BigUInt(chunk)
            index = end
        }
        return value
    }
}
