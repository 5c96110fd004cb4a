import Exact

/// A labelled binary-classification data set: points `x_n` in R^d with labels `y_n` in {-1, +1}.
///
/// Invariants (checked by ``init(points:labels:)``): at least one point, all points of the same
/// positive dimension, all coordinates finite, every label exactly `+1` or `-1`. The margin
/// problems only see `z_n = y_n x_n` (``signedPoints``).
public struct Dataset: Sendable, Equatable, Codable {
    /// The points, one row each.
    public let points: [[Double]]
    /// The labels, `+1` or `-1`.
    public let labels: [Double]
    /// `z_n = y_n x_n`, computed once (rows with label +1 share storage with ``points``).
    public let signedPoints: [[Double]]

    /// Number of points `N`.
    public var count: Int { points.count }
    /// Dimension `d`.
    public var dimension: Int { points[0].count }

    /// Validates and creates a data set. Throws ``OracleError/invalidDataset(_:)`` naming the row
    /// and column at fault (rows and columns are counted from 0, as in the JSON arrays).
    public init(points: [[Double]], labels: [Double]) throws(OracleError) {
        guard !points.isEmpty else {
            throw .invalidDataset("The data set has no points; at least one point is required.")
        }
        guard labels.count == points.count else {
            throw .invalidDataset(
                "There are \(points.count) points but \(labels.count) labels; every point needs exactly one label.")
        }
        let d = points[0].count
        guard d > 0 else {
            throw .invalidDataset("Point 0 has no coordinates; points need at least one feature.")
        }
        for (i, row) in points.enumerated() {
            guard row.count == d else {
                throw .invalidDataset(
                    "Point \(i) has \(row.count) coordinates but point 0 has \(d); all points must have the same dimension."
                )
            }
            for (j, v) in row.enumerated() where !v.isFinite {
                throw .invalidDataset("Point \(i), coordinate \(j) is \(v); coordinates must be finite numbers.")
            }
        }
        for (i, y) in labels.enumerated() where y != 1 && y != -1 {
            throw .invalidDataset("Point \(i) has label \(y); labels must be +1 or -1.")
        }
        self.points = points
        self.labels = labels
        // Exact: multiplying by -1 only flips the sign bit.
        self.signedPoints = zip(points, labels).map { x, y in y == 1 ? x : x.map { -$0 } }
    }

    /// Creates a data set from signed points `z_n`, all labelled `+1` (the margin problems only see
    /// `z_n = y_n x_n`, so this loses nothing).
    public init(signedPoints z: [[Double]]) throws(OracleError) {
        try self.init(points: z, labels: [Double](repeating: 1, count: z.count))
    }

    private enum CodingKeys: String, CodingKey {
        case points = "X"
        case labels = "y"
    }

    public static func == (a: Dataset, b: Dataset) -> Bool { a.points == b.points && a.labels == b.labels }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let x = try c.decode([[Double]].self, forKey: .points)
        let y = try c.decode([Double].self, forKey: .labels)
        try self.init(points: x, labels: y)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(points, forKey: .points)
        try c.encode(labels.map { Int($0) }, forKey: .labels)
    }
}
