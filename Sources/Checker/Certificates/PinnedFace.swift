import Exact

/// Proof that the leximin feasible set has shrunk to one point, after which no more LPs are needed.
///
/// After the first `stages` stages the set still open to the later stages is
/// `P = {w in ball : z_j . w >= b_j for every point j fixed so far}`. The certificate is the last
/// stage's dual weights `pi > 0` on fixed points that are tight at `point` (`z_j . point = b_j`),
/// with `r = sum_j pi_j z_j` strictly inside the ball's normal cone at `point`, and a prime modulo
/// which a small matrix has full column rank. Why that proves `P = {point}` [derived], with
/// `h = w - point` for some `w` in P and A the coordinates the face leaves free:
///
/// - l-infinity, A = {i : |point_i| < 1}; required `r_i = 0` on A, `r_i point_i > 0` off A.
///   `z_j . h >= 0` for the tight j, so `r . h >= 0`; off A, `point_i = s_i = +-1` and
///   `s_i h_i <= 0`, so `r . h = sum (r_i s_i)(s_i h_i) <= 0`. Hence every term vanishes:
///   `h_i = 0` off A and `z_j . h = 0` for every j with `pi_j > 0`.
/// - l1, A = {i : point_i != 0}; required `||point||_1 = 1` and, with `m = ||r||_inf > 0`,
///   `r_i = m sign(point_i)` on A, `|r_i| < m` off A. `r . w <= m ||w||_1 <= m = r . point`, and
///   `r . h >= 0` as before, so Hoelder's inequality is tight: `w_i = 0` off A, `sign(w_i)` agrees
///   with `point` on A and `||w||_1 = 1`, so `sum_A sign(point_i) h_i = 0`; again `z_j . h = 0`.
///
/// In both cases `h` vanishes off A and on A solves `M h_A = 0`, M the rows `z_j` (j with
/// `pi_j > 0`) restricted to A, for l1 with the extra row `sign(point_A)`. M has rank |A| modulo
/// `prime` (``ModularRank``), hence over the rationals, so `h = 0`.
///
/// Consequence [derived]: every later stage LP is over the single point `point`, so its level is
/// the smallest margin there among the points still free, and it blocks exactly the free points at
/// that margin. The levels after the pin are the distinct margins at `point`, increasing, and
/// carry no certificate of their own: the checker evaluates the margins exactly.
///
/// Degenerate optima (a zero `r_i` on a saturated coordinate, a rank deficit) give no pin; the
/// stages then go on with their LPs, which is correct, only slower.
public struct PinnedFace: Sendable, Equatable, Codable {
    /// How many leading stages carry their own LP certificate; `P` is fixed by their points.
    public var stages: Int
    /// The only point of `P`: the leximin solution.
    public var point: [Rational]
    /// `pi`: positive weights on fixed points tight at `point` (the last certified stage's dual).
    public var weights: PointWeights
    /// The prime modulo which the face matrix has full column rank.
    public var prime: UInt64

    public init(stages: Int, point: [Rational], weights: PointWeights, prime: UInt64) {
        self.stages = stages
        self.point = point
        self.weights = weights
        self.prime = prime
    }
}
