import ArgumentParser
import Foundation
import Oracle

/// `margin-oracle kkt FILE [--geometry l2|linf|l1] [--active-tolerance TAU]`
struct KKTCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kkt",
        abstract: "Certify how far a trained homogeneous network is from a KKT point of the margin problem.",
        discussion: """
            FILE holds the network as numbers: parameters (theta, length P), margins (q_n = \
            y_n f(theta; x_n), length n), margin_gradients (n x P, row n the gradient of q_n), and \
            order (the homogeneity degree L), as a .npz archive (np.savez) or a JSON object with \
            those keys. Prints a JSON document (schema margin-oracle/kkt/v1) with the relative KKT \
            residual epsilon of min ||theta||^2/2 s.t. q_n >= 1 in the geometry of the optimizer \
            (l2: gradient descent; linf: sign descent; l1: coordinate descent), its exact bounds, \
            the active set, the multipliers and delta; `margin-oracle verify` re-checks it. Exit 1 \
            when the network misclassifies a point (q_min <= 0).
            """)

    @Argument(help: "The KKT problem: .npz (parameters, margins, margin_gradients, order) or JSON with those keys.")
    var file: String

    @Option(help: "The geometry: l2 (gradient descent), linf (sign descent) or l1 (coordinate descent).")
    var geometry: Norm = .l2

    @Option(
        help:
            "tau in [0, 1): points with q_n <= (1 + tau) q_min are active; linf: |theta_i| >= (1 - tau) ||theta||_inf are maximal; l1: |theta_i| <= tau ||theta||_inf count as zero."
    )
    var activeTolerance: Double = KKTSets.defaultTolerance

    @Flag(
        inversion: .prefixedEnableDisable,
        help:
            "Embed the problem in the document (default: when it has at most \(KKTDocument.embedLimit) numbers; otherwise the document names the file with its SHA-256)."
    )
    var embedProblem: Bool? = nil

    func validate() throws {
        guard activeTolerance.isFinite, activeTolerance >= 0, activeTolerance < 1 else {
            throw ValidationError("--active-tolerance must be in [0, 1); got \(activeTolerance).")
        }
    }

    func run() throws {
        do {
            let (problem, bytes) = try KKTProblem.load(path: file)
            if let n = problem.margins.indices.first(where: { problem.margins[$0] <= 0 }) {
                printError(
                    "Point \(n) has margin q_\(n) = \(problem.margins[n]) <= 0: the network misclassifies it, so the margin problem's KKT conditions do not apply (train until every margin is positive)."
                )
                throw Exit.negative
            }
            let certificate = try KKTSolver.solve(problem, geometry: geometry, tolerance: activeTolerance)
            let size = problem.pointCount * problem.parameterCount + problem.pointCount + problem.parameterCount + 1
            let embed = embedProblem ?? (size <= KKTDocument.embedLimit)
            let input =
                file == "-"
                ? nil : KKTDocument.InputReference(file: file, bytes: bytes.count, sha256: SHA256.hex(bytes))
            guard embed || input != nil else {
                printError("A problem read from standard input must be embedded (--enable-embed-problem).")
                throw Exit.badInput
            }
            let document = KKTDocument(
                problem: problem, certificate: certificate, tolerance: activeTolerance, input: input, embed: embed)
            if let fields = document.nonFinite {
                printError(
                    "The certificate holds, but \(fields) of this theta lie beyond the double range: rescale theta by a power of two 2^k (margins scale by 2^(kL), gradients by 2^(k(L-1))) and ask again."
                )
                throw Exit.badInput
            }
            writeOut(
                try JSONCoding.encoder(compact: !embed || problem.pointCount > JSONCoding.compactAbove).encode(document)
            )
        } catch let error as OracleError {
            throw fail(error)
        }
    }
}
