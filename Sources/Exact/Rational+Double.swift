import BigInt

extension Rational {
    /// The exact value of a finite double (every double is a dyadic rational `m * 2^e`).
    /// Returns `nil` for NaN and infinities.
    public init?(exactly value: Double) {
        guard value.isFinite else { return nil }
        if value == 0 {
            self = .zero
            return
        }
        let (m, e) = Rational.dyadicParts(of: value)
        if e >= 0 {
            self.init(canonicalNumerator: m << e, denominator: 1)
        } else {
            let tz = min(Int(m.magnitude.trailingZeroBitCount), -e)
            self.init(canonicalNumerator: m >> tz, denominator: BigInt(1) << (-e - tz))
        }
    }

    /// `value == m * 2^e` exactly, with `m` an integer of at most 53 bits. `value` must be finite.
    package static func dyadicParts(of value: Double) -> (mantissa: BigInt, exponent: Int) {
        let bits = value.significandBitPattern
        let rawExponent = Int(value.exponentBitPattern)
        var m: UInt64
        var e: Int
        if rawExponent == 0 {  // subnormal or zero
            m = bits
            e = -1074
        } else {
            m = bits | (1 << 52)
            e = rawExponent - 1075
        }
        let signed = value.sign == .minus ? -BigInt(m) : BigInt(m)
        return (signed, e)
    }

    /// The double nearest to this rational (ties to even); `±infinity` beyond the largest finite double.
    public var doubleValue: Double {
        if numerator.isZero { return 0 }
        let negative = numerator.sign == .minus
        let a = numerator.magnitude
        let b = denominator.magnitude
        // Scale so that the integer quotient has 55..56 significant bits.
        let shift = 55 - (a.bitWidth - b.bitWidth)
        let (q, r): (BigUInt, BigUInt)
        if shift >= 0 {
            (q, r) = (a << shift).quotientAndRemainder(dividingBy: b)
        } else {
            (q, r) = a.quotientAndRemainder(dividingBy: b << (-shift))
        }
        let k = q.bitWidth
        // value = (q + r/b') * 2^-shift with q in [2^(k-1), 2^k).
        let drop = max(k - 53, shift - 1074)
        var m: BigUInt
        if drop >= k + 1 {
            m = 0  // far below half of the smallest subnormal
        } else {
            m = q >> drop
            let rem = q - (m << drop)
            let half = BigUInt(1) << (drop - 1)
            if rem > half || (rem == half && (!r.isZero || m.words.first.map({ $0 & 1 == 1 }) ?? false)) {
                m += 1
            }
        }
        let exponent = drop - shift
        if m.isZero { return negative ? -0.0 : 0.0 }
        let significand = Double(UInt64(m))
        // Above the finite range.
        if exponent + m.bitWidth - 1 > 1023 { return negative ? -.infinity : .infinity }
        let magnitude = Double(sign: .plus, exponent: exponent, significand: significand)
        return negative ? -magnitude : magnitude
    }
}

extension Rational {
    /// The correctly rounded double of `sqrt(self)` for `self >= 0` (ties to even).
    public var squareRootDouble: Double {
        precondition(signum >= 0, "square root of a negative rational")
        if isZero { return 0 }
        // Start from sqrt(x 4^k) 2^-k with x 4^k of order 1, so neither underflow (x = 2^-2000
        // rounds to 0) nor overflow spoils the estimate; the loops below then move a few ulps.
        let k = (denominator.magnitude.bitWidth - numerator.magnitude.bitWidth) / 2
        let scaled = k >= 0 ? Rational(numerator << (2 * k), denominator) : Rational(numerator, denominator << (-2 * k))
        var r = Double(sign: .plus, exponent: -k, significand: scaled.doubleValue.squareRoot())
        if r == 0 { r = .leastNonzeroMagnitude }
        if !r.isFinite { r = .greatestFiniteMagnitude }
        func midpointSquared(_ a: Double, _ b: Double) -> Rational {
            let m = Rational(exactly: a)! + Rational(exactly: b)!
            return m * m / Rational(4)
        }
        while r.nextUp.isFinite, self > midpointSquared(r, r.nextUp) { r = r.nextUp }
        while r > 0, self < midpointSquared(r.nextDown, r) { r = r.nextDown }
        // Ties: x exactly on a midpoint goes to the even significand.
        if r.nextUp.isFinite, self == midpointSquared(r, r.nextUp), r.significandBitPattern & 1 == 1 { r = r.nextUp }
        // Above the largest double: round to nearest overflows to infinity at the midpoint
        // between it and 2^1024 (ties to even: 2^1024's significand is even).
        if r == .greatestFiniteMagnitude {
            let m = Rational(exactly: r)! + Rational(BigInt(1) << 1024)
            if self * Rational(4) >= m * m { return .infinity }
        }
        if r > 0, self == midpointSquared(r.nextDown, r), r.significandBitPattern & 1 == 1 { r = r.nextDown }
        return r
    }
}
