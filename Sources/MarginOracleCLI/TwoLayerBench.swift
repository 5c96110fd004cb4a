import ArgumentParser
import Foundation
import Oracle

/// `margin-oracle bench --two-layer`: the certified two-layer oracle (`solve --model two-layer`,
/// the independent check included) on seeded XOR-like data in the plane (or, with dimension 3, the same
/// points with a bias coordinate 1; with 4 or 5, also d - 3 uniform coordinates before the bias), next to a floating-point column generation with HiGHS
/// (`bench/two_layer_reference.py`, in R^3 `bench/two_layer_reference_3d.py`, in R^4 and R^5
/// `bench/two_layer_reference_nd.py`) on the same data in the same run.
struct TwoLayerBench {
    var sizes: [Int]
    var leak: Double
    var repeats: Int
    var seed: UInt64
    var dimension = 2
    var reference: String? = nil
    var python = "python3"

    struct ReferenceResult: Decodable {
        var solver: String
        var ms: Double?
        var margin: Double?
        var rounds: Int?
        var status: String
    }

    func run() throws {
        print(
            "| XOR n\(dimension >= 3 ? " (+ bias, R^\(dimension))" : "") | ours ms | rounds | width | certified relative gap | reference | ref ms | ref rounds, status | ref rel. error | speedup |"
        )
        print("|---|---|---|---|---|---|---|---|---|---|")
        for n in sizes {
            let data: Dataset
            do {
                let xor = try RandomDatasets.xor(n: n, seed: seed)
                // Beyond R^3: d - 3 more uniform coordinates in [-1, 1] (seeded) between the plane's and the bias.
                var rng = SplitMix64(seed: seed ^ 0xB1A5)
                data =
                    dimension >= 3
                    ? try Dataset(
                        points: xor.points.map { $0 + (0..<(dimension - 3)).map { _ in rng.symmetric() } + [1] },
                        labels: xor.labels) : xor
            } catch { throw fail(error) }
            var times: [Double] = []
            var solution: TwoLayerSolution? = nil
            for _ in 0..<repeats {
                let start = DispatchTime.now().uptimeNanoseconds
                do { solution = try TwoLayerMaxMargin.solve(data, leak: leak) } catch { throw fail(error) }
                times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
            }
            guard let s = solution else { continue }
            times.sort()
            let ms = times[times.count / 2]
            let ours =
                "| \(n) | \(format(ms)) | \(s.iterations) | \(s.certificate.network.output.count) | \(String(format: "%.1e", s.relativeGap))"
            let refs =
                try reference.map {
                    try PythonScript.run(
                        python, $0, data: data, arguments: ["--leak", "\(leak)", "--repeats", "\(repeats)"],
                        as: ReferenceResult.self)
                } ?? []
            guard let r = refs.first, let refMs = r.ms, let refMargin = r.margin else {
                print(ours + " | \(refs.first.map { "\($0.solver): \($0.status)" } ?? "-") | - | - | - | - |")
                continue
            }
            // Zero when the reference's value lies in our certified bracket.
            let outside = max(s.lower - refMargin, refMargin - s.upper, 0)
            print(
                ours
                    + " | \(r.solver) | \(format(refMs)) | \(r.rounds.map(String.init) ?? "-"), \(r.status) | \(String(format: "%.1e", outside / s.lower)) | \(String(format: "%.1fx", refMs / ms)) |"
            )
            fflush(nil)
        }
    }

    private func format(_ ms: Double) -> String { ms < 10 ? String(format: "%.2f", ms) : String(format: "%.0f", ms) }
}
