import ArgumentParser
import Foundation
import Oracle
import Trainer

/// `margin-oracle bench --trainer`: microseconds per NGD step (gradient and update) for the
/// reference models on the property suite's data (D3, and a planted 40 x 3 set as the largest
/// randomized-suite size), optionally next to the same loop in NumPy (`bench/numpy_steps.py`)
/// run in the same invocation.
struct TrainerBench {
    var repeats: Int
    var seed: UInt64
    var numpy: String? = nil
    var python = "python3"
    var steps = 20_000

    static func models(_ d: Int) -> [(String, any Model)] {
        [
            ("linear", LinearModel(inputDimension: d)),
            ("diagonal D=2", DiagonalModel(inputDimension: d)),
            ("deep linear 3 layers width 4", DeepLinearModel(widths: [d, 4, 4, 1])),
            ("deep linear 3 layers width 16", DeepLinearModel(widths: [d, 16, 16, 1])),
            ("deep linear 3 layers width 50", DeepLinearModel(widths: [d, 50, 50, 1])),
            ("two-layer leaky ReLU width 4", TwoLayerLeakyReLU(inputDimension: d, width: 4, leak: 0.1)),
            ("two-layer leaky ReLU width 10", TwoLayerLeakyReLU(inputDimension: d, width: 10, leak: 0.1)),
            ("two-layer leaky ReLU width 50", TwoLayerLeakyReLU(inputDimension: d, width: 50, leak: 0.1)),
        ]
    }

    func run() throws {
        let sets: [(String, Dataset)] = [
            ("D3 (4 x 3)", try Dataset(signedPoints: [[2, 2, -1], [0, 3, 2], [-2, 3, 3], [1, 2, 1]])),
            ("planted 40 x 3", RandomDatasets.planted(n: 40, d: 3, seed: seed)),
        ]
        print("| data | model | parameters | ours us/step | NumPy us/step | NumPy / ours |")
        print("|---|---|---|---|---|---|")
        for (label, data) in sets {
            let reference = try numpyTimes(data)
            for (name, m) in TrainerBench.models(data.dimension) {
                let problem = TrainingProblem(model: m, data: data, loss: Loss(.logistic))
                let theta = Initialization.gaussian(scale: 0.1).parameters(for: m, seed: seed)
                var times: [Double] = []
                for _ in 0..<repeats {
                    let start = DispatchTime.now().uptimeNanoseconds
                    _ = Training.run(problem, optimizer: .ngd(0.05), steps: steps, initial: theta, checkpoints: [steps])
                    times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e3 / Double(steps))
                }
                times.sort()
                let ours = times[times.count / 2]
                let ref =
                    reference[name].map { (String(format: "%.2f", $0), String(format: "%.1fx", $0 / ours)) } ?? (
                        "-", "-"
                    )
                print(
                    "| \(label) | \(name) | \(m.parameterCount) | \(String(format: "%.2f", ours)) | \(ref.0) | \(ref.1) |"
                )
                fflush(nil)
            }
        }
    }

    /// Model name to NumPy microseconds per step (empty without `--numpy`).
    private func numpyTimes(_ data: Dataset) throws -> [String: Double] {
        guard let script = numpy else { return [:] }
        struct Row: Decodable {
            var model: String
            var microsecondsPerStep: Double
            enum CodingKeys: String, CodingKey {
                case model
                case microsecondsPerStep = "us_per_step"
            }
        }
        let rows = try PythonScript.run(
            python, script, data: data, arguments: ["--steps", "\(steps / 4)", "--repeats", "\(repeats)"], as: Row.self)
        var out: [String: Double] = [:]
        for row in rows { out[row.model] = row.microsecondsPerStep }
        return out
    }
}
