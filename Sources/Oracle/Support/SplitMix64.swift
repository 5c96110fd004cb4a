/// A seeded, portable random number generator (SplitMix64, Steele, Lea and Flood 2014).
///
/// The standard library's generator cannot be seeded, and `Double.random(in:using:)` is not a
/// documented cross-version contract, so everything that must be reproducible (generated data,
/// fixtures, randomized tests) draws from this generator and converts bits itself.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1) with 53 random bits: `k * 2^-53`.
    public mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// Uniform in [-1, 1) on the grid of multiples of `2^-bits` (`bits` in 1...52).
    public mutating func symmetric(bits: Int = 52) -> Double {
        let k = Int64(next() >> UInt64(63 - bits)) - (Int64(1) << Int64(bits))
        return Double(k) * Double(sign: .plus, exponent: -bits, significand: 1)
    }

    /// Uniform integer in `0..<bound` (Lemire's multiply-shift, without the rejection step's bias
    /// mattering for our sizes; deterministic).
    public mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0)
        return Int((UInt128(next()) * UInt128(bound)) >> 64)
    }
}
