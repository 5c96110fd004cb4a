import Foundation
import Oracle

/// A property run over many seeds: how often it held, the failing seeds, and the distribution of
/// each measurement (the flakiness table of Tests/PropertyTests/README.md and `reproduce`'s column).
public struct GeneratedSurvey: Sendable {
    public let id: String
    public let outcomes: [GeneratedOutcome]

    public init(id: String, outcomes: [GeneratedOutcome]) {
        self.id = id
        self.outcomes = outcomes
    }

    public var held: Int { outcomes.filter(\.passed).count }
    public var failures: [GeneratedOutcome] { outcomes.filter { !$0.passed } }

    /// Worst (largest), 90th percentile and median of a measurement over the outcomes that have it
    /// (NaN counts as worst).
    public func distribution(_ name: String) -> (worst: Double, p90: Double, median: Double, count: Int)? {
        let values = outcomes.compactMap { $0.measured(name) }
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted { a, b in a.isNaN ? false : (b.isNaN ? true : a < b) }
        let at = { (q: Double) in sorted[min(sorted.count - 1, Int(q * Double(sorted.count - 1)))] }
        return (sorted[sorted.count - 1], at(0.9), at(0.5), values.count)
    }

    /// The smallest value of a measurement (for controls, where the bound is from below).
    public func smallest(_ name: String) -> Double? {
        outcomes.compactMap { $0.measured(name) }.min { a, b in a.isNaN ? true : (b.isNaN ? false : a < b) }
    }
}

extension GeneratedProperty {
    /// The seed of case `i` of a survey with base seed `base` (SplitMix64 of the pair, so nearby
    /// indices give unrelated data).
    public static func seed(_ i: Int, base: UInt64, salt: UInt64) -> UInt64 {
        var g = SplitMix64(seed: base ^ (salt &* 0x1_0000_0001) &+ UInt64(i))
        return g.next()
    }

    /// Runs the property on `count` seeds (in parallel on the machine's cores; the outcomes are in
    /// seed order whatever the scheduling, and each outcome depends only on its seed).
    public func survey(
        count: Int, base: UInt64, sizes: SizeRange? = nil, context: ClaimContext = ClaimContext()
    ) -> GeneratedSurvey {
        let salt = UInt64(id.dropFirst()) ?? 0
        let box = OutcomeBox(count: count)
        DispatchQueue.concurrentPerform(iterations: count) { i in
            box.set(i, run(seed: Self.seed(i, base: base, salt: salt), sizes: sizes, context: context))
        }
        return GeneratedSurvey(id: id, outcomes: box.values.compactMap { $0 })
    }
}

/// Results written by index from concurrent workers.
private final class OutcomeBox: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var values: [GeneratedOutcome?]
    init(count: Int) { values = [GeneratedOutcome?](repeating: nil, count: count) }
    func set(_ i: Int, _ v: GeneratedOutcome) {
        lock.lock()
        values[i] = v
        lock.unlock()
    }
}
