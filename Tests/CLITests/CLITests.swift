import Foundation
import Testing

/// End-to-end tests of the built `margin-oracle` binary: exit codes, stdout/stderr separation,
/// and that what `solve` writes, `verify` accepts.
@Suite struct CLITests {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static var binary: URL {
        // The test bundle sits next to the products (.build/<triple>/debug/).
        var dir = Bundle.main.bundleURL
        for _ in 0..<4 where !FileManager.default.fileExists(atPath: dir.appendingPathComponent("margin-oracle").path) {
            dir = dir.deletingLastPathComponent()
        }
        return dir.appendingPathComponent("margin-oracle")
    }

    static func run(_ arguments: [String]) throws -> Run {
        let p = Process()
        p.executableURL = binary
        p.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Run(
            status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
            stderr: String(decoding: e, as: UTF8.self))
    }

    static func temporaryFile(_ name: String, _ contents: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
            "margin-oracle-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try contents.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    static let d3 = #"{"X": [[2, 2, -1], [0, 3, 2], [-2, 3, 3], [1, 2, 1]], "y": [1, 1, 1, 1]}"#

    @Test("solve prints the documented keys; verify accepts what solve wrote", arguments: ["l1", "l2", "linf"])
    func solveThenVerify(_ norm: String) throws {
        let data = try Self.temporaryFile("d3.json", Self.d3)
        let solved = try Self.run(["solve", data, "--norm", norm])
        #expect(solved.status == 0, "\(solved.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(solved.stdout.utf8)) as! [String: Any]
        for key in ["norm", "separable", "margin", "weights", "dual", "support", "certificate", "data", "schema"] {
            #expect(object[key] != nil, "missing key \(key)")
        }
        let certificate = object["certificate"] as! [String: Any]
        for key in ["lower", "upper", "exact", "margin_exact", "primal", "dual", "squared"] {
            #expect(certificate[key] != nil, "missing certificate key \(key)")
        }
        #expect(certificate["exact"] as? Bool == true)
        let expected = ["l1": "2", "l2": "sqrt(121/21)", "linf": "13/4"][norm]!
        #expect(certificate["margin_exact"] as? String == expected)
        let solution = try Self.temporaryFile("solution.json", solved.stdout)
        let verified = try Self.run(["verify", solution])
        #expect(verified.status == 0, "\(verified.stdout)")
    }

    @Test("the same command writes the same bytes")
    func deterministic() throws {
        let data = try Self.temporaryFile("d3.json", Self.d3)
        let a = try Self.run(["solve", data, "--norm", "l2"])
        let b = try Self.run(["solve", data, "--norm", "l2"])
        #expect(a.stdout == b.stdout && !a.stdout.isEmpty)
    }

    @Test("verify rejects a tampered certificate with exit code 1")
    func verifyRejectsTampering() throws {
        let data = try Self.temporaryFile("d3.json", Self.d3)
        let solved = try Self.run(["solve", data, "--norm", "linf"])
        let tampered = solved.stdout.replacingOccurrences(of: "\"13/4\"", with: "\"7/2\"")
        #expect(tampered != solved.stdout)
        let result = try Self.run(["verify", try Self.temporaryFile("bad.json", tampered)])
        #expect(result.status == 1)
        #expect(result.stdout.contains("\"passed\" : false"))
    }

    @Test("bad data give exit code 2, a message naming the fault, and nothing on stdout")
    func badInput() throws {
        let ragged = try Self.temporaryFile("bad.json", #"{"X": [[1, 2], [3]], "y": [1, -1]}"#)
        let r = try Self.run(["solve", ragged])
        #expect(r.status == 2 && r.stdout.isEmpty && r.stderr.contains("Point 1"))
        let csv = try Self.temporaryFile("bad.csv", "1,2,1\n3,nan,-1\n")
        let c = try Self.run(["solve", csv, "--norm", "l1"])
        #expect(c.status == 2 && c.stderr.contains("line 2"))
        let missing = try Self.run(["solve", "/nonexistent.json"])
        #expect(missing.status == 2)
        let garbage = try Self.run(["verify", ragged])
        #expect(garbage.status == 2)
    }

    @Test("data not separable: exit code 1, a certificate on stdout, an explanation on stderr")
    func notSeparable() throws {
        let data = try Self.temporaryFile("ns.csv", "1,0,1\n1,0,-1\n")
        let r = try Self.run(["solve", data, "--norm", "l2"])
        #expect(r.status == 1)
        #expect(r.stdout.contains("\"separable\" : false"))
        #expect(r.stderr.contains("not separable"))
        let verified = try Self.run(["verify", try Self.temporaryFile("ns-solution.json", r.stdout)])
        #expect(verified.status == 0)
    }
}

extension CLITests {
    @Test("solve --lexicographic adds levels and sorted margins that verify accepts; Z_lex gives 1 -> {0,1}, 2 -> {2}")
    func lexicographic() throws {
        let data = try Self.temporaryFile("zlex.json", #"{"X": [[1, 1, 0], [1, 1, 1], [2, 0, 0]], "y": [1, 1, 1]}"#)
        let r = try Self.run(["solve", data, "--norm", "l1", "--lexicographic"])
        #expect(r.status == 0, "\(r.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        #expect(object["levels"] as? [String] == ["1", "2"])
        #expect(object["sorted_margins"] as? [String] == ["1", "1", "2"])
        #expect(object["level_points"] as? [[Int]] == [[0, 1], [2]])
        let verified = try Self.run(["verify", try Self.temporaryFile("lex.json", r.stdout)])
        #expect(verified.status == 0, "\(verified.stdout)")
        let forged = r.stdout.replacingOccurrences(
            of: "\"sorted_margins\" : [\n    \"1\",\n    \"1\",\n    \"2\"",
            with: "\"sorted_margins\" : [\n    \"1\",\n    \"2\",\n    \"2\"")
        #expect(forged != r.stdout)
        #expect(try Self.run(["verify", try Self.temporaryFile("forged.json", forged)]).status == 1)
        #expect(try Self.run(["solve", data, "--norm", "l2", "--lexicographic"]).status == 64)
    }

    @Test("solve --model two-layer certifies D_frag's global margin 0.096459 and verify accepts it")
    func twoLayer() throws {
        let data = try Self.temporaryFile(
            "dfrag.json", #"{"X": [[4, 6], [-2, -2], [-2, -3], [2, 2]], "y": [1, 1, -1, -1]}"#)
        let r = try Self.run(["solve", data, "--model", "two-layer", "--leak", "0.1"])
        #expect(r.status == 0, "\(r.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        let lower = object["lower"] as! Double
        let upper = object["upper"] as! Double
        #expect(lower <= upper && abs(lower - 0.096459) < 1e-6 && upper - lower < 1e-9)
        #expect(try Self.run(["verify", try Self.temporaryFile("two.json", r.stdout)]).status == 0)
        #expect(try Self.run(["solve", data, "--model", "two-layer"]).status == 64)
        // R^3 is solved and verified (D3); so is R^4 (below).
        let threeD = try Self.temporaryFile("d3.json", Self.d3)
        let three = try Self.run(["solve", threeD, "--model", "two-layer", "--leak", "0.1"])
        #expect(three.status == 0, "\(three.stderr)")
        #expect(try Self.run(["verify", try Self.temporaryFile("two3.json", three.stdout)]).status == 0)
        let fourD = try Self.temporaryFile(
            "d4.json", #"{"X": [[1, 0, 0, 1], [0, 1, 0, 1], [1, 1, 0, 1], [0, 0, 1, 1]], "y": [1, 1, -1, -1]}"#)
        let four = try Self.run(["solve", fourD, "--model", "two-layer", "--leak", "0.1"])
        #expect(four.status == 0, "\(four.stderr)")
        #expect(try Self.run(["verify", try Self.temporaryFile("two4.json", four.stdout)]).status == 0)
        // Forged R^4 documents: a smaller proven upper bound, a dual weight moved between points.
        var forged = try JSONSerialization.jsonObject(with: Data(four.stdout.utf8)) as! [String: Any]
        var certificate = forged["certificate"] as! [String: Any]
        certificate["upper_squared"] = "1/1000000"
        forged["certificate"] = certificate
        let smaller = String(decoding: try JSONSerialization.data(withJSONObject: forged), as: UTF8.self)
        #expect(try Self.run(["verify", try Self.temporaryFile("two4-upper.json", smaller)]).status == 1)
        certificate =
            (try JSONSerialization.jsonObject(with: Data(four.stdout.utf8)) as! [String: Any])["certificate"]
            as! [String: Any]
        certificate["dual"] = ["1", "0", "0", "0"]
        forged["certificate"] = certificate
        let moved = String(decoding: try JSONSerialization.data(withJSONObject: forged), as: UTF8.self)
        #expect(try Self.run(["verify", try Self.temporaryFile("two4-dual.json", moved)]).status == 1)
        // Beyond the R^5 limit (36 points): refused at once, naming the limit.
        let many5 = (0..<37).map { k in "[\(k % 7 - 3), \(k % 5 - 2), \(k % 3 - 1), \(k % 11 - 5), 1]" }
        let labels5 = (0..<37).map { k in k % 2 == 0 ? "1" : "-1" }
        let big5 = try Self.temporaryFile(
            "big5.json", #"{"X": [\#(many5.joined(separator: ","))], "y": [\#(labels5.joined(separator: ","))]}"#)
        let refused5 = try Self.run(["solve", big5, "--model", "two-layer", "--leak", "0.1"])
        #expect(refused5.status == 2 && refused5.stderr.contains("37 points in R^5 exceed"), "\(refused5.stderr)")
        // Symmetric pairs that no linear map separates, in R^3: margin 0 (exit 1) with a witness verify accepts.
        let pairs = try Self.temporaryFile(
            "pairs3.json",
            #"{"X": [[1,0,1],[-1,0,-1],[-1,1,-1],[1,-1,1],[-1,-1,-1],[1,1,1]], "y": [1,-1,1,-1,1,-1]}"#)
        let zero = try Self.run(["solve", pairs, "--model", "two-layer", "--leak", "0.1"])
        #expect(zero.status == 1 && zero.stderr.contains("(-x, -y)"), "\(zero.stderr)")
        #expect(try Self.run(["verify", try Self.temporaryFile("pairs3.out.json", zero.stdout)]).status == 0)
        // Beyond the R^3 limit: refused at once with the limit and the estimate in the message.
        let many = (0...4000).map { k in "[\(k % 7 + 1), \(k % 5 - 2), 1]" }.joined(separator: ",")
        let labels = (0...4000).map { k in k % 2 == 0 ? "1" : "-1" }.joined(separator: ",")
        let big = try Self.temporaryFile("big3.json", #"{"X": [\#(many)], "y": [\#(labels)]}"#)
        let refused = try Self.run(["solve", big, "--model", "two-layer", "--leak", "0.1"])
        #expect(
            refused.status == 2 && refused.stderr.contains("limit of 4000") && refused.stderr.contains("estimated 29 s")
        )
    }
}

extension CLITests {
    @Test("train writes log-spaced JSON-line checkpoints and a summary against the oracle; same seed, same bytes")
    func train() throws {
        let data = try Self.temporaryFile("d3.json", Self.d3)
        let r = try Self.run(["train", data, "--optimizer", "ngd", "--steps", "100", "--seed", "3"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == 9)  // steps 0 1 2 5 10 20 50 100, then the summary
        let summary = try JSONSerialization.jsonObject(with: Data(lines.last!.utf8)) as! [String: [String: Any]]
        let expectation = summary["summary"]!["expectation"] as! [String: Any]
        #expect(expectation["limit_exact"] as? String == "sqrt(121/21)")
        #expect((summary["summary"]!["gap"] as! Double) > 0)
        let again = try Self.run(["train", data, "--optimizer", "ngd", "--steps", "100", "--seed", "3"])
        #expect(again.stdout == r.stdout)
        let csv = try Self.run(["train", data, "--optimizer", "sign", "--steps", "10", "--format", "csv"])
        #expect(csv.status == 0 && csv.stdout.hasPrefix("step,log_loss,") && csv.stderr.contains("\"summary\""))
        // Without --lr the step rule chooses: coordinate descent c / max_n ||z_n||_inf = 0.01 / 3 on D3.
        let ruled = try Self.run(["train", data, "--optimizer", "coordinate", "--steps", "10"])
        struct Summary: Decodable {
            struct Body: Decodable {
                var stepSize: Double?
                enum CodingKeys: String, CodingKey { case stepSize = "step_size" }
            }
            var summary: Body
        }
        let last = ruled.stdout.split(separator: "\n").last.map { Data($0.utf8) } ?? Data()
        let stepSize = (try? JSONDecoder().decode(Summary.self, from: last))?.summary.stepSize
        #expect(stepSize == 0.01 / 3 && ruled.stderr.contains("step rule"), "\(ruled.stdout) \(ruled.stderr)")
        #expect(try Self.run(["train", data, "--steps", "-1"]).status == 64)
        #expect(try Self.run(["train", data, "--model", "deep-linear", "--widths", "4,x"]).status == 64)
    }
}

extension CLITests {
    @Test("reproduce prints the claim table and writes an SVG per plotted claim")
    func reproduce() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent(
            "margin-oracle-repro-\(UUID().uuidString)"
        ).path
        let r = try Self.run(["reproduce", "--claim", "P5", "--claim", "P21", "--out", out, "--generated", "3"])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("| P5 NGD -> l2 max margin |") && r.stdout.contains("2/2 claims hold"))
        // The generated-data column: P5 has a randomized form, P21 none.
        #expect(r.stdout.contains("| held 3/3 |") && r.stdout.contains("| - |"), "\(r.stdout)")
        let replay = try Self.run(["reproduce", "--claim", "P5", "--out", out, "--replay", "12345"])
        #expect(replay.status == 0 && replay.stderr.contains("P5 seed 12345"), "\(replay.stderr)")
        let svg = try String(contentsOfFile: out + "/P5.svg", encoding: .utf8)
        #expect(svg.hasPrefix("<svg") && svg.contains("gamma2*"))
        #expect(FileManager.default.fileExists(atPath: out + "/summary.md"))
        #expect(try Self.run(["reproduce", "--claim", "P99"]).status == 64)
    }
}

extension CLITests {
    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }

    @Test("the NumPy client passes check with NGD and is rejected when it runs sign descent instead")
    func numpyClient() throws {
        let fixture = Self.packageRoot.appendingPathComponent("Fixtures/reference/reference-D3.json").path
        let script = Self.packageRoot.appendingPathComponent("examples/numpy_client.py").path
        func client(_ extra: [String]) throws -> Int32 {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            p.arguments = ["python3", script, fixture, "--binary", Self.binary.path] + extra
            p.standardOutput = Pipe()
            p.standardError = Pipe()
            try p.run()
            _ = (p.standardOutput as! Pipe).fileHandleForReading.readDataToEndOfFile()
            p.waitUntilExit()
            return p.terminationStatus
        }
        #expect(try client([]) == 0)
        #expect(try client(["--wrong"]) == 1)
        #expect(try client(["--expectation", "sign-linear-linf"]) == 0)
    }

    @Test(
        "solve: an optimum beyond the double range is exit 2 with the remedy, never a clamped number or a Swift error")
    func overflowingOptimum() throws {
        let data = try Self.temporaryFile("big.json", #"{"X": [[1.7e308, 1.7e308, 1.7e308, 1.7e308]], "y": [1]}"#)
        for norm in ["l2", "linf"] {
            let r = try Self.run(["solve", data, "--norm", norm])
            #expect(r.status == 2 && r.stdout.isEmpty, "\(norm): \(r.status)")
            #expect(
                r.stderr.contains("exceeds the largest double") && !r.stderr.contains("EncodingError"), "\(r.stderr)")
        }
        #expect(try Self.run(["solve", data, "--norm", "l1"]).status == 0)
    }

    /// Sign descent with step 0.3 on D3 converges to linf margin 2.75, not the limit 3.25 (its
    /// direction cycles while the norm grows) [M]: the summary says it stalled, with the remedy.
    @Test("train: a run that does not approach its limit is reported as stalled, a converging one is not")
    func trainReportsStalls() throws {
        let data = try Self.temporaryFile("d3.json", Self.d3)
        let stalled = try Self.run(["train", data, "--optimizer", "sign", "--lr", "0.3", "--steps", "20000"])
        #expect(stalled.status == 0)
        #expect(
            stalled.stdout.contains("\"stalled\":\"the gap to the limit did not shrink"),
            "\(stalled.stdout.suffix(400))")
        #expect(stalled.stderr.contains("stalled:") && stalled.stderr.contains("--inverse-sqrt"))
        let fine = try Self.run(["train", data, "--optimizer", "ngd", "--lr", "0.1", "--steps", "20000"])
        #expect(fine.status == 0 && !fine.stdout.contains("stalled") && !fine.stderr.contains("stalled"))
    }

    @Test("check: exit 2 for malformed weights or an unknown expectation, 1 for a wrong predictor")
    func checkErrors() throws {
        let fixture = Self.packageRoot.appendingPathComponent("Fixtures/reference/reference-D3.json").path
        let bad = try Self.temporaryFile("w.json", #"{"model": "linear", "weights": [1, 2]}"#)
        #expect(try Self.run(["check", fixture, "--weights", bad]).status == 2)
        let unknown = try Self.temporaryFile("w.json", #"{"predictor": [2, 4, 1], "expectation": "nope"}"#)
        #expect(try Self.run(["check", fixture, "--weights", unknown]).status == 2)
        let right = try Self.temporaryFile("w.json", #"{"predictor": [2, 4, 1], "expectation": "ngd-linear-l2"}"#)
        let r = try Self.run(["check", fixture, "--weights", right])
        #expect(r.status == 0 && r.stdout.contains("\"passed\" : true"))
        let wrong = try Self.temporaryFile("w.json", #"{"predictor": [1, 1, 0.75], "expectation": "ngd-linear-l2"}"#)
        #expect(try Self.run(["check", fixture, "--weights", wrong]).status == 1)
        // Python's json writes NaN for a diverged run: read, and diagnosed as a failure (exit 1), not bad input.
        let diverged = try Self.temporaryFile(
            "w.json", #"{"predictor": [NaN, 4, 1], "expectation": "ngd-linear-l2"}"#)
        let d = try Self.run(["check", fixture, "--weights", diverged])
        #expect(d.status == 1 && (d.stdout + d.stderr).contains("NaN"), "\(d.status) \(d.stdout) \(d.stderr)")
    }

    /// A diagonal net's summary compares its predictor's l1 margin with gamma1* (D3: 2, SPEC.md 8),
    /// whatever update rule trained it.
    @Test("train: a diagonal net's expectation is the l1 predictor margin (D3: 2) under NGD too")
    func diagonalExpectation() throws {
        let data = try Self.temporaryFile("d3.json", Self.d3)
        let r = try Self.run(["train", data, "--model", "diagonal", "--optimizer", "ngd", "--steps", "10"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(
            r.stdout.contains(#""limit":2,"limit_exact":"2","norm":"l1","quantity":"predictor margin""#),
            "\(r.stdout.split(separator: "\n").last ?? "")")
    }
}

extension CLITests {
    @Test(
        "200 seeded malformed data files through solve: exit 0/1 with a document, or 2 with nothing on stdout; never a crash"
    )
    func fuzzSolve() throws {
        var state: UInt64 = 0x5EED
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            return z ^ (z >> 27)
        }
        let base = #"{"X": [[2, 2, -1], [0, 3, 2], [-2, 3, 3], [1, 2, 1]], "y": [1, 1, -1, 1]}"#
        let tokens = ["NaN", "1e400", "\"a\"", "null", "[", "]", ",", "2", "-1", "0.5", "{}", ""]
        var counts = [Int32: Int]()
        for i in 0..<200 {
            var text = Array(base)
            for _ in 0..<(1 + Int(next() % 3)) {
                let at = Int(next() % UInt64(text.count))
                if next() % 2 == 0 {
                    text.remove(at: at)
                } else {
                    text.insert(contentsOf: tokens[Int(next() % UInt64(tokens.count))], at: at)
                }
            }
            let file = try Self.temporaryFile("fuzz\(i).json", String(text))
            let r = try Self.run(["solve", file, "--norm", ["l1", "l2", "linf"][i % 3]])
            counts[r.status, default: 0] += 1
            #expect([0, 1, 2].contains(r.status), "case \(i) exit \(r.status): \(String(text))")
            if r.status == 2 { #expect(r.stdout.isEmpty && !r.stderr.isEmpty, "case \(i)") }
            if r.status == 0 { #expect(r.stdout.contains("\"certificate\"")) }
        }
        #expect((counts[2] ?? 0) > 50)
    }
}

extension CLITests {
    @Test(
        "seeded malformed documents through verify and check, and bad train/generate arguments: clear exit codes, never a crash"
    )
    func fuzzOtherSubcommands() throws {
        let data = try Self.temporaryFile("d3.json", Self.d3)
        let solution = try Self.run(["solve", data, "--norm", "l1"]).stdout
        let fixture = Self.packageRoot.appendingPathComponent("Fixtures/reference/reference-D3.json").path
        let weights = #"{"model": "linear", "weights": [2, 4, 1], "expectation": "ngd-linear-l2"}"#
        var state: UInt64 = 0xF00D
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            return z ^ (z >> 27)
        }
        func mutate(_ s: String) -> String {
            var c = Array(s)
            for _ in 0..<(1 + Int(next() % 3)) where !c.isEmpty {
                let at = Int(next() % UInt64(c.count))
                switch next() % 3 {
                case 0: c.remove(at: at)
                case 1: c.insert(contentsOf: ["\"", "1e400", "-", "null", "]"][Int(next() % 5)], at: at)
                default: c[at] = Character(Unicode.Scalar(UInt8(48 + next() % 10)))
                }
            }
            return String(c)
        }
        for i in 0..<60 {
            let v = try Self.run(["verify", try Self.temporaryFile("s\(i).json", mutate(solution))])
            #expect([0, 1, 2].contains(v.status), "verify case \(i): exit \(v.status)")
            let c = try Self.run(["check", fixture, "--weights", try Self.temporaryFile("w\(i).json", mutate(weights))])
            #expect([0, 1, 2].contains(c.status), "check case \(i): exit \(c.status)")
            if c.status == 2 { #expect(c.stdout.isEmpty) }
        }
        for bad in [
            ["train", data, "--lr", "nan"], ["train", data, "--model", "two-layer", "--width", "0"],
            ["generate", "--out", "/tmp/x", "--suite", "nope"],
            ["train", "/nonexistent.json"], ["bench", "--size", "10y3"],
        ] {
            let r = try Self.run(bad)
            #expect([2, 64].contains(r.status), "\(bad): exit \(r.status)")
        }
    }
}

extension CLITests {
    /// Found by an attack on the readers (2026-11-28): the table printed `Optional("13/4")`.
    @Test("solve --format table prints the exact margin as p/q, not as an optional")
    func tableFormat() throws {
        let data = try Self.temporaryFile("table-d3.json", Self.d3)
        let r = try Self.run(["solve", data, "--norm", "l1", "--format", "table"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(!r.stdout.contains("Optional"), "\(r.stdout)")
        let line = r.stdout.split(separator: "\n").first { $0.hasPrefix("exact") }.map(String.init) ?? ""
        let value = line.split(separator: " ").last.map(String.init) ?? ""
        #expect(!value.isEmpty && value.allSatisfy { $0.isNumber || $0 == "/" || $0 == "-" }, "\(line)")
    }
}

extension CLITests {
    /// README: "a network that misclassifies a point (`q_min <= 0`) gets exit 1 and a message naming the
    /// point": a margin of exactly 0 counts (blind mutant 6.11 made it `< 0`).
    @Test("kkt: a point of margin exactly 0 (or below) is a misclassification, exit 1 naming it")
    func kktZeroMargin() throws {
        for (q, point) in [("0", 1), ("-0.5", 1), ("0", 0)] {
            let margins = point == 1 ? "[1, \(q)]" : "[\(q), 1]"
            let problem = try Self.temporaryFile(
                "kkt-zero.json",
                #"{"parameters": [1, 0], "margins": \#(margins), "margin_gradients": [[1, 0], [0, 1]], "order": 1}"#)
            let r = try Self.run(["kkt", problem])
            #expect(r.status == 1 && r.stderr.contains("Point \(point)"), "q = \(q): exit \(r.status) \(r.stderr)")
        }
    }
}

extension CLITests {
    /// README (`reproduce`): summary.md holds the claim table, then each claim's row above its plot;
    /// `--quick` runs only the quick claims and at most 5 generated data sets per randomized claim.
    @Test("reproduce: summary.md's table and plot sections; --quick caps generated sets at 5 and skips slow claims")
    func reproduceSummaryAndQuick() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent(
            "margin-oracle-repro-\(UUID().uuidString)"
        ).path
        let r = try Self.run([
            "reproduce", "--quick", "--claim", "P5", "--claim", "P9", "--out", out, "--generated", "9",
        ])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("| held 5/5 |") && r.stdout.contains("1/1 claims hold"), "\(r.stdout)")
        #expect(!r.stdout.contains("| P9 "), "P9 is not a quick claim: \(r.stdout)")
        let summary = try String(contentsOfFile: out + "/summary.md", encoding: .utf8)
        let table = try #require(summary.range(of: "| claim | paper | setting |"))
        let section = try #require(summary.range(of: "### P5: NGD -> l2 max margin"))
        let plot = try #require(summary.range(of: "![P5](P5.svg)"))
        #expect(table.lowerBound < section.lowerBound && section.lowerBound < plot.lowerBound)
        #expect(summary.components(separatedBy: "| P5 NGD -> l2 max margin |").count == 3, "table row and section row")
    }
}
