import Foundation
import Testing

/// `train --format csv` and `--format jsonl` are two writers of one trajectory: with the same seed every
/// CSV cell must be the JSON line's value of that column (README, `train`'s output), for a deep linear
/// net with a reference direction and the KKT residual, so that every optional column is present.
@Suite struct TrajectoryFormatTests {
    typealias CLI = CLITests

    /// The JSON value a CSV column names: `normalized_margin_l1` is `normalized_margin.l1`,
    /// `rank_one_ratio_2` is `rank_one_ratios[1]`, `alignment_1_2` is `alignments[0]`, `block_share_0`
    /// is `block_shares[0]`; other columns are keys.
    static func value(_ column: String, in line: [String: Any]) -> Any? {
        for prefix in ["normalized_margin", "predictor_margin"] where column.hasPrefix(prefix + "_") {
            return (line[prefix] as? [String: Any])?[String(column.dropFirst(prefix.count + 1))]
        }
        let indexed: [(String, String)] = [
            ("rank_one_ratio_", "rank_one_ratios"), ("alignment_", "alignments"), ("block_share_", "block_shares"),
        ]
        for (prefix, key) in indexed where column.hasPrefix(prefix) {
            let rest = column.dropFirst(prefix.count).split(separator: "_")
            guard let k = rest.first.flatMap({ Int($0) }), let array = line[key] as? [Any] else { return nil }
            let index = key == "block_shares" ? k : k - 1
            return array.indices.contains(index) ? array[index] : nil
        }
        return line[column]
    }

    static func number(_ v: Any?) -> Double? {
        if let d = v as? Double { return d }
        if let n = v as? NSNumber { return n.doubleValue }
        if let s = v as? String { return Double(s) }
        return nil
    }

    @Test("every CSV cell is the JSON line's value of its column (deep linear net, reference direction, --kkt)")
    func csvAgreesWithJSONLines() throws {
        let data = try CLI.temporaryFile("d3.json", CLI.d3)
        let common = [
            "train", data, "--model", "deep-linear", "--widths", "3", "--steps", "20", "--kkt", "--seed", "4",
        ]
        let json = try CLI.run(common)
        let csv = try CLI.run(common + ["--format", "csv"])
        #expect(json.status == 0 && csv.status == 0, "\(json.stderr) \(csv.stderr)")
        let lines = json.stdout.split(separator: "\n").dropLast().map { String($0) }  // the last is the summary
        let rows = csv.stdout.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let header = try #require(rows.first).map(String.init)
        for column in ["cosine", "angle_degrees", "rank_one_ratio_2", "alignment_1_2", "block_share_1", "kkt_residual"]
        {
            #expect(header.contains(column), "missing column \(column): \(header)")
        }
        #expect(rows.count - 1 == lines.count, "\(rows.count - 1) rows, \(lines.count) JSON lines")
        var compared = 0
        for (row, line) in zip(rows.dropFirst(), lines) {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(row.count == header.count)
            for (column, cell) in zip(header, row) {
                // A value a checkpoint lacks (the KKT residual while a margin is negative) is absent from its
                // JSON line and "nan" in its CSV row.
                let raw = Self.value(column, in: object)
                let expected = raw == nil ? Double.nan : Self.number(raw)
                let got = Double(cell)
                // Foundation's JSONSerialization may read a double a few ulps off: compare to 1e-14.
                let same =
                    expected.map { e in got.map { g in g == e || (e.isNaN && g.isNaN) || abs(g - e) <= 1e-14 * abs(e) }
                    }
                #expect(
                    same == true, "\(column): CSV \(cell), JSON \(String(describing: Self.value(column, in: object)))")
                compared += 1
            }
        }
        #expect(compared >= 6 * 19)  // checkpoints 0, 1, 2, 5, 10, 20; 19 columns
    }
}
