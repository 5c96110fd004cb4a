import Foundation
import Testing

/// Solution documents that name their data instead of embedding them (issue 17): `solve
/// --no-embed-data` (the default above ``SolutionDocument/embedLimit`` numbers) records the data
/// files with their sizes and SHA-256, and `verify` re-reads, re-hashes and re-checks them. Every
/// test that expects a refusal asserts the sentence that names the reason.
@Suite struct ReferencedDataTests {
    typealias CLI = CLITests

    static func json(_ text: String) throws -> [String: Any] {
        guard let o = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            throw CocoaError(.coderReadCorrupt)
        }
        return o
    }

    /// The SHA-256 of a file by coreutils' `sha256sum`, an implementation independent of ours.
    static func sha256sum(_ path: String) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        p.arguments = [path]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(String(decoding: o, as: UTF8.self).prefix(64))
    }

    /// A little-endian float64 `.npy` file (format version 1.0) of `values` with `shape`.
    static func npy(_ name: String, _ values: [Double], shape: [Int]) throws -> String {
        let shapeText = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        var header = "{'descr': '<f8', 'fortran_order': False, 'shape': \(shapeText), }"
        while (10 + header.count + 1) % 64 != 0 { header += " " }
        header += "\n"
        var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0]
        bytes += [UInt8(header.count & 0xff), UInt8(header.count >> 8)] + Array(header.utf8)
        for v in values { withUnsafeBytes(of: v.bitPattern.littleEndian) { bytes += $0 } }
        let path = try CLI.temporaryFile(name, "")
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    static func write(_ text: String, to path: String) throws {
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    @Test("--no-embed-data names the file with its size and SHA-256 (as sha256sum computes it); verify re-reads it")
    func referencedDocumentVerifies() throws {
        let data = try CLI.temporaryFile("d3.json", CLI.d3)
        for norm in ["l1", "l2", "linf"] {
            let solved = try CLI.run(["solve", data, "--norm", norm, "--no-embed-data"])
            #expect(solved.status == 0, "\(solved.stderr)")
            let doc = try Self.json(solved.stdout)
            #expect(doc["data"] == nil, "the data are embedded although --no-embed-data was given")
            let input = doc["input"] as? [String: Any]
            let file = input?["data"] as? [String: Any]
            #expect(file?["file"] as? String == data)
            #expect(file?["bytes"] as? Int == CLI.d3.utf8.count)
            let expectedHash = try Self.sha256sum(data)
            #expect(file?["sha256"] as? String == expectedHash)
            #expect(input?["shape"] as? [Int] == [4, 3])
            let docPath = try CLI.temporaryFile("doc.json", solved.stdout)
            let verified = try CLI.run(["verify", docPath])
            #expect(verified.status == 0, "\(verified.stdout) \(verified.stderr)")
        }
    }

    @Test("small data are embedded by default and large ones only on request; standard input cannot be referenced")
    func embeddingDefaults() throws {
        let data = try CLI.temporaryFile("d3.json", CLI.d3)
        let solved = try CLI.run(["solve", data])
        let doc = try Self.json(solved.stdout)
        #expect(doc["data"] != nil && doc["input"] == nil)
        let p = Process()
        p.executableURL = CLI.binary
        p.arguments = ["solve", "-", "--no-embed-data"]
        let input = Pipe()
        let err = Pipe()
        p.standardInput = input
        p.standardError = err
        p.standardOutput = Pipe()
        try p.run()
        input.fileHandleForWriting.write(Data(CLI.d3.utf8))
        try input.fileHandleForWriting.close()
        let e = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 2 && e.contains("standard input must be embedded"), "\(e)")
    }

    @Test("verify refuses a changed, moved or substituted data file, and accepts the moved one through --data")
    func changedFilesAreRefused() throws {
        let data = try CLI.temporaryFile("d3.json", CLI.d3)
        let solved = try CLI.run(["solve", data, "--norm", "linf", "--no-embed-data"])
        let docPath = try CLI.temporaryFile("doc.json", solved.stdout)
        // The same numbers with one more space: the data are equal, the file is not.
        try Self.write(CLI.d3 + " ", to: data)
        let changed = try CLI.run(["verify", docPath])
        #expect(changed.status == 1 && changed.stdout.contains("is not the data file this document was computed from"))
        // Moved: the named path is gone; --data gives the new one, which must hold the same bytes.
        try FileManager.default.removeItem(atPath: data)
        let moved = try CLI.temporaryFile("moved.json", CLI.d3)
        let missing = try CLI.run(["verify", docPath])
        #expect(missing.status == 1 && missing.stdout.contains("cannot read the data"), "\(missing.stdout)")
        let found = try CLI.run(["verify", docPath, "--data", moved])
        #expect(found.status == 0, "\(found.stdout)")
        // Other data with the document's certificate: refused before any checking.
        let other = try CLI.temporaryFile("other.json", #"{"X": [[1, 0, 0]], "y": [1]}"#)
        let substituted = try CLI.run(["verify", docPath, "--data", other])
        #expect(substituted.status == 1 && substituted.stdout.contains("is not the data file"))
    }

    @Test(".npy data with --labels: both files are named and hashed; a different labels file is refused")
    func npyPairIsReferenced() throws {
        let x = try Self.npy("X.npy", [2, 2, -1, 0, 3, 2, -2, 3, 3, 1, 2, 1], shape: [4, 3])
        let y = try Self.npy("y.npy", [1, 1, 1, 1], shape: [4])
        let solved = try CLI.run(["solve", x, "--labels", y, "--norm", "l1", "--no-embed-data"])
        #expect(solved.status == 0, "\(solved.stderr)")
        let doc = try Self.json(solved.stdout)
        let labels = (doc["input"] as? [String: Any])?["labels"] as? [String: Any]
        let labelsHash = try Self.sha256sum(y)
        #expect(labels?["file"] as? String == y && labels?["sha256"] as? String == labelsHash)
        let docPath = try CLI.temporaryFile("doc.json", solved.stdout)
        #expect(try CLI.run(["verify", docPath]).status == 0)
        let flipped = try Self.npy("y2.npy", [1, 1, -1, 1], shape: [4])
        let wrong = try CLI.run(["verify", docPath, "--labels", flipped])
        #expect(wrong.status == 1 && wrong.stdout.contains("is not the labels file"), "\(wrong.stdout)")
        // The document stripped of input.labels: --labels cannot stand in for a file it does not name
        // (it would be read unhashed), and without it the .npy data have no labels.
        var stripped = doc
        var input = try #require(doc["input"] as? [String: Any])
        input["labels"] = nil
        stripped["input"] = input
        let strippedPath = try CLI.temporaryFile(
            "stripped.json", String(decoding: try JSONSerialization.data(withJSONObject: stripped), as: UTF8.self))
        for labels in [y, flipped] {
            let r = try CLI.run(["verify", strippedPath, "--labels", labels])
            #expect(r.status == 1 && r.stdout.contains("the document names none (input.labels)"), "\(r.stdout)")
        }
        #expect(try CLI.run(["verify", strippedPath]).status == 1)
        // Neither data nor input: --data cannot supply the premise either.
        stripped["input"] = nil
        let bare = try CLI.temporaryFile(
            "bare.json", String(decoding: try JSONSerialization.data(withJSONObject: stripped), as: UTF8.self))
        let noPremise = try CLI.run(["verify", bare, "--data", x, "--labels", y])
        #expect(noPremise.status != 0 && !noPremise.stdout.contains("\"passed\": true"), "\(noPremise.stdout)")
    }

    @Test("forged references are refused: a wrong shape, a wrong hash, no data and no file")
    func forgedReferencesAreRefused() throws {
        let data = try CLI.temporaryFile("d3.json", CLI.d3)
        let solved = try CLI.run(["solve", data, "--norm", "l2", "--no-embed-data"])
        var doc = try Self.json(solved.stdout)
        func verdict(_ d: [String: Any]) throws -> CLITests.Run {
            let text = String(decoding: try JSONSerialization.data(withJSONObject: d), as: UTF8.self)
            return try CLI.run(["verify", try CLI.temporaryFile("forged.json", text)])
        }
        var input = doc["input"] as? [String: Any] ?? [:]
        input["shape"] = [4, 2]
        doc["input"] = input
        let shape = try verdict(doc)
        #expect(shape.status == 1 && shape.stdout.contains("input.shape claims [4, 2]"), "\(shape.stdout)")
        input["shape"] = [4, 3]
        var file = input["data"] as? [String: Any] ?? [:]
        // The right hash with a wrong size (larger, then smaller): the size is a claim too.
        let size = file["bytes"] as? Int ?? 0
        for wrong in [size + 1, size - 1] {
            file["bytes"] = wrong
            input["data"] = file
            doc["input"] = input
            let sized = try verdict(doc)
            #expect(sized.status == 1 && sized.stdout.contains("is not the data file"), "\(wrong): \(sized.stdout)")
        }
        file["bytes"] = size
        file["sha256"] = String(repeating: "0", count: 64)
        input["data"] = file
        doc["input"] = input
        let hash = try verdict(doc)
        #expect(hash.status == 1 && hash.stdout.contains("is not the data file"), "\(hash.stdout)")
        doc["input"] = nil
        let nothing = try verdict(doc)
        #expect(nothing.status == 1 && nothing.stdout.contains("embeds no data and names no data file"))
    }
}

/// The large-file path of the same contract: a data file of over 1 MB is mapped, hashed on a second
/// thread by `solve` and by `verify`, and `verify` still refuses a file that differs in one byte,
/// with the mismatch sentence even when the changed bytes no longer parse.
@Suite struct LargeReferencedDataTests {
    typealias CLI = CLITests
    typealias R = ReferencedDataTests

    @Test("a 1.4 MB .npy pair: hashes as sha256sum's, verify accepts it and refuses one changed byte")
    func largeNpyPair() throws {
        let (n, d) = (2500, 70)
        // Separable through the origin: the first coordinate carries the label.
        var values: [Double] = []
        var labels: [Double] = []
        for i in 0..<n {
            let label: Double = i % 2 == 0 ? 1 : -1
            labels.append(label)
            values.append(label * (1 + Double(i % 7)))
            for j in 1..<d { values.append(Double((i * 31 + j * 17) % 101 - 50) / 64) }
        }
        let x = try R.npy("X.npy", values, shape: [n, d])
        let y = try R.npy("y.npy", labels, shape: [n])
        let solved = try CLI.run(["solve", x, "--labels", y, "--norm", "l2", "--no-embed-data"])
        #expect(solved.status == 0, "\(solved.stderr)")
        let doc = try R.json(solved.stdout)
        let input = doc["input"] as? [String: Any]
        let dataHash = try R.sha256sum(x)
        #expect((input?["data"] as? [String: Any])?["sha256"] as? String == dataHash)
        let docPath = try CLI.temporaryFile("doc.json", solved.stdout)
        let verified = try CLI.run(["verify", docPath])
        #expect(verified.status == 0, "\(verified.stdout)")
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: x)))
        #expect(bytes.count > 1 << 20)
        // One low mantissa bit in the last row: same size, other data.
        bytes[bytes.count - 3] ^= 1
        try Data(bytes).write(to: URL(fileURLWithPath: x))
        let changed = try CLI.run(["verify", docPath])
        #expect(changed.status == 1 && changed.stdout.contains("is not the data file"), "\(changed.stdout)")
        // The magic bytes broken too: still the mismatch, not a parse error.
        bytes[0] = 0
        try Data(bytes).write(to: URL(fileURLWithPath: x))
        let broken = try CLI.run(["verify", docPath])
        #expect(broken.status == 1 && broken.stdout.contains("is not the data file"), "\(broken.stdout)")
    }
}

extension ReferencedDataTests {
    /// Found by an attack on the readers (2026-11-28): a referenced file replaced by a link to `/dev/zero`
    /// was read without end (the process died allocating), and a FIFO made `verify` wait forever for a
    /// writer. Both are refused at once now: referenced data must be regular files, read to at most the
    /// size the document names.
    @Test("a referenced file replaced by /dev/zero or a FIFO: refused at once, naming the reason")
    func devicesAndFIFOsRefused() throws {
        let data = try CLI.temporaryFile("dev-d3.json", CLI.d3)
        let solved = try CLI.run(["solve", data, "--norm", "linf", "--no-embed-data"])
        #expect(solved.status == 0, "\(solved.stderr)")
        let docPath = try CLI.temporaryFile("dev-doc.json", solved.stdout)
        try FileManager.default.removeItem(atPath: data)
        try FileManager.default.createSymbolicLink(atPath: data, withDestinationPath: "/dev/zero")
        let zero = try CLI.run(["verify", docPath])
        #expect(zero.status == 1 && (zero.stdout + zero.stderr).contains("not a regular file"), "\(zero.stdout)")
        try FileManager.default.removeItem(atPath: data)
        #expect(mkfifo(data, 0o600) == 0)
        let fifo = try CLI.run(["verify", docPath])
        #expect(fifo.status == 1 && (fifo.stdout + fifo.stderr).contains("not a regular file"), "\(fifo.stdout)")
        try FileManager.default.removeItem(atPath: data)
    }
}
