import Oracle

/// The data families of the randomized harness (issue 21): data sets nobody picked by hand.
///
/// Every family starts from ``RandomDatasets/planted(n:d:margin:bits:seed:)`` (points on the grid
/// `k / 256` in `[-1, 1)^d`, labelled by a random hyperplane through the origin, an l-infinity-
/// normalized planted margin of 0.05, 0.1 or 0.2) and changes it exactly (dyadic operations only,
/// no libm), so a seed gives the same bits on every machine and the oracle's arithmetic stays cheap.
public enum DataFamily: String, CaseIterable, Sendable {
    /// The planted data as drawn.
    case planted
    /// Each feature scaled by its own power of two, `2^k` with `k` in `-3...3`: the l1, l2 and
    /// l-infinity optima and the steepest-descent geometries pull apart.
    case anisotropic
    /// About a third of the points are exact copies or doubles (`2 x_n`) of others: tied margins,
    /// repeated support points.
    case duplicated
    /// A zero feature and a copy of feature 0 appended: the l-infinity optimum is not unique (the
    /// zero feature's weight is free) and neither is the l1 optimum (the copied pair can share its
    /// weight in any proportion), so claims about these geometries are about the margin only.
    case degenerate
    /// Sparse planted data (P15 only): labels planted on 1 to 3 features, the other features uniform noise on the same
    /// grid, and no more points than features (n from 4 to d, within the sizes). The l1 optimum concentrates on the
    /// signal features while the l2 optimum also spends weight on noise features that help on a finite sample, so the
    /// l1 and l2 limits pull apart (sparse recovery, where a diagonal net's l1 bias matters: Woodworth et al. 2020
    /// [R]). Not in `allCases`.
    case sparse
    /// D_frag-like sets (P20 only, drawn by ``GeneratedProperty/fragileSet(seed:)``): a symmetric
    /// four-point set in the plane whose two signed points are nearly antipodal, with one point scaled
    /// by 2 or 3. Not in `allCases`: the other properties' draws do not change.
    case fragile

    /// The families drawn from the planted data (`fragile` is drawn by P20 itself).
    public static let allCases: [DataFamily] = [.planted, .anisotropic, .duplicated, .degenerate]
}

/// The sizes a property draws its data from.
public struct SizeRange: Sendable, Equatable {
    public var points: ClosedRange<Int>
    public var dimensions: ClosedRange<Int>

    public init(points: ClosedRange<Int>, dimensions: ClosedRange<Int>) {
        self.points = points
        self.dimensions = dimensions
    }

    /// The range: n from 4 to 200, d from 2 to 20.
    public static let full = SizeRange(points: 4...200, dimensions: 2...20)
}

/// One generated data set and where it came from.
public struct GeneratedCase: Sendable {
    public let seed: UInt64
    public let family: DataFamily
    public let data: Dataset

    /// `family n=.. d=..`, for messages.
    public var summary: String { "\(family.rawValue) n=\(data.count) d=\(data.dimension)" }
}

public enum GeneratedData {
    /// The data set of `seed`: its family (unless given), size and points all follow from the seed.
    public static func draw(seed: UInt64, sizes: SizeRange = .full, family: DataFamily? = nil) -> GeneratedCase {
        var g = SplitMix64(seed: seed ^ 0x9E37_79B9_7F4A_7C15)
        let chosen = family ?? DataFamily.allCases[g.below(DataFamily.allCases.count)]
        let n = sizes.points.lowerBound + g.below(sizes.points.count)
        var d = sizes.dimensions.lowerBound + g.below(sizes.dimensions.count)
        let margin = [0.05, 0.1, 0.2][g.below(3)]
        if chosen == .degenerate { d = max(d - 2, 1) }
        let base = RandomDatasets.planted(n: n, d: d, margin: margin, bits: 8, seed: seed)
        switch chosen {
        case .planted, .fragile:
            return GeneratedCase(seed: seed, family: chosen, data: base)
        case .sparse:
            let k = d < 2 ? d : 1 + g.below(min(3, d - 1))
            let m = min(n, 4 + g.below(max(1, d - 3)))
            let signal = RandomDatasets.planted(n: m, d: k, margin: margin, bits: 8, seed: seed)
            var noise = SplitMix64(seed: seed ^ 0x5BA5_5E00)
            let points = signal.points.map { p in p + (k..<d).map { _ in noise.symmetric(bits: 8) } }
            return GeneratedCase(seed: seed, family: chosen, data: make(points, signal.labels, or: base))
        case .anisotropic:
            let scales = (0..<d).map { _ in Double(sign: .plus, exponent: g.below(7) - 3, significand: 1) }
            let points = base.points.map { p in zip(p, scales).map { $0 * $1 } }
            return GeneratedCase(seed: seed, family: chosen, data: make(points, base.labels, or: base))
        case .duplicated:
            var points = base.points
            var labels = base.labels
            for k in 0..<(n / 3) {
                let j = g.below(n)
                points[k] = g.below(2) == 0 ? base.points[j] : base.points[j].map { 2 * $0 }
                labels[k] = base.labels[j]
            }
            return GeneratedCase(seed: seed, family: chosen, data: make(points, labels, or: base))
        case .degenerate:
            let points = base.points.map { $0 + [0, $0[0]] }
            return GeneratedCase(seed: seed, family: chosen, data: make(points, base.labels, or: base))
        }
    }

    /// The generated points are finite multiples of powers of two and the labels +-1, so `Dataset`
    /// accepts them; the planted set is returned unchanged if it ever did not.
    private static func make(_ points: [[Double]], _ labels: [Double], or base: Dataset) -> Dataset {
        (try? Dataset(points: points, labels: labels)) ?? base
    }
}
