import Exact

/// A fixture file (schema `margin-oracle/fixture/v2`) as `verify` reads it: the data and the
/// `oracle` section are claims; the rest (generator, expectations, trajectory) is the training
/// protocol for other implementations, read but not a claim of the oracle.
///
/// What is proven: every norm answer (`oracle.l1`, `oracle.l2`, `oracle.linf`) exactly as a
/// solution document (``SolutionDocument/problems()``; a fixture has no `dual` doubles), `unique`
/// for l2 (the l2 max-margin direction of separable data is unique, so it must be `true`), and for
/// each `oracle.lexicographic` answer that its `weights` lie in the unit ball, that every point's
/// margin there is the level it is listed at, that the levels increase and partition the points,
/// that `sorted_margins` follows, and that the first level is the certified max margin. What a
/// fixture carries no witnesses for is reported as unchecked: the leximin optimality of the later
/// levels, `unique` for l1 and linf, `oracle.two_layer`, `oracle.ensemble`. The expectations'
/// limits are claims too: a `predictor_margin` limit must be the oracle's margin in its norm
/// (`limit` and `limit_exact` both), and a two-layer limit on symmetric data written as
/// `limit_exact = "sqrt(r)"` must be `(1 + alpha)^2 gamma2*^2 / 16` with alpha = 0.1 (the closed
/// form of Lyu et al. 2021), correctly rounded; the measured parts (tolerances, controls) are not.
public struct FixtureOracleDocument: Decodable, Sendable {
    public static let schemaName = "margin-oracle/fixture/v2"

    public struct NormAnswer: Decodable, Sendable {
        public var separable: Bool
        public var margin: Double
        public var marginExact: String?
        public var weights: [Double]
        public var unique: Bool
        public var support: [Int]
        public var certificate: SolutionDocument.CertificateBlock

        enum CodingKeys: String, CodingKey {
            case separable, margin, weights, unique, support, certificate
            case marginExact = "margin_exact"
        }
    }

    public struct LexicographicAnswer: Decodable, Sendable {
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

    public struct OracleSection: Decodable, Sendable {
        public var l1: NormAnswer
        public var l2: NormAnswer
        public var linf: NormAnswer
        public var lexicographic: [String: LexicographicAnswer]?
        public var twoLayer: OpaqueJSON?
        public var ensemble: OpaqueJSON?

        enum CodingKeys: String, CodingKey {
            case l1, l2, linf, lexicographic, ensemble
            case twoLayer = "two_layer"
        }
    }

    public var schema: String
    public var id: String
    public var description: String
    public var generator: OpaqueJSON
    public var data: Dataset
    public var oracle: OracleSection
    public var expectations: [ExpectationLimit]
    public var omitted: OpaqueJSON
    public var trajectory: OpaqueJSON?

    /// The limit an expectation states (the rest of the expectation is read and not interpreted).
    public struct ExpectationLimit: Decodable, Sendable {
        public var id: String
        public var quantity: String
        public var norm: String
        public var model: String
        public var limit: Double
        public var limitExact: String?

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: OpaqueJSON.AnyKey.self)
            func key(_ s: String) -> OpaqueJSON.AnyKey { OpaqueJSON.AnyKey(stringValue: s)! }
            id = try c.decode(String.self, forKey: key("id"))
            quantity = try c.decode(String.self, forKey: key("quantity"))
            norm = try c.decode(String.self, forKey: key("norm"))
            model = try c.decode(String.self, forKey: key("model"))
            limit = try c.decode(Double.self, forKey: key("limit"))
            limitExact = try c.decodeIfPresent(String.self, forKey: key("limit_exact"))
            let read: Set<String> = ["id", "quantity", "norm", "model", "limit", "limit_exact"]
            for k in c.allKeys where !read.contains(k.stringValue) { _ = try c.decode(OpaqueJSON.self, forKey: k) }
        }
    }

    /// The claims that failed (empty when every checked claim is proven).
    public func problems() -> [String] {
        var found: [String] = []
        if schema != Self.schemaName { found.append("schema is '\(schema)', expected '\(Self.schemaName)'") }
        for norm in Norm.allCases {
            let a = answer(norm)
            let doc = SolutionDocument(
                norm: norm, separable: a.separable, margin: a.margin, weights: a.weights,
                dual: a.certificate.dual.weights.map(\.doubleValue), support: a.support,
                certificate: SolutionDocument.CertificateBlock(
                    lower: a.certificate.lower, upper: a.certificate.upper, exact: a.certificate.exact,
                    squared: a.certificate.squared, marginExact: a.marginExact, primal: a.certificate.primal,
                    dual: a.certificate.dual),
                data: data)
            found += doc.problems().map { "oracle.\(norm.rawValue): \($0)" }
            if a.certificate.marginExact != a.marginExact {
                found.append("oracle.\(norm.rawValue): certificate.margin_exact and margin_exact differ")
            }
            if norm == .l2, a.separable, !a.unique {
                found.append(
                    "oracle.l2.unique claims false, but the l2 max-margin direction of separable data is unique")
            }
        }
        for (key, lex) in (oracle.lexicographic ?? [:]).sorted(by: { $0.key < $1.key }) {
            guard let norm = Norm(rawValue: key), norm != .l2 else {
                found.append("oracle.lexicographic.\(key): not a norm with a leximin answer (l1, linf)")
                continue
            }
            found += lexicographicProblems(lex, norm).map { "oracle.lexicographic.\(key): \($0)" }
        }
        for e in expectations { found += limitProblems(e).map { "expectations[\(e.id)]: \($0)" } }
        return found
    }

    /// Whether an expectation's limit is the oracle's (see the type's comment).
    private func limitProblems(_ e: ExpectationLimit) -> [String] {
        guard let norm = Norm(rawValue: e.norm) else { return ["norm '\(e.norm)' is not l1, l2 or linf"] }
        if e.quantity == "predictor_margin" {
            let a = answer(norm)
            var found: [String] = []
            if e.limit.bitPattern != a.margin.bitPattern {
                found.append("limit \(e.limit) is not oracle.\(norm.rawValue).margin \(a.margin)")
            }
            if e.limitExact != a.marginExact {
                found.append("limit_exact is not oracle.\(norm.rawValue).margin_exact")
            }
            return found
        }
        guard e.model == "two-layer", let text = e.limitExact else { return [] }
        let l2 = answer(.l2).certificate
        guard let r = Rational.documentSquareRootText(text), l2.exact, l2.squared
        else { return ["limit_exact '\(text)' is not sqrt of a canonical rational over an exact l2 answer"] }
        var found: [String] = []
        if r != Rational(121, 1600) * l2.lower {
            found.append("limit_exact \(text) is not (1.1)^2 gamma2*^2 / 16 = sqrt(\(Rational(121, 1600) * l2.lower))")
        }
        if e.limit.bitPattern != r.squareRootDouble.bitPattern {
            found.append("limit \(e.limit) is not the correctly rounded square root of limit_exact")
        }
        return found
    }

    /// What the fixture states without witnesses, which `verify` therefore does not prove.
    public var unchecked: [String] {
        var out: [String] = []
        for norm in [Norm.l1, .linf] where answer(norm).separable {
            out.append("oracle.\(norm.rawValue).unique (no witness of uniqueness in a fixture)")
        }
        for key in (oracle.lexicographic ?? [:]).keys.sorted() {
            out.append(
                "oracle.lexicographic.\(key): optimality of the levels after the first (no stage certificates in a fixture; `solve --lexicographic` writes them)"
            )
        }
        if oracle.twoLayer != nil {
            out.append("oracle.two_layer (no witnesses in a fixture; `solve --model two-layer` writes them)")
        }
        if oracle.ensemble != nil { out.append("oracle.ensemble (no witnesses in a fixture)") }
        for e in expectations where e.model == "two-layer" && e.limitExact == nil {
            out.append("expectations[\(e.id)].limit (rests on oracle.two_layer)")
        }
        out.append("expectations: tolerances, measured gaps and controls (measurements of our trainer, not proofs)")
        return out
    }

    private func answer(_ norm: Norm) -> NormAnswer {
        switch norm {
        case .l1: return oracle.l1
        case .l2: return oracle.l2
        case .linf: return oracle.linf
        }
    }

    private func lexicographicProblems(_ lex: LexicographicAnswer, _ norm: Norm) -> [String] {
        let z = data.signedPoints
        let w = lex.weights
        guard w.count == data.dimension else { return ["weights have \(w.count) coordinates, not \(data.dimension)"] }
        var found: [String] = []
        let size = norm == .linf ? w.map(\.magnitude).max() ?? .zero : w.reduce(Rational.zero) { $0 + $1.magnitude }
        if size > .one { found.append("weights have norm \(size) > 1") }
        guard lex.levelPoints.count == lex.levels.count else { return found + ["level_points do not match levels"] }
        var seen = [Bool](repeating: false, count: z.count)
        var margins: [Rational] = []
        let x = ExactMargins(w)
        for (k, (level, points)) in zip(lex.levels, lex.levelPoints).enumerated() {
            if k > 0, !(lex.levels[k - 1] < level) { found.append("level \(k) does not exceed the previous level") }
            if points.isEmpty || zip(points, points.dropFirst()).contains(where: { $0 >= $1 }) {
                found.append("level \(k): its points are empty or not strictly increasing")
            }
            guard points.allSatisfy({ $0 >= 0 && $0 < z.count && !seen[$0] }) else {
                found.append("level \(k): a point is out of range or listed twice")
                continue
            }
            for n in points { seen[n] = true }
            if let i = x.compare(points.map { z[$0] }, with: level).firstIndex(where: { $0 != 0 }) {
                found.append("point \(points[i]): its margin at the weights is not its level \(level)")
            }
            margins += points.map { _ in level }
        }
        if let n = seen.firstIndex(of: false) { found.append("point \(n) is at no level") }
        if lex.sortedMargins != margins { found.append("sorted_margins do not follow from the levels") }
        if let first = lex.levels.first, answer(norm).certificate.exact, answer(norm).certificate.lower != first {
            found.append("the first level \(first) is not the certified max margin \(answer(norm).certificate.lower)")
        }
        return found
    }
}

/// Any JSON value, read (every key counts as used) and not interpreted.
public struct OpaqueJSON: Decodable, Sendable {
    public struct AnyKey: CodingKey {
        public var stringValue: String
        public var intValue: Int? { nil }
        public init?(stringValue: String) { self.stringValue = stringValue }
        public init?(intValue: Int) { nil }
    }

    public init(from decoder: any Decoder) throws {
        if let c = try? decoder.container(keyedBy: AnyKey.self) {
            for k in c.allKeys { _ = try c.decode(OpaqueJSON.self, forKey: k) }
        } else if var u = try? decoder.unkeyedContainer() {
            while !u.isAtEnd { _ = try u.decode(OpaqueJSON.self) }
        }
    }
}
