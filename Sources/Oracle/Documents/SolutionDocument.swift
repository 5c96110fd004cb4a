import Foundation

/// The JSON document `margin-oracle solve` writes and `margin-oracle verify` re-checks
/// (schema `margin-oracle/solution/v1`, DESIGN.md section 4). It is self-contained: it carries
/// the data, so the certificate can be re-verified anywhere.
///
/// Exact values are strings `"p/q"`; for l2, whose optimum is irrational, the certificate's
/// bounds are squares (`squared: true`) and `margin_exact` reads `"sqrt(p/q)"`.
public struct SolutionDocument: Codable, Sendable, Equatable {
    public static let schemaName = "margin-oracle/solution/v1"

    /// The exact part of the answer.
    public struct CertificateBlock: Codable, Sendable, Equatable {
        /// Proven lower bound (squared for l2), exact.
        public var lower: Rational
        /// Proven upper bound (squared for l2), exact.
        public var upper: Rational
        /// `lower == upper`.
        public var exact: Bool
        /// Whether `lower`/`upper` are squares of the margin (l2).
        public var squared: Bool
        /// The optimum: `"p/q"` (l1, l-infinity) or `"sqrt(p/q)"` (l2).
        public var marginExact: String
        /// The primal witness `w` (absent when the data are not separable).
        public var primal: [Rational]?
        /// The dual witness `lambda` on the simplex.
        public var dual: [Rational]

        enum CodingKeys: String, CodingKey {
            case lower, upper, exact, squared, primal, dual
            case marginExact = "margin_exact"
        }
    }

    public var schema: String
    public var norm: Norm
    public var separable: Bool
    /// The optimum, correctly rounded.
    public var margin: Double
    /// A unit-norm optimal direction (doubles).
    public var weights: [Double]
    /// The dual witness as doubles.
    public var dual: [Double]
    /// Points with positive dual weight.
    public var support: [Int]
    public var certificate: CertificateBlock
    /// The data the certificate is about.
    public var data: Dataset
    /// With `--lexicographic`: the distinct stage levels, exact, increasing.
    public var levels: [Rational]?
    /// With `--lexicographic`: the points blocked at each level.
    public var levelPoints: [[Int]]?
    /// With `--lexicographic`: every point's margin at the leximin solution, sorted increasingly.
    public var sortedMargins: [Rational]?
    /// With `--lexicographic`: the per-stage certificates (stages after the pin carry none).
    public var lexicographicCertificate: [LexicographicLevel]?
    /// With `--lexicographic`, when the feasible set shrank to one point before the last stage:
    /// the proof of it (``PinnedFace``).
    public var lexicographicPinned: PinnedFace?

    enum CodingKeys: String, CodingKey {
        case schema, norm, separable, margin, weights, dual, support, certificate, data, levels
        case levelPoints = "level_points"
        case sortedMargins = "sorted_margins"
        case lexicographicCertificate = "lexicographic_certificate"
        case lexicographicPinned = "lexicographic_pinned"
    }

    /// Adds the lexicographic answer: levels, sorted margins, and the leximin weights (unit norm).
    public mutating func attach(_ lex: LexicographicSolution) {
        levels = lex.levels.map(\.value)
        levelPoints = lex.levels.map { $0.points.sorted() }
        sortedMargins = lex.sortedMargins
        lexicographicCertificate = lex.levels
        lexicographicPinned = lex.pinned
        let w = lex.weights
        let n = norm == .linf ? w.map(\.magnitude).max()! : w.reduce(Rational.zero) { $0 + $1.magnitude }
        if n.signum > 0 { weights = w.map { ($0 / n).doubleValue } }
    }

    /// Builds the document of a certified solution.
    public init(_ s: MaxMarginSolution, data: Dataset) {
        let verdict = CertificateChecker.verify(s.certificate, against: data)
        schema = Self.schemaName
        norm = s.norm
        separable = s.status == .separable
        margin = s.margin
        weights = s.weights
        dual = s.certificate.dual.map(\.doubleValue)
        support = s.support
        certificate = CertificateBlock(
            lower: verdict.lower, upper: verdict.upper, exact: verdict.exact, squared: verdict.squared,
            marginExact: Self.marginText(norm: s.norm, value: verdict.lower),
            primal: s.certificate.primal, dual: s.certificate.dual)
        self.data = data
    }

    static func marginText(norm: Norm, value: Rational) -> String {
        norm == .l2 ? "sqrt(\(value))" : value.description
    }

    /// The certificate as the checker's type.
    public var marginCertificate: MarginCertificate {
        MarginCertificate(norm: norm, primal: certificate.primal, dual: certificate.dual)
    }

    /// Re-checks the document: the certificate must verify, and every claimed number (bounds,
    /// exactness, `margin_exact`, the rounded `margin`) must be what the certificate proves.
    /// Returns the list of problems (empty when the document is correct).
    public func problems() -> [String] {
        var found: [String] = []
        if schema != Self.schemaName { found.append("schema is '\(schema)', expected '\(Self.schemaName)'") }
        let v = CertificateChecker.verify(marginCertificate, against: data)
        guard v.valid else { return found + ["certificate rejected: \(v.reason ?? "")"] }
        if v.lower != certificate.lower { found.append("certificate.lower claims \(certificate.lower) but the witnesses prove \(v.lower)") }
        if v.upper != certificate.upper { found.append("certificate.upper claims \(certificate.upper) but the witnesses prove \(v.upper)") }
        if v.exact != certificate.exact { found.append("certificate.exact claims \(certificate.exact) but it is \(v.exact)") }
        if v.squared != certificate.squared { found.append("certificate.squared claims \(certificate.squared) but norm \(norm.rawValue) needs \(v.squared)") }
        if v.exact {
            let text = Self.marginText(norm: norm, value: v.lower)
            if text != certificate.marginExact { found.append("margin_exact claims \(certificate.marginExact) but it is \(text)") }
            let rounded = norm == .l2 ? v.lower.squareRootDouble : v.lower.doubleValue
            if rounded != margin { found.append("margin claims \(margin) but the correctly rounded optimum is \(rounded)") }
            if separable != (v.lower.signum > 0) { found.append("separable claims \(separable) but the optimum is \(v.lower)") }
        }
        if let stages = lexicographicCertificate {
            found += LexicographicChecker.problems(stages, pinned: lexicographicPinned, norm: norm, data: data)
            if levels != stages.map(\.value) { found.append("levels do not match the stage certificates") }
            if levelPoints != stages.map({ $0.points.sorted() }) { found.append("level_points do not match the stage certificates") }
            var margins = [Rational]()
            for stage in stages { margins += stage.points.map { _ in stage.value } }
            // In level order, so already sorted when the levels increase (checked above).
            if sortedMargins != margins { found.append("sorted_margins do not match the stage certificates") }
            if stages.first?.value != v.lower, v.exact { found.append("the first level differs from the max margin") }
        } else if levels != nil || sortedMargins != nil || lexicographicPinned != nil {
            found.append("levels are given without their lexicographic_certificate")
        }
        return found
    }

    /// Sorted-key, pretty-printed JSON (byte-stable for the same document).
    public func encoded() throws -> Data {
        try JSONCoding.encoder().encode(self)
    }
}

/// The one JSON configuration of every document MarginOracle writes.
public enum JSONCoding {
    /// Sorted keys (key order is otherwise random per process), pretty printed, `/` unescaped.
    public static func encoder() -> JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return e
    }
}
