import Foundation
import Oracle
import Trainer

/// What one property measured on one generated data set: its checks (the claim and its negative
/// controls) and the numbers the flakiness table is made of.
public struct GeneratedResult: Sendable {
    public var checks: [Check]
    /// Named measurements (relative gaps, ratios), for the distribution over seeds.
    public var measured: [(name: String, value: Double)]

    public init(checks: [Check], measured: [(name: String, value: Double)]) {
        self.checks = checks
        self.measured = measured
    }
}

/// A catalogue claim as a randomized property over generated data (issue 21): the quantity must
/// approach the oracle's limit *for that data set* within a budget and a tolerance from the claim's
/// rate (measured over 200 seeds: Tests/PropertyTests/README.md), and a negative control must tell
/// the limit from the one the theory gives another algorithm, wherever the oracle says they differ.
public struct GeneratedProperty: Sendable {
    /// The catalogue claim (`P6`, ...).
    public let id: String
    public let title: String
    /// Theorem and provenance tag, as in the catalogue.
    public let source: String
    /// The sizes of the full runs (the range unless the algorithm's cost forbids it).
    public let sizes: SizeRange
    /// The families it runs on.
    public let families: [DataFamily]
    let body: @Sendable (GeneratedCase, ClaimContext) throws -> GeneratedResult
    /// A property's own data draw (P20's fragile sets), instead of the planted families.
    let draw: (@Sendable (UInt64) -> GeneratedCase)?

    init(
        id: String, title: String, source: String, sizes: SizeRange = .full,
        families: [DataFamily] = DataFamily.allCases, draw: (@Sendable (UInt64) -> GeneratedCase)? = nil,
        body: @escaping @Sendable (GeneratedCase, ClaimContext) throws -> GeneratedResult
    ) {
        self.id = id
        self.title = title
        self.source = source
        self.sizes = sizes
        self.families = families
        self.draw = draw
        self.body = body
    }

    /// The same property drawing from other families (for measuring a family it excludes).
    public func drawing(from families: [DataFamily]) -> GeneratedProperty {
        GeneratedProperty(
            id: id, title: title, source: source, sizes: sizes, families: families, draw: draw, body: body)
    }

    /// The data set of `seed` for this property (family and size drawn from the seed).
    public func generated(seed: UInt64, sizes override: SizeRange? = nil) -> GeneratedCase {
        if let draw { return draw(seed) }
        var g = SplitMix64(seed: seed)
        let family = families[g.below(families.count)]
        return GeneratedData.draw(seed: seed, sizes: override ?? sizes, family: family)
    }

    /// Runs the property on the data set of `seed`.
    public func run(seed: UInt64, sizes override: SizeRange? = nil, context: ClaimContext = ClaimContext())
        -> GeneratedOutcome
    {
        run(on: generated(seed: seed, sizes: override), context: context)
    }

    /// Runs the property on a given case; an error of the oracle becomes a failed check.
    public func run(on c: GeneratedCase, context: ClaimContext = ClaimContext()) -> GeneratedOutcome {
        do {
            return GeneratedOutcome(id: id, generated: c, result: try body(c, context))
        } catch {
            return GeneratedOutcome(
                id: id, generated: c,
                result: GeneratedResult(checks: [Check("the oracle answered", false, "\(error)")], measured: []))
        }
    }

    /// A smaller data set on which the property still fails (points removed a half, then one at a
    /// time; then features), for the message of a failing case. Runs the property many times: for
    /// local runs, not CI.
    public func shrink(_ failing: GeneratedOutcome, context: ClaimContext = ClaimContext(), budget: Int = 60)
        -> GeneratedOutcome
    {
        var best = failing
        var tries = 0
        func attempt(_ points: [[Double]], _ labels: [Double]) -> Bool {
            guard tries < budget, points.count >= 2, let data = try? Dataset(points: points, labels: labels)
            else { return false }
            tries += 1
            let outcome = run(
                on: GeneratedCase(seed: best.generated.seed, family: best.generated.family, data: data),
                context: context)
            if outcome.passed { return false }
            best = outcome
            return true
        }
        var progress = true
        while progress && tries < budget {
            progress = false
            let data = best.generated.data
            let n = data.count
            if n >= 4 && attempt(Array(data.points[0..<(n / 2)]), Array(data.labels[0..<(n / 2)])) {
                progress = true
                continue
            }
            for k in (0..<n).reversed() where tries < budget {
                var points = data.points
                var labels = data.labels
                points.remove(at: k)
                labels.remove(at: k)
                if attempt(points, labels) {
                    progress = true
                    break
                }
            }
            if progress { continue }
            for j in (0..<data.dimension).reversed() where data.dimension > 1 && tries < budget {
                if attempt(
                    data.points.map { p in p.enumerated().filter { $0.offset != j }.map(\.element) }, data.labels)
                {
                    progress = true
                    break
                }
            }
        }
        return best
    }
}

/// One property on one generated data set.
public struct GeneratedOutcome: Sendable {
    public let id: String
    public let generated: GeneratedCase
    public let result: GeneratedResult

    public var passed: Bool { result.checks.allSatisfy(\.passed) }
    /// The first failing check.
    public var failure: String? { result.checks.first { !$0.passed }.map { "\($0.name): \($0.detail)" } }
    /// The value of a named measurement.
    public func measured(_ name: String) -> Double? { result.measured.first { $0.name == name }?.value }

    /// The seed, the family and the data, for a failure message (replayable with the seed alone).
    public var replay: String {
        let d = generated.data
        let shown = d.count <= 40 ? " points \(d.points) labels \(d.labels)" : " (data: GeneratedData.draw(seed:))"
        return "\(id) seed \(generated.seed) \(generated.summary)\(shown)"
    }
}
