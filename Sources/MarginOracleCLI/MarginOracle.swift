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
        subcommands: [ReproduceCommand.self, SolveCommand.self, VerifyCommand.self, TrainCommand.self, GenerateCommand.self, CheckCommand.self, BenchCommand.self])
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

/// Writes bytes to standard output.
func writeOut(_ data: Data) {
    FileHandle.standardOutput.write(data)
    FileHandle.standardOutput.write(Data("\n".utf8))
}

/// Maps an oracle error to its exit code after printing it.
func fail(_ error: OracleError) -> ExitCode {
    printError(error.description)
    switch error {
    case .invalidDataset, .unreadableInput, .invalidSettings: return Exit.badInput
    case .lpBackendFailure, .certificationFailed: return Exit.internalFailure
    }
}
