import Oracle

/// The step-size rules under which the update rules converge to their limits rather than cycle
/// (issue 21), used by the randomized harness and by `train` when no `--lr` is given.
///
/// - **Normalized steepest descent** w.r.t. a norm (NGD, normalized sign and coordinate descent):
///   `eta = c / max_n ||z_n||_*` with the dual norm of the algorithm's norm, `c = 0.1` for NGD and
///   sign descent and `c = 0.01` for coordinate descent [M].
///   Why the dual norm [D]: a normalized step `Delta` has `||Delta|| = 1`, so it moves every margin by
///   `|<z_n, Delta>| <= ||z_n||_*`; with this `eta` no margin moves by more than `c` per step, the
///   loss changes by a factor in `[e^-c, e^c]`, and the first-order model of the step holds to
///   `O(c^2)`. A sufficient condition [D] (descent lemma for `psi = -log L`, whose curvature along a
///   unit step is at most `R^2`, `R = max_n ||z_n||_*`, and whose slope is at least `gamma*`):
///   `eta < 2 gamma* / R^2` makes `psi` increase every step, so the parameters never cycle; it
///   costs `kappa^2` steps (`kappa = R / gamma*`), far more than needed in practice. The values of `c`
///   are measured instead [M]: with `c = 1`, sign and coordinate descent on generated data fall
///   into exact cycles (issue 21's table); with `c = 0.1` NGD and sign descent converge at about
///   `1/t` on every generated set, but coordinate descent on anisotropic data cycles with period 2
///   from the start (each step overshoots along a large-scale feature: the sum of the points'
///   curvatures, not one point's, sets the overshoot), and `c = 0.01` converges there
///   (Tests/PropertyTests/README.md, 200 seeds per property).
/// - **Gradient descent** (unnormalized l2 steepest descent) on the logistic loss with sum
///   reduction: `eta = 4 / sum_n ||z_n||_2^2`. Soudry et al. 2018 (Theorem 3 [R]) need
///   `eta < 2 beta^-1 sigma_max(X)^-2` with `beta = 1/4` the logistic loss's smoothness, i.e.
///   `eta < 8 / sigma_max(X)^2`; `sigma_max(X)^2 <= sum_n ||x_n||^2` makes this `eta` half the
///   theorem's bound [D]. With mean reduction the gradient is `1/n` of the sum's, so `eta` is `n`
///   times larger.
public enum StepRule {
    /// `c` of the normalized rule in `norm` [M]: 0.01 for coordinate descent (l1), 0.1 otherwise.
    public static func normalizedFactor(_ norm: Norm) -> Double { norm == .l1 ? 0.01 : 0.1 }

    /// `max_n ||z_n||_*`, the dual-norm radius of the signed points.
    public static func radius(_ norm: Norm, _ data: Dataset) -> Double {
        data.signedPoints.map { norm.dual.value($0) }.max() ?? 0
    }

    /// `c / max_n ||z_n||_*` for normalized steepest descent in `norm` on `data` (0 if every
    /// point is 0); `factor` overrides `c`.
    public static func normalized(_ norm: Norm, _ data: Dataset, factor: Double? = nil) -> Double {
        let r = radius(norm, data)
        return r > 0 ? (factor ?? normalizedFactor(norm)) / r : 0
    }

    /// `1 / (n max_n ||z_n||_*^2)` for unnormalized steepest descent in `norm` (`theta -= eta ||g||_* Delta`)
    /// on the exponential loss with sum reduction [D]: a step moves every margin by at most
    /// `eta R ||g||_* <= eta R^2 L(theta)`, which is at most `L(theta) / n <= 1` while the loss stays below its
    /// value `n` at the origin (the step scales with the loss, as the theorems' steps do).
    public static func unnormalizedExponential(_ norm: Norm, _ data: Dataset) -> Double {
        let r = radius(norm, data)
        return r > 0 ? 1 / (Double(data.count) * r * r) : 0
    }

    /// `4 / sum_n ||z_n||_2^2` (sum reduction; `n` times that for the mean) for plain GD on the
    /// logistic loss.
    public static func gradientDescent(_ data: Dataset, reduction: Loss.Reduction = .sum) -> Double {
        let total = data.signedPoints.reduce(0) { $0 + $1.reduce(0) { $0 + $1 * $1 } }
        guard total > 0 else { return 0 }
        return 4 / total * (reduction == .mean ? Double(data.count) : 1)
    }
}
