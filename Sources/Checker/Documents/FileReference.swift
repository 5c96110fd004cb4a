import StrictJSON

/// A file a document names instead of embedding its contents: the path as it was given when the
/// document was written, the size and the SHA-256 of the bytes. `verify` re-reads and re-hashes the
/// file and refuses any mismatch, so a referenced document proves exactly what an embedded one does.
public struct FileReference: Codable, Sendable, Equatable {
    /// The path as given on the command line (relative paths are relative to where the command ran).
    public var file: String
    /// The file's size in bytes.
    public var bytes: Int
    /// The SHA-256 of the file's bytes, 64 lowercase hexadecimal digits.
    public var sha256: String

    public init(file: String, bytes: Int, sha256: String) {
        self.file = file
        self.bytes = bytes
        self.sha256 = sha256
    }

    /// The bytes of `path` (a private copy), and the check that they are the ones `reference` names
    /// (when there is one): the size at once, the SHA-256 by ``BackgroundDigest`` (on a second thread
    /// for a large file), so the caller parses meanwhile and asks ``CheckedFile/mismatch()`` before it
    /// trusts what it parsed.
    /// `what` names the file in the sentences (`"data"`, `"labels"`, `"problem"`).
    static func read(_ path: String, matching reference: FileReference?, what: String) -> Result<
        CheckedFile, DocumentInputError
    > {
        let differs = DocumentInputError(
            "'\(path)' is not the \(what) file this document was computed from (its size or SHA-256 differs from the one it names)"
        )
        let file: MappedFile
        // A regular file only (a FIFO would wait for a writer, a device never end), read to at most the
        // size the document names.
        do { file = try MappedFile(path: path, mapping: false, regularOnly: true, limit: reference?.bytes) } catch {
            if error.exceededLimit { return .failure(differs) }
            return .failure(DocumentInputError("cannot read the \(what): \(error)"))
        }
        guard let reference else { return .success(CheckedFile(file: file, mismatch: { nil })) }
        if file.bytes.count != reference.bytes { return .failure(differs) }
        let digest = BackgroundDigest(file)
        return .success(CheckedFile(file: file, mismatch: { digest.hex() == reference.sha256 ? nil : differs }))
    }
}

/// A file read for `verify`, and the pending answer to "is it the file the document names?".
struct CheckedFile {
    let file: MappedFile
    /// Waits for the hash; nil when the file is the one named (or none was named).
    let mismatch: () -> DocumentInputError?
}

/// Why a document's data or problem could not be obtained (a sentence for `verify`'s report).
struct DocumentInputError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

/// The data set a solution document names instead of embedding it (`solve --no-embed-data`, or
/// data of more than ``SolutionDocument/embedLimit`` numbers): the data file, the labels' file for
/// a `.npy` data file, and the shape `[n, d]` read from them.
public struct DataInput: Codable, Sendable, Equatable {
    /// The data file (JSON, CSV, `.npz` or `.npy`).
    public var data: FileReference
    /// With a `.npy` data file: the labels' `.npy` file.
    public var labels: FileReference?
    /// `[n, d]`.
    public var shape: [Int]

    public init(data: FileReference, labels: FileReference?, shape: [Int]) {
        self.data = data
        self.labels = labels
        self.shape = shape
    }
}

/// A ``DataInput`` whose files may still be hashing on another thread (``BackgroundDigest``):
/// ``value()`` waits for the hashes, so a caller can solve while they run.
public struct PendingDataInput {
    let data: () -> FileReference
    let labels: (() -> FileReference)?
    /// `[n, d]`.
    public let shape: [Int]

    /// The input, once the hashes are done.
    public func value() -> DataInput {
        DataInput(data: data(), labels: labels?(), shape: shape)
    }
}
