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
        let file = try map(path)
        let labelFile = try labels.map { l throws(OracleError) in try map(l) }
        return try parse(file.bytes, path: path, labels: labelFile.map { (labels ?? "", $0.bytes) })
    }

    /// ``load(path:labels:)``, and the files the data came from with their sizes and SHA-256, for
    /// documents that name their data instead of embedding it. The files are hashed only when
    /// `reference` says so for the data read (`nil` then, and when either file is standard input).
    ///
    /// Regular files are mapped, not copied (``MappedFile``), and a large one is hashed on a second
    /// thread while it is parsed; the returned ``PendingDataInput`` waits for the hashes only when
    /// asked for its value, so a caller can solve meanwhile.
    public static func loadReferenced(
        path: String, labels: String? = nil, reference: (Dataset) -> Bool = { _ in true }
    ) throws(OracleError) -> (dataset: Dataset, input: PendingDataInput?) {
        let file = try map(path)
        let labelFile = try labels.map { l throws(OracleError) in try map(l) }
        let referable = path != "-" && labels != "-"
        let digests = referable ? [file] + (labelFile.map { [$0] } ?? []) : []
        let hashing = digests.map(BackgroundDigest.init)
        let dataset: Dataset
        do {
            dataset = try parse(file.bytes, path: path, labels: labelFile.map { (labels ?? "", $0.bytes) })
        } catch {
            for h in hashing { h.cancel() }
            throw error
        }
        // The values are in `dataset` now; a hash still running reads its pages again from the file.
        file.release()
        labelFile?.release()
        guard referable, reference(dataset) else {
            for h in hashing { h.cancel() }
            return (dataset, nil)
        }
        func named(_ k: Int, _ name: String) -> () -> FileReference {
            let (size, digest) = (digests[k].bytes.count, hashing[k])
            return { FileReference(file: name, bytes: size, sha256: digest.hex()) }
        }
        let input = PendingDataInput(
            data: named(0, path), labels: labels.map { named(1, $0) },
            shape: [dataset.count, dataset.dimension])
        return (dataset, input)
    }

    /// The data set in `bytes`, read from `path` (which names the file in messages and chooses the
    /// format by its extension); `labels` is the labels' `.npy` file (its name and bytes) for a `.npy`
    /// data file.
    public static func parse(_ bytes: [UInt8], path: String, labels: (String, [UInt8])?) throws(OracleError)
        -> Dataset
    {
        try bytes.withUnsafeBufferPointer { (b) throws(OracleError) in
            guard let (name, labelBytes) = labels else { return try parse(b, path: path, labels: nil) }
            return try labelBytes.withUnsafeBufferPointer { (l) throws(OracleError) in
                try parse(b, path: path, labels: (name, l))
            }
        }
    }

    /// ``parse(_:path:labels:)`` on bytes read in place (a mapped file's).
    public static func parse(
        _ bytes: UnsafeBufferPointer<UInt8>, path: String, labels: (String, UnsafeBufferPointer<UInt8>)?
    ) throws(OracleError) -> Dataset {
        let lower = path.lowercased()
        if lower.hasSuffix(".npy") {
            guard let (labels, labelBytes) = labels else {
                throw .invalidSettings(
                    "'\(path)' is a .npy file, which holds one array: give the labels' .npy file with --labels (or save both with np.savez(path, X=X, y=y))."
                )
            }
            let x = try NumPyLayout(bytes, name: "'\(path)'")
            let y = try NumPyLayout(labelBytes, name: "'\(labels)'")
            return try dataset(x, "'\(path)'", y, "'\(labels)'")
        }
        if let (labels, _) = labels {
            throw .invalidSettings(
                "--labels '\(labels)' is for a .npy data file; '\(path)' holds its own labels.")
        }
        if lower.hasSuffix(".npz") {
            let name = "'\(path)'"
            guard let xBytes = try NumPyArchive.member("X.npy", in: bytes, name: name),
                let yBytes = try NumPyArchive.member("y.npy", in: bytes, name: name)
            else {
                let found = try NumPyArchive.members(bytes, name: name).map { "'\($0)'" }.joined(separator: ", ")
                throw .invalidDataset(
                    "\(name) needs the arrays X and y (np.savez(path, X=X, y=y)); it has \(found.isEmpty ? "no arrays" : found)."
                )
            }
            let x = try NumPyLayout(xBytes, name: "'X.npy' in \(name)")
            let y = try NumPyLayout(yBytes, name: "'y.npy' in \(name)")
            return try dataset(x, "X in \(name)", y, "y in \(name)")
        }
        if lower.hasSuffix(".csv") {
            return try parseCSV(bytes, source: path)
        }
        return try parseJSON(bytes, source: path)
    }

    private static func map(_ path: String) throws(OracleError) -> MappedFile {
        do { return try MappedFile(path: path) } catch {
            throw .unreadableInput("Cannot read the data set: \(error)")
        }
    }

    /// The data set of a points array `x` (n x d) and a labels array `y` (n values, each +1 or -1), with
    /// the messages every format gives, prefixed by the array's name.
    static func dataset(_ x: NumPyArray, _ xName: String, _ y: NumPyArray, _ yName: String) throws(OracleError)
        -> Dataset
    {
        try dataset(
            x.shape, xName, y.shape, yName,
            rows: { (n, d) in (0..<n).map { i in Array(x.values[(i * d)..<((i + 1) * d)]) } }, labels: { y.values })
    }

    /// ``dataset(_:_:_:_:)`` of arrays still in their file: the shapes are checked before any value is
    /// converted, and the points go straight into their rows.
    static func dataset(_ x: NumPyLayout, _ xName: String, _ y: NumPyLayout, _ yName: String) throws(OracleError)
        -> Dataset
    {
        try dataset(x.shape, xName, y.shape, yName, rows: { _ throws(OracleError) in try x.rows() }, labels: y.values)
    }

    private static func dataset(
        _ xShape: [Int], _ xName: String, _ yShape: [Int], _ yName: String,
        rows: ((Int, Int)) throws(OracleError) -> [[Double]], labels: () throws(OracleError) -> [Double]
    ) throws(OracleError) -> Dataset {
        guard xShape.count == 2 else {
            throw .invalidDataset(
                "\(xName) has shape \(NumPyHeader.text(ofShape: xShape)); the points must be a 2-D array (n points x d features)."
            )
        }
        let n = xShape[0]
        guard yShape == [n] || yShape == [n, 1] else {
            throw .invalidDataset(
                "\(yName) has shape \(NumPyHeader.text(ofShape: yShape)); the labels must be a 1-D array of \(n) values, one per point of \(xName)."
            )
        }
        // Before any row is built: n empty rows of a (n, 0) array cost memory for nothing (5e7 of them took
        // 851 MB before the data set's own check refused them).
        guard n > 0, xShape[1] > 0 else {
            throw .invalidDataset(
                "\(xName) has shape \(NumPyHeader.text(ofShape: xShape)); at least one point with at least one feature is required."
            )
        }
        let (points, values) = (try rows((n, xShape[1])), try labels())
        // The data set's own checks (finite coordinates, labels +1 / -1), with its messages.
        do { return try Dataset(points: points, labels: values) } catch {
            throw .invalidDataset("\(xName) with labels \(yName): \(error)")
        }
    }

    /// Parses the JSON format with the project's one strict reader (``StrictJSON``).
    public static func parseJSON(_ data: Data) throws(OracleError) -> Dataset {
        try parseJSON([UInt8](data), source: nil)
    }

    /// Parses the JSON format; `source` names the file in messages.
    public static func parseJSON(_ bytes: [UInt8], source: String?) throws(OracleError) -> Dataset {
        try bytes.withUnsafeBufferPointer { (b) throws(OracleError) in try parseJSON(b, source: source) }
    }

    /// ``parseJSON(_:source:)`` on bytes read in place; only a document the one-pass reader refuses
    /// is copied, for the tree reader's located message.
    static func parseJSON(_ bytes: UnsafeBufferPointer<UInt8>, source: String?) throws(OracleError) -> Dataset {
        let name = source.map { "The data set '\($0)'" } ?? "The data set"
        // The usual document in one pass; anything else (or anything wrong) through the tree, whose
        // reader gives the located message.
        if let a = StrictJSON.dataSetArrays(bytes),
            let d = try? Dataset(
                points: (0..<a.rows).map { i in Array(a.x[(i * a.columns)..<((i + 1) * a.columns)]) }, labels: a.y)
        {
            return d
        }
        do {
            return try StrictDecoder.decode(Dataset.self, from: Array(bytes), rejectUnknownKeys: false)
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
    /// spaces or tabs; lines end with `\n` or `\r\n`. One pass over the bytes, no strings built
    /// except for messages.
    public static func parseCSV(_ bytes: [UInt8], source: String?) throws(OracleError) -> Dataset {
        try bytes.withUnsafeBufferPointer { (b) throws(OracleError) in try parseCSV(b, source: source) }
    }

    /// ``parseCSV(_:source:)`` on bytes read in place.
    static func parseCSV(_ bytes: UnsafeBufferPointer<UInt8>, source: String?) throws(OracleError) -> Dataset {
        let name = source.map { "CSV file '\($0)', " } ?? "CSV "
        // ASCII is UTF-8; anything else is validated once (a header may hold any text).
        if bytes.contains(where: { $0 >= 0x80 }), String(validating: bytes, as: UTF8.self) == nil {
            throw .invalidDataset("\(name)is not valid UTF-8 text.")
        }
        let (values, labels, width) = try CSVScanner(bytes: bytes, name: name).scan()
        let points = (0..<labels.count).map { i in Array(values[(i * width)..<((i + 1) * width)]) }
        return try Dataset(points: points, labels: labels)
    }
}

/// The CSV reader's pass over the bytes: lines, fields, numbers, and the located messages.
private struct CSVScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    let name: String

    static func isBlank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0B || b == 0x0C }

    func text(_ start: Int, _ end: Int, limit: Int = 40) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<min(end, start + limit)]), as: UTF8.self)
    }

    /// The points' coordinates row by row, the labels, and the number of features.
    func scan() throws(OracleError) -> (values: [Double], labels: [Double], width: Int) {
        var values: [Double] = []
        var labels: [Double] = []
        var width = -1
        var sawContent = false
        var fields: [(start: Int, end: Int)] = []
        var row: [Double] = []
        var lineNumber = 0
        var i = 0
        while i < bytes.count {
            lineNumber += 1
            var end = i
            while end < bytes.count, bytes[end] != 0x0A { end += 1 }
            let next = end + 1
            var start = i
            while start < end, Self.isBlank(bytes[start]) { start += 1 }
            while end > start, Self.isBlank(bytes[end - 1]) { end -= 1 }
            i = next
            if start == end { continue }
            fields.removeAll(keepingCapacity: true)
            var fieldStart = start
            for k in start...end where k == end || bytes[k] == UInt8(ascii: ",") {
                var a = fieldStart
                var z = k
                while a < z, bytes[a] == 0x20 || bytes[a] == 0x09 { a += 1 }
                while z > a, bytes[z - 1] == 0x20 || bytes[z - 1] == 0x09 { z -= 1 }
                fields.append((a, z))
                fieldStart = k + 1
            }
            if !sawContent {
                sawContent = true
                let header = fields.allSatisfy { f in
                    if case .failure(.notANumber) = StrictJSON.number(bytes, from: f.start, to: f.end) { return true }
                    return false
                }
                if header { continue }
            }
            guard fields.count >= 2 else {
                throw .invalidDataset(
                    "\(name)line \(lineNumber) has \(fields.count) field; each line needs at least one feature and a label."
                )
            }
            row.removeAll(keepingCapacity: true)
            for (j, f) in fields.enumerated() {
                switch StrictJSON.number(bytes, from: f.start, to: f.end) {
                case .success(let v): row.append(v)
                case .failure(let why):
                    throw .invalidDataset(
                        "\(name)line \(lineNumber), column \(j + 1): '\(text(f.start, f.end))' \(why).")
                }
            }
            if width >= 0, width != row.count - 1 {
                throw .invalidDataset(
                    "\(name)line \(lineNumber) has \(row.count) columns but the first data line has \(width + 1); all lines need the same number of columns."
                )
            }
            width = row.count - 1
            let label = row[row.count - 1]
            guard label == 1 || label == -1 else {
                let f = fields[row.count - 1]
                throw .invalidDataset(
                    "\(name)line \(lineNumber), column \(row.count): label \(text(f.start, f.end, limit: 1000)); labels must be +1 or -1."
                )
            }
            values.append(contentsOf: row.dropLast())
            labels.append(label)
        }
        return (values, labels, max(width, 0))
    }
}
