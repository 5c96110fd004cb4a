import BigInt

extension Rational {
    /// `sqrt(n / m)` correctly rounded (to nearest, ties to even) for integers `n >= 0`, `m > 0` that
    /// need not be in lowest terms: the same double as `Rational(n, m).squareRootDouble`, without the
    /// gcds that putting `n / m` in lowest terms (and every comparison through `Rational`) costs. The
    /// estimate comes from the leading 60 bits of each; it is then corrected by exact comparisons of
    /// `n / m` with the squares of midpoints between adjacent doubles, all in integers (a midpoint is
    /// `K 2^f`, so `n / m > K^2 2^(2f)` is `n 2^(-2f) > K^2 m` or `n > K^2 m 2^(2f)`). Outside the
    /// normal range of its estimate it defers to ``squareRootDouble``.
    public static func squareRootDouble(numerator n: BigInt, denominator m: BigInt) -> Double {
        guard n.signum() > 0, m.signum() > 0 else {
            return m.signum() > 0 && n.isZero ? 0 : Rational(n, m).squareRootDouble
        }
        let sn = max(n.bitWidth - 61, 0)
        let sm = max(m.bitWidth - 61, 0)
        var ratio = Double(n >> sn) / Double(m >> sm)
        var exponent = sn - sm
        if exponent % 2 != 0 {
            ratio *= 2
            exponent -= 1
        }
        var r = Double(sign: .plus, exponent: exponent / 2, significand: ratio.squareRoot())
        guard r.isNormal, r.nextUp.isFinite, r.nextDown.isNormal else { return Rational(n, m).squareRootDouble }
        /// The sign of `n / m - ((a + b) / 2)^2` for positive doubles `a < b`.
        func compareWithMidpoint(_ a: Double, _ b: Double) -> Int {
            let (ma, ea) = Rational.dyadicParts(of: a)
            let (mb, eb) = Rational.dyadicParts(of: b)
            let e = min(ea, eb)
            let k = (ma << (ea - e)) + (mb << (eb - e))  // a + b = k 2^e, the midpoint k 2^(e - 1)
            let f = e - 1
            let right = k * k * m
            let (lhs, rhs) = f >= 0 ? (n, right << (2 * f)) : (n << (-2 * f), right)
            return lhs == rhs ? 0 : (lhs > rhs ? 1 : -1)
        }
        while r.nextUp.isFinite, compareWithMidpoint(r, r.nextUp) > 0 { r = r.nextUp }
        while r.nextDown.isNormal, compareWithMidpoint(r.nextDown, r) < 0 { r = r.nextDown }
        guard r.isNormal, r.nextUp.isFinite, r.nextDown.isNormal else { return Rational(n, m).squareRootDouble }
        if compareWithMidpoint(r, r.nextUp) == 0, r.significandBitPattern & 1 == 1 { r = r.nextUp }
        if compareWithMidpoint(r.nextDown, r) == 0, r.significandBitPattern & 1 == 1 { r = r.nextDown }
        return r
    }
}
