import Foundation

/// Writes files atomically: the bytes go to a temporary file in the same directory, which is then
/// renamed over the target, so an interrupted run never leaves a truncated file.
public enum AtomicWrite {
    public static func write(_ data: Data, to url: URL) throws {
        let directory = url.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let temporary = directory.appendingPathComponent(
            ".\(url.lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)")
        do {
            try data.write(to: temporary)
        } catch {
            // A full disk leaves a partial temporary file: remove it before reporting.
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
        if rename(temporary.path, url.path) != 0 {
            try? FileManager.default.removeItem(at: temporary)
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
        }
    }

    /// Removes the temporary files that runs killed before their rename left in `directory`
    /// (`.<name>.tmp-<pid>` whose process is gone); returns their names.
    @discardableResult
    public static func removeStaleTemporaries(in directory: URL) -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return [] }
        var removed: [String] = []
        for name in names.sorted() where name.hasPrefix(".") {
            guard let range = name.range(of: ".tmp-", options: .backwards),
                let pid = Int32(name[range.upperBound...]), pid > 0
            else { continue }
            // kill(pid, 0) fails with ESRCH when no such process exists.
            if kill(pid, 0) != 0 && errno == ESRCH {
                if (try? FileManager.default.removeItem(at: directory.appendingPathComponent(name))) != nil {
                    removed.append(name)
                }
            }
        }
        return removed
    }
}
