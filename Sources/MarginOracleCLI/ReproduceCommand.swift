import ArgumentParser
import Claims
import Dispatch
import Foundation

/// `margin-oracle reproduce [--quick] [--out DIR]`: the main job.
struct ReproduceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reproduce",
        abstract: "Run the property catalogue on the reference data sets: a table of claims and SVG plots.",
        discussion: """
            For each claim of SPEC.md section 9 (P1-P23 and P25; --quick leaves out the benchmark claims P9 and P11, \
            about 6 s of 1e6-1e7 GD steps): the paper and provenance \
            tag, the setting, the oracle's limit, the reached value, the gap and the verdict (every check, \
            negative controls included, must pass). Writes one SVG per claim (trajectories against the \
            oracle's limits, log-scaled steps) and summary.md into --out. Beside each claim with a \
            randomized form (P4-P8, P12, P15-P18, P20, P23, P25) the column "generated data" gives on how many \
            of --generated generated data sets (families planted, anisotropic, duplicated, degenerate; P20: \
            fragile; P15 also sparse; \
            seeds from --generated-seed) the claim held, with the seeds of the failures; a failing seed is \
            replayed alone with --claim P.. --replay SEED (add --generated 0 --quick to skip the rest). Exit code 1 if any claim fails on the \
            reference set or on a generated data set.
            """)

    @Flag(help: "Only the claims marked quick (under a minute in a release build).") var quick = false
    @Option(help: "Directory for the SVG plots and summary.md.") var out: String = "reproduce-output"
    @Option(name: .customLong("claim"), help: "Run only these claims (repeatable), e.g. --claim P5.") var only:
        [String] = []
    @Option(help: "Generated data sets per randomized claim (0: none; --quick: at most 5).") var generated: Int = 20
    @Option(help: "Base seed of the generated data sets.") var generatedSeed: UInt64 = 20_261_127
    @Option(help: "Run the generated-data form of the selected claims on this one data-set seed (a failing seed).")
    var replay: UInt64? = nil

    func validate() throws {
        guard (0...10_000).contains(generated) else { throw ValidationError("--generated must be in 0...10000.") }
        let known = Set(Catalogue.all.map(\.id))
        for id in only where !known.contains(id) {
            throw ValidationError("Unknown claim '\(id)'; known: \(Catalogue.all.map(\.id).joined(separator: ", ")).")
        }
    }

    func run() throws {
        let claims = Catalogue.all.filter { (only.isEmpty || only.contains($0.id)) && (!quick || $0.quick) }
        let results = ReportBox(count: claims.count)
        let start = DispatchTime.now().uptimeNanoseconds
        DispatchQueue.concurrentPerform(iterations: claims.count) { i in
            results.set(i, claims[i].run(ClaimContext()))
            printError("finished \(claims[i].id) (\(results.done)/\(claims.count))")
        }
        let reports = results.all
        let surveys = generatedSurveys(for: Set(claims.map(\.id)))
        let directory = URL(fileURLWithPath: out)
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            for r in reports where !r.series.isEmpty {
                try SVGPlot.render(r).write(
                    to: directory.appendingPathComponent("\(r.id).svg"), atomically: true, encoding: .utf8)
            }
            try (table(reports, surveys) + "\n" + plotIndex(reports, surveys)).write(
                to: directory.appendingPathComponent("summary.md"), atomically: true, encoding: .utf8)
        } catch {
            printError("cannot write into '\(out)': \(error.localizedDescription)")
            throw Exit.badInput
        }
        print(table(reports, surveys))
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let failed = reports.filter { !$0.passed }
        print(
            "\n\(reports.count - failed.count)/\(reports.count) claims hold (\(String(format: "%.1f", seconds)) s); plots and summary.md in \(out)/"
        )
        for r in failed { print("FAILED \(r.id): \(r.failure ?? "")") }
        let generatedFailures = surveys.values.flatMap(\.failures).sorted { $0.id < $1.id }
        for f in generatedFailures { print("FAILED \(f.replay): \(f.failure ?? "")") }
        var fragilityFails = false
        if let survey = surveys["P20"], replay == nil {
            let (missed, count, holds) = GeneratedProperty.fragility(survey)
            let share = "P20 fragility: small init missed the global optimum on \(missed) of \(count) fragile sets"
            switch holds {
            case nil:
                print(
                    "\(share) (the share >= \(GeneratedProperty.fragileShare) is judged from \(GeneratedProperty.fragileShareMinimum) sets: --generated)"
                )
            case true?: print("\(share) (>= \(GeneratedProperty.fragileShare): holds)")
            case false?:
                print("FAILED \(share): fewer than \(GeneratedProperty.fragileShare) of them")
                fragilityFails = true
            }
        }
        if !failed.isEmpty || !generatedFailures.isEmpty || fragilityFails { throw Exit.negative }
    }

    /// The randomized form of each selected claim, run on the generated data sets.
    private func generatedSurveys(for ids: Set<String>) -> [String: GeneratedSurvey] {
        var surveys: [String: GeneratedSurvey] = [:]
        if let seed = replay {
            for p in GeneratedProperty.all where ids.contains(p.id) {
                let outcome = p.run(seed: seed)
                printError("\(outcome.replay): \(outcome.passed ? "held" : outcome.failure ?? "")")
                surveys[p.id] = GeneratedSurvey(id: p.id, outcomes: [outcome])
            }
            return surveys
        }
        let count = quick ? min(generated, 5) : generated
        guard count > 0 else { return [:] }
        for p in GeneratedProperty.all where ids.contains(p.id) {
            printError("generated data: \(p.id) on \(count) data sets")
            surveys[p.id] = p.survey(count: count, base: generatedSeed)
        }
        return surveys
    }

    /// One section per claim: its table row, then its plot (claims without curves say so).
    private func plotIndex(_ reports: [ClaimReport], _ surveys: [String: GeneratedSurvey]) -> String {
        var out = "\n## Claims and their plots\n"
        for r in reports {
            out += "\n### \(r.id): \(r.title)\n\n" + table([r], surveys) + "\n\n"
            out +=
                r.series.isEmpty
                ? "(no curve: this claim checks a bound at every step or a final value)\n" : "![\(r.id)](\(r.id).svg)\n"
        }
        return out
    }

    private func table(_ reports: [ClaimReport], _ surveys: [String: GeneratedSurvey]) -> String {
        func f(_ v: Double?) -> String { v.map { $0.isFinite ? String(format: "%.6g", $0) : "\($0)" } ?? "-" }
        var lines = [
            "| claim | paper | setting | oracle limit | reached | gap | verdict | generated data |",
            "|---|---|---|---|---|---|---|---|",
        ]
        func cell(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|") }
        for r in reports {
            let verdict = r.passed ? "pass (\(r.checks.count) checks)" : "FAIL: \(r.failure ?? "")"
            var general = "-"
            if let s = surveys[r.id] {
                general = "held \(s.held)/\(s.outcomes.count)"
                let seeds = s.failures.map { String($0.generated.seed) }
                if !seeds.isEmpty { general += "; failing seeds \(seeds.prefix(5).joined(separator: ", "))" }
            }
            lines.append(
                "| \(r.id) \(cell(r.title)) | \(cell(r.source)) | \(cell(r.setting)) | \(f(r.limit)) | \(f(r.reached)) | \(f(r.gap)) | \(cell(verdict)) | \(general) |"
            )
        }
        return lines.joined(separator: "\n")
    }
}

/// Thread-safe slots for concurrently computed reports (kept in catalogue order).
final class ReportBox: @unchecked Sendable {
    private var slots: [ClaimReport?]
    private let lock = NSLock()
    private(set) var done = 0

    init(count: Int) { slots = [ClaimReport?](repeating: nil, count: count) }

    func set(_ i: Int, _ r: ClaimReport) {
        lock.lock()
        slots[i] = r
        done += 1
        lock.unlock()
    }

    var all: [ClaimReport] {
        lock.lock()
        defer { lock.unlock() }
        return slots.map { $0! }
    }
}
