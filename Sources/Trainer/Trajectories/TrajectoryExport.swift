import Foundation
import Oracle

/// Writes trajectories as JSON lines (one sorted-key object per checkpoint) or CSV (one row per
/// checkpoint, flattened columns with a header). Number formatting is Swift's shortest round-trip.
public enum TrajectoryExport {
    public static func jsonLines(_ trajectory: Trajectory) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try trajectory.checkpoints.map { String(decoding: try encoder.encode($0), as: UTF8.self) }.joined(
            separator: "\n") + "\n"
    }

    public static func csv(_ trajectory: Trajectory) -> String {
        guard let first = trajectory.checkpoints.first else { return "" }
        // Columns that some checkpoints lack (the KKT residual before every margin is positive, the
        // cosine while the predictor is zero) are written for all rows, "nan" where a value is missing.
        let hasCosine = trajectory.checkpoints.contains { $0.cosine != nil }
        let hasKKT = trajectory.checkpoints.contains { $0.kktResidual != nil }
        let norms = Norm.allCases.map(\.rawValue)
        var header = ["step", "log_loss", "min_margin", "parameter_norm"]
        if first.normalizedMargin != nil { header += norms.map { "normalized_margin_\($0)" } + ["smoothed_margin"] }
        if first.predictorMargin != nil { header += norms.map { "predictor_margin_\($0)" } }
        if hasCosine { header += ["cosine", "angle_degrees"] }
        if let r = first.rankOneRatios { header += r.indices.map { "rank_one_ratio_\($0 + 1)" } }
        if let a = first.alignments { header += a.indices.map { "alignment_\($0 + 1)_\($0 + 2)" } }
        if let b = first.blockShares { header += b.indices.map { "block_share_\($0)" } }
        if hasKKT { header += ["kkt_residual"] }
        var lines = [header.joined(separator: ",")]
        for c in trajectory.checkpoints {
            var row = ["\(c.step)", "\(c.logLoss)", "\(c.minMargin)", "\(c.parameterNorm)"]
            if let m = c.normalizedMargin { row += norms.map { "\(m[$0]!)" } + ["\(c.smoothedMargin ?? .nan)"] }
            if let m = c.predictorMargin { row += norms.map { "\(m[$0]!)" } }
            if hasCosine { row += ["\(c.cosine ?? .nan)", "\(c.angleDegrees ?? .nan)"] }
            if let r = c.rankOneRatios { row += r.map { "\($0)" } }
            if let a = c.alignments { row += a.map { "\($0)" } }
            if let b = c.blockShares { row += b.map { "\($0)" } }
            if hasKKT { row += ["\(c.kktResidual ?? .nan)"] }
            lines.append(row.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
