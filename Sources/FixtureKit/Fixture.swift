import Foundation
import Oracle
import Trainer

/// A fixture (schema `margin-oracle/fixture/v2`, DESIGN.md section 5): a data set, the oracle's
/// exact answers on it, the limits other implementations are expected to reach (with tolerances and
/// negative controls), and optionally a reference trajectory of our trainer.
public struct Fixture: Codable, Sendable, Equatable {
    public static let schemaName = "margin-oracle/fixture/v2"

    public var schema: String = Fixture.schemaName
    public var id: String
    public var description: String
    public var generator: Generator
    public var data: Dataset
    public var oracle: OracleAnswers
    public var expectations: [Expectation]
    /// Expectations considered and not emitted (they could not tell the algorithms apart here).
    public var omitted: [Omitted]
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

    /// What an implementation trained as described should reach, with the evidence that the
    /// expectation discriminates: our trainer over 20 initial seeds, and the negative controls.
    public struct Expectation: Codable, Sendable, Equatable {
        public var id: String
        /// The catalogue entry (SPEC.md section 9), the paper and the provenance tag.
        public var property: String
        /// The protocol (flattened into this object: `model`, `model_options`, `optimizer`,
        /// `step_size`, `steps`, `loss`, `phases`, `initialization`).
        public var training: TrainingProtocol
        /// The initial parameters of `training.initialization`, in the flat layout (README).
        public var initialParameters: [Double]
        /// `predictor_margin` (min z.beta / ||beta||) or `normalized_margin` (q_min / ||theta||^L).
        public var quantity: String
        public var norm: String
        public var limit: Double
        public var limitExact: String?
        /// Allowed `limit - reached` (absolute).
        public var tolerance: Double
        /// How `tolerance` was derived.
        public var toleranceRule: String
        /// Our trainer from seeds 1...20 of the protocol's initialization.
        public var measured: Measured
        /// The oracle's limit direction, when unique.
        public var direction: [Double]?
        /// Settings in which the theory predicts a different limit (or a slower approach), each run
        /// with our trainer: every one misses the tolerance by at least 2x.
        public var controls: [Control]
        /// Controls of a slower approach to the same limit (plain GD, fewer steps, a smaller
        /// step) that our trainer ran and that do NOT miss by 2x: what this expectation cannot detect.
        public var indistinguishable: [Control]
        /// What the expectation catches beyond the controls (the stress suite).
        public var catches: String?

        enum CodingKeys: String, CodingKey {
            case id, property, quantity, norm, limit, tolerance, direction, measured, controls, catches,
                indistinguishable
            case initialParameters = "initial_parameters"
            case limitExact = "limit_exact"
            case toleranceRule = "tolerance_rule"
        }

        public init(
            id: String, property: String, training: TrainingProtocol, initialParameters: [Double], quantity: String,
            norm: String, limit: Double, limitExact: String?, tolerance: Double, toleranceRule: String,
            measured: Measured, direction: [Double]?, controls: [Control], indistinguishable: [Control],
            catches: String? = nil
        ) {
            self.indistinguishable = indistinguishable
            self.id = id
            self.property = property
            self.training = training
            self.initialParameters = initialParameters
            self.quantity = quantity
            self.norm = norm
            self.limit = limit
            self.limitExact = limitExact
            self.tolerance = tolerance
            self.toleranceRule = toleranceRule
            self.measured = measured
            self.direction = direction
            self.controls = controls
            self.catches = catches
        }

        public init(from decoder: any Decoder) throws {
            training = try TrainingProtocol(from: decoder)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            id = try c.decode(String.self, forKey: .id)
            property = try c.decode(String.self, forKey: .property)
            initialParameters = try c.decode([Double].self, forKey: .initialParameters)
            quantity = try c.decode(String.self, forKey: .quantity)
            norm = try c.decode(String.self, forKey: .norm)
            limit = try c.decode(Double.self, forKey: .limit)
            limitExact = try c.decodeIfPresent(String.self, forKey: .limitExact)
            tolerance = try c.decode(Double.self, forKey: .tolerance)
            toleranceRule = try c.decode(String.self, forKey: .toleranceRule)
            measured = try c.decode(Measured.self, forKey: .measured)
            direction = try c.decodeIfPresent([Double].self, forKey: .direction)
            controls = try c.decode([Control].self, forKey: .controls)
            indistinguishable = try c.decode([Control].self, forKey: .indistinguishable)
            catches = try c.decodeIfPresent(String.self, forKey: .catches)
        }

        public func encode(to encoder: any Encoder) throws {
            try training.encode(to: encoder)
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(id, forKey: .id)
            try c.encode(property, forKey: .property)
            try c.encode(initialParameters, forKey: .initialParameters)
            try c.encode(quantity, forKey: .quantity)
            try c.encode(norm, forKey: .norm)
            try c.encode(limit, forKey: .limit)
            try c.encodeIfPresent(limitExact, forKey: .limitExact)
            try c.encode(tolerance, forKey: .tolerance)
            try c.encode(toleranceRule, forKey: .toleranceRule)
            try c.encode(measured, forKey: .measured)
            try c.encodeIfPresent(direction, forKey: .direction)
            try c.encode(controls, forKey: .controls)
            try c.encode(indistinguishable, forKey: .indistinguishable)
            try c.encodeIfPresent(catches, forKey: .catches)
        }
    }

    /// Our trainer's gaps (`limit - reached`) over the initial seeds `first_seed ... last_seed`.
    public struct Measured: Codable, Sendable, Equatable {
        public var firstSeed: UInt64
        public var lastSeed: UInt64
        public var worstGap: Double
        public var medianGap: Double
        /// `tolerance / worst_gap` (at least 2).
        public var headroom: Double

        enum CodingKeys: String, CodingKey {
            case headroom
            case firstSeed = "first_seed"
            case lastSeed = "last_seed"
            case worstGap = "worst_gap"
            case medianGap = "median_gap"
        }
    }

    /// A negative control: a protocol (flattened, the same keys as an expectation's) that the
    /// theory does not draw to the expectation's limit, and what our trainer reached with it.
    public struct Control: Codable, Sendable, Equatable {
        /// `update rule`, `shallow model`, `fewer steps`, `smaller step`, `initialization`,
        /// `naive implementation`.
        public var kind: String
        public var description: String
        public var training: TrainingProtocol
        /// The expectation's quantity at the end (`nil`: the run broke down, see `description`).
        public var reached: Double?
        /// The smallest `(limit - reached) / tolerance` over the control's initial seeds 1...5 and
        /// seed 1's start perturbed by 1e-13 and 1e-11 (`nil` when every run broke down).
        public var missesBy: Double?

        enum CodingKeys: String, CodingKey {
            case kind, description, reached
            case missesBy = "misses_by"
        }

        public init(kind: String, description: String, training: TrainingProtocol, reached: Double?, missesBy: Double?)
        {
            self.kind = kind
            self.description = description
            self.training = training
            self.reached = reached
            self.missesBy = missesBy
        }

        public init(from decoder: any Decoder) throws {
            training = try TrainingProtocol(from: decoder)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            kind = try c.decode(String.self, forKey: .kind)
            description = try c.decode(String.self, forKey: .description)
            reached = try c.decodeIfPresent(Double.self, forKey: .reached)
            missesBy = try c.decodeIfPresent(Double.self, forKey: .missesBy)
        }

        public func encode(to encoder: any Encoder) throws {
            try training.encode(to: encoder)
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(kind, forKey: .kind)
            try c.encode(description, forKey: .description)
            try c.encodeIfPresent(reached, forKey: .reached)
            try c.encodeIfPresent(missesBy, forKey: .missesBy)
        }
    }

    /// An expectation the generator considered and did not emit, and why.
    public struct Omitted: Codable, Sendable, Equatable {
        public var id: String
        public var reason: String
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
