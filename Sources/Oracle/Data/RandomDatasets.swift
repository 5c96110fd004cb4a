/// Seeded random data sets with known structure, for tests, fixtures and benchmarks.
/// All values are dyadic and produced without libm, so the same seed gives the same bits on
/// every machine.
public enum RandomDatasets {
    /// `n` points uniform in `[-1, 1)^d` (multiples of `2^-bits`), labelled by a random
    /// hyperplane through the origin, keeping only points at l-infinity-normalized distance at least
    /// `margin` from it, so the data are separable with a positive margin.
    public static func planted(n: Int, d: Int, margin: Double = 0.05, bits: Int = 52, seed: UInt64) -> Dataset {
        precondition(n > 0 && d > 0 && margin >= 0 && margin < 0.5)
        var rng = SplitMix64(seed: seed)
        var w = (0..<d).map { _ in rng.symmetric(bits: 20) }
        if w.allSatisfy({ $0 == 0 }) { w[0] = 1 }
        let scale = w.reduce(0) { $0 + abs($1) }
        var x: [[Double]] = []
        var y: [Double] = []
        var attempts = 0
        while x.count < n {
            attempts += 1
            let p = (0..<d).map { _ in rng.symmetric(bits: bits) }
            let s = zip(p, w).reduce(0) { $0 + $1.0 * $1.1 } / scale
            if abs(s) < margin && attempts < 1000 * n { continue }
            if s == 0 { continue }
            x.append(p)
            y.append(s > 0 ? 1 : -1)
        }
        return try! Dataset(points: x, labels: y)
    }

    /// Small integer data (coordinates in `-range...range`), not necessarily separable: the
    /// shrinkable, exact-friendly family of the randomized tests.
    public static func integerGrid(n: Int, d: Int, range: Int = 4, seed: UInt64) -> Dataset {
        var rng = SplitMix64(seed: seed)
        let x = (0..<n).map { _ in (0..<d).map { _ in Double(rng.below(2 * range + 1) - range) } }
        let y = (0..<n).map { _ in rng.below(2) == 0 ? -1.0 : 1.0 }
        return try! Dataset(points: x, labels: y)
    }

    /// XOR-like data in the plane: `n` points uniform in `[-1, 1)^2` (multiples of `2^-52`, none on
    /// an axis) labelled `sign(x1 x2)`. No linear separator through the origin exists; two-layer
    /// networks separate it (the two-layer oracle's benchmark and its large-data tests).
    public static func xor(n: Int, seed: UInt64) throws(OracleError) -> Dataset {
        var rng = SplitMix64(seed: seed)
        var points: [[Double]] = []
        var labels: [Double] = []
        while points.count < n {
            let p = [rng.symmetric(), rng.symmetric()]
            guard p[0] * p[1] != 0 else { continue }
            points.append(p)
            labels.append(p[0] * p[1] > 0 ? 1 : -1)
        }
        return try Dataset(points: points, labels: labels)
    }
}
