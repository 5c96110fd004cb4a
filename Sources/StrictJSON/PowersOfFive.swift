/// The 128-bit approximations of the powers of five that the Eisel-Lemire conversion multiplies by
/// (``DecimalToDouble``): for `q` in `-342...308`, the 128 most significant bits of `5^q`, normalized
/// so that the top bit is set. Negative powers are `floor(2^b / 5^-q) + 1` truncated to 128 bits,
/// with `b = z + 127` for `q >= -27` and `b = 2z + 128` below (`z` the bit length of `5^-q`), the
/// table the algorithm's proof is about (Lemire, "Number Parsing at a Gigabyte per Second", 2021,
/// section 5). They are computed once, exactly, with a few lines of multi-word arithmetic rather
/// than kept as a 1302-number literal; the differential test against `Double(String)` checks them.
enum PowersOfFive {
    static let smallestExponent = -342
    static let largestExponent = 308

    /// `table[q + 342]` is `(high, low)`.
    static let table: [(high: UInt64, low: UInt64)] = {
        var entries: [(high: UInt64, low: UInt64)] = []
        entries.reserveCapacity(largestExponent - smallestExponent + 1)
        for q in smallestExponent..<0 {
            let k = -q
            let z = Limbs.power(of: 5, k).bitLength
            var c = Limbs.power(of: 2, q >= -27 ? z + 127 : 2 * z + 128)
            for _ in 0..<k { c.divide(by: 5) }
            c.addOne()
            entries.append(c.top128())
        }
        var p = Limbs.power(of: 5, 0)
        for _ in 0...largestExponent {
            entries.append(p.top128())
            p.multiply(by: 5)
        }
        return entries
    }()

    /// A nonnegative integer as little-endian 32-bit limbs, with the few operations the table needs.
    struct Limbs {
        var words: [UInt32]

        static func power(of base: UInt32, _ exponent: Int) -> Limbs {
            var x = Limbs(words: [1])
            if base == 2 {
                x.words = [UInt32](repeating: 0, count: exponent / 32 + 1)
                x.words[exponent / 32] = 1 << UInt32(exponent % 32)
                return x
            }
            for _ in 0..<exponent { x.multiply(by: base) }
            return x
        }

        var bitLength: Int {
            guard let top = words.lastIndex(where: { $0 != 0 }) else { return 0 }
            return top * 32 + (32 - words[top].leadingZeroBitCount)
        }

        mutating func multiply(by m: UInt32) {
            var carry: UInt64 = 0
            for i in words.indices {
                let v = UInt64(words[i]) * UInt64(m) + carry
                words[i] = UInt32(truncatingIfNeeded: v)
                carry = v >> 32
            }
            if carry != 0 { words.append(UInt32(carry)) }
        }

        mutating func divide(by m: UInt32) {
            var remainder: UInt64 = 0
            for i in words.indices.reversed() {
                let v = (remainder << 32) | UInt64(words[i])
                words[i] = UInt32(v / UInt64(m))
                remainder = v % UInt64(m)
            }
        }

        mutating func addOne() {
            for i in words.indices {
                words[i] &+= 1
                if words[i] != 0 { return }
            }
            words.append(1)
        }

        /// Bit `i` (0 is the least significant).
        func bit(_ i: Int) -> UInt64 {
            guard i >= 0, i / 32 < words.count else { return 0 }
            return UInt64((words[i / 32] >> UInt32(i % 32)) & 1)
        }

        /// The 128 most significant bits, the top one set: shifted left when shorter, truncated when longer.
        func top128() -> (high: UInt64, low: UInt64) {
            let lowest = bitLength - 128
            var high: UInt64 = 0
            var low: UInt64 = 0
            for j in 0..<64 {
                high |= bit(lowest + 64 + j) << UInt64(j)
                low |= bit(lowest + j) << UInt64(j)
            }
            return (high, low)
        }
    }
}
