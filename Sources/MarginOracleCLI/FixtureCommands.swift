import ArgumentParser
import FixtureKit
import Foundation
import Oracle
import StrictJSON

/// `margin-oracle generate --out DIR [--suite NAME] [--seed S]`
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write fixture suites (schema margin-oracle/fixture/v1) and their manifest.",
        discussion:
            "Suites: \(FixtureGenerator.suites.joined(separator: ", ")) (all by default). Same arguments, same bytes. Files are written atomically into DIR/<suite>/<id>.json, with DIR/manifest.json listing each file's SHA-256."
    )

    @Option(help: "Output directory.") var out: String
    @Option(name: .customLong("suite"), help: "Suite to generate (repeatable; default all).") var suites: [String] = []
    @Option(help: "Seed.") var seed: UInt64 = 1

    func validate() throws {
        for s in suites where !FixtureGenerator.suites.contains(s) {
            throw ValidationError(
                "Unknown suite '\(s)'; the suites are \(FixtureGenerator.suites.joined(separator: ", ")).")
        }
    }

    func run() throws {
        let root = URL(fileURLWithPath: out)
        var entries: [FixtureManifest.Entry] = []
        do {
            for name in AtomicWrite.removeStaleTemporaries(in: root) { printError("removed stale \(name)") }
            // Every suite's directory, generated now or not: a killed run may have left one anywhere.
            for suite in FixtureGenerator.suites where !suites.isEmpty && !suites.contains(suite) {
                for name in AtomicWrite.removeStaleTemporaries(in: root.appendingPathComponent(suite)) {
                    printError("removed stale \(suite)/\(name)")
                }
            }
            for suite in suites.isEmpty ? FixtureGenerator.suites : suites {
                let directory = root.appendingPathComponent(suite)
                for name in AtomicWrite.removeStaleTemporaries(in: directory) {
                    printError("removed stale \(suite)/\(name)")
                }
                var written: Set<String> = []
                for f in try FixtureGenerator.fixtures(suite: suite, seed: seed) {
                    let bytes = try f.encoded()
                    let relative = "\(suite)/\(f.id).json"
                    try AtomicWrite.write(bytes, to: root.appendingPathComponent(relative))
                    entries.append(.init(file: relative, sha256: SHA256.hex(Array(bytes)), description: f.description))
                    written.insert("\(f.id).json")
                    printError("wrote \(relative)")
                }
                // Fixtures of this suite that this run did not write (another seed's) would be
                // left out of the manifest: remove them, and say which.
                let present = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
                for name in present.sorted()
                where name.hasSuffix(".json") && !name.hasPrefix(".") && !written.contains(name) {
                    try FileManager.default.removeItem(at: directory.appendingPathComponent(name))
                    printError("removed \(suite)/\(name): this run did not write it")
                }
            }
            entries += try keptEntries(root: root, generated: Set(suites.isEmpty ? FixtureGenerator.suites : suites))
            entries.sort { $0.file < $1.file }
            var manifestBytes = try JSONCoding.encoder().encode(FixtureManifest(seed: seed, files: entries))
            manifestBytes.append(contentsOf: Array("\n".utf8))
            try AtomicWrite.write(manifestBytes, to: root.appendingPathComponent("manifest.json"))
        } catch let error as OracleError {
            throw fail(error)
        } catch {
            printError("cannot write fixtures into '\(out)': \(error.localizedDescription)")
            throw Exit.badInput
        }
        print("\(entries.count) fixtures in \(out)")
    }
}

extension GenerateCommand {
    /// The fixtures of the suites this run did not generate that are present in `root`, so that
    /// the manifest lists exactly the files there: their SHA-256 from disk, their description from
    /// the previous manifest (or the fixture itself). Each fixture's `generator.seed` says which
    /// seed made it.
    func keptEntries(root: URL, generated: Set<String>) throws -> [FixtureManifest.Entry] {
        let old: [String: String] = {
            guard let bytes = try? InputFile.bytes(of: root.appendingPathComponent("manifest.json").path),
                let m = try? StrictDecoder.decode(FixtureManifest.self, from: bytes, rejectUnknownKeys: false)
            else { return [:] }
            return Dictionary(m.files.map { ($0.file, $0.description) }, uniquingKeysWith: { a, _ in a })
        }()
        struct Described: Decodable { var description: String }
        var kept: [FixtureManifest.Entry] = []
        for suite in FixtureGenerator.suites where !generated.contains(suite) {
            let directory = root.appendingPathComponent(suite)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
            for name in names.sorted() where name.hasSuffix(".json") && !name.hasPrefix(".") {
                let relative = "\(suite)/\(name)"
                let bytes = try InputFile.bytes(of: directory.appendingPathComponent(name).path)
                let description =
                    old[relative]
                    ?? (try? StrictDecoder.decode(Described.self, from: bytes, rejectUnknownKeys: false))?.description
                    ?? "(not a fixture this version can read)"
                kept.append(.init(file: relative, sha256: SHA256.hex(bytes), description: description))
            }
        }
        if !kept.isEmpty {
            printError("kept \(kept.count) fixtures of suites this run did not generate (listed in the manifest)")
        }
        return kept
    }
}

/// `margin-oracle check FIXTURE --weights FILE [--expectation ID]`
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Judge another implementation's trained parameters against a fixture.",
        discussion: """
            Reports the margin reached (in the expectation's norm), the gap to the oracle's limit, the \
            cosine and angle to the oracle's direction (when unique), layer alignment (deep linear nets), \
            and a verdict against the expectation's tolerance. Exit 0 pass, 1 fail, 2 bad input. The \
            weights file format is documented in the README ("Fixtures").
            """)

    @Argument(help: "A fixture JSON file.") var fixture: String
    @Option(help: "The parameters to judge (JSON).") var weights: String
    @Option(help: "Which expectation of the fixture (default: the one matching the weights' model).") var expectation:
        String?

    func run() throws {
        do {
            let f: Fixture = try decode(fixture, as: Fixture.self, what: "fixture")
            let w: SubmittedWeights = try decode(
                weights, as: SubmittedWeights.self, what: "weights file", allowNonFinite: true)
            let report = try FixtureChecker.check(f, weights: w, expectationID: expectation)
            let encoder = JSONCoding.encoder()
            encoder.nonConformingFloatEncodingStrategy = .convertToString(
                positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
            writeOut(try encoder.encode(report))
            if !report.passed { throw Exit.negative }
        } catch let error as OracleError {
            throw fail(error)
        }
    }

    /// Reads `path` strictly; a weights file may hold `NaN` / `Infinity` (what Python writes for
    /// non-finite floats), which the check then diagnoses (exit 1) instead of a syntax error.
    private func decode<T: Decodable>(_ path: String, as: T.Type, what: String, allowNonFinite: Bool = false)
        throws(OracleError) -> T
    {
        let bytes: [UInt8]
        do { bytes = try InputFile.bytes(of: path) } catch {
            throw .unreadableInput("Cannot read the \(what): \(error)")
        }
        do {
            return allowNonFinite
                ? try StrictDecoder.decodeAllowingNonFiniteLiterals(T.self, from: bytes, rejectUnknownKeys: true)
                : try StrictDecoder.decode(T.self, from: bytes, rejectUnknownKeys: true)
        } catch {
            throw .unreadableInput("The \(what) '\(path)' is malformed: \(error)")
        }
    }
}
