import Exact

/// The witnesses behind a max-margin answer, checkable without the solver.
///
/// - `primal`: a weight vector `w` (any positive scale; the checker normalizes exactly). It proves
///   `gamma* >= min_n z_n . w / ||w||` (and `gamma* >= 0`, attained by `w = 0`).
/// - `dual`: weights `lambda` on the points, on the probability simplex. Weak duality gives
///   `gamma* <= ||sum_n lambda_n z_n||_*` in the dual norm (SPEC.md 7.1).
///
/// For l2 both bounds are compared as squares, which are rational. When the data are not
/// separable the dual alone is the certificate: `sum_n lambda_n z_n = 0` exactly.
public struct MarginCertificate: Sendable, Equatable, Codable {
    /// The norm of the max-margin problem.
    public var norm: Norm
    /// The primal witness `w`, or `nil` (non-separable data need none).
    public var primal: [Rational]?
    /// The dual witness `lambda` (one weight per point).
    public var dual: [Rational]

    public init(norm: Norm, primal: [Rational]?, dual: [Rational]) {
        self.norm = norm
        self.primal = primal
        self.dual = dual
    }
}

extension Rational: Codable {
    /// Encodes as the exact string `"p/q"`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }

    /// Decodes `"p/q"` or `"p"`.
    /// The longest text of an exact rational accepted in a document, in characters (a stated limit,
    /// so that a hostile document cannot make `verify` spend minutes in one number).
    public static let maximumLength = 200_000

    /// The rational a document's text states, canonically written (``init(parsingCanonical:)``) and at
    /// most ``maximumLength`` characters; `nil` otherwise. Every exact number a document holds as text
    /// goes through here or through ``init(from:)``, so the stated limit holds for all of them.
    public static func documentText(_ text: String) -> Rational? {
        text.utf8.count <= maximumLength ? Rational(parsingCanonical: text) : nil
    }

    /// The radicand of a document's `"sqrt(p/q)"` text (an l2 margin or a two-layer limit, whose value
    /// is the square root), under the same rules as ``documentText(_:)``; `nil` otherwise.
    public static func documentSquareRootText(_ text: String) -> Rational? {
        guard text.hasPrefix("sqrt("), text.hasSuffix(")"), text.utf8.count >= 6 else { return nil }
        return documentText(String(text.dropFirst(5).dropLast()))
    }

    /// Decodes the canonical text of a rational: `"p/q"` in lowest terms with `q > 1`, or `"p"`
    /// (no `+`, no leading zeros, no `-0`): one spelling per value, so two readers cannot disagree.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        let s = try c.decode(String.self)
        if s.utf8.count > Self.maximumLength {
            throw DecodingError.dataCorruptedError(
                in: c, debugDescription: "an exact rational longer than \(Self.maximumLength) characters")
        }
        guard let r = Rational(parsingCanonical: s) else {
            throw DecodingError.dataCorruptedError(
                in: c,
                debugDescription:
                    "'\(s.prefix(60))' is not an exact rational \"p/q\" in lowest terms (q > 1) or an integer \"p\"")
        }
        self = r
    }
}
