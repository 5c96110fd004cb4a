import ArgumentParser
import Foundation
import Oracle

/// `margin-oracle verify FILE`
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Re-check every certificate in a solution file, exactly.",
        discussion: """
            Accepts one solution document (as written by `solve`) or a JSON array of them. Each \
            certificate is re-verified in exact rational arithmetic by the independent checker, and \
            every claimed number must be what it proves. Prints a JSON report; exit 0 when all \
            pass, 1 when any fails, 2 when the file cannot be read.
            """)

    @Argument(help: "A solution JSON file.")
    var file: String

    struct Report: Encodable {
        var file: String
        var documents: Int
        var passed: Bool
        var problems: [String]
    }

    func run() throws {
        let documents: [SolutionDocument]
        do {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: file))
            let decoder = JSONDecoder()
            if let many = try? decoder.decode([SolutionDocument].self, from: bytes) {
                documents = many
            } else {
                documents = [try decoder.decode(SolutionDocument.self, from: bytes)]
            }
        } catch let error as DecodingError {
            printError("'\(file)' is not a solution document: \(describe(error))")
            throw Exit.badInput
        } catch {
            printError("cannot read '\(file)': \(error.localizedDescription)")
            throw Exit.badInput
        }
        var problems: [String] = []
        for (i, d) in documents.enumerated() {
            problems += d.problems().map { documents.count > 1 ? "document \(i): \($0)" : $0 }
        }
        let report = Report(file: file, documents: documents.count, passed: problems.isEmpty, problems: problems)
        writeOut(try JSONCoding.encoder().encode(report))
        if !problems.isEmpty { throw Exit.negative }
    }

    private func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let k, let c): return "missing key '\(k.stringValue)' at \(c.codingPath.map(\.stringValue).joined(separator: "."))"
        case .typeMismatch(_, let c), .valueNotFound(_, let c), .dataCorrupted(let c):
            return "\(c.debugDescription) at \(c.codingPath.map(\.stringValue).joined(separator: "."))"
        @unknown default: return "\(error)"
        }
    }
}
