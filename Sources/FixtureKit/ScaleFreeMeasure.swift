import Foundation
import Oracle
import Trainer

/// The quantities `check` judges, computed so that they do not depend on the parameters' scale:
/// before anything is multiplied, the parameters are rescaled by powers of two (exact, so the
/// verdict at `c theta` is the verdict at `theta` for every power of two `c`, and within rounding
/// for any other `c`), in the way each model's quantity is invariant:
///
/// - homogeneous models, `normalized_margin = q_min / ||theta||_2^L`: all parameters by one power of two;
/// - `predictor_margin = q_min / ||beta||_p` of a model linear in `x`: any rescaling that multiplies
///   `beta` by a positive factor (deep linear: each layer by its own power of two; diagonal: `u`
///   and `v` together; ensemble `w + u^2 - v^2`: `u, v` by `2^-a` and `w` by `2^-2a`).
///
/// From parameters of magnitude 1e-300 to 1e300 nothing overflows or underflows to a wrong answer.
public enum ScaleFreeMeasure {
    /// What `check` measures at a set of parameters.
    public struct Measurement: Sendable {
        /// The expectation's quantity, `nil` when undefined (a zero predictor or zero parameters).
        public var reached: Double?
        public var cosine: Double?
        public var angleDegrees: Double?
        public var rankOneRatios: [Double]?
        public var alignments: [Double]?
        /// Why `reached` is undefined, when it is.
        public var undefinedBecause: String?
    }

    /// Measures `quantity` (`predictor_margin` or `normalized_margin`) in `norm` for `theta`.
    public static func measure(
        _ model: any Model, _ theta: [Double], data: Dataset, quantity: String, norm: Norm, reference: [Double]?
    ) -> Measurement {
        let scaled = quantity == "normalized_margin" ? scaledTogether(theta) : scaledPerBlock(model, theta)
        let problem = TrainingProblem(model: model, data: data, loss: Loss(.logistic))
        let c = Observer(reference: reference).observe(problem, scaled, step: 0)
        var m = Measurement(rankOneRatios: c.rankOneRatios, alignments: c.alignments)
        if quantity == "predictor_margin" {
            guard let beta = model.linearPredictor(scaled), beta.contains(where: { $0 != 0 }) else {
                m.undefinedBecause = "the end-to-end predictor is zero (nothing was trained, or the layers cancel)"
                return m
            }
            m.reached = c.predictorMargin?[norm.rawValue]
            m.cosine = c.cosine
            m.angleDegrees = c.angleDegrees
        } else {
            guard scaled.contains(where: { $0 != 0 }) else {
                m.undefinedBecause = "all parameters are zero (nothing was trained)"
                return m
            }
            m.reached = c.normalizedMargin?[norm.rawValue]
        }
        if let r = m.reached, !r.isFinite {
            m.reached = nil
            m.undefinedBecause = "the quantity is not finite after rescaling (\(r))"
        }
        return m
    }

    /// `v` times the power of two that brings its largest magnitude into `[0.5, 1)`.
    static func scaledTogether(_ v: [Double]) -> [Double] {
        scaled(v, by: -exponent(ofLargest: v))
    }

    static func exponent(ofLargest v: [Double]) -> Int {
        let m = v.reduce(0) { max($0, abs($1)) }
        return m > 0 && m.isFinite ? Int(m.exponent) + 1 : 0
    }

    /// `v * 2^k`, exactly where the result is a normal double.
    static func scaled(_ v: [Double], by k: Int) -> [Double] {
        // Two halves, so that 2^k itself never overflows or underflows (|k| <= 2200).
        let a = Double(sign: .plus, exponent: k / 2, significand: 1)
        let b = Double(sign: .plus, exponent: k - k / 2, significand: 1)
        return v.map { $0 * a * b }
    }

    /// Each block rescaled as the model's predictor direction allows (see the type's comment).
    static func scaledPerBlock(_ model: any Model, _ theta: [Double]) -> [Double] {
        switch model {
        case let deep as DeepLinearModel:
            var out = theta
            for block in deep.blocks {
                let part = Array(theta[block.range])
                out.replaceSubrange(block.range, with: scaledTogether(part))
            }
            return out
        case let ensemble as EnsembleModel:
            // Blocks: the linear part w, then the diagonal part (u, v) of degree 2.
            let blocks = ensemble.blocks
            guard blocks.count == 2, (ensemble.parts[1] as? DiagonalModel)?.depth == 2 else {
                return scaledTogether(theta)
            }
            let w = Array(theta[blocks[0].range])
            let uv = Array(theta[blocks[1].range])
            let a = max(exponent(ofLargest: uv), (exponent(ofLargest: w) + 1) / 2)
            return scaled(w, by: -2 * a) + scaled(uv, by: -a)
        default:
            return scaledTogether(theta)
        }
    }
}
