import FixtureKit
import Foundation
import Testing

/// A hostile corpus through the binary: every file that is not valid JSON is refused by every
/// subcommand that reads it with exit 2, a message that names the file and a line and column, no
/// Swift type names or Foundation error domains, and nothing on stdout (issues 14 and 16).
@Suite struct HostileInputTests {
    /// Broken JSON texts: syntax, strictness rules, numbers outside the double range, encodings.
    static let corpus: [String] = {
        let good = #"{"X": [[2, 2, -1], [0, 3, 2]], "y": [1, -1]}"#
        var texts = [
            "", " ", "\n\n", "{", "[", "}", "]", "{\"X\"", "{\"X\":", "{\"X\": [[1, 2]]",
            "{\"X\": [[1, 2]], \"y\": [1]",
            "nul", "tru", "NaN", "Infinity", "-Infinity", "{\"X\": [[NaN]], \"y\": [1]}",
            "{\"X\": [[Infinity]], \"y\": [1]}", "{\"X\": [[1e400]], \"y\": [1]}", "{\"X\": [[-1e400]], \"y\": [1]}",
            "{\"X\": [[1e-400]], \"y\": [1]}", "{\"X\": [[0x10]], \"y\": [1]}", "{\"X\": [[01]], \"y\": [1]}",
            "{\"X\": [[+1]], \"y\": [1]}", "{\"X\": [[.5]], \"y\": [1]}", "{\"X\": [[1.]], \"y\": [1]}",
            "{\"X\": [[1e]], \"y\": [1]}", "{\"X\": [[1e+]], \"y\": [1]}", "{\"X\": [[--1]], \"y\": [1]}",
            "{\"X\": [[1, 2],], \"y\": [1]}", "{\"X\": [[1, 2]], \"y\": [1],}",
            "{\"X\": [[1, 2]], \"y\": [1], \"y\": [1]}",
            "{\"X\": [[1, 2]] \"y\": [1]}", "{\"X\" [[1, 2]], \"y\": [1]}", "{X: [[1, 2]], \"y\": [1]}",
            "{'X': [[1, 2]], 'y': [1]}", "{\"X\": [[1, 2]], \"y\": [1]} trailing", "{\"X\": [[1, 2]], \"y\": [1]}}",
            "\u{FEFF}" + good, "{\"X\": [[1, 2]], \"y\": [1]} // comment", "/* c */ " + good,
            "{\"X\": [[1, 2]], \"y\": [1\t\u{0}]}", "{\"X\": \"a\u{1}b\", \"y\": [1]}", "{\"\\x\": 1}",
            "{\"\\u12\": 1}",
            "{\"\\uD800\": 1}", "{\"\\uDC00\": 1}", "[" + String(repeating: "[", count: 600) + "]",
            String(repeating: "[", count: 100_000),
            "{\"X\": [[1, 2]], \"y\": [1]" + String(repeating: " ", count: 1000),
            "{\"X\": [[" + String(repeating: "9", count: 400) + "]], \"y\": [1]}", "{\"X\": [[1, 2]], \"y\": [true]}",
            "\"just a string\"", "42", "null", "true", "[]", "{}",
        ]
        // Truncations of a valid document at every byte.
        let bytes = Array(good.utf8)
        for cut in stride(from: 1, to: bytes.count - 1, by: 1) {
            texts.append(String(decoding: bytes[..<cut], as: UTF8.self))
        }
        return texts
    }()

    static let binaryFiles: [[UInt8]] = [
        [0xFF, 0xFE, 0x00], [0xC3, 0x28], [0x7B, 0x22, 0xE2, 0x82, 0x22, 0x7D], Array(0..<255),
    ]

    @Test("at least 100 hostile files: exit 2 with the file, a line and column, and no Swift or Foundation names")
    func hostileFiles() throws {
        var files: [String] = []
        for (i, text) in Self.corpus.enumerated() { files.append(try CLITests.temporaryFile("hostile\(i).json", text)) }
        for (i, bytes) in Self.binaryFiles.enumerated() {
            let path = try CLITests.temporaryFile("binary\(i).json", "")
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            files.append(path)
        }
        #expect(files.count >= 100)
        let fixture = CLITests.packageRoot.appendingPathComponent("Fixtures/reference/reference-D3.json").path
        let good = try CLITests.temporaryFile("good.json", CLITests.d3)
        for (i, file) in files.enumerated() {
            let name = URL(fileURLWithPath: file).lastPathComponent
            var runs = [["solve", file, "--norm", "l1"], ["verify", file]]
            if i % 4 == 0 {
                runs += [["check", fixture, "--weights", file], ["train", file, "--steps", "1"], ["kkt", file]]
            }
            if i % 8 == 0 { runs.append(["check", file, "--weights", good]) }
            for arguments in runs {
                let r = try CLITests.run(arguments)
                // Top-level scalars and empty containers parse as JSON; they are refused as the wrong shape.
                #expect(r.status == 2, "\(arguments): exit \(r.status) \(r.stderr)")
                #expect(r.stdout.isEmpty, "\(arguments)")
                #expect(r.stderr.contains(name), "\(arguments): the message does not name the file: \(r.stderr)")
                #expect(r.stderr.contains("line "), "\(arguments): no line and column: \(r.stderr)")
                for word in ["Error Domain", "NSCocoa", "DecodingError", "Swift.", "dataCorrupted"] {
                    #expect(!r.stderr.contains(word), "\(arguments): \(r.stderr)")
                }
            }
        }
    }

    @Test("generate removes temporaries of killed runs and fixtures it did not write, and says which")
    func generateCleansUp() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent(
            "margin-oracle-gen-\(UUID().uuidString)")
        let suite = out.appendingPathComponent("symmetric")
        try FileManager.default.createDirectory(at: suite, withIntermediateDirectories: true)
        // pid 2^31 - 2 is far above Linux's pid_max (2^22): no such process.
        let stale = [".symmetric-x.json.tmp-2147483646", "other-seed.json"]
        for name in stale { try Data("{}".utf8).write(to: suite.appendingPathComponent(name)) }
        try Data("{}".utf8).write(to: out.appendingPathComponent(".manifest.json.tmp-2147483646"))
        let r = try CLITests.run(["generate", "--out", out.path, "--suite", "symmetric"])
        #expect(r.status == 0, "\(r.stderr)")
        for name in stale { #expect(r.stderr.contains(name), "\(name) not reported: \(r.stderr)") }
        let left = try FileManager.default.contentsOfDirectory(atPath: suite.path).sorted()
        #expect(!left.contains { stale.contains($0) } && !left.contains { $0.contains(".tmp-") }, "\(left)")
        #expect(!(try FileManager.default.contentsOfDirectory(atPath: out.path)).contains { $0.contains(".tmp-") })
        // The manifest lists exactly the files of the suite.
        let manifest = try String(contentsOf: out.appendingPathComponent("manifest.json"), encoding: .utf8)
        for name in left { #expect(manifest.contains("symmetric/\(name)"), "\(name)") }
        // A second run with another suite keeps the first suite's files and lists both, exactly.
        let second = try CLITests.run(["generate", "--out", out.path, "--suite", "nonunique"])
        #expect(second.status == 0 && second.stderr.contains("kept \(left.count) fixtures"), "\(second.stderr)")
        let listed = try JSONDecoder().decode(
            FixtureManifest.self, from: Data(contentsOf: out.appendingPathComponent("manifest.json"))
        ).files.map(\.file)
        var present: [String] = []
        for suite in ["symmetric", "nonunique"] {
            present += try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent(suite).path)
                .filter { $0.hasSuffix(".json") }.map { "\(suite)/\($0)" }
        }
        #expect(listed.sorted() == present.sorted() && listed == listed.sorted(), "\(listed) vs \(present)")
    }

    /// A real kill: `generate` is SIGKILLed mid-run (at 0.3, 1 and 2 s), then rerun with another
    /// suite; afterwards no temporary file is left anywhere and the manifest lists exactly the
    /// fixture files present (whatever the killed run had finished is kept and listed).
    @Test("generate killed with SIGKILL mid-run, then rerun: no temporaries, manifest exactly the files present")
    func generateKilledAndRerun() throws {
        for delay in [0.3, 1.0, 2.0] {
            let out = FileManager.default.temporaryDirectory.appendingPathComponent(
                "margin-oracle-kill-\(UUID().uuidString)")
            let p = Process()
            p.executableURL = CLITests.binary
            p.arguments = ["generate", "--out", out.path, "--suite", "reference", "--suite", "random"]
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            Thread.sleep(forTimeInterval: delay)
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
            let r = try CLITests.run(["generate", "--out", out.path, "--suite", "nonunique"])
            #expect(r.status == 0, "\(r.stderr)")
            var present: [String] = []
            var temporaries: [String] = []
            let walker = FileManager.default.enumerator(atPath: out.path)
            while let item = walker?.nextObject() as? String {
                if item.contains(".tmp-") { temporaries.append(item) }
                if item.hasSuffix(".json") && item.contains("/") && !item.contains(".tmp-") { present.append(item) }
            }
            #expect(temporaries.isEmpty, "delay \(delay): \(temporaries)")
            let listed = try JSONDecoder().decode(
                FixtureManifest.self, from: Data(contentsOf: out.appendingPathComponent("manifest.json"))
            ).files.map(\.file)
            #expect(listed.sorted() == present.sorted(), "delay \(delay): listed \(listed), present \(present)")
            try? FileManager.default.removeItem(at: out)
        }
    }

    /// The Trainer's model initializers trap on shapes no model has; this shows that no argument
    /// of `train` reaches them: each out-of-range value is a usage error (64), never a signal.
    @Test("model arguments out of range: train refuses them before building a model")
    func modelArgumentsOutOfRange() throws {
        let data = try CLITests.temporaryFile("d3.json", CLITests.d3)
        for extra in [
            ["--model", "two-layer", "--width", "0"], ["--model", "two-layer", "--width", "-3"],
            ["--model", "two-layer", "--leak", "1.5"], ["--model", "two-layer", "--leak", "-0.1"],
            ["--model", "two-layer", "--leak", "nan"], ["--model", "diagonal", "--depth", "0"],
            ["--model", "diagonal", "--depth", "-1"], ["--model", "deep-linear", "--widths", "0,4"],
            ["--model", "deep-linear", "--widths", "4,-1"], ["--model", "deep-linear", "--widths", ""],
            ["--model", "deep-linear", "--widths", "4,,4"],
        ] {
            let r = try CLITests.run(["train", data, "--steps", "1"] + extra)
            #expect(r.status == 64, "\(extra): exit \(r.status) \(r.stderr)")
        }
    }

    /// README ("blank lines are skipped; fields may be padded with spaces"): lines of blanks only, at the
    /// start, in the middle and at the end of the file (with and without a final newline, with `\r`), are
    /// skipped, so every text here is D3. Run through the binary: a reader that reads one byte past a line
    /// or builds an empty range fails here as an exit status, not by taking the test process down.
    @Test("CSV lines of blanks anywhere are skipped: every spelling of D3 solves to D3's data and margin")
    func csvBlankLines() throws {
        let rows = ["2,2,-1,1", "0,3,2,1", "-2,3,3,1", "1,2,1,1"]
        let plain = rows.joined(separator: "\n") + "\n"
        let padded: [String] = rows.map { (row: String) -> String in
            row.split(separator: ",").map { (field: Substring) -> String in " \t\(field) " }.joined(separator: ",")
        }
        var spellings: [String] = ["  \n" + plain, "\t\n \n" + plain, plain + "   ", plain + " \r\n\t", plain + "\t"]
        spellings.append(rows.joined(separator: "\n \t \n") + "\n")
        spellings.append(rows.joined(separator: "\r\n") + "\r\n \r")
        spellings.append("x1,x2,x3,y\n \t\n" + plain + " ")
        spellings.append(" \t" + rows.joined(separator: " \n\t") + "\t")
        spellings.append(padded.joined(separator: "\n"))
        spellings.append(rows.joined(separator: "\n"))  // the last field ends at the file's last byte
        let reference = try CLITests.run(["solve", try CLITests.temporaryFile("d3.csv", plain), "--norm", "l1"])
        #expect(reference.status == 0, "\(reference.stderr)")
        let expected = try JSONSerialization.jsonObject(with: Data(reference.stdout.utf8)) as? [String: Any]
        for (k, text) in spellings.enumerated() {
            let r = try CLITests.run(["solve", try CLITests.temporaryFile("blank\(k).csv", text), "--norm", "l1"])
            #expect(r.status == 0, "spelling \(k) \(text.debugDescription): exit \(r.status) \(r.stderr)")
            guard r.status == 0,
                let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
            else { continue }
            for key in ["data", "margin", "certificate"] {
                #expect(
                    (object[key] as? NSObject) == (expected?[key] as? NSObject),
                    "spelling \(k) \(text.debugDescription): \(key) differs from the plain file's")
            }
        }
    }

    /// Empty and blank fields at every place of a line, the first line included: refused with exit 2
    /// naming the line and column (never a read before a line's first byte or past the file's last,
    /// which the binary would end on with a signal).
    @Test("CSV lines with empty or blank fields anywhere are refused with exit 2 and the place, through the binary")
    func csvEmptyFields() throws {
        let texts = [
            ",2,-1,1\n", " ,2,-1,1\n", "2,,-1,1\n", "2, ,-1,1\n", "2,2,-1,\n", "2,2,-1, ", "2,2,-1,",
            "2,2,-1,1\n,3,2,1\n", "2,2,-1,1\n0,3,2,\t", "2,2,-1,1\n\t,\t,\t,\t\n",
        ]
        for (k, text) in texts.enumerated() {
            let r = try CLITests.run(["solve", try CLITests.temporaryFile("empty\(k).csv", text)])
            #expect(
                r.status == 2 && r.stderr.contains("line "), "\(text.debugDescription): exit \(r.status) \(r.stderr)")
        }
    }

    /// README: invalid UTF-8 is refused. In a CSV the only place for non-ASCII bytes is a header; one
    /// invalid byte anywhere in it (the smallest one, 0x80, included) is refused with exit 2.
    @Test("a CSV header with invalid UTF-8 (0x80, 0xFF, a truncated sequence) is refused with exit 2")
    func csvInvalidUTF8() throws {
        let body = Array("2,2,-1,1\n0,3,2,1\n".utf8)
        for bad: [UInt8] in [[0x80], [0xFF], [0xC3], [0xE2, 0x82], [0xBF]] {
            let path = try CLITests.temporaryFile("utf8.csv", "")
            try Data(Array("x1,x2".utf8) + bad + Array(",x3,y\n".utf8) + body).write(to: URL(fileURLWithPath: path))
            let r = try CLITests.run(["solve", path])
            #expect(r.status == 2 && r.stderr.contains("not valid UTF-8"), "\(bad): exit \(r.status) \(r.stderr)")
        }
        // The valid two-byte spelling of U+0080 is accepted in a header.
        let path = try CLITests.temporaryFile("utf8-ok.csv", "")
        try Data(Array("x1,x\u{80},x3,y\n".utf8) + body).write(to: URL(fileURLWithPath: path))
        let r = try CLITests.run(["solve", path])
        #expect(r.status == 0, "\(r.stderr)")
    }
}
