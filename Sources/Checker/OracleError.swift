import Exact

/// Errors are for calls that could not run; outcomes (such as "not separable") are statuses.
///
/// Every `description` is a full sentence naming the field, the index and the value at fault,
/// so the command-line tool prints it unchanged.
public enum OracleError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The data set is malformed (shape, value, label). The message names row and column.
    case invalidDataset(String)
    /// A file could not be read or parsed at all.
    case unreadableInput(String)
    /// A setting is outside its documented range.
    case invalidSettings(String)
    /// The LP backend failed (GLPK return code, status and its sentence).
    case lpBackendFailure(code: Int, message: String)
    /// The solver ran but could not produce an answer whose certificate verifies exactly.
    /// The oracle never returns an unverified answer; this is what happens instead.
    case certificationFailed(String)

    public var description: String {
        switch self {
        case .invalidDataset(let m): return m
        case .unreadableInput(let m): return m
        case .invalidSettings(let m): return m
        case .lpBackendFailure(let code, let m): return "LP backend failure (code \(code)): \(m)"
        case .certificationFailed(let m): return "Could not certify the answer exactly: \(m)"
        }
    }
}
