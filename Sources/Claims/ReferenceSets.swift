import Oracle

/// The reference data sets of SPEC.md section 8.
public enum ReferenceSets {
    public static let d3 = try! Dataset(signedPoints: [[2, 2, -1], [0, 3, 2], [-2, 3, 3], [1, 2, 1]])
    /// D3 and its negatives, labels +-1 (8 points).
    public static let d3sym = try! Dataset(
        points: d3.points + d3.points.map { $0.map { -$0 } },
        labels: [Double](repeating: 1, count: 4) + [Double](repeating: -1, count: 4))
    public static let zLex = try! Dataset(signedPoints: [[1, 1, 0], [1, 1, 1], [2, 0, 0]])
    public static let b = try! Dataset(points: [[2, 3], [-2, -2], [-2, -3], [2, 2]], labels: [1, 1, -1, -1])
    public static let dFrag = try! Dataset(points: [[4, 6], [-2, -2], [-2, -3], [2, 2]], labels: [1, 1, -1, -1])
}
