import Foundation

/// Reads data sets from the two documented formats (DESIGN.md section 3).
///
/// - JSON: `{"X": [[x11, ..., x1d], ...], "y": [1, -1, ...]}` (other keys are ignored).
/// - CSV: one point per line, features then the label in the last column; an optional header
///   line (any first line that is not all numbers); blank lines are skipped.
///
/// Every failure is an ``OracleError`` whose message names the row and column at fault.
public enum DatasetLoader {
    /// Loads a file; the format is chosen by extension (`.csv` is CSV, anything else JSON).
    public static func load(path: String) throws(OracleError) -> Dataset {
        let url = URL(fileURLWithPath: path)
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw .unreadableInput("Cannot read the data set file '\(path)': \(error.localizedDescription)")
        }
        if url.pathExtension.lowercased() == "csv" {
            guard let text = String(data: data, encoding: .utf8) else {
                throw .unreadableInput("The CSV file '\(path)' is not valid UTF-8 text.")
            }
            return try parseCSV(text)
        }
        return try parseJSON(data)
    }

    /// Parses the JSON format.
    public static func parseJSON(_ data: Data) throws(OracleError) -> Dataset {
        do {
            return try JSONDecoder().decode(Dataset.self, from: data)
        } catch let error as OracleError {
            throw error
        } catch let error as DecodingError {
            throw .invalidDataset(describe(error))
        } catch {
            throw .invalidDataset("The data set is not valid JSON: \(error).")
        }
    }

    /// Parses the CSV format.
    public static func parseCSV(_ text: String) throws(OracleError) -> Dataset {
        var points: [[Double]] = []
        var labels: [Double] = []
        var sawContent = false
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        for (lineIndex, rawLine) in lines.enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty { continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            let numbers = fields.map { Double($0) }
            if !sawContent {
                sawContent = true
                if numbers.allSatisfy({ $0 == nil }) { continue }  // header line
            }
            let lineNumber = lineIndex + 1
            guard fields.count >= 2 else {
                throw .invalidDataset("CSV line \(lineNumber) has \(fields.count) field; each line needs at least one feature and a label.")
            }
            for (j, value) in numbers.enumerated() {
                guard let v = value else {
                    throw .invalidDataset("CSV line \(lineNumber), column \(j + 1): '\(fields[j])' is not a number.")
                }
                guard v.isFinite else {
                    throw .invalidDataset("CSV line \(lineNumber), column \(j + 1): '\(fields[j])' is not finite; values must be finite numbers.")
                }
            }
            let row = numbers.map { $0! }
            if let first = points.first, first.count != row.count - 1 {
                throw .invalidDataset("CSV line \(lineNumber) has \(row.count) columns but the first data line has \(first.count + 1); all lines need the same number of columns.")
            }
            let label = row[row.count - 1]
            guard label == 1 || label == -1 else {
                throw .invalidDataset("CSV line \(lineNumber), last column: label \(fields[row.count - 1]); labels must be +1 or -1.")
            }
            points.append(Array(row.dropLast()))
            labels.append(label)
        }
        return try Dataset(points: points, labels: labels)
    }

    /// Turns a decoding error into a sentence with the JSON path, e.g. `X[3][1]`.
    public static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            var s = ""
            for k in keys {
                if let i = k.intValue { s += "[\(i)]" } else { s += s.isEmpty ? k.stringValue : ".\(k.stringValue)" }
            }
            return s.isEmpty ? "the top level" : s
        }
        switch error {
        case .typeMismatch(let type, let ctx):
            let expected = type == Double.self ? "a finite number" : (type is [Any].Type ? "an array" : "\(type)")
            return "\(path(ctx.codingPath)): expected \(expected). \(ctx.debugDescription)"
        case .valueNotFound(_, let ctx):
            return "\(path(ctx.codingPath)): a value is missing (null is not allowed)."
        case .keyNotFound(let key, let ctx):
            let at = ctx.codingPath.isEmpty ? "" : " in \(path(ctx.codingPath))"
            return "The key \"\(key.stringValue)\" is missing\(at); a data set is {\"X\": [[...], ...], \"y\": [1, -1, ...]}."
        case .dataCorrupted(let ctx):
            let underlying = ctx.underlyingError.map { " (\($0))" } ?? ""
            return "The data set is not valid JSON at \(path(ctx.codingPath)): \(ctx.debugDescription)\(underlying). Numbers must be finite and within the double range."
        @unknown default:
            return "The data set could not be decoded: \(error)."
        }
    }
}
