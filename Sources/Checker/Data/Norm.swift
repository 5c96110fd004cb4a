import Exact

/// The norms whose max-margin problems the oracle solves.
///
/// `gamma*_p = max_{||w||_p <= 1} min_n y_n x_n . w`; by duality
/// `gamma*_p = min_{lambda in simplex} ||sum_n lambda_n y_n x_n||_q` with `q` the dual exponent.
/// Gradient descent is drawn to the l2 margin, sign descent to l-infinity and coordinate descent
/// to l1 (SPEC.md 1.4, 2.2).
public enum Norm: String, CaseIterable, Codable, Sendable {
    case l1
    case l2
    case linf

    /// The dual norm (`l1 <-> linf`, `l2 <-> l2`).
    public var dual: Norm {
        switch self {
        case .l1: return .linf
        case .l2: return .l2
        case .linf: return .l1
        }
    }

    /// `||v||` in floating point (for reporting only; certificates use exact arithmetic).
    public func value(_ v: [Double]) -> Double {
        switch self {
        case .l1: return v.reduce(0) { $0 + abs($1) }
        case .l2: return v.reduce(0) { $0 + $1 * $1 }.squareRoot()
        case .linf: return v.reduce(0) { max($0, abs($1)) }
        }
    }
}
