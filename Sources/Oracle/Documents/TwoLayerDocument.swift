import Foundation
import StrictJSON

/// The JSON document of `margin-oracle solve DATA --model two-layer --leak A`
/// (schema `margin-oracle/two-layer/v1`): the certified bracket on the global max normalized
/// margin of two-layer leaky-ReLU networks, and the network that attains its lower end.
public struct TwoLayerDocument: Codable, Sendable, Equatable {
    public static let schemaName = "margin-oracle/two-layer/v1"

    public struct Network: Codable, Sendable, Equatable {
        /// Hidden weights `w_k`, one row per neuron (doubles; the exact values are in the certificate).
        public var hidden: [[Double]]
        /// Output weights `a_k`.
        public var output: [Double]
    }

    public struct CertificateBlock: Codable, Sendable, Equatable {
        /// Exact lower bound on `gamma_bar*` (the network's normalized margin).
        public var lower: Rational
        /// Exact upper bound on `gamma_bar*^2`.
        public var upperSquared: Rational
        public var network: TwoLayerNetwork
        public var dual: [Rational]

        enum CodingKeys: String, CodingKey {
            case lower, network, dual
            case upperSquared = "upper_squared"
        }
    }

    public var schema: String
    public var model: String
    public var leak: Double
    /// `gamma_bar*` lies in `[lower, upper]`.
    public var lower: Double
    public var upper: Double
    public var relativeGap: Double
    public var width: Int
    public var network: Network
    public var certificate: CertificateBlock
    public var data: Dataset

    enum CodingKeys: String, CodingKey {
        case schema, model, leak, lower, upper, width, network, certificate, data
        case relativeGap = "relative_gap"
    }

    public init(_ s: TwoLayerSolution, data: Dataset) {
        schema = Self.schemaName
        model = "two-layer"
        leak = s.certificate.leak.doubleValue
        lower = s.lower
        upper = s.upper
        relativeGap = s.relativeGap
        width = s.certificate.network.width
        network = Network(hidden: s.certificate.network.hidden.map { $0.map(\.doubleValue) },
                          output: s.certificate.network.output.map(\.doubleValue))
        certificate = CertificateBlock(lower: s.lowerExact, upperSquared: s.upperSquaredExact,
                                       network: s.certificate.network, dual: s.certificate.dual)
        self.data = data
    }

    /// Sorted-key, pretty-printed JSON.
    public func encoded() throws -> Data { try JSONCoding.encoder().encode(self) }

    /// Re-checks the certificate and every claimed number; empty when correct.
    public func problems() -> [String] {
        guard let leakExact = Rational(exactly: leak) else { return ["leak is not finite"] }
        let v = TwoLayerChecker.verify(TwoLayerCertificate(leak: leakExact, network: certificate.network, dual: certificate.dual), against: data)
        guard v.valid else { return ["certificate rejected: \(v.reason ?? "")"] }
        var found: [String] = []
        if v.lower != certificate.lower { found.append("certificate.lower claims \(certificate.lower) but the network proves \(v.lower)") }
        if v.upperSquared != certificate.upperSquared { found.append("certificate.upper_squared claims \(certificate.upperSquared) but the dual proves \(v.upperSquared)") }
        if v.lower.doubleValue != lower { found.append("lower claims \(lower) but the certificate proves \(v.lower.doubleValue)") }
        if v.upperSquared.squareRootDouble != upper { found.append("upper claims \(upper) but the certificate proves \(v.upperSquared.squareRootDouble)") }
        if width != certificate.network.width { found.append("width claims \(width) but the network has \(certificate.network.width) neurons") }
        return found
    }
}

/// Any document MarginOracle writes, chosen by its `schema` key.
public enum AnyDocument: Decodable, Sendable {
    case solution(SolutionDocument)
    case twoLayer(TwoLayerDocument)

    private enum Keys: String, CodingKey { case schema }

    public init(from decoder: any Decoder) throws {
        let schema = try decoder.container(keyedBy: Keys.self).decode(String.self, forKey: .schema)
        switch schema {
        case SolutionDocument.schemaName: self = .solution(try SolutionDocument(from: decoder))
        case TwoLayerDocument.schemaName: self = .twoLayer(try TwoLayerDocument(from: decoder))
        default:
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "unknown schema '\(schema)'"))
        }
    }

    /// The problems found by re-checking the document (empty when it is correct).
    public func problems() -> [String] {
        switch self {
        case .solution(let d): return d.problems()
        case .twoLayer(let d): return d.problems()
        }
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
    public static func verify(_ bytes: [UInt8], source: String?) throws(OracleError) -> (documents: Int, problems: [String]) {
        let name = source.map { "'\($0)'" } ?? "The input"
        let documents: [AnyDocument]
        do {
            let root = try StrictJSON.parse(bytes)
            if case .array(let items) = root.value {
                guard !items.isEmpty else {
                    throw JSONReadError(location: StrictJSON.location(of: root.offset, in: bytes), path: "",
                                        message: "an empty array holds no document to verify")
                }
                documents = try items.map { (item) throws(JSONReadError) in
                    try StrictDecoder.decode(AnyDocument.self, from: item, bytes: bytes, rejectUnknownKeys: true)
                }
            } else {
                documents = [try StrictDecoder.decode(AnyDocument.self, from: root, bytes: bytes, rejectUnknownKeys: true)]
            }
        } catch {
            throw .unreadableInput("\(name) is not a MarginOracle document: \(error)")
        }
        var problems: [String] = []
        for (i, d) in documents.enumerated() {
            problems += d.problems().map { documents.count > 1 ? "document \(i): \($0)" : $0 }
        }
        return (documents.count, problems)
    }
}

