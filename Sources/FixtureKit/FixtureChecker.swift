import Foundation
import Oracle
import Trainer

/// Another implementation's trained parameters, as `margin-oracle check` reads them.
///
///     {"model": "linear", "weights": [...]}
///     {"model": "deep-linear", "layers": [W_1, ..., W_L]}      (W_k row-major, shape d_k x d_(k-1), last has one row)
///     {"model": "diagonal", "u": [...], "v": [...], "depth": 2}
///     {"model": "ensemble", "w": [...], "u": [...], "v": [...]}
///     {"model": "two-layer", "hidden": [[...], ...], "output": [...], "leak": 0.1}
///     {"predictor": [...]}                                    (any model linear in x: its end-to-end predictor)
///
/// An optional `"expectation"` names the fixture expectation to judge against.
public struct SubmittedWeights: Decodable, Sendable {
    public var expectation: String?
    public var model: String?
    public var predictor: [Double]?
    public var weights: [Double]?
    public var layers: [[[Double]]]?
    public var u: [Double]?
    public var v: [Double]?
    public var w: [Double]?
    public var depth: Int?
    public var hidden: [[Double]]?
    public var output: [Double]?
    public var leak: Double?

    public init(
        expectation: String? = nil, model: String? = nil, predictor: [Double]? = nil, weights: [Double]? = nil,
        layers: [[[Double]]]? = nil, u: [Double]? = nil, v: [Double]? = nil, w: [Double]? = nil, depth: Int? = nil,
        hidden: [[Double]]? = nil, output: [Double]? = nil, leak: Double? = nil
    ) {
        self.expectation = expectation
        self.model = model
        self.predictor = predictor
        self.weights = weights
        self.layers = layers
        self.u = u
        self.v = v
        self.w = w
        self.depth = depth
        self.hidden = hidden
        self.output = output
        self.leak = leak
    }
}

/// The judgement of `margin-oracle check`.
public struct CheckReport: Encodable, Sendable {
    public var fixture: String
    public var expectation: String
    public var model: String
    public var quantity: String
    public var norm: String
    public var limit: Double
    public var reached: Double
    public var gap: Double
    public var tolerance: Double
    public var cosine: Double?
    public var angleDegrees: Double?
    public var rankOneRatios: [Double]?
    public var alignments: [Double]?
    public var negativeControl: Double?
    public var passed: Bool
    public var reasons: [String]

    enum CodingKeys: String, CodingKey {
        case fixture, expectation, model, quantity, norm, limit, reached, gap, tolerance, cosine, alignments, passed,
            reasons
        case angleDegrees = "angle_degrees"
        case rankOneRatios = "rank_one_ratios"
        case negativeControl = "negative_control"
    }
}

public enum FixtureChecker {
    /// Judges `weights` against the fixture's expectation (`expectationID`, or the one named in the
    /// weights, or the only one for the weights' model).
    public static func check(_ fixture: Fixture, weights: SubmittedWeights, expectationID: String? = nil)
        throws(OracleError) -> CheckReport
    {
        let d = fixture.data.dimension
        let (model, theta) = try build(weights, dimension: d)
        let kind = weights.predictor != nil ? "predictor" : (weights.model ?? "")
        let wanted = expectationID ?? weights.expectation
        let candidates = fixture.expectations.filter { e in
            if let id = wanted { return e.id == id }
            return kind == "predictor" ? e.quantity == "predictor_margin" && e.model == "linear" : e.model == kind
        }
        guard candidates.count == 1, let e = candidates.first else {
            let ids = fixture.expectations.map(\.id).joined(separator: ", ")
            throw .invalidSettings(
                candidates.isEmpty
                    ? "No expectation of fixture \(fixture.id) matches \(wanted.map { "'\($0)'" } ?? "model '\(kind)'"); its expectations are: \(ids)."
                    : "Several expectations match model '\(kind)'; choose one with --expectation (\(candidates.map(\.id).joined(separator: ", ")))."
            )
        }
        if e.quantity == "predictor_margin" && model.linearPredictor(theta) == nil {
            throw .invalidSettings(
                "Expectation \(e.id) is about a linear predictor, but a \(model.name) is not linear in x.")
        }
        if e.quantity == "normalized_margin" && model.homogeneityDegree == nil {
            throw .invalidSettings(
                "Expectation \(e.id) is about the normalized margin of a homogeneous model; \(model.name) is not homogeneous."
            )
        }
        let problem = TrainingProblem(model: model, data: fixture.data, loss: Loss(.logistic))
        let c = Observer(reference: e.direction).observe(problem, theta, step: 0)
        let reached =
            (e.quantity == "predictor_margin" ? c.predictorMargin?[e.norm] : c.normalizedMargin?[e.norm]) ?? .nan
        let gap = e.limit - reached
        var reasons: [String] = []
        if !reached.isFinite {
            reasons.append("the \(e.quantity) is not a finite number (zero or non-finite parameters?)")
        }
        if gap > e.tolerance {
            reasons.append(
                "the \(e.norm) \(e.quantity) \(reached) is \(gap) below the oracle's \(e.limit), more than the tolerance \(e.tolerance)"
            )
        }
        if reached > e.limit * (1 + 1e-9) + 1e-12 {
            reasons.append(
                "the \(e.quantity) \(reached) exceeds the certified optimum \(e.limit), which is impossible: are these the fixture's data?"
            )
        }
        return CheckReport(
            fixture: fixture.id, expectation: e.id, model: model.name, quantity: e.quantity, norm: e.norm,
            limit: e.limit,
            reached: reached, gap: gap, tolerance: e.tolerance, cosine: c.cosine, angleDegrees: c.angleDegrees,
            rankOneRatios: c.rankOneRatios, alignments: c.alignments, negativeControl: e.negativeControl?.value,
            passed: reasons.isEmpty, reasons: reasons)
    }

    /// The trainer model and flat parameters for submitted weights, validated.
    static func build(_ s: SubmittedWeights, dimension d: Int) throws(OracleError) -> (any Model, [Double]) {
        func finite(_ v: [Double], _ what: String, count: Int? = nil) throws(OracleError) -> [Double] {
            if let n = count, v.count != n {
                throw .invalidSettings("\(what) has \(v.count) entries; the fixture's data have dimension \(n).")
            }
            if let bad = v.firstIndex(where: { !$0.isFinite }) {
                throw .invalidSettings("\(what)[\(bad)] is \(v[bad]); weights must be finite.")
            }
            return v
        }
        if let p = s.predictor { return (LinearModel(inputDimension: d), try finite(p, "predictor", count: d)) }
        switch s.model {
        case "linear":
            guard let w = s.weights else { throw .invalidSettings("A linear model needs \"weights\": [...].") }
            return (LinearModel(inputDimension: d), try finite(w, "weights", count: d))
        case "deep-linear":
            guard let layers = s.layers, !layers.isEmpty else {
                throw .invalidSettings("A deep linear model needs \"layers\": [W_1, ..., W_L].")
            }
            var widths = [d]
            var theta: [Double] = []
            for (k, layer) in layers.enumerated() {
                guard !layer.isEmpty, layer.allSatisfy({ $0.count == widths[k] }) else {
                    throw .invalidSettings("Layer \(k + 1) must have rows of length \(widths[k]) (the previous width).")
                }
                widths.append(layer.count)
                for row in layer { theta += try finite(row, "layers[\(k)] row") }
            }
            guard widths.last == 1 else {
                throw .invalidSettings("The last layer must have exactly one row (scalar output).")
            }
            return (DeepLinearModel(widths: widths), theta)
        case "diagonal":
            guard let u = s.u, let v = s.v else { throw .invalidSettings("A diagonal model needs \"u\" and \"v\".") }
            let depth = s.depth ?? 2
            guard (1...16).contains(depth) else { throw .invalidSettings("depth \(depth) must be in 1...16.") }
            return (
                DiagonalModel(inputDimension: d, depth: depth), try finite(u, "u", count: d) + finite(v, "v", count: d)
            )
        case "ensemble":
            guard let w = s.w, let u = s.u, let v = s.v else {
                throw .invalidSettings("An ensemble needs \"w\", \"u\" and \"v\".")
            }
            return (
                EnsembleModel.linearPlusDiagonal(inputDimension: d),
                try finite(w, "w", count: d) + finite(u, "u", count: d) + finite(v, "v", count: d)
            )
        case "two-layer":
            guard let hidden = s.hidden, let output = s.output, hidden.count == output.count, !hidden.isEmpty else {
                throw .invalidSettings(
                    "A two-layer net needs \"hidden\" (one row per neuron) and \"output\" (one weight per neuron).")
            }
            let leak = s.leak ?? 0.1
            guard (0...1).contains(leak) else { throw .invalidSettings("leak \(leak) must be in [0, 1].") }
            var theta: [Double] = []
            for (k, row) in hidden.enumerated() { theta += try finite(row, "hidden[\(k)]", count: d) }
            return (
                TwoLayerLeakyReLU(inputDimension: d, width: output.count, leak: leak),
                try theta + finite(output, "output")
            )
        default:
            throw .invalidSettings(
                "Unknown model \(s.model.map { "'\($0)'" } ?? "(none)"); use linear, deep-linear, diagonal, ensemble, two-layer, or give \"predictor\"."
            )
        }
    }
}

/// The manifest of a fixture directory: every file with its SHA-256 and what it is.
public struct FixtureManifest: Codable, Sendable {
    public struct Entry: Codable, Sendable {
        public var file: String
        public var sha256: String
        public var description: String

        public init(file: String, sha256: String, description: String) {
            self.file = file
            self.sha256 = sha256
            self.description = description
        }
    }
    public var schema = "margin-oracle/fixture-manifest/v1"
    public var seed: UInt64
    public var files: [Entry]

    public init(seed: UInt64, files: [Entry]) {
        self.seed = seed
        self.files = files
    }
}
