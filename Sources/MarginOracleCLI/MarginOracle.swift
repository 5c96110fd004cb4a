import ArgumentParser
import Foundation
import Oracle

/// `margin-oracle`: exact, certified max margins and the checks built on them.
@main
struct MarginOracle: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "margin-oracle",
        abstract: "Exact, certified max-margin oracles for implicit-bias experiments.",
        discussion: """
            Exit codes: 0 success; 1 a negative outcome (data not separable, or a certificate that \
            does not verify); 2 bad input (unreadable or malformed files); 3 internal failure \
            (an answer could not be certified; nothing is printed on stdout then).
            """,
        subcommands: [
            ReproduceCommand.self, SolveCommand.self, VerifyCommand.self, TrainCommand.self, GenerateCommand.self,
            CheckCommand.self, BenchCommand.self, KKTCommand.self,
        ])
}

/// Exit codes shared by all subcommands.
enum Exit {
    static let negative = ExitCode(1)
    static let badInput = ExitCode(2)
    static let internalFailure = ExitCode(3)
}

/// Prints to standard error.
func printError(_ message: String) {
    FileHandle.standardError.write(Data(("margin-oracle: " + message + "\n").utf8))
}

/// Writes bytes and a newline to standard output.
func writeOut(_ data: Data) {
    writeOutRaw(data + Data("\n".utf8))
}

/// Writes bytes to standard output with POSIX `write`. A failure (a full disk, `/dev/full`, a
/// closed pipe: SIGPIPE is ignored so that it arrives here as EPIPE) prints a message and exits
/// with 3; it never raises a signal.
func writeOutRaw(_ data: Data) {
    signal(SIGPIPE, SIG_IGN)
    let bytes = [UInt8](data)
    var offset = 0
    while offset < bytes.count {
        let n = bytes.withUnsafeBytes { write(1, $0.baseAddress! + offset, $0.count - offset) }
        if n < 0 {
            if errno == EINTR { continue }
            printError("cannot write to standard output: \(String(cString: strerror(errno)))")
            exit(3)
        }
        offset += n
    }
}

/// Maps an oracle error to its exit code after printing it.
func fail(_ error: OracleError) -> ExitCode {
    printError(error.description)
    switch error {
    case .invalidDataset, .unreadableInput, .invalidSettings: return Exit.badInput
    case .lpBackendFailure, .certificationFailed: return Exit.internalFailure
    }
}
