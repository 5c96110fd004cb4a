import BigInt

/// A double vector written exactly as `integers * 2^exponent` with one shared exponent, so exact
/// dot products of data rows are big-integer dot products followed by one power of two.
///
/// The exponent is the largest one possible (every entry's trailing zero bits are factored out
/// first), so the integers are as small as the row allows: data on a grid of `2^-52` give
/// integers below `2^53`, which the Gram kernel (``FastIntegerKernels/gram(_:)``) handles in
/// machine words.
struct DyadicRow: Sendable {
    let integers: [BigInt]
    let exponent: Int
    /// The row itself (for the GMP Gram kernel of rows whose integers are not small).
    let values: [Double]
    /// The integers as `Int64` when every one has magnitude below `2^62`, else `nil`.
    let small: [Int64]?

    init(_ values: [Double]) {
        self.values = values
        // value = odd * 2^e for each nonzero entry.
        var odd = [UInt64](repeating: 0, count: values.count)
        var exponents = [Int](repeating: 0, count: values.count)
        var e = Int.max
        for (j, v) in values.enumerated() where v != 0 {
            let raw = Int(v.exponentBitPattern)
            var m = raw == 0 ? v.significandBitPattern : v.significandBitPattern | (1 << 52)
            var x = raw == 0 ? -1074 : raw - 1075
            let tz = m.trailingZeroBitCount
            m >>= UInt64(tz)
            x += tz
            odd[j] = m
            exponents[j] = x
            e = min(e, x)
        }
        if e == Int.max {
            exponent = 0
            integers = [BigInt](repeating: 0, count: values.count)
            small = [Int64](repeating: 0, count: values.count)
            return
        }
        exponent = e
        var fits = true
        var ints: [BigInt] = []
        ints.reserveCapacity(values.count)
        for j in values.indices {
            if odd[j] == 0 {
                ints.append(0)
                continue
            }
            let shift = exponents[j] - e
            if shift + (64 - odd[j].leadingZeroBitCount) > 62 { fits = false }
            let magnitude = BigInt(odd[j]) << shift
            ints.append(values[j] < 0 ? -magnitude : magnitude)
        }
        integers = ints
        small =
            fits
            ? values.indices.map { j in
                guard odd[j] != 0 else { return 0 }
                let m = Int64(odd[j]) << (exponents[j] - e)
                return values[j] < 0 ? -m : m
            } : nil
    }

    /// The Gram matrix `G[a][b] = rows[a].integers . rows[b].integers`: in machine words
    /// (``FastIntegerKernels/gram(_:)``) when every row's integers are small, else in GMP: for each
    /// `b`, the exact dots `K_b . g_a` with every double row `g_a = K_a 2^(e_a)` in one batched
    /// kernel call (``IntegerVector/scaledDots(_:)``), divided exactly by `2^(e_a)`. (Swift BigInt
    /// loops over the coordinates took 29% of a `kkt` at P = 100000: rows of real data mix
    /// exponents, so their integers rarely fit in 62 bits.)
    static func integerGram(_ rows: [DyadicRow]) -> [[BigInt]] {
        let smallRows = rows.compactMap(\.small)
        if smallRows.count == rows.count { return FastIntegerKernels.gram(smallRows) }
        let k = rows.count
        let doubles = rows.map(\.values)
        var g = [[BigInt]](repeating: [BigInt](repeating: 0, count: k), count: k)
        for b in 0..<k {
            // numerators[a] / denominator = K_b . g_a = 2^(e_a) (K_a . K_b).
            let (numerators, denominator) = IntegerVector(integers: rows[b].integers, denominator: 1).scaledDots(
                Array(doubles[b...]))
            for a in b..<k {
                let scaled = numerators[a - b]
                let e = rows[a].exponent
                // K_a . K_b = scaled / (denominator 2^e), an integer.
                let v =
                    e >= 0
                    ? FastIntegerKernels.exactQuotient(scaled, denominator << e)
                    : FastIntegerKernels.exactQuotient(scaled << -e, denominator)
                g[a][b] = v
                g[b][a] = v
            }
        }
        return g
    }
}
