import Foundation
import Oracle
import Trainer

/// A fixture (schema `margin-oracle/fixture/v1`, DESIGN.md section 5): a data set, the oracle's
/// exact answers on it, the limits other implementations are expected to reach (with tolerances and
/// negative controls), and optionally a reference trajectory of our trainer.
public struct Fixture: Codable, Sendable, Equatable {
    public static let schemaName = "margin-oracle/fixture/v1"

    public var schema: String = Fixture.schemaName
    public var id: String
    public var description: String
    public var generator: Generator
    public var data: Dataset
    public var oracle: OracleAnswers
    public var expectations: [Expectation]
    public var trajectory: TrajectoryRecord?

    /// How the fixture was made: `margin-oracle generate --suite <suite> --seed <seed>` rebuilds it byte for byte.
    public struct Generator: Codable, Sendable, Equatable {
        public var family: String
        public var suite: String
        public var seed: UInt64
        public var parameters: [String: String]
        public var command: String
    }

    /// The exact answers of the oracle.
    public struct OracleAnswers: Codable, Sendable, Equatable {
        public var l1: NormAnswer?
        public var l2: NormAnswer?
        public var linf: NormAnswer?
        public var lexicographic: [String: LexicographicAnswer]?
        public var twoLayer: TwoLayerAnswer?
        public var ensemble: EnsembleBlock?

        enum CodingKeys: String, CodingKey {
            case l1, l2, linf, lexicographic, ensemble
            case twoLayer = "two_layer"
        }

        public func answer(_ norm: Norm) -> NormAnswer? {
            switch norm {
            case .l1: return l1
            case .l2: return l2
            case .linf: return linf
            }
        }
    }

    public struct NormAnswer: Codable, Sendable, Equatable {
        public var separable: Bool
        public var margin: Double
        /// `"p/q"` (l1, linf) or `"sqrt(p/q)"` (l2).
        public var marginExact: String
        public var weights: [Double]
        /// Whether the optimal direction is unique (direction convergence is only expected then).
        public var unique: Bool
        public var support: [Int]
        public var certificate: SolutionDocument.CertificateBlock

        enum CodingKeys: String, CodingKey {
            case separable, margin, weights, unique, support, certificate
            case marginExact = "margin_exact"
        }
    }

    public struct LexicographicAnswer: Codable, Sendable, Equatable {
        public var levels: [Rational]
        public var levelPoints: [[Int]]
        public var sortedMargins: [Rational]
        public var weights: [Rational]

        enum CodingKeys: String, CodingKey {
            case levels, weights
            case levelPoints = "level_points"
            case sortedMargins = "sorted_margins"
        }
    }

    public struct TwoLayerAnswer: Codable, Sendable, Equatable {
        public var leak: Double
        public var lower: Double
        public var upper: Double
        public var lowerExact: Rational
        public var upperSquaredExact: Rational

        enum CodingKeys: String, CodingKey {
            case leak, lower, upper
            case lowerExact = "lower_exact"
            case upperSquaredExact = "upper_squared_exact"
        }
    }

    public struct EnsembleBlock: Codable, Sendable, Equatable {
        public var deepMargin: Rational
        public var deepSeparates: Bool
        public var predictor: [Double]
        public var predictorUnique: Bool

        enum CodingKeys: String, CodingKey {
            case predictor
            case deepMargin = "deep_margin"
            case deepSeparates = "deep_separates"
            case predictorUnique = "predictor_unique"
        }
    }

    /// What an implementation trained as described should reach.
    public struct Expectation: Codable, Sendable, Equatable {
        public var id: String
        /// The catalogue entry (SPEC.md section 9) and provenance.
        public var property: String
        public var model: String
        /// Model options (widths, leak, depth), as strings.
        public var modelOptions: [String: String]
        public var optimizer: String
        public var stepSize: Double
        public var steps: Int
        public var loss: String
        /// `predictor_margin` (min z.beta / ||beta||) or `normalized_margin` (q_min / ||theta||^L).
        public var quantity: String
        public var norm: String
        public var limit: Double
        public var limitExact: String?
        /// Allowed `limit - reached` (absolute).
        public var tolerance: Double
        /// The oracle's limit direction, when unique.
        public var direction: [Double]?
        /// What the wrong algorithm reaches instead (the negative control), and which algorithm.
        public var negativeControl: NegativeControl?

        enum CodingKeys: String, CodingKey {
            case id, property, model, optimizer, steps, loss, quantity, norm, limit, tolerance, direction
            case modelOptions = "model_options"
            case stepSize = "step_size"
            case limitExact = "limit_exact"
            case negativeControl = "negative_control"
        }
    }

    public struct NegativeControl: Codable, Sendable, Equatable {
        public var optimizer: String
        /// The limit of the negative control in this expectation's quantity (an oracle cross-margin).
        public var value: Double
        public var description: String
    }

    /// A reference trajectory of our trainer.
    public struct TrajectoryRecord: Codable, Sendable, Equatable {
        public var model: String
        public var modelOptions: [String: String]
        public var optimizer: String
        public var stepSize: Double
        public var loss: String
        public var initialParameters: [Double]
        public var steps: Int
        public var checkpoints: [Checkpoint]

        enum CodingKeys: String, CodingKey {
            case model, optimizer, loss, steps, checkpoints
            case modelOptions = "model_options"
            case stepSize = "step_size"
            case initialParameters = "initial_parameters"
        }
    }

    /// Sorted keys, pretty printed: byte-stable.
    public func encoded() throws -> Data {
        var data = try JSONCoding.encoder().encode(self)
        data.append(contentsOf: Array("\n".utf8))
        return data
    }
}
