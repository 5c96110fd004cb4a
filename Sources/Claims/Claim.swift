import Oracle
import Trainer

/// One named pass/fail condition of a claim; negative controls are checks too.
public struct Check: Sendable {
    public var name: String
    public var passed: Bool
    /// The measured value and the bound it was held to, in words.
    public var detail: String

    public init(_ name: String, _ passed: Bool, _ detail: String) {
        self.name = name
        self.passed = passed
        self.detail = detail
    }
}

/// A curve for the plot of a claim: values at steps.
public struct Series: Sendable {
    public var label: String
    public var points: [(step: Int, value: Double)]
    /// The y-axis label (quantity and unit) of the plot panel this series goes to; `nil`: the
    /// report's quantity. Series of different scales get different axes, hence separate panels.
    public var axis: String? = nil
}

/// What running a claim produced.
public struct ClaimReport: Sendable {
    public var id: String
    public var title: String
    /// Paper, theorem, and provenance tag ([V], [A], [R], [D], [M]); says when the test uses a faster
    /// algorithm than the theorem's.
    public var source: String
    public var setting: String
    /// The quantity watched and its limit from the oracle or a closed form.
    public var quantity: String
    public var limit: Double?
    public var reached: Double?
    public var checks: [Check]
    public var series: [Series]
    /// Horizontal reference lines for the plot (label, value).
    public var references: [(label: String, value: Double)]

    public var passed: Bool { checks.allSatisfy(\.passed) }
    public var gap: Double? {
        guard let l = limit, let r = reached else { return nil }
        return l - r
    }
    /// The first failing check, for messages.
    public var failure: String? { checks.first { !$0.passed }.map { "\($0.name): \($0.detail)" } }
}

/// A claim of the catalogue (SPEC.md section 9): an id, and how to check it.
public struct Claim: Sendable {
    public var id: String
    public var title: String
    /// Whether `reproduce --quick` runs it.
    public var quick: Bool
    /// A benchmark claim (SPEC.md: P9, P11): millions of steps, run by `reproduce` in full mode; the test
    /// suite runs it on a shorter horizon instead of through the catalogue's per-claim tests.
    public var benchmark: Bool
    /// Runs the claim. It may throw when the oracle fails (a broken solver); ``report(_:)`` turns
    /// that into a failed check instead of a crash, so the claims after it still run.
    public var body: @Sendable (ClaimContext) throws -> ClaimReport

    public init(
        id: String, title: String, quick: Bool = true, benchmark: Bool = false,
        run: @escaping @Sendable (ClaimContext) throws -> ClaimReport
    ) {
        self.id = id
        self.title = title
        self.quick = quick
        self.benchmark = benchmark
        self.body = run
    }

    /// The claim's report; an error of the oracle or the trainer becomes a failed check naming it.
    public func run(_ context: ClaimContext) -> ClaimReport {
        do { return try body(context) } catch {
            return ClaimReport(
                id: id, title: title, source: "", setting: "", quantity: "", limit: nil, reached: nil,
                checks: [Check("the oracle answered", false, "\(error)")], series: [], references: [])
        }
    }
}

/// How to run a claim: against the real trainer or a deliberately broken one.
public struct ClaimContext: Sendable {
    public var mutation: Mutation
    public init(mutation: Mutation = .none) { self.mutation = mutation }
}

/// Formats a number for messages.
func show(_ v: Double) -> String { v.isFinite ? String(format: "%.6g", v) : "\(v)" }
