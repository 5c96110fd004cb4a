import ArgumentParser
import Foundation
import Oracle
import Trainer

/// `margin-oracle bench`: oracle timings on growing random problems, as a table.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time the certified solvers on seeded random separable data (build with -c release).",
        discussion: "Sizes are N x d pairs such as 1000x50. Each row reports the median wall time of --repeats runs, including the exact certification.")

    @Option(name: .customLong("size"), help: "Problem sizes NxD (repeatable).")
    var sizes: [String] = ["100x10", "1000x50", "2000x50"]

    @Option(help: "Norms to time (repeatable).")
    var norm: [Norm] = [.l1, .l2, .linf]

    @Option(help: "Runs per cell (median reported).")
    var repeats: Int = 3

    @Option(help: "Seed of the random data.")
    var seed: UInt64 = 1

    @Flag(help: "Time trainer steps (NGD on D3) for the reference models instead of the oracle.")
    var trainer = false

    func validate() throws {
        guard repeats > 0 else { throw ValidationError("--repeats must be positive.") }
        for s in sizes where parse(s) == nil { throw ValidationError("--size '\(s)' must look like 1000x50 (positive N and d).") }
    }

    private func parse(_ s: String) -> (Int, Int)? {
        let p = s.lowercased().split(separator: "x")
        guard p.count == 2, let n = Int(p[0]), let d = Int(p[1]), n > 0, d > 0 else { return nil }
        return (n, d)
    }

    func run() throws {
        if trainer { return try runTrainer() }
        print("| norm | N | d | median ms | support | margin | exact |")
        print("|---|---|---|---|---|---|---|")
        for s in sizes {
            let (n, d) = parse(s)!
            let data = RandomDatasets.planted(n: n, d: d, seed: seed)
            for nm in norm {
                var times: [Double] = []
                var last: MaxMarginSolution? = nil
                for _ in 0..<repeats {
                    let start = DispatchTime.now().uptimeNanoseconds
                    do { last = try MaxMarginSolver.solve(data, norm: nm) } catch { throw fail(error) }
                    times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
                }
                times.sort()
                let sol = last!
                print("| \(nm.rawValue) | \(n) | \(d) | \(String(format: "%.1f", times[times.count / 2])) | \(sol.support.count) | \(sol.margin) | yes (\(sol.info.repairs) repairs) |")
                fflush(nil)
            }
        }
    }

    /// Microseconds per NGD step (gradient, update) on D3 for the reference model sizes.
    private func runTrainer() throws {
        let d3 = try! Dataset(signedPoints: [[2, 2, -1], [0, 3, 2], [-2, 3, 3], [1, 2, 1]])
        let models: [any Model] = [
            LinearModel(inputDimension: 3), DiagonalModel(inputDimension: 3), EnsembleModel.linearPlusDiagonal(inputDimension: 3),
            DeepLinearModel(widths: [3, 4, 4, 1]), DeepLinearModel(widths: [3, 16, 16, 1]), DeepLinearModel(widths: [3, 50, 50, 1]),
            TwoLayerLeakyReLU(inputDimension: 3, width: 4, leak: 0.1), TwoLayerLeakyReLU(inputDimension: 3, width: 10, leak: 0.1),
            TwoLayerLeakyReLU(inputDimension: 3, width: 50, leak: 0.1),
        ]
        print("| model | parameters | steps | median us/step |")
        print("|---|---|---|---|")
        for m in models {
            let problem = TrainingProblem(model: m, data: d3, loss: Loss(.logistic))
            let theta = Initialization.gaussian(scale: 0.1).parameters(for: m, seed: seed)
            let steps = 20_000
            var times: [Double] = []
            for _ in 0..<repeats {
                let start = DispatchTime.now().uptimeNanoseconds
                _ = Training.run(problem, optimizer: .ngd(0.05), steps: steps, initial: theta, checkpoints: [steps])
                times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e3 / Double(steps))
            }
            times.sort()
            print("| \(m.name) | \(m.parameterCount) | \(steps) | \(String(format: "%.2f", times[times.count / 2])) |")
        }
    }
}
