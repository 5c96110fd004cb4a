import Foundation

/// How the solvers' answers become documents. The documents' types and the rules their fields
/// must follow live in the Checker module (``SolutionDocument/problems()``); this file only fills
/// them in, with the documented roundings (``DocumentRounding``).
extension SolutionDocument {
    /// Builds the document of a certified solution. The data are embedded when `embed` is true (the
    /// default) or there is no `input`; otherwise the document names the files `input` describes.
    public init(_ s: MaxMarginSolution, data: Dataset, input: DataInput? = nil, embed: Bool = true) {
        let verdict = CertificateChecker.verify(s.certificate, against: data)
        let weights =
            s.certificate.primal.map { DocumentRounding.unitDirection($0, norm: s.norm) }
            ?? [Double](repeating: 0, count: data.dimension)
        let block = CertificateBlock(
            lower: verdict.lower, upper: verdict.upper, exact: verdict.exact, squared: verdict.squared,
            marginExact: verdict.exact ? Self.marginText(norm: s.norm, value: verdict.lower) : nil,
            primal: s.certificate.primal.map { w in IntegerVector(w).coprimeIntegers.map { Rational($0) } },
            dual: PointWeights(dense: s.certificate.dual))
        self.init(
            norm: s.norm, separable: s.status == .separable, margin: s.margin, weights: weights,
            dual: block.dual.weights.map(\.doubleValue), support: block.dual.points, certificate: block, data: data)
        if !embed, let input {
            self.input = input
            self.data = nil
        }
    }

    /// Adds the lexicographic answer: levels, sorted margins, and the leximin weights (unit norm).
    public mutating func attach(_ lex: LexicographicSolution) {
        levels = lex.levels.map(\.value)
        levelPoints = lex.levels.map { $0.points.sorted() }
        sortedMargins = lex.sortedMargins
        lexicographicCertificate = lex.levels
        lexicographicPinned = lex.pinned
        let w = lex.weights
        if w.contains(where: { !$0.isZero }) { weights = DocumentRounding.unitDirection(w, norm: norm) }
    }

    /// The document's JSON (sorted keys, byte-stable for the same document): pretty printed, or on one
    /// line for data of more than ``JSONCoding/compactAbove`` points (indentation would be most of the
    /// bytes), embedded or not.
    public func encoded() throws -> Data {
        let points = data?.count ?? input?.shape.first ?? 0
        return try JSONCoding.encoder(compact: points > JSONCoding.compactAbove).encode(self)
    }
}

extension TwoLayerDocument {
    public init(_ s: TwoLayerSolution, data: Dataset) {
        let exact = s.certificate.network
        self.init(
            leak: s.certificate.leak.doubleValue, lower: s.lower, upper: s.upper, relativeGap: s.relativeGap,
            network: Network(
                hidden: exact.hidden.map { $0.map(\.doubleValue) }, output: exact.output.map(\.doubleValue)),
            certificate: CertificateBlock(
                lower: s.lowerExact, upperSquared: s.upperSquaredExact, network: exact, dual: s.certificate.dual),
            data: data)
    }

    /// The document's JSON, as for solution documents.
    public func encoded() throws -> Data {
        try JSONCoding.encoder(compact: data.count > JSONCoding.compactAbove).encode(self)
    }
}

/// The one JSON configuration of every document MarginOracle writes.
public enum JSONCoding {
    /// Documents of data sets with more points than this are written on one line (`solve`).
    public static let compactAbove = 1000

    /// Sorted keys (key order is otherwise random per process), pretty printed unless `compact`, `/`
    /// unescaped.
    public static func encoder(compact: Bool = false) -> JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting =
            compact ? [.sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return e
    }
}
