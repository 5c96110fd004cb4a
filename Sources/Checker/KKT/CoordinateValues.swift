import Exact

/// A sparse exact vector over the parameters: `[{"coordinate": i, "value": "p/q"}]` with strictly
/// increasing coordinates; coordinates not listed are 0. The KKT certificates' subgradient weights
/// and dual directions (most of a vertex's entries are 0 or shared, and P can be 10^6).
public struct CoordinateValues: Sendable, Equatable, Codable {
    public private(set) var coordinates: [Int]
    public private(set) var values: [Rational]

    /// No entry.
    public init() {
        coordinates = []
        values = []
    }

    /// From `(coordinate, value)` pairs in increasing coordinate order; zeros are dropped.
    public init(_ pairs: [(coordinate: Int, value: Rational)]) {
        let kept = pairs.filter { !$0.value.isZero }
        coordinates = kept.map(\.coordinate)
        values = kept.map(\.value)
    }

    /// From a dense vector (zeros dropped).
    public init(dense: [Rational]) {
        self.init(dense.indices.map { (coordinate: $0, value: dense[$0]) })
    }

    /// Why this cannot be a vector of length `count` (a coordinate out of range or not strictly
    /// increasing), or `nil`. Zero values are allowed (they say nothing).
    public func problem(count: Int) -> String? {
        for (k, i) in coordinates.enumerated() {
            if i < 0 || i >= count { return "coordinate \(i) is out of range 0..<\(count)" }
            if k > 0, coordinates[k - 1] >= i { return "coordinates are not strictly increasing at \(i)" }
        }
        return nil
    }

    /// The dense vector of length `count` (call ``problem(count:)`` first).
    public func dense(count: Int) -> [Rational] {
        var v = [Rational](repeating: .zero, count: count)
        for (i, x) in zip(coordinates, values) { v[i] = x }
        return v
    }

    private struct Entry: Codable {
        var coordinate: Int
        var value: Rational
    }

    public init(from decoder: Decoder) throws {
        let entries = try decoder.singleValueContainer().decode([Entry].self)
        coordinates = entries.map(\.coordinate)
        values = entries.map(\.value)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(zip(coordinates, values).map { Entry(coordinate: $0.0, value: $0.1) })
    }
}
