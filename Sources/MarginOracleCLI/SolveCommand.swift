import ArgumentParser
import Foundation
import Oracle
import Trainer

extension Norm: ExpressibleByArgument {}
extension Loss.Kind: ExpressibleByArgument {}
extension Loss.Reduction: ExpressibleByArgument {}

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

    @Argument(
        help:
            "The data set: JSON {\"X\": [[...]], \"y\": [1, -1, ...]}, CSV (features, then the label), NumPy .npz (arrays X and y), or NumPy .npy (X; the labels with --labels)."
    )
    var data: String

    @Option(help: "With a .npy data file: the .npy file of the labels (n values, each +1 or -1).")
    var labels: String?

    @Option(help: "The norm: l1, l2 or linf (linear models).")
    var norm: Norm = .l2

    @Flag(
        help:
            "Also compute the lexicographic (leximin) max margin: levels, sorted margins, per-stage certificates (l1, linf)."
    )
    var lexicographic = false

    enum Model: String, ExpressibleByArgument {
        case linear
        case twoLayer = "two-layer"
    }

    @Option(
        help:
            "The model: linear (default) or two-layer (global max normalized margin of two-layer leaky-ReLU networks, data in R^d, d = 2 to 5; beyond R^3 up to a size limit)."
    )
    var model: Model = .linear

    @Option(help: "The leak alpha of the two-layer model's activation max(s, alpha s), in [0, 1).")
    var leak: Double?

    func validate() throws {
        if model == .twoLayer {
            guard leak != nil else {
                throw ValidationError("--model two-layer needs --leak A (for example --leak 0.1; 0 is ReLU).")
            }
            guard !lexicographic else { throw ValidationError("--lexicographic is for linear models.") }
        } else {
            guard leak == nil else { throw ValidationError("--leak only applies to --model two-layer.") }
            guard !lexicographic || norm != .l2 else {
                throw ValidationError(
                    "--lexicographic needs --norm l1 or linf: the l2 max-margin solution is unique, so it is already lexicographic."
                )
            }
        }
    }

    @Flag(
        inversion: .prefixedNo,
        help:
            "Embed the data in the document (default: when they have at most \(SolutionDocument.embedLimit) numbers, n (d + 1); otherwise the document names the data files with their sizes and SHA-256, and `verify` re-reads them)."
    )
    var embedData: Bool? = nil

    enum Format: String, ExpressibleByArgument { case json, table }

    @Option(help: "Output format: json (default) or table.")
    var format: Format = .json

    func run() throws {
        do {
            let (dataset, input) = try DatasetLoader.loadReferenced(path: data, labels: labels) { d in
                model == .linear && !(embedData ?? SolutionDocument.embeds(d))
            }
            if model == .twoLayer {
                let solution = try TwoLayerMaxMargin.solve(dataset, leak: leak!)
                let document = TwoLayerDocument(solution, data: dataset)
                try Self.requireRepresentable([document.lower, document.upper], exact: "\(solution.lowerExact)")
                switch format {
                case .json: writeOut(try document.encoded())
                case .table: writeOut(Data(twoLayerTable(document).utf8))
                }
                if solution.upperSquaredExact.isZero {
                    printError(
                        "no two-layer network separates these data (two points on one ray with opposite labels, a zero point, or pairs (x, y), (-x, -y) that no linear map separates); the certificate's dual makes the dual function vanish."
                    )
                    throw Exit.negative
                }
                return
            }
            let solution = try MaxMarginSolver.solve(dataset, norm: norm)
            let embed = embedData ?? SolutionDocument.embeds(dataset)
            guard embed || input != nil else {
                throw OracleError.invalidSettings(
                    "Data read from standard input must be embedded in the document (drop --no-embed-data, or give a file)."
                )
            }
            var document = SolutionDocument(solution, data: dataset, input: input?.value(), embed: embed)
            if lexicographic { document.attach(try LexicographicMaxMargin.solve(dataset, norm: norm)) }
            try Self.requireRepresentable(
                [document.margin] + document.weights, exact: document.certificate.marginExact ?? "")
            switch format {
            case .json: writeOut(try document.encoded())
            case .table: writeOut(Data(table(document).utf8))
            }
            if !document.separable {
                printError(
                    "the data are not separable through the origin; the dual witness (certificate.dual) combines the points to exactly 0."
                )
                throw Exit.negative
            }
        } catch let error as OracleError {
            throw fail(error)
        }
    }

    /// A document states its answers as doubles: a margin beyond the double range (data within a
    /// factor of about d of the largest double) has no correctly rounded double, and writing the
    /// largest one instead would be a silently wrong answer. Exit 2 with the remedy.
    static func requireRepresentable(_ values: [Double], exact: String) throws(OracleError) {
        guard values.allSatisfy(\.isFinite) else {
            throw .invalidDataset(
                "The certified optimum (\(exact.prefix(60))\(exact.count > 60 ? "..." : "")) exceeds the largest double, 1.8e308, so no document can state it as a number; divide the data by a power of two (margins scale with the data)."
            )
        }
    }

    private func table(_ d: SolutionDocument) -> String {
        var lines = [
            "norm        \(d.norm.rawValue)",
            "separable   \(d.separable)",
            "margin      \(d.margin)",
            "exact       \(d.certificate.marginExact ?? "-")",
            "certified   \(d.certificate.exact)",
            "support     \(d.support.map(String.init).joined(separator: " "))",
        ]
        lines.append("weights     " + d.weights.map { "\($0)" }.joined(separator: " "))
        if let levels = d.levels, let points = d.levelPoints {
            for (v, p) in zip(levels, points) {
                lines.append("level       \(v) -> \(p.map(String.init).joined(separator: " "))")
            }
        }
        return lines.joined(separator: "\n")
    }

    private func twoLayerTable(_ d: TwoLayerDocument) -> String {
        [
            "model       two-layer leaky ReLU (alpha = \(d.leak))",
            "lower       \(d.lower)",
            "upper       \(d.upper)",
            "gap         \(d.relativeGap)",
            "width       \(d.width)",
        ].joined(separator: "\n")
    }
}
