import ArgumentParser
import Foundation
import Oracle
import StrictJSON

/// `margin-oracle verify FILE`
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Re-check every certificate in a solution file, exactly.",
        discussion: """
            Accepts any document `solve` writes (max-margin solutions with or without the \
            lexicographic part, two-layer global margins), fixtures (their oracle sections), or a \
            JSON array of them. Each certificate \
            is re-verified in exact rational arithmetic by the independent checkers, and every \
            claimed number must be what it proves. Prints a JSON report; exit 0 when all pass, \
            1 when any fails, 2 when the file cannot be read or is not such a document.
            """)

    @Argument(help: "A solution JSON file.")
    var file: String

    @Option(
        help:
            "For a document that names its data or input file instead of embedding it (solve, kkt): the file's path now (its size and SHA-256 must match)."
    )
    var data: String?

    @Option(help: "For a solution document of .npy data: the labels' .npy file's path now (its SHA-256 must match).")
    var labels: String?

    struct Report: Encodable {
        var file: String
        var documents: Int
        var passed: Bool
        var problems: [String]
        /// Statements without witnesses (fixtures' leximin, two-layer and ensemble sections,
        /// `unique` for l1 and linf): listed, not proven, and not counted against `passed`.
        var unchecked: [String]
    }

    func run() throws {
        let bytes: [UInt8]
        do { bytes = try InputFile.bytes(of: file) } catch {
            printError("\(error)")
            throw Exit.badInput
        }
        do {
            let (count, problems, unchecked) = try DocumentVerifier.check(
                bytes, source: file, data: data, labels: labels)
            let report = Report(
                file: file, documents: count, passed: problems.isEmpty, problems: problems, unchecked: unchecked)
            writeOut(try JSONCoding.encoder().encode(report))
            if !problems.isEmpty { throw Exit.negative }
        } catch let error as OracleError {
            throw fail(error)
        }
    }
}
