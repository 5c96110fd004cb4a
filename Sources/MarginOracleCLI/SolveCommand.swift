import ArgumentParser
import Foundation
import Oracle

extension Norm: ExpressibleByArgument {}

/// `margin-oracle solve DATA --norm l1|l2|linf`
struct SolveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "solve",
        abstract: "Solve and certify the max-margin problem of a data set.",
        discussion: """
            Prints a JSON document (schema margin-oracle/solution/v1) with the margin, a unit-norm \
            optimal direction, the dual weights, and an exact certificate (primal and dual witnesses \
            as "p/q" strings) that `margin-oracle verify` re-checks. For l2 the exact bounds are \
            squares (the margin itself is irrational in general). Data that are not separable \
            through the origin give exit code 1 and a document whose dual witness sums the points to 0.
            """)

    @Argument(help: "The data set: JSON {\"X\": [[...]], \"y\": [1, -1, ...]} or CSV (features, then the label).")
    var data: String

    @Option(help: "The norm: l1, l2 or linf.")
    var norm: Norm = .l2

    enum Format: String, ExpressibleByArgument { case json, table }

    @Option(help: "Output format: json (default) or table.")
    var format: Format = .json

    func run() throws {
        do {
            let dataset = try DatasetLoader.load(path: data)
            let solution = try MaxMarginSolver.solve(dataset, norm: norm)
            let document = SolutionDocument(solution, data: dataset)
            switch format {
            case .json: writeOut(try document.encoded())
            case .table: writeOut(Data(table(document).utf8))
            }
            if !document.separable {
                printError("the data are not separable through the origin; the dual witness (certificate.dual) combines the points to exactly 0.")
                throw Exit.negative
            }
        } catch let error as OracleError {
            throw fail(error)
        }
    }

    private func table(_ d: SolutionDocument) -> String {
        var lines = ["norm        \(d.norm.rawValue)",
                     "separable   \(d.separable)",
                     "margin      \(d.margin)",
                     "exact       \(d.certificate.marginExact)",
                     "certified   \(d.certificate.exact)",
                     "support     \(d.support.map(String.init).joined(separator: " "))"]
        lines.append("weights     " + d.weights.map { "\($0)" }.joined(separator: " "))
        return lines.joined(separator: "\n")
    }
}
