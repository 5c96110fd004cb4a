/// The rank of a matrix of doubles modulo a prime: a lower bound on its rank over the rationals.
///
/// Every double is `m 2^e`, an element of Z[1/2]; reducing modulo an odd prime `p` is a ring map
/// Z[1/2] -> F_p, so it maps every minor to the same minor modulo p. A minor that is nonzero
/// modulo p is nonzero over the rationals, hence `rank mod p <= rank over Q`, with equality unless
/// `p` divides every maximal nonzero minor (then another prime is tried). Exact, no big numbers:
/// entries and products stay below 2^62.
public enum ModularRank {
    /// Primes below 2^31 for the rank test, tried in this order.
    public static let primes: [UInt64] = [2_147_483_647, 2_147_483_629, 2_147_483_587]

    /// The rank of `rows` (all of the same length) over F_p, `p` an odd prime below 2^31.
    public static func rank(_ rows: [[Double]], prime p: UInt64) -> Int {
        precondition(p % 2 == 1 && p < 1 << 31, "ModularRank: p must be an odd prime below 2^31")
        guard let columns = rows.first?.count else { return 0 }
        var m = rows.map { $0.map { residue($0, p) } }
        var rank = 0
        for c in 0..<columns where rank < m.count {
            guard let pivot = (rank..<m.count).first(where: { m[$0][c] != 0 }) else { continue }
            m.swapAt(rank, pivot)
            let inverse = power(m[rank][c], p - 2, p)
            for r in (rank + 1)..<m.count where m[r][c] != 0 {
                let f = m[r][c] * inverse % p
                for j in c..<columns where m[rank][j] != 0 {
                    m[r][j] = (m[r][j] + (p - f) * m[rank][j] % p) % p
                }
            }
            rank += 1
        }
        return rank
    }

    /// `x mod p` for a finite double `x = m 2^e` (negative exponents through the inverse of 2).
    package static func residue(_ x: Double, _ p: UInt64) -> UInt64 {
        precondition(x.isFinite, "ModularRank: entries must be finite")
        if x == 0 { return 0 }
        let raw = Int(x.exponentBitPattern)
        let mantissa = raw == 0 ? x.significandBitPattern : x.significandBitPattern | (1 << 52)
        let e = raw == 0 ? -1074 : raw - 1075
        let scale = e >= 0 ? power(2, UInt64(e), p) : power((p + 1) / 2, UInt64(-e), p)
        let value = mantissa % p * scale % p
        return x.sign == .minus && value != 0 ? p - value : value
    }

    package static func power(_ base: UInt64, _ exponent: UInt64, _ p: UInt64) -> UInt64 {
        var result: UInt64 = 1
        var b = base % p
        var e = exponent
        while e > 0 {
            if e & 1 == 1 { result = result * b % p }
            b = b * b % p
            e >>= 1
        }
        return result
    }
}
