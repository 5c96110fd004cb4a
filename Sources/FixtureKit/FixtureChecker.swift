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
    /// `nil` when the quantity is undefined (zero or non-finite parameters; `reasons` says which).
    public var reached: Double?
    public var gap: Double?
    public var tolerance: Double
    public var cosine: Double?
    public var angleDegrees: Double?
    public var rankOneRatios: [Double]?
    public var alignments: [Double]?
    /// The recorded control whose reached value this one resembles, when it resembles one.
    public var resembles: String?
    public var passed: Bool
    public var reasons: [String]

    enum CodingKeys: String, CodingKey {
        case fixture, expectation, model, quantity, norm, limit, reached, gap, tolerance, cosine, alignments, passed,
            reasons, resembles
        case angleDegrees = "angle_degrees"
        case rankOneRatios = "rank_one_ratios"
    }
}

public enum FixtureChecker {
    /// Judges `weights` against the fixture's expectation (`expectationID`, or the one named in the
    /// weights, or the only one for the weights' model). Throws (exit 2) when the weights do not fit
    /// the expectation's model; non-finite or zero parameters are a failed check (exit 1) with a
    /// diagnosis.
    public static func check(_ fixture: Fixture, weights: SubmittedWeights, expectationID: String? = nil)
        throws(OracleError) -> CheckReport
    {
        let e = try expectation(in: fixture, for: weights, id: expectationID)
        let (model, theta) = try build(weights, for: e, dimension: fixture.data.dimension)
        if e.quantity == "predictor_margin" && model.linearPredictor(theta) == nil {
            throw .invalidSettings(
                "Expectation \(e.id) is about a linear predictor, but a \(model.name) is not linear in x.")
        }
        var report = CheckReport(
            fixture: fixture.id, expectation: e.id, model: model.name, quantity: e.quantity, norm: e.norm,
            limit: e.limit, reached: nil, gap: nil, tolerance: e.tolerance, passed: false, reasons: [])
        if let diagnosis = nonFiniteDiagnosis(weights, theta) {
            report.reasons.append(diagnosis)
            return report
        }
        let norm = Norm(rawValue: e.norm) ?? .l2
        let m = ScaleFreeMeasure.measure(
            model, theta, data: fixture.data, quantity: e.quantity, norm: norm, reference: e.direction)
        report.cosine = m.cosine
        report.angleDegrees = m.angleDegrees
        report.rankOneRatios = m.rankOneRatios
        report.alignments = m.alignments
        guard let reached = m.reached else {
            report.reasons.append("the \(e.quantity) is undefined: \(m.undefinedBecause ?? "unknown cause")")
            return report
        }
        let gap = e.limit - reached
        report.reached = reached
        report.gap = gap
        if gap > e.tolerance {
            var text =
                "the \(e.norm) \(e.quantity) \(reached) is \(gap) below the oracle's \(e.limit), more than the tolerance \(e.tolerance)"
            if let c = resembledControl(e, reached: reached) {
                report.resembles = c.description
                text +=
                    "; \(reached) is what \(c.description) reaches (\(c.reached ?? .nan)): was \(e.training.optimizer) run as the protocol says?"
            }
            report.reasons.append(text)
        }
        if reached > e.limit * (1 + 1e-9) + 1e-12 {
            report.reasons.append(
                "the \(e.quantity) \(reached) exceeds the certified optimum \(e.limit), which is impossible: are these the fixture's data?"
            )
        }
        report.passed = report.reasons.isEmpty
        return report
    }

    /// The expectation the weights are judged against.
    static func expectation(in fixture: Fixture, for weights: SubmittedWeights, id: String?) throws(OracleError)
        -> Fixture.Expectation
    {
        let kind = weights.predictor != nil ? "predictor" : (weights.model ?? "")
        let wanted = id ?? weights.expectation
        let candidates = fixture.expectations.filter { (e: Fixture.Expectation) -> Bool in
            if let id = wanted { return e.id == id }
            return kind == "predictor"
                ? e.quantity == "predictor_margin" && e.training.model == "linear" : e.training.model == kind
        }
        guard candidates.count == 1, let e = candidates.first else {
            let ids = fixture.expectations.map(\.id).joined(separator: ", ")
            let omitted =
                fixture.omitted.first { $0.id == wanted }.map { " (\($0.id) was omitted: \($0.reason))" } ?? ""
            throw .invalidSettings(
                candidates.isEmpty
                    ? "No expectation of fixture \(fixture.id) matches \(wanted.map { "'\($0)'" } ?? "model '\(kind)'")\(omitted); its expectations are: \(ids.isEmpty ? "none" : ids)."
                    : "Several expectations match model '\(kind)'; choose one with --expectation (\(candidates.map(\.id).joined(separator: ", ")))."
            )
        }
        return e
    }

    /// The control whose recorded value `reached` is closer to than to the limit, and within
    /// half of that control's own distance from the limit.
    static func resembledControl(_ e: Fixture.Expectation, reached: Double) -> Fixture.Control? {
        let near = e.controls.compactMap { c -> (Fixture.Control, Double)? in
            guard let r = c.reached else { return nil }
            return (c, abs(reached - r))
        }.min { $0.1 < $1.1 }
        guard let (c, distance) = near, let r = c.reached else { return nil }
        return distance <= 0.5 * abs(e.limit - r) ? c : nil
    }

    /// Which parameters are not finite, and the usual causes; `nil` when all are finite.
    static func nonFiniteDiagnosis(_ weights: SubmittedWeights, _ theta: [Double]) -> String? {
        let bad = theta.indices.filter { !theta[$0].isFinite }
        guard !bad.isEmpty else { return nil }
        let nan = bad.filter { theta[$0].isNaN }.count
        let shown = bad.prefix(5).map { "theta[\($0)] = \(theta[$0])" }.joined(separator: ", ")
        return
            "\(bad.count) of \(theta.count) parameters are not finite (\(nan) NaN, \(bad.count - nan) infinite; \(shown)\(bad.count > 5 ? ", ..." : "") in the flat layout). Usual causes: the gradient norm computed as sqrt(sum g_i^2) underflows to 0 once the margin passes about 372 (float64; about 44 in float32), and g / 0 is NaN; exp(-q) underflows past a margin of about 745, or exp(q) overflows; a step too large for plain GD. Normalize in the log domain (README: 'Using the fixtures')."
    }

    /// The trainer model and flat parameters for submitted weights, checked against the
    /// expectation's model and options (the fixture is the truth). Non-finite entries are kept
    /// (the check diagnoses them).
    static func build(_ s: SubmittedWeights, for e: Fixture.Expectation, dimension d: Int) throws(OracleError) -> (
        any Model, [Double]
    ) {
        func sized(_ v: [Double], _ what: String, count: Int) throws(OracleError) -> [Double] {
            guard v.count == count else {
                throw .invalidSettings("\(what) has \(v.count) entries; the fixture's data have dimension \(count).")
            }
            return v
        }
        let expected = e.training
        // The fixture's model options, validated once (a hostile fixture's depth 0 or leak 5 is
        // exit 2 here, never a trainer precondition); depth and leak below come from this model.
        let validated = try expected.makeModel(dimension: d)
        if let p = s.predictor {
            if s.model != nil && s.model != expected.model {
                throw .invalidSettings(
                    "The weights say model '\(s.model ?? "")', but expectation \(e.id) trains a \(expected.model) model."
                )
            }
            return (LinearModel(inputDimension: d), try sized(p, "predictor", count: d))
        }
        guard s.model == expected.model else {
            throw .invalidSettings(
                "The weights are for model '\(s.model ?? "(none)")', but expectation \(e.id) trains a \(expected.model) model (give \"model\": \"\(expected.model)\", or \"predictor\" for a model linear in x)."
            )
        }
        switch expected.model {
        case "linear":
            guard let w = s.weights else { throw .invalidSettings("A linear model needs \"weights\": [...].") }
            return (LinearModel(inputDimension: d), try sized(w, "weights", count: d))
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
                for row in layer { theta += row }
            }
            guard widths.last == 1 else {
                throw .invalidSettings("The last layer must have exactly one row (scalar output).")
            }
            let stated = expected.modelOptions["widths"].map {
                [d] + (DeepLinearModel.hiddenWidths(parsing: $0) ?? []) + [1]
            }
            if let stated, stated != widths {
                throw .invalidSettings(
                    "The layers have widths \(widths.map(String.init).joined(separator: ",")), but expectation \(e.id) trains widths \(stated.map(String.init).joined(separator: ",")) (model_options.widths = \"\(expected.modelOptions["widths"] ?? "")\" between the input and the output)."
                )
            }
            return (DeepLinearModel(widths: widths), theta)
        case "diagonal":
            guard let u = s.u, let v = s.v else { throw .invalidSettings("A diagonal model needs \"u\" and \"v\".") }
            let depth = (validated as? DiagonalModel)?.depth ?? 2
            if let given = s.depth, given != depth {
                throw .invalidSettings(
                    "The weights say depth \(given), but expectation \(e.id) trains a diagonal net of depth \(depth).")
            }
            return (
                DiagonalModel(inputDimension: d, depth: depth), try sized(u, "u", count: d) + sized(v, "v", count: d)
            )
        case "ensemble":
            guard let w = s.w, let u = s.u, let v = s.v else {
                throw .invalidSettings("An ensemble needs \"w\", \"u\" and \"v\".")
            }
            return (
                EnsembleModel.linearPlusDiagonal(inputDimension: d),
                try sized(w, "w", count: d) + sized(u, "u", count: d) + sized(v, "v", count: d)
            )
        case "two-layer":
            guard let hidden = s.hidden, let output = s.output, hidden.count == output.count, !hidden.isEmpty else {
                throw .invalidSettings(
                    "A two-layer net needs \"hidden\" (one row per neuron) and \"output\" (one weight per neuron).")
            }
            let leak = (validated as? TwoLayerLeakyReLU)?.leak ?? 0.1
            if let given = s.leak, given != leak {
                throw .invalidSettings(
                    "The weights say leak \(given), but expectation \(e.id) trains leak \(leak); the fixture's model options are what is judged."
                )
            }
            if let width = expected.modelOptions["width"].flatMap({ Int($0) }), width != output.count {
                throw .invalidSettings(
                    "The net has \(output.count) neurons, but expectation \(e.id) trains width \(width).")
            }
            var theta: [Double] = []
            for (k, row) in hidden.enumerated() { theta += try sized(row, "hidden[\(k)]", count: d) }
            return (TwoLayerLeakyReLU(inputDimension: d, width: output.count, leak: leak), theta + output)
        default:
            throw .invalidSettings("Expectation \(e.id) names an unknown model '\(expected.model)'.")
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
