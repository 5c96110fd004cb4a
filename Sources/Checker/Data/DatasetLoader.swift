import Exact
import Foundation
import StrictJSON

/// Reads data sets from the two documented formats (DESIGN.md section 3).
///
/// - JSON: `{"X": [[x11, ..., x1d], ...], "y": [1, -1, ...]}` (other keys are ignored).
/// - CSV: one point per line, features then the label in the last column; an optional header
///   line (any first line that is not all numbers); blank lines are skipped.
///
/// Every failure is an ``OracleError`` whose message names the row and column at fault.
public enum DatasetLoader {
    /// Loads a file (`-` is standard input); the format is chosen by extension (`.csv` is CSV,
    /// anything else JSON). Every message names the file and the place in it.
    ///
    /// NumPy: a `.npz` archive (`np.savez(path, X=X, y=y)`) holds both arrays; a `.npy` file holds `X`
    /// and `labels` names the `.npy` file of `y` (``NumPyArray`` lists the dtypes read exactly).
    /// `labels` is refused for the other formats, which hold their labels.
    public static func load(path: String, labels: String? = nil) throws(OracleError) -> Dataset {
        let lower = path.lowercased()
        let bytes = try read(path)
        if lower.hasSuffix(".npy") {
            guard let labels else {
                throw .invalidSettings(
                    "'\(path)' is a .npy file, which holds one array: give the labels' .npy file with --labels (or save both with np.savez(path, X=X, y=y))."
                )
            }
            let x = try NumPyArray.parse(bytes, name: "'\(path)'")
            let y = try NumPyArray.parse(try read(labels), name: "'\(labels)'")
            return try dataset(x, "'\(path)'", y, "'\(labels)'")
        }
        if let labels {
            throw .invalidSettings(
                "--labels '\(labels)' is for a .npy data file; '\(path)' holds its own labels.")
        }
        if lower.hasSuffix(".npz") {
            let name = "'\(path)'"
            guard let x = try NumPyArchive.array("X.npy", in: bytes, name: name),
                let y = try NumPyArchive.array("y.npy", in: bytes, name: name)
            else {
                let found = try NumPyArchive.members(bytes, name: name).map { "'\($0)'" }.joined(separator: ", ")
                throw .invalidDataset(
                    "\(name) needs the arrays X and y (np.savez(path, X=X, y=y)); it has \(found.isEmpty ? "no arrays" : found)."
                )
            }
            return try dataset(x, "X in \(name)", y, "y in \(name)")
        }
        if lower.hasSuffix(".csv") {
            return try parseCSV(bytes, source: path)
        }
        return try parseJSON(bytes, source: path)
    }

    private static func read(_ path: String) throws(OracleError) -> [UInt8] {
        do { return try InputFile.bytes(of: path) } catch {
            throw .unreadableInput("Cannot read the data set: \(error)")
        }
    }

    /// The data set of a points array `x` (n x d) and a labels array `y` (n values, each +1 or -1), with
    /// the messages every format gives, prefixed by the array's name.
    static func dataset(_ x: NumPyArray, _ xName: String, _ y: NumPyArray, _ yName: String) throws(OracleError)
        -> Dataset
    {
        guard x.shape.count == 2 else {
            throw .invalidDataset(
                "\(xName) has shape \(NumPyHeader.text(ofShape: x.shape)); the points must be a 2-D array (n points x d features)."
            )
        }
        let (n, d) = (x.shape[0], x.shape[1])
        guard y.shape == [n] || y.shape == [n, 1] else {
            throw .invalidDataset(
                "\(yName) has shape \(NumPyHeader.text(ofShape: y.shape)); the labels must be a 1-D array of \(n) values, one per point of \(xName)."
            )
        }
        let points = (0..<n).map { i in Array(x.values[(i * d)..<((i + 1) * d)]) }
        // The data set's own checks (finite coordinates, labels +1 / -1), with its messages.
        do { return try Dataset(points: points, labels: y.values) } catch {
            throw .invalidDataset("\(xName) with labels \(yName): \(error)")
        }
    }

    /// Parses the JSON format with the project's one strict reader (``StrictJSON``).
    public static func parseJSON(_ data: Data) throws(OracleError) -> Dataset {
        try parseJSON([UInt8](data), source: nil)
    }

    /// Parses the JSON format; `source` names the file in messages.
    public static func parseJSON(_ bytes: [UInt8], source: String?) throws(OracleError) -> Dataset {
        let name = source.map { "The data set '\($0)'" } ?? "The data set"
        do {
            return try StrictDecoder.decode(Dataset.self, from: bytes, rejectUnknownKeys: false)
        } catch {
            throw .invalidDataset("\(name) is invalid: \(error)")
        }
    }

    /// Parses the CSV format.
    public static func parseCSV(_ text: String) throws(OracleError) -> Dataset {
        try parseCSV(Array(text.utf8), source: nil)
    }

    /// Parses the CSV format: numbers follow the JSON number rules (decimal, finite, nonzero
    /// values that do not round to zero), fields are separated by commas and may be padded by
    /// spaces or tabs.
    public static func parseCSV(_ bytes: [UInt8], source: String?) throws(OracleError) -> Dataset {
        let name = source.map { "CSV file '\($0)', " } ?? "CSV "
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw .invalidDataset("\(name)is not valid UTF-8 text.")
        }
        var points: [[Double]] = []
        var labels: [Double] = []
        var sawContent = false
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        for (lineIndex, rawLine) in lines.enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty { continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            let numbers = fields.map { StrictJSON.number(Substring($0)) }
            if !sawContent {
                sawContent = true
                if numbers.allSatisfy({ if case .failure(.notANumber) = $0 { return true } else { return false } }) {
                    continue
                }  // header line
            }
            let lineNumber = lineIndex + 1
            guard fields.count >= 2 else {
                throw .invalidDataset(
                    "\(name)line \(lineNumber) has \(fields.count) field; each line needs at least one feature and a label."
                )
            }
            var row: [Double] = []
            row.reserveCapacity(fields.count)
            for (j, value) in numbers.enumerated() {
                switch value {
                case .success(let v): row.append(v)
                case .failure(let why):
                    throw .invalidDataset(
                        "\(name)line \(lineNumber), column \(j + 1): '\(fields[j].prefix(40))' \(why).")
                }
            }
            if let first = points.first, first.count != row.count - 1 {
                throw .invalidDataset(
                    "\(name)line \(lineNumber) has \(row.count) columns but the first data line has \(first.count + 1); all lines need the same number of columns."
                )
            }
            let label = row[row.count - 1]
            guard label == 1 || label == -1 else {
                throw .invalidDataset(
                    "\(name)line \(lineNumber), column \(row.count): label \(fields[row.count - 1]); labels must be +1 or -1."
                )
            }
            points.append(Array(row.dropLast()))
            labels.append(label)
        }
        return try Dataset(points: points, labels: labels)
    }
}
