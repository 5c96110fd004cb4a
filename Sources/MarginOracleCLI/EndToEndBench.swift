import ArgumentParser
import Foundation
import Oracle

/// `margin-oracle bench --end-to-end FILE ...`: the user's path, file in and document out. Each
/// file is solved by this binary's own `solve` in a child process (the same code path, nothing
/// preloaded), then the document is verified, and optionally the same file goes to the Python
/// reference (`bench/e2e_reference.py`: numpy.load / json.load / numpy.loadtxt, then Clarabel or
/// HiGHS). Prints a Markdown table with wall times (the minimum of the repeats), peak resident
/// memory of each child and the document's size.
struct EndToEndBench {
    var files: [String]
    var norm: Norm
    var repeats: Int
    var reference: String?
    var python: String

    struct ReferenceRow: Decodable {
        var loadMs: Double
        var totalMs: Double
        var peakRSSKB: Int
        var margin: Double?
        var solver: String
        var status: String

        enum CodingKeys: String, CodingKey {
            case margin, solver, status
            case loadMs = "load_ms"
            case totalMs = "total_ms"
            case peakRSSKB = "peak_rss_kb"
        }
    }

    func run() throws {
        let me = ChildProcess.ownExecutable
        print(
            "| file | MB | solve s | solve peak RSS MB | document KB | verify s | verify peak RSS MB | reference | ref load s | ref total s | ref peak RSS MB | margin rel. diff |"
        )
        print("|---|---|---|---|---|---|---|---|---|---|---|---|")
        for spec in files {
            // `X.npy,y.npy` names a points file and its labels.
            let parts = spec.split(separator: ",").map(String.init)
            let file = parts[0]
            let labels = parts.count > 1 ? ["--labels", parts[1]] : []
            let size = parts.reduce(0) { total, p in
                total + ((try? FileManager.default.attributesOfItem(atPath: p)[.size] as? Int) ?? 0)
            }
            var solves: [ChildProcess] = []
            for _ in 0..<repeats {
                guard let s = ChildProcess.run([me, "solve", file, "--norm", norm.rawValue] + labels) else {
                    throw ValidationError("could not start \(me)")
                }
                guard s.exitStatus == 0 || s.exitStatus == 1 else {
                    throw ValidationError("solve \(spec) failed (exit \(s.exitStatus)); run it by hand to see why.")
                }
                solves.append(s)
            }
            defer { for s in solves { try? FileManager.default.removeItem(atPath: s.output) } }
            guard let best = solves.min(by: { $0.seconds < $1.seconds }) else { continue }
            let document = (try? FileManager.default.attributesOfItem(atPath: best.output)[.size] as? Int) ?? 0
            var verifies: [ChildProcess] = []
            for _ in 0..<repeats {
                guard let v = ChildProcess.run([me, "verify", best.output]), v.exitStatus == 0 else {
                    throw ValidationError("verify of the document of \(spec) did not pass.")
                }
                verifies.append(v)
                try? FileManager.default.removeItem(atPath: v.output)
            }
            guard let verify = verifies.min(by: { $0.seconds < $1.seconds }) else { continue }
            var row =
                "| \(spec) | \(size / 1_000_000) | \(secs(best.seconds)) | \(mb(best.peakKB)) | \(document / 1000) | \(secs(verify.seconds)) | \(mb(verify.peakKB))"
            if let reference, let r = referenceRow(reference, file, parts.count > 1 ? parts[1] : nil) {
                let ours = oursMargin(best.output)
                let diff = r.margin.flatMap { m in ours.map { abs(m - $0) / $0 } }.map { String(format: "%.1e", $0) }
                row +=
                    " | \(r.solver) (\(r.status)) | \(secs(r.loadMs / 1000)) | \(secs(r.totalMs / 1000)) | \(mb(r.peakRSSKB)) | \(diff ?? "-") |"
            } else {
                row += " | - | - | - | - | - |"
            }
            print(row)
        }
    }

    func referenceRow(_ script: String, _ file: String, _ labels: String?) -> ReferenceRow? {
        let args = [python, script, file, "--norm", norm.rawValue] + (labels.map { ["--labels", $0] } ?? [])
        guard let r = ChildProcess.run(args), r.exitStatus == 0 else { return nil }
        defer { try? FileManager.default.removeItem(atPath: r.output) }
        guard let data = FileManager.default.contents(atPath: r.output) else { return nil }
        return try? JSONDecoder().decode(ReferenceRow.self, from: data)
    }

    func oursMargin(_ document: String) -> Double? {
        guard let data = FileManager.default.contents(atPath: document),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return nil }
        return object["margin"] as? Double
    }

    func secs(_ s: Double) -> String { String(format: "%.2f", s) }
    func mb(_ kb: Int) -> String { String(kb / 1024) }
}
