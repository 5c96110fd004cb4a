import Exact

/// A two-layer leaky-ReLU network `f(x) = sum_k a_k phi(w_k . x)`, `phi(s) = max(s, alpha s)`,
/// with exact rational parameters.
public struct TwoLayerNetwork: Sendable, Equatable, Codable {
    /// Hidden weights, one row per neuron.
    public var hidden: [[Rational]]
    /// Output weights, one per neuron.
    public var output: [Rational]

    public init(hidden: [[Rational]], output: [Rational]) {
        self.hidden = hidden
        self.output = output
    }

    public var width: Int { output.count }
}

/// The witnesses behind a global max-margin answer for two-layer leaky-ReLU networks in the plane
/// (SPEC.md 6.4, 7.4).
///
/// - `network`: any network; it proves `gamma_bar* >= q_min(theta) / ||theta||^2`.
/// - `dual`: weights `lambda` on the points (a distribution). With
///   `g_lambda(u) = sum_n lambda_n y_n phi(u . x_n)`, weak duality of the F1 problem gives
///   `gamma_F1* <= max_{||u|| = 1} |g_lambda(u)|`, and `gamma_bar* = gamma_F1* / 2`, so
///   `gamma_bar*^2 <= max |g_lambda|^2 / 4`, which is rational and computed exactly over the arcs of
///   the line arrangement `{u : u . x_n = 0}`.
public struct TwoLayerCertificate: Sendable, Equatable, Codable {
    /// The leak `alpha` in [0, 1).
    public var leak: Rational
    public var network: TwoLayerNetwork
    public var dual: [Rational]

    public init(leak: Rational, network: TwoLayerNetwork, dual: [Rational]) {
        self.leak = leak
        self.network = network
        self.dual = dual
    }
}
