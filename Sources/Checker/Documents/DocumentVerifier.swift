import Exact
import Foundation
import StrictJSON

/// Any document MarginOracle writes, chosen by its `schema` key.
public enum AnyDocument: Decodable, Sendable {
    case solution(SolutionDocument)
    case twoLayer(TwoLayerDocument)
    case fixture(FixtureOracleDocument)
    case kkt(KKTDocument)

    private enum Keys: String, CodingKey { case schema }

    public init(from decoder: any Decoder) throws {
        let schema = try decoder.container(keyedBy: Keys.self).decode(String.self, forKey: .schema)
        switch schema {
        case SolutionDocument.schemaName: self = .solution(try SolutionDocument(from: decoder))
        case TwoLayerDocument.schemaName: self = .twoLayer(try TwoLayerDocument(from: decoder))
        case FixtureOracleDocument.schemaName: self = .fixture(try FixtureOracleDocument(from: decoder))
        case KKTDocument.schemaName: self = .kkt(try KKTDocument(from: decoder))
        default:
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "unknown schema '\(schema)'"))
        }
    }

    /// The problems found by re-checking the document (empty when it is correct). `data` names the
    /// input file of a KKT or solution document that does not embed its problem (or replaces the one
    /// it names); `labels` the labels' `.npy` file of a solution document's `.npy` data.
    public func problems(data: String? = nil, labels: String? = nil) -> [String] {
        switch self {
        case .solution(let d): return d.problems(data: data, labels: labels)
        case .twoLayer(let d): return d.problems()
        case .fixture(let d): return d.problems()
        case .kkt(let d): return d.problems(data: data)
        }
    }

    /// What the document states without witnesses (fixtures only), so `verify` does not prove it.
    public var unchecked: [String] {
        if case .fixture(let d) = self { return d.unchecked }
        return []
    }
}

/// Re-verifies any document MarginOracle writes, or a JSON array of them.
public enum DocumentVerifier {
    /// The number of documents and the problems found (empty when all pass). Throws
    /// ``OracleError/unreadableInput(_:)`` when the bytes are not such documents.
    public static func verify(_ bytes: Data) throws(OracleError) -> (documents: Int, problems: [String]) {
        try verify([UInt8](bytes), source: nil)
    }

    /// The same for the bytes of the file `source` (named in messages). The document is read with
    /// the strict reader and every key must be one the schema knows: a key nobody checks would be
    /// a claim nobody verified. An empty array is bad input, not a pass.
    public static func verify(_ bytes: [UInt8], source: String?) throws(OracleError) -> (
        documents: Int, problems: [String]
    ) {
        let r = try check(bytes, source: source)
        return (r.documents, r.problems)
    }

    /// The same, with the statements the documents make without witnesses (fixtures' sections
    /// that carry none), which are listed, not proven.
    public static func check(_ bytes: [UInt8], source: String?, data: String? = nil, labels: String? = nil)
        throws(OracleError) -> (
            documents: Int, problems: [String], unchecked: [String]
        )
    {
        let name = source.map { "'\($0)'" } ?? "The input"
        let documents: [AnyDocument]
        do {
            let root = try StrictJSON.parse(bytes)
            if case .array(let items) = root.value {
                guard !items.isEmpty else {
                    throw JSONReadError(
                        location: StrictJSON.location(of: root.offset, in: bytes), path: "",
                        message: "an empty array holds no document to verify")
                }
                documents = try items.map { (item) throws(JSONReadError) in
                    try StrictDecoder.decode(AnyDocument.self, from: item, bytes: bytes, rejectUnknownKeys: true)
                }
            } else {
                documents = [
                    try StrictDecoder.decode(AnyDocument.self, from: root, bytes: bytes, rejectUnknownKeys: true)
                ]
            }
        } catch {
            throw .unreadableInput("\(name) is not a MarginOracle document: \(error)")
        }
        var problems: [String] = []
        var unchecked: [String] = []
        for (i, d) in documents.enumerated() {
            problems += d.problems(data: data, labels: labels).map { documents.count > 1 ? "document \(i): \($0)" : $0 }
            unchecked += d.unchecked.map { documents.count > 1 ? "document \(i): \($0)" : $0 }
        }
        return (documents.count, problems, unchecked)
    }
}
