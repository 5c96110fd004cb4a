import Exact
import Foundation
import StrictJSON

/// The JSON document of `margin-oracle kkt` (schema `margin-oracle/kkt/v1`): how far a trained
/// homogeneous model is from a KKT point of the margin problem in one geometry, certified.
///
/// The problem is embedded when it is small (``KKTDocument/embedLimit`` numbers); otherwise the
/// document names the input file with its size and SHA-256, and `verify` re-reads and re-hashes
/// it (`verify DOC --data PATH` when it has moved) and refuses a mismatch.
public struct KKTDocument: Codable, Sendable, Equatable {
    public static let schemaName = "margin-oracle/kkt/v1"
    /// Problems with at most this many numbers (`n P + n + P + 1`) are embedded.
    public static let embedLimit = 1_000_000

    /// The input file a large document refers to.
    public typealias InputReference = FileReference

    public var schema: String
    public var geometry: Norm
    /// `tau`, as given (the certificate holds its exact value).
    public var tolerance: Double
    public var order: Double
    /// `[n, P]`.
    public var shape: [Int]
    public var qMin: Double
    /// `q_min / ||theta||^L` in the geometry's norm (double arithmetic).
    public var normalizedMargin: Double
    /// The relative residual: `sqrt(certificate.upper)` (l2) or `certificate.upper`, correctly rounded.
    public var epsilon: Double
    /// `sum_n lambda_n (q_n(theta~) - 1)` with `lambda_n = mu_n q_min^((L-2)/L)` (double arithmetic).
    public var delta: Double
    /// The near-active points `A`, increasing.
    public var active: [Int]
    /// The points with a positive multiplier, increasing, and their multipliers `lambda_n` at
    /// `theta~` (doubles; the exact `mu_n` at `theta` are in the certificate).
    public var support: [Int]
    public var multipliers: [Double]
    public var certificate: KKTCertificate
    public var problem: KKTProblem?
    public var input: InputReference?

    enum CodingKeys: String, CodingKey {
        case schema, geometry, tolerance, order, shape, epsilon, delta, active, support, multipliers, certificate
        case problem, input
        case qMin = "q_min"
        case normalizedMargin = "normalized_margin"
    }

    /// The document of a certified answer; every derived number is computed here, the way
    /// ``problems(data:)`` recomputes it.
    public init(
        problem: KKTProblem, certificate: KKTCertificate, tolerance: Double, input: InputReference?, embed: Bool
    ) {
        let d = Self.derived(problem, certificate)
        schema = Self.schemaName
        geometry = certificate.geometry
        self.tolerance = tolerance
        order = problem.order
        shape = [problem.pointCount, problem.parameterCount]
        qMin = d.qMin
        normalizedMargin = d.normalizedMargin
        epsilon = d.epsilon
        delta = d.delta
        active = d.active
        support = certificate.multipliers.points
        multipliers = d.multipliers
        self.certificate = certificate
        self.problem = embed ? problem : nil
        self.input = input
    }

    struct Derived {
        var qMin: Double
        var normalizedMargin: Double
        var epsilon: Double
        var delta: Double
        var active: [Int]
        var multipliers: [Double]
    }

    static func derived(_ p: KKTProblem, _ c: KKTCertificate) -> Derived {
        let qMin = p.margins.min() ?? 0
        // ||theta|| scaled through its largest entry, so that 1e-200 entries do not underflow in l2.
        let largest = p.parameters.reduce(0.0) { max($0, abs($1)) }
        let norm = largest > 0 ? largest * c.geometry.value(p.parameters.map { $0 / largest }) : 0
        let sets = KKTSets(p, geometry: c.geometry, tolerance: c.tolerance)
        let factor = pow(qMin, (p.order - 2) / p.order)
        let lambda = c.multipliers.weights.map { $0.doubleValue * factor }
        var delta = 0.0
        for (n, l) in zip(c.multipliers.points, lambda) where n < p.pointCount {
            delta += l * (p.margins[n] / qMin - 1)
        }
        return Derived(
            qMin: qMin, normalizedMargin: pow(pow(qMin, 1 / p.order) / norm, p.order),
            epsilon: c.squared ? c.upper.squareRootDouble : c.upper.doubleValue, delta: delta,
            active: sets?.active ?? [], multipliers: lambda)
    }

    /// Re-checks the certificate against the problem (embedded, or read from `input.file` or from
    /// `data` when given, whose SHA-256 must match) and every claimed number; empty when correct.
    /// Exact: the certificate's bounds, `epsilon` (bit for bit), `active`, `support`, `shape`,
    /// `q_min`, `order`, `tolerance`. Double arithmetic, compared to a relative 1e-12:
    /// `normalized_margin`, `delta`, `multipliers` (they involve `pow`, whose last bit may differ
    /// between C libraries).
    public func problems(data: String? = nil) -> [String] {
        var found: [String] = []
        if schema != Self.schemaName { found.append("schema is '\(schema)', expected '\(Self.schemaName)'") }
        let resolved: KKTProblem
        switch resolveProblem(data: data) {
        case .failure(let why): return found + [why.description]
        case .success(let p): resolved = p
        }
        guard let tau = Rational(exactly: tolerance), tau == certificate.tolerance else {
            return found + [
                "tolerance \(tolerance) is not the certificate's exact tolerance \(certificate.tolerance.brief)"
            ]
        }
        if geometry != certificate.geometry {
            found.append(
                "geometry claims \(geometry.rawValue) but the certificate is for \(certificate.geometry.rawValue)")
        }
        let v = KKTChecker.verify(certificate, against: resolved)
        guard v.valid else { return found + ["certificate rejected: \(v.reason ?? "")"] }
        if v.lower != certificate.lower {
            found.append("certificate.lower claims \(certificate.lower.brief) but the witnesses prove \(v.lower.brief)")
        }
        if v.upper != certificate.upper {
            found.append("certificate.upper claims \(certificate.upper.brief) but the witnesses prove \(v.upper.brief)")
        }
        if certificate.squared != (certificate.geometry == .l2) {
            found.append(
                "certificate.squared must be \(certificate.geometry == .l2) for \(certificate.geometry.rawValue)")
        }
        if certificate.exact != (v.lower == v.upper) {
            found.append(
                "certificate.exact claims \(certificate.exact) but the bounds are \(v.lower == v.upper ? "" : "not ")equal"
            )
        }
        let d = Self.derived(resolved, certificate)
        if !DocumentRounding.same(epsilon, d.epsilon) {
            found.append("epsilon claims \(epsilon) but the certificate proves \(d.epsilon)")
        }
        if order != resolved.order { found.append("order claims \(order) but the problem's is \(resolved.order)") }
        if shape != [resolved.pointCount, resolved.parameterCount] {
            found.append("shape claims \(shape) but the problem is \([resolved.pointCount, resolved.parameterCount])")
        }
        if !DocumentRounding.same(qMin, d.qMin) {
            found.append("q_min claims \(qMin) but the margins' minimum is \(d.qMin)")
        }
        if active != d.active { found.append("active is not the set of points with q_n <= (1 + tau) q_min") }
        if support != certificate.multipliers.points {
            found.append("support is not the set of points with a multiplier in the certificate")
        }
        if !close(normalizedMargin, d.normalizedMargin) {
            found.append(
                "normalized_margin claims \(normalizedMargin) but q_min / ||theta||^L is \(d.normalizedMargin)")
        }
        if !close(delta, d.delta) { found.append("delta claims \(delta) but the multipliers give \(d.delta)") }
        if multipliers.count != d.multipliers.count || !zip(multipliers, d.multipliers).allSatisfy(close) {
            found.append("multipliers are not lambda_n = mu_n q_min^((L-2)/L) of the certificate's mu")
        }
        return found
    }

    /// The reported doubles that are not finite (JSON has no such numbers), or `nil`: a
    /// `normalized_margin` or multiplier beyond the double range, for a theta of extreme scale.
    public var nonFinite: String? {
        var names: [String] = []
        if !normalizedMargin.isFinite { names.append("normalized_margin") }
        if !delta.isFinite { names.append("delta") }
        if !epsilon.isFinite { names.append("epsilon") }
        if multipliers.contains(where: { !$0.isFinite }) { names.append("multipliers") }
        return names.isEmpty ? nil : names.joined(separator: ", ")
    }

    private func close(_ a: Double, _ b: Double) -> Bool {
        a == b || abs(a - b) <= 1e-12 * max(abs(a), abs(b))
    }

    private func resolveProblem(data: String?) -> Result<KKTProblem, DocumentInputError> {
        if let problem, data == nil {
            if let why = problem.problem { return .failure(DocumentInputError("problem is invalid: \(why)")) }
            return .success(problem)
        }
        guard let path = data ?? input?.file else {
            return .failure(DocumentInputError("the document embeds no problem and names no input file"))
        }
        let bytes: [UInt8]
        switch FileReference.read(path, matching: input, what: "problem") {
        case .success(let f):
            if let why = f.mismatch() { return .failure(why) }
            bytes = Array(f.file.bytes)
        case .failure(let why): return .failure(why)
        }
        do {
            let p = try KKTProblem.parse(bytes, name: path)
            if let problem, p != problem {
                return .failure(DocumentInputError("'\(path)' differs from the problem embedded in the document"))
            }
            return .success(p)
        } catch { return .failure(DocumentInputError("\(error)")) }
    }
}
