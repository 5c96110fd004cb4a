import Foundation
import Testing

/// Every range-checked option at both sides of each documented edge (README's usage and `--help`):
/// the edge value itself is accepted (exit 0) and the nearest double or integer past it is a usage
/// error (exit 64) or, for the oracle's own settings, a refusal (exit 2), with the sentence that names
/// the rule. A range tested only far from its edges lets `<` and `<=` trade places unseen.
@Suite struct OptionEdgeTests {
    typealias CLI = CLITests

    struct Case: CustomStringConvertible {
        var arguments: [String]
        var status: Int32
        var says: String
        var description: String { arguments.joined(separator: " ") }
    }

    static let past1 = "1.0000000000000002"  // the double after 1
    static let below1 = "0.9999999999999999"  // the double before 1
    static let belowZero = "-5e-324"  // the double before 0

    static func trainCases(_ data: String) -> [Case] {
        func train(_ extra: [String], steps: String = "0") -> [String] { ["train", data, "--steps", steps] + extra }
        let accepted: [[String]] = [
            train([]), train(["--lr", "5e-324"], steps: "1"), train(["--init-scale", "0"]),
            train(["--model", "diagonal", "--depth", "1"]), train(["--model", "diagonal", "--depth", "16"]),
            train(["--model", "two-layer", "--width", "1"]), train(["--model", "two-layer", "--width", "100000"]),
            train(["--model", "two-layer", "--leak", "0"]), train(["--model", "two-layer", "--leak", "1"]),
            train(["--optimizer", "adam", "--beta1", "0", "--beta2", "0", "--epsilon", "0"], steps: "1"),
            train(["--optimizer", "adam", "--beta1", "1", "--beta2", "1"], steps: "1"),
        ]
        let refused: [([String], String)] = [
            (["train", data, "--steps=-1"], "--steps must be in 0...100000000"),
            (train([], steps: "100000001"), "--steps must be in 0...100000000"),
            (train(["--lr", "0"]), "--lr must be a positive number"),
            (train(["--lr", "inf"]), "--lr must be a positive number"),
            (train(["--init-scale=" + belowZero]), "--init-scale must be a nonnegative number"),
            (train(["--model", "diagonal", "--depth", "17"]), "--depth must be in 1...16"),
            (train(["--model", "two-layer", "--width", "100001"]), "--width must be in 1...100000"),
            (train(["--model", "two-layer", "--leak", past1]), "--leak must be in [0, 1]"),
            (train(["--model", "two-layer", "--leak=" + belowZero]), "--leak must be in [0, 1]"),
            (train(["--optimizer", "adam", "--beta1", past1]), "beta1, beta2 in [0, 1]"),
            (train(["--optimizer", "adam", "--beta2", past1]), "beta1, beta2 in [0, 1]"),
            (train(["--optimizer", "adam", "--beta1=" + belowZero]), "beta1, beta2 in [0, 1]"),
            (train(["--optimizer", "adam", "--epsilon=" + belowZero]), "epsilon >= 0"),
        ]
        // The inside of the steps edge without running 10^8 steps: 100000000 passes validation, shown by
        // the next thing train does, reading the data file, which is missing here (exit 2, not 64).
        let missing = Case(
            arguments: ["train", "/nonexistent/margin-oracle/d.json", "--steps", "100000000"], status: 2,
            says: "Cannot read")
        return accepted.map { Case(arguments: $0, status: 0, says: "") }
            + refused.map { Case(arguments: $0.0, status: 64, says: $0.1) } + [missing]
    }

    static func otherCases(data: String, problem: String) -> [Case] {
        let two = ["solve", data, "--model", "two-layer", "--leak"]
        let kkt = ["kkt", problem, "--active-tolerance"]
        return [
            Case(arguments: two + ["0"], status: 0, says: ""),
            Case(arguments: two + [below1], status: 0, says: ""),
            Case(arguments: two + ["1"], status: 2, says: "must be in [0, 1)"),
            Case(arguments: two.dropLast() + ["--leak=" + belowZero], status: 2, says: "must be in [0, 1)"),
            Case(arguments: kkt + ["0"], status: 0, says: ""),
            Case(arguments: kkt + [below1], status: 0, says: ""),
            Case(arguments: kkt + ["1"], status: 64, says: "--active-tolerance must be in [0, 1)"),
            Case(
                arguments: kkt.dropLast() + ["--active-tolerance=" + belowZero], status: 64,
                says: "--active-tolerance must be in [0, 1)"),
            Case(
                arguments: ["reproduce", "--generated", "10001"], status: 64, says: "--generated must be in 0...10000"),
            Case(arguments: ["reproduce", "--generated=-1"], status: 64, says: "--generated must be in 0...10000"),
            Case(arguments: ["bench", "--repeats", "0"], status: 64, says: "--repeats must be positive"),
            Case(arguments: ["bench", "--two-layer", "--leak", "1"], status: 64, says: "--leak in [0, 1)"),
            Case(arguments: ["bench", "--two-layer", "--leak=" + belowZero], status: 64, says: "--leak in [0, 1)"),
            Case(arguments: ["bench", "--two-layer-dimension", "1"], status: 64, says: "must be 2, 3, 4 or 5"),
            Case(arguments: ["bench", "--two-layer-dimension", "6"], status: 64, says: "must be 2, 3, 4 or 5"),
        ]
    }

    @Test("each option's edge is accepted and the value just past it refused, naming the rule")
    func optionEdges() throws {
        let data = try CLI.temporaryFile("d3.json", CLI.d3)
        let problem = try CLI.temporaryFile(
            "kkt.json",
            #"{"parameters": [1, 1], "margins": [1, 2], "margin_gradients": [[1, 0], [0, 1]], "order": 1}"#)
        let cases = Self.trainCases(data) + Self.otherCases(data: data, problem: problem)
        for c in cases {
            let r = try CLI.run(c.arguments)
            #expect(r.status == c.status, "\(c): exit \(r.status), \(r.stderr.prefix(300))")
            #expect(c.says.isEmpty || r.stderr.contains(c.says), "\(c): \(r.stderr.prefix(300))")
        }
    }
}

extension OptionEdgeTests {
    /// README (`train`): without `--lr` the step is the step rule's on the data; otherwise 0.1. On D3,
    /// z = (2, 2, -1), (0, 3, 2), (-2, 3, 3), (1, 2, 1), by hand: GD 4 / sum ||z||^2 = 4 / 50; NGD
    /// 0.1 / max ||z||_2 = 0.1 / sqrt(22); sign descent 0.1 / max ||z||_1 = 0.1 / 8; coordinate descent
    /// 0.01 / max ||z||_inf = 0.01 / 3; GD with the mean, 4 x 4 / 50; the rest (unnormalized sign,
    /// loss-scaled GD, Adam) 0.1. The summary line states the step and the stderr line names it.
    @Test("train's default step on D3, per update rule, against the step rule computed by hand")
    func defaultStepSizes() throws {
        let data = try CLI.temporaryFile("d3.json", CLI.d3)
        let cases: [([String], Double)] = [
            (["--optimizer", "gd"], 4.0 / 50), (["--optimizer", "ngd"], 0.1 / (22.0).squareRoot()),
            (["--optimizer", "sign"], 0.1 / 8), (["--optimizer", "coordinate"], 0.01 / 3),
            (["--optimizer", "gd", "--reduction", "mean"], 16.0 / 50),
            (["--optimizer", "sign", "--unnormalized"], 0.1), (["--optimizer", "loss-scaled"], 0.1),
            (["--optimizer", "adam"], 0.1), (["--optimizer", "sign", "--lr", "0.375"], 0.375),
        ]
        for (extra, expected) in cases {
            let r = try CLI.run(["train", data, "--steps", "0"] + extra)
            #expect(r.status == 0, "\(extra): \(r.stderr)")
            let summary = r.stdout.split(separator: "\n").last.map(String.init) ?? ""
            let object = try JSONSerialization.jsonObject(with: Data(summary.utf8)) as? [String: Any]
            let step = (object?["summary"] as? [String: Any])?["step_size"] as? Double
            #expect(step.map { abs($0 - expected) <= 1e-15 * expected } == true, "\(extra): \(summary)")
        }
    }
}

extension OptionEdgeTests {
    /// README (`train`): on data whose points are all zero every step rule would give 0; the step is then
    /// 0.1 and no rule is stated (the summary has no `step_rule`).
    @Test("train on all-zero data: every update rule's step is 0.1, with no step rule stated")
    func zeroDataStep() throws {
        let data = try CLI.temporaryFile("zeros.json", #"{"X": [[0, 0], [0, 0]], "y": [1, -1]}"#)
        for optimizer in ["gd", "ngd", "sign", "coordinate"] {
            let r = try CLI.run(["train", data, "--optimizer", optimizer, "--steps", "0"])
            #expect(r.status == 0, "\(optimizer): \(r.stderr)")
            let summary = r.stdout.split(separator: "\n").last.map(String.init) ?? ""
            let object = try JSONSerialization.jsonObject(with: Data(summary.utf8)) as? [String: Any]
            let fields = object?["summary"] as? [String: Any]
            #expect(fields?["step_size"] as? Double == 0.1, "\(optimizer): \(summary)")
            #expect(fields?["step_rule"] == nil, "\(optimizer): \(summary)")
        }
    }

    /// README (`kkt`): the problem is embedded when its four arrays hold at most 1000000 numbers
    /// (`n P + n + P + 1`). With n = 3 points: P = 249999 parameters make exactly 1000000 (embedded),
    /// P = 250000 make 1000004 (only referenced, by `input`). The document of a referenced problem is
    /// written on one line (README: pretty printed only when the problem is embedded and has at most
    /// 1000 points).
    @Test("kkt embeds a problem of exactly 1000000 numbers, and refers to one of the next size")
    func kktEmbedEdge() throws {
        for (p, embedded) in [(249_999, true), (250_000, false)] {
            let ones = String(repeating: "1, ", count: p - 1) + "1"
            let zeros = String(repeating: "0, ", count: p - 1) + "0"
            let problem = try CLI.temporaryFile(
                "kkt-\(p).json",
                #"{"parameters": [\#(ones)], "margins": [1, 2, 3], "margin_gradients": [[\#(ones)], [\#(zeros)], [\#(zeros)]], "order": 1}"#
            )
            let r = try CLI.run(["kkt", problem])
            #expect(r.status == 0, "P = \(p): \(r.stderr.prefix(300))")
            let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
            #expect((object?["problem"] != nil) == embedded, "P = \(p): problem embedded \(object?["problem"] != nil)")
            if !embedded { #expect(r.stdout.split(separator: "\n").count == 1, "P = \(p): not on one line") }
        }
    }

    /// README: `kkt` documents of embedded problems are pretty printed up to 1000 points and on one line
    /// past them, as `solve`'s. Problems of 1000 and 1001 points (one active point, the rest far).
    @Test("kkt documents of 1000 points are pretty printed, of 1001 on one line")
    func kktCompactEdge() throws {
        for (n, pretty) in [(1000, true), (1001, false)] {
            let margins = (0..<n).map { $0 == 0 ? "1" : "\(10 + $0)" }.joined(separator: ", ")
            let gradients = (0..<n).map { $0 == 0 ? "[1, 1]" : "[1, 0]" }.joined(separator: ", ")
            let problem = try CLI.temporaryFile(
                "kkt-\(n).json",
                #"{"parameters": [1, 1], "margins": [\#(margins)], "margin_gradients": [\#(gradients)], "order": 1}"#)
            let r = try CLI.run(["kkt", problem])
            #expect(r.status == 0, "\(n): \(r.stderr)")
            let lines = r.stdout.split(separator: "\n").count
            #expect(pretty ? lines > 10 : lines == 1, "\(n) points: \(lines) lines")
        }
    }
}

extension OptionEdgeTests {
    /// README: Adam's defaults are beta1 0.9, beta2 0.999, epsilon 0; `kkt`'s TAU is 1e-3. A run without
    /// the options writes the same bytes as one that states the documented values, and other bytes than
    /// one with the fixtures' epsilon (1e-8) or twice the TAU (a point at 1.0015 q_min is active or not).
    @Test("train's Adam defaults and kkt's TAU default are the documented values")
    func documentedDefaults() throws {
        let data = try CLI.temporaryFile("d3.json", CLI.d3)
        let base = ["train", data, "--optimizer", "adam", "--steps", "20"]
        let plain = try CLI.run(base)
        let stated = try CLI.run(base + ["--beta1", "0.9", "--beta2", "0.999", "--epsilon", "0"])
        let fixtureEpsilon = try CLI.run(base + ["--epsilon", "1e-8"])
        #expect(plain.status == 0 && !plain.stdout.isEmpty, "\(plain.stderr)")
        #expect(plain.stdout == stated.stdout, "Adam's defaults are not beta1 0.9, beta2 0.999, epsilon 0")
        #expect(plain.stdout != fixtureEpsilon.stdout, "epsilon 1e-8 changed nothing: the test cannot tell")
        let problem = try CLI.temporaryFile(
            "kkt.json",
            #"{"parameters": [1, 1], "margins": [1, 1.0015], "margin_gradients": [[1, 0], [0, 1]], "order": 1}"#)
        let kkt = try CLI.run(["kkt", problem])
        let explicit = try CLI.run(["kkt", problem, "--active-tolerance", "0.001"])
        let twice = try CLI.run(["kkt", problem, "--active-tolerance", "0.002"])
        #expect(kkt.status == 0 && kkt.stdout == explicit.stdout, "\(kkt.stderr)")
        #expect(kkt.stdout != twice.stdout, "TAU 0.002 changed nothing: the test cannot tell")
    }
}
