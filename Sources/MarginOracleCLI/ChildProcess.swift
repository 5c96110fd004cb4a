import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A command run as a child process with its wall time and peak resident memory, for the
/// end-to-end benchmark: `wait4` reports the child's own peak, so every row measures one run of
/// one file and nothing of the benchmark itself.
struct ChildProcess {
    var seconds: Double
    /// Peak resident set size in KB (`ru_maxrss`).
    var peakKB: Int
    var exitStatus: Int32
    /// What the child wrote to standard output, saved in this file.
    var output: String

    /// Runs `arguments[0]` (searched in `PATH` when it has no slash) with standard output in a
    /// temporary file and standard error discarded. `nil` when it cannot be started.
    static func run(_ arguments: [String]) -> ChildProcess? {
        guard !arguments.isEmpty else { return nil }
        let output = FileManager.default.temporaryDirectory.appendingPathComponent(
            "margin-oracle-e2e-\(getpid())-\(UUID().uuidString).out"
        ).path
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = arguments.map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        var pid: pid_t = 0
        var start = timespec()
        clock_gettime(CLOCK_MONOTONIC, &start)
        guard posix_spawnp(&pid, arguments[0], &actions, nil, argv, environ) == 0 else { return nil }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        var end = timespec()
        clock_gettime(CLOCK_MONOTONIC, &end)
        let seconds = Double(end.tv_sec - start.tv_sec) + Double(end.tv_nsec - start.tv_nsec) * 1e-9
        return ChildProcess(
            seconds: seconds, peakKB: Int(usage.ru_maxrss), exitStatus: (status >> 8) & 0xff, output: output)
    }

    /// This program's own path (`/proc/self/exe`), so the benchmark times the binary it is.
    static var ownExecutable: String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard n > 0 else { return CommandLine.arguments[0] }
        return String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
