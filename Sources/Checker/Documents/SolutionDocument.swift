import Exact

/// The JSON document `margin-oracle solve` writes and `margin-oracle verify` re-checks
/// (schema `margin-oracle/solution/v1`, DESIGN.md section 4). A document of small data carries
/// the data, so the certificate can be re-verified anywhere; one of data with more than
/// ``embedLimit`` numbers (or written with `--no-embed-data`) names the data files with their sizes
/// and SHA-256 instead (``input``), and `verify` re-reads and re-hashes them.
///
/// Exact values are strings `"p/q"`; for l2, whose optimum is irrational, the certificate's
/// bounds are squares (`squared: true`) and `margin_exact` reads `"sqrt(p/q)"`.
public struct SolutionDocument: Codable, Sendable, Equatable {
    public static let schemaName = "margin-oracle/solution/v1"
    /// Data sets of at most this many numbers (`n (d + 1)`) are embedded by default.
    public static let embedLimit = 1_000_000

    /// Whether a document of `data` embeds it by default (at most ``embedLimit`` numbers).
    public static func embeds(_ data: Dataset) -> Bool { data.count * (data.dimension + 1) <= embedLimit }

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
        /// The optimum: `"p/q"` (l1, l-infinity) or `"sqrt(p/q)"` (l2); present exactly when
        /// `exact` is true.
        public var marginExact: String?
        /// The primal witness `w` (absent when the data are not separable).
        public var primal: [Rational]?
        /// The dual witness `lambda` on the simplex, sparse: `[{"point": n, "weight": "p/q"}]` for the
        /// points with a positive weight, increasing (a dense array of one weight per point, the format
        /// before sparse duals, is read too).
        public var dual: PointWeights

        enum CodingKeys: String, CodingKey {
            case lower, upper, exact, squared, primal, dual
            case marginExact = "margin_exact"
        }

        public init(
            lower: Rational, upper: Rational, exact: Bool, squared: Bool, marginExact: String?, primal: [Rational]?,
            dual: PointWeights
        ) {
            self.lower = lower
            self.upper = upper
            self.exact = exact
            self.squared = squared
            self.marginExact = marginExact
            self.primal = primal
            self.dual = dual
        }
    }

    public var schema: String
    public var norm: Norm
    public var separable: Bool
    /// The optimum, correctly rounded.
    public var margin: Double
    /// A unit-norm optimal direction (doubles).
    public var weights: [Double]
    /// The dual witness as doubles, aligned with `support` (`dual[k]` is the weight of point
    /// `support[k]`); documents written before sparse duals hold one weight per point, also read.
    public var dual: [Double]
    /// Points with positive dual weight, increasing.
    public var support: [Int]
    public var certificate: CertificateBlock
    /// The data the certificate is about, when embedded.
    public var data: Dataset?
    /// The data files the certificate is about, when the data are not embedded (both may be present:
    /// the embedded data must then be what the files hold).
    public var input: DataInput?
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

    package enum CodingKeys: String, CodingKey {
        case schema, norm, separable, margin, weights, dual, support, certificate, data, input, levels
        case levelPoints = "level_points"
        case sortedMargins = "sorted_margins"
        case lexicographicCertificate = "lexicographic_certificate"
        case lexicographicPinned = "lexicographic_pinned"
    }

    /// A document without the lexicographic part (``SolutionClaims`` says what each field must be).
    public init(
        norm: Norm, separable: Bool, margin: Double, weights: [Double], dual: [Double], support: [Int],
        certificate: CertificateBlock, data: Dataset
    ) {
        self.schema = Self.schemaName
        self.norm = norm
        self.separable = separable
        self.margin = margin
        self.weights = weights
        self.dual = dual
        self.support = support
        self.certificate = certificate
        self.data = data
    }

    /// `"p/q"` for l1 and l-infinity, `"sqrt(p/q)"` for l2 (whose bounds are squares).
    public static func marginText(norm: Norm, value: Rational) -> String {
        norm == .l2 ? "sqrt(\(value))" : value.description
    }

    /// The certificate as the checker's type, or why the dual cannot be one on data of `count` points
    /// (indices out of range or not increasing, weights that are not positive).
    public func marginCertificate(count: Int) -> Result<MarginCertificate, CertificateProblem> {
        if let problem = certificate.dual.problem(count: count) {
            return .failure(CertificateProblem(description: "certificate.dual: \(problem)"))
        }
        return .success(
            MarginCertificate(norm: norm, primal: certificate.primal, dual: certificate.dual.dense(count: count)))
    }

    /// Why a document's witnesses do not form a certificate.
    public struct CertificateProblem: Error, Sendable, CustomStringConvertible {
        public var description: String
    }
}
