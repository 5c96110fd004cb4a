import Exact
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

        public init(hidden: [[Double]], output: [Double]) {
            self.hidden = hidden
            self.output = output
        }
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

        public init(lower: Rational, upperSquared: Rational, network: TwoLayerNetwork, dual: [Rational]) {
            self.lower = lower
            self.upperSquared = upperSquared
            self.network = network
            self.dual = dual
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

    package enum CodingKeys: String, CodingKey {
        case schema, model, leak, lower, upper, width, network, certificate, data
        case relativeGap = "relative_gap"
    }

    public init(
        leak: Double, lower: Double, upper: Double, relativeGap: Double, network: Network,
        certificate: CertificateBlock, data: Dataset
    ) {
        self.schema = Self.schemaName
        self.model = "two-layer"
        self.leak = leak
        self.lower = lower
        self.upper = upper
        self.relativeGap = relativeGap
        self.width = certificate.network.width
        self.network = network
        self.certificate = certificate
        self.data = data
    }

    /// Re-checks the certificate and every claimed number; empty when correct. `data` and `leak`
    /// are the premise; every other key is derived from them and the exact witnesses:
    /// `certificate.lower` / `upper_squared` are what the network and the dual prove, `lower` and
    /// `upper` their correct roundings (`upper` of the square root), `relative_gap` is
    /// `1 - lower / upper` in double arithmetic on those two doubles (0 when `upper` is 0),
    /// `width` the network's neuron count, and `network` the exact network correctly rounded.
    public func problems() -> [String] {
        var found: [String] = []
        if schema != Self.schemaName { found.append("schema is '\(schema)', expected '\(Self.schemaName)'") }
        if model != "two-layer" {
            found.append("model claims '\(model)' but this schema is about 'two-layer' networks")
        }
        guard let leakExact = Rational(exactly: leak) else { return found + ["leak is not finite"] }
        let v = TwoLayerChecker.verify(
            TwoLayerCertificate(leak: leakExact, network: certificate.network, dual: certificate.dual), against: data)
        guard v.valid else { return found + ["certificate rejected: \(v.reason ?? "")"] }
        if v.lower != certificate.lower {
            found.append("certificate.lower claims \(certificate.lower.brief) but the network proves \(v.lower.brief)")
        }
        if v.upperSquared != certificate.upperSquared {
            found.append(
                "certificate.upper_squared claims \(certificate.upperSquared.brief) but the dual proves \(v.upperSquared.brief)"
            )
        }
        let lowerRounded = v.lower.doubleValue
        let upperRounded = v.upperSquared.squareRootDouble
        if !DocumentRounding.same(lower, lowerRounded) {
            found.append("lower claims \(lower) but the certificate proves \(lowerRounded)")
        }
        if !DocumentRounding.same(upper, upperRounded) {
            found.append("upper claims \(upper) but the certificate proves \(upperRounded)")
        }
        let gap = upperRounded > 0 ? 1 - lowerRounded / upperRounded : 0
        if !DocumentRounding.same(relativeGap, gap) {
            found.append("relative_gap claims \(relativeGap) but 1 - lower / upper is \(gap)")
        }
        if width != certificate.network.width {
            found.append("width claims \(width) but the network has \(certificate.network.width) neurons")
        }
        let hidden = certificate.network.hidden.map { $0.map(\.doubleValue) }
        let output = certificate.network.output.map(\.doubleValue)
        if !sameDoubles(network.hidden.flatMap { $0 }, hidden.flatMap { $0 })
            || network.hidden.map(\.count) != hidden.map(\.count)
        {
            found.append("network.hidden is not the certificate's network correctly rounded")
        }
        if !sameDoubles(network.output, output) {
            found.append("network.output is not the certificate's network correctly rounded")
        }
        return found
    }

    private func sameDoubles(_ a: [Double], _ b: [Double]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { DocumentRounding.same($0, $1) }
    }
}
