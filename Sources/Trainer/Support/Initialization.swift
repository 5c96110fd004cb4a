import Foundation
import Oracle

/// Seeded parameter initializations (our own SplitMix64; Box-Muller for Gaussians).
public enum Initialization: Sendable, Equatable, Codable {
    /// All zeros.
    case zeros
    /// i.i.d. `scale * N(0, 1)`.
    case gaussian(scale: Double)
    /// i.i.d. `scale * |N(0, 1)|` (the diagonal nets' positive init of SPEC.md 3.6).
    case absoluteGaussian(scale: Double)
    /// Two-layer nets: hidden weights `scale * N(0, 1)`, output weights `+-scale` alternating
    /// (sign-balanced, SPEC.md 6.5); other models: as `.gaussian`.
    case signBalanced(scale: Double)
    /// Two-layer nets: hidden weights `scale * N(0, 1)`, every output weight `2 * scale` (> ||w_k||
    /// with high probability, so no output sign can flip under gradient flow; SPEC.md P21).
    case positiveOutputs(scale: Double)

    /// The parameters for `model`, deterministic in `seed`.
    public func parameters(for model: any Model, seed: UInt64) -> [Double] {
        var rng = SplitMix64(seed: seed)
        var gaussians = GaussianStream()
        let p = model.parameterCount
        switch self {
        case .zeros: return [Double](repeating: 0, count: p)
        case .gaussian(let s): return (0..<p).map { _ in s * gaussians.next(&rng) }
        case .absoluteGaussian(let s): return (0..<p).map { _ in s * abs(gaussians.next(&rng)) }
        case .signBalanced(let s), .positiveOutputs(let s):
            var theta = (0..<p).map { _ in s * gaussians.next(&rng) }
            if let net = model as? TwoLayerLeakyReLU {
                for k in 0..<net.width {
                    if case .signBalanced = self {
                        theta[net.outputIndex(k)] = k % 2 == 0 ? s : -s
                    } else {
                        theta[net.outputIndex(k)] = 2 * s
                    }
                }
            }
            return theta
        }
    }
}

/// Standard normal deviates by the Box-Muller transform, two per pair of uniforms.
struct GaussianStream {
    private var spare: Double? = nil

    mutating func next(_ rng: inout SplitMix64) -> Double {
        if let s = spare {
            spare = nil
            return s
        }
        var u1 = rng.unit()
        while u1 == 0 { u1 = rng.unit() }
        let u2 = rng.unit()
        let r = (-2 * log(u1)).squareRoot()
        spare = r * sin(2 * .pi * u2)
        return r * cos(2 * .pi * u2)
    }
}
