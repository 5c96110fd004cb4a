import Exact

/// Exact weights on a few of the data points, stored sparsely in increasing point order: the dual
/// witnesses of the lexicographic certificates (a stage LP has at most d + 2 basic rows, so a dense
/// vector of N weights per stage would be almost all zeros, and O(N^2) numbers over a run).
///
/// JSON: an array of `{"point": n, "weight": "p/q"}` with increasing `point`. A dense array of one
/// weight per point (the format before sparse duals) is read too.
public struct PointWeights: Sendable, Equatable, Codable {
    /// The points with a nonzero weight, increasing.
    public private(set) var points: [Int]
    /// Their weights (nonzero), aligned with `points`.
    public private(set) var weights: [Rational]
    /// When read from a dense array (one weight per point): its length, which must be the number of
    /// points (``problem(count:)``); `nil` for the sparse form.
    public private(set) var denseCount: Int? = nil

    /// No weight anywhere.
    public init() { self.init(points: [], weights: []) }

    /// Equal weights on equal points (however they were written).
    public static func == (a: PointWeights, b: PointWeights) -> Bool { a.points == b.points && a.weights == b.weights }

    private init(points: [Int], weights: [Rational]) {
        self.points = points
        self.weights = weights
    }

    /// From `(point, weight)` pairs in any order; zero weights are dropped, repeated points add up.
    public init(_ pairs: [(point: Int, weight: Rational)]) {
        var merged: [(point: Int, weight: Rational)] = []
        for pair in pairs.sorted(by: { $0.point < $1.point }) {
            if let last = merged.last, last.point == pair.point {
                merged[merged.count - 1].weight = last.weight + pair.weight
            } else {
                merged.append(pair)
            }
        }
        merged.removeAll { $0.weight.isZero }
        self.init(points: merged.map(\.point), weights: merged.map(\.weight))
    }

    /// From one weight per point (zeros dropped).
    public init(dense: [Rational]) {
        self.init(dense.indices.filter { !dense[$0].isZero }.map { (point: $0, weight: dense[$0]) })
    }

    /// The weight of point `n` (zero when it carries none).
    public subscript(n: Int) -> Rational {
        var low = 0
        var high = points.count
        while low < high {
            let mid = (low + high) / 2
            if points[mid] < n { low = mid + 1 } else { high = mid }
        }
        return low < points.count && points[low] == n ? weights[low] : .zero
    }

    /// `(point, weight)` pairs in increasing point order.
    public var entries: [(point: Int, weight: Rational)] {
        Array(zip(points, weights)).map { (point: $0.0, weight: $0.1) }
    }

    /// One weight per point, `count` of them (zeros where none is stored).
    public func dense(count: Int) -> [Rational] {
        var v = [Rational](repeating: .zero, count: count)
        for (n, w) in zip(points, weights) { v[n] = w }
        return v
    }

    /// Why these weights cannot be a dual witness on `count` points (indices out of range, not
    /// increasing, zero or negative weights), or `nil`. Decoded documents are checked with it.
    public func problem(count: Int) -> String? {
        guard points.count == weights.count else { return "\(points.count) points but \(weights.count) weights" }
        if let m = denseCount, m != count { return "a dense array of \(m) weights for \(count) points" }
        for (k, n) in points.enumerated() {
            if n < 0 || n >= count { return "point \(n) is out of range 0..<\(count)" }
            if k > 0, points[k - 1] >= n { return "points are not strictly increasing at \(n)" }
        }
        if let w = weights.first(where: { $0.signum <= 0 }) { return "weight \(w) is not positive" }
        return nil
    }

    private struct Entry: Codable {
        var point: Int
        var weight: Rational
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let dense = try? container.decode([Rational].self) {
            self.init(dense: dense)
            // `[]` is the sparse form of no weight (a dense array for n >= 1 points is never empty).
            denseCount = dense.isEmpty ? nil : dense.count
        } else {
            // Kept as written (not merged or cleaned), so `problem(count:)` sees what the document says.
            let entries = try container.decode([Entry].self)
            self.init(points: entries.map(\.point), weights: entries.map(\.weight))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(zip(points, weights).map { Entry(point: $0.0, weight: $0.1) })
    }
}
