import ArgumentParser
import Foundation
import Oracle

/// Runs one of the `bench/` Python scripts on a data set and decodes the JSON objects it prints,
/// one per line (lines that do not decode as `Row` are skipped).
enum PythonScript {
    static func run<Row: Decodable>(
        _ python: String, _ script: String, data: Dataset, arguments: [String],
        as: Row.Type
    ) throws -> [Row] {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("margin-oracle-bench-\(getpid()).json")
        defer { try? FileManager.default.removeItem(at: file) }
        try JSONEncoder().encode(data).write(to: file)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python, script, "--data", file.path] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ValidationError(
                "the script \(script) failed (exit \(process.terminationStatus)); run it by hand to see why.")
        }
        return String(decoding: output, as: UTF8.self).split(separator: "\n").compactMap {
            try? JSONDecoder().decode(Row.self, from: Data($0.utf8))
        }
    }
}
