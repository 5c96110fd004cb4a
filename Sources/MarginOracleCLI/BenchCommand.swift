import ArgumentParser
import Foundation
import Oracle
import Trainer

/// `margin-oracle bench`: oracle timings on growing random problems, side by side with reference
/// solvers, as a Markdown table; or trainer step costs (`--trainer`).
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time the certified solvers on seeded random separable data (build with -c release).",
        discussion: """
            Sizes are N x d pairs such as 1000x50 (--grid: N in 100, 1000, 10000, 100000 times d in 10, 50, 100, 200). \
            Each row reports the median wall time of --repeats runs, including the exact certification and its \
            independent check. With --reference bench/reference.py the same data go to the reference solvers \
            (scipy/HiGHS for LPs, Clarabel and quadprog for the l2 QP) in the same run; the table shows their time, \
            their relative error against our exact optimum (they return floats without a certificate) and our speedup. \
            Leximin rows get two references: sequential HiGHS LPs, and the same with a floating-point pin test \
            (remaining levels read off the stage optimum once the fixed points leave one w).
            """)

    @Option(name: .customLong("size"), help: "Problem sizes NxD (repeatable).")
    var sizes: [String] = ["100x10", "1000x50", "2000x50"]

    @Flag(help: "The full grid: N in 100, 1000, 10000, 100000 and d in 10, 50, 100, 200 (overrides --size).")
    var grid = false

    @Option(help: "Norms to time (repeatable).")
    var norm: [Norm] = [.l1, .l2, .linf]

    @Flag(help: "Also time the lexicographic max margin (l1 and linf among --norm).")
    var lexicographic = false

    @Option(help: "Reference-solver script (bench/reference.py); omitted: no reference columns.")
    var reference: String? = nil

    @Option(
        help:
            "With --reference: seconds after which a reference leximin run stops (its time is then shown as a lower bound, '> ms')."
    )
    var lexBudget: Double? = nil

    @Option(help: "Python interpreter for --reference.")
    var python = "python3"

    @Option(help: "Runs per cell (median reported).")
    var repeats: Int = 3

    @Option(help: "Seed of the random data.")
    var seed: UInt64 = 1

    @Option(
        name: .customLong("end-to-end"),
        help:
            "A data file to time end to end (repeatable): this binary's solve in a child process, then verify of its document, with wall time and peak RSS; X.npy,y.npy for a .npy pair. Uses the first --norm."
    )
    var endToEnd: [String] = []

    @Option(
        name: .customLong("reference-e2e"),
        help: "With --end-to-end: the Python reference script (bench/e2e_reference.py) run on the same files.")
    var referenceE2E: String? = nil

    @Flag(
        name: .customLong("two-layer"),
        help:
            "Time the two-layer oracle (leak --leak) on seeded XOR-like data in the plane with --two-layer-size points; --reference bench/two_layer_reference.py adds a float column generation with HiGHS."
    )
    var twoLayer = false

    @Option(name: .customLong("two-layer-size"), help: "With --two-layer: numbers of points (repeatable).")
    var twoLayerSizes: [Int] = [100, 400, 1000, 4000]

    @Option(help: "With --two-layer: the leak alpha in [0, 1).")
    var leak: Double = 0.1

    @Option(
        name: .customLong("two-layer-dimension"),
        help:
            "With --two-layer: 2 (XOR points in the plane), 3 (the same points with a bias coordinate 1, in R^3; pair it with --reference bench/two_layer_reference_3d.py), 4 or 5 (also d - 3 uniform coordinates before the bias; --reference bench/two_layer_reference_nd.py)."
    )
    var twoLayerDimension = 2

    @Flag(help: "Time trainer steps on the property-suite problems instead of the oracle.")
    var trainer = false

    @Option(help: "With --trainer: the NumPy step script (bench/numpy_steps.py) to time in the same run.")
    var numpy: String? = nil

    func validate() throws {
        guard repeats > 0 else { throw ValidationError("--repeats must be positive.") }
        guard twoLayerSizes.allSatisfy({ $0 > 0 }), leak.isFinite, leak >= 0, leak < 1 else {
            throw ValidationError("--two-layer-size must be positive and --leak in [0, 1).")
        }
        guard (2...5).contains(twoLayerDimension) else {
            throw ValidationError("--two-layer-dimension must be 2, 3, 4 or 5.")
        }
        for s in sizes where BenchCommand.parse(s) == nil {
            throw ValidationError("--size '\(s)' must look like 1000x50 (positive N and d).")
        }
        for file in endToEnd.flatMap({ $0.split(separator: ",").map(String.init) })
        where !FileManager.default.isReadableFile(atPath: file) {
            throw ValidationError("--end-to-end '\(file)' is not a readable file.")
        }
        for (flag, path) in [("--reference", reference), ("--numpy", numpy), ("--reference-e2e", referenceE2E)] {
            if let r = path, !FileManager.default.isReadableFile(atPath: r) {
                throw ValidationError("\(flag) '\(r)' is not a readable file.")
            }
        }
    }

    static func parse(_ s: String) -> (Int, Int)? {
        let p = s.lowercased().split(separator: "x")
        guard p.count == 2, let n = Int(p[0]), let d = Int(p[1]), n > 0, d > 0 else { return nil }
        return (n, d)
    }

    func run() throws {
        if trainer { return try TrainerBench(repeats: repeats, seed: seed, numpy: numpy, python: python).run() }
        if twoLayer {
            return try TwoLayerBench(
                sizes: twoLayerSizes, leak: leak, repeats: repeats, seed: seed, dimension: twoLayerDimension,
                reference: reference, python: python
            ).run()
        }
        if !endToEnd.isEmpty {
            return try EndToEndBench(
                files: endToEnd, norm: norm.first ?? .l2, repeats: repeats, reference: referenceE2E, python: python
            ).run()
        }
        let cells =
            grid
            ? [100, 1000, 10000, 100000].flatMap { n in [10, 50, 100, 200].map { (n, $0) } }
            : sizes.map { BenchCommand.parse($0)! }
        print("| problem | N | d | ours ms | certified | support | reference | ref ms | ref rel. error | speedup |")
        print("|---|---|---|---|---|---|---|---|---|---|")
        for (n, d) in cells {
            let data = RandomDatasets.planted(n: n, d: d, seed: seed)
            var problems: [(name: String, norm: Norm, lexicographic: Bool)] = norm.map { ($0.rawValue, $0, false) }
            if lexicographic { problems += norm.filter { $0 != .l2 }.map { ("lex-\($0.rawValue)", $0, true) } }
            let extra =
                (norm.contains(.l2) ? ["l2-quadprog"] : []) + problems.filter(\.lexicographic).map { $0.name + "-pin" }
            let references = try referenceResults(data, problems: problems.map(\.name) + extra)
            for p in problems {
                let (ms, margin, support, certified, levelCount) = try timeOurs(
                    data, p.norm, lexicographic: p.lexicographic)
                let refs = references.filter {
                    $0.problem == p.name || $0.problem == p.name + "-pin"
                        || (p.name == "l2" && $0.problem == "l2-quadprog")
                }
                let ours = "| \(p.name) | \(n) | \(d) | \(format(ms)) | \(certified) | \(support)"
                if refs.isEmpty { print(ours + " | - | - | - | - |") }
                for r in refs {
                    guard let refMs = r.ms, let refMargin = r.margin else {
                        print(ours + " | \(r.solver) | \(r.status) | - | - |")
                        continue
                    }
                    let error = abs(refMargin - margin) / max(abs(margin), 1e-300)
                    let solver = r.solver + (r.levels.map { " (\($0) levels)" } ?? "")
                    var speedup = String(format: "%.1fx", refMs / ms)
                    if r.complete == false {
                        // Stopped by --lex-budget: its time is a lower bound, and so is the speedup;
                        // the estimate assumes the remaining levels cost what the first ones did.
                        let estimate =
                            (r.levels ?? 0) > 0
                            ? String(format: " (est. %.0fx)", refMs / Double(r.levels!) * Double(levelCount) / ms) : ""
                        speedup = "> " + speedup + estimate
                    }
                    print(
                        ours
                            + " | \(solver) | \(r.complete == false ? "> " : "")\(format(refMs)) | \(String(format: "%.1e", error)) | \(speedup) |"
                    )
                }
                fflush(nil)
            }
        }
    }

    private func format(_ ms: Double) -> String { ms < 10 ? String(format: "%.2f", ms) : String(format: "%.0f", ms) }

    /// Median time, margin (first level for leximin), support size, the certificate verdict and
    /// the number of leximin levels (1 for a max margin).
    private func timeOurs(_ data: Dataset, _ norm: Norm, lexicographic: Bool) throws -> (
        Double, Double, Int, String, Int
    ) {
        var times: [Double] = []
        var margin = 0.0
        var support = 0
        var certified = ""
        var levels = 1
        for _ in 0..<repeats {
            let start = DispatchTime.now().uptimeNanoseconds
            do {
                if lexicographic {
                    let s = try LexicographicMaxMargin.solve(data, norm: norm)
                    let problems = LexicographicChecker.problems(s, data: data)
                    margin = s.levels[0].value.doubleValue
                    support = s.levels[0].points.count
                    let pin = s.pinned.map { ", pinned after \($0.stages)" } ?? ""
                    certified = problems.isEmpty ? "exact, \(s.levels.count) levels\(pin)" : "REJECTED"
                    levels = s.levels.count
                } else {
                    let s = try MaxMarginSolver.solve(data, norm: norm)  // verified by CertificateChecker inside
                    margin = s.margin
                    support = s.support.count
                    certified = "exact (gap 0)"
                }
            } catch { throw fail(error) }
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        }
        times.sort()
        return (times[times.count / 2], margin, support, certified, levels)
    }

    struct ReferenceResult: Decodable {
        var problem: String
        var solver: String
        var ms: Double?
        var margin: Double?
        var status: String
        /// `false` for a leximin run stopped by the time budget.
        var complete: Bool?
        /// Leximin: the number of levels found (a cross-check of ours).
        var levels: Int?
    }

    /// Runs the reference script once per data set (it times each problem itself).
    private func referenceResults(_ data: Dataset, problems: [String]) throws -> [ReferenceResult] {
        guard let script = reference else { return [] }
        let budget = lexBudget.map { ["--lex-budget", "\($0)"] } ?? []
        return try PythonScript.run(
            python, script, data: data,
            arguments: ["--repeats", "\(repeats)"] + budget + problems.flatMap { ["--norm", $0] },
            as: ReferenceResult.self)
    }
}
