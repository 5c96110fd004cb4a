import Foundation
import Oracle
import Testing

@testable import Trainer

/// The trainer's l2 KKT residual (README `train --kkt`, SPEC.md 7.6) by hand where it is not 0: scale
/// `theta` to `q_min = 1` (by `q_min^(1/L)`), keep the points with `q_n / q_min <= 1 + tau`, fit
/// `theta ~ sum lambda_n grad q_n` with `lambda >= 0`, and divide the rest by `||theta||`. The exact
/// edge of the near-active set (`q_n / q_min = 1 + tau` is in) and the scaling by the degree both
/// change the value here; at the max-margin direction alone (residual 0) neither would show.
@Suite struct KKTResidualValueTests {
    @Test("linear, z = (1, 0), (0, 1), theta = (2, 1): 2 / sqrt(5) with one active point, 0 with both")
    func linear() throws {
        let data = try Dataset(signedPoints: [[1, 0], [0, 1]])
        let problem = TrainingProblem(model: LinearModel(inputDimension: 2), data: data, loss: Loss(.logistic))
        // q = (2, 1): only the second point is near-active at tau = 1e-3; theta - 1 (0, 1) = (2, 0).
        let one = try #require(KKTResidual.l2(problem, [2, 1], tolerance: 1e-3))
        #expect(abs(one - 2 / (5.0).squareRoot()) <= 1e-14)
        // q_1 / q_min = 2 = 1 + tau exactly at tau = 1: both points are active, theta = 2 h_1 + h_2.
        #expect(try #require(KKTResidual.l2(problem, [2, 1], tolerance: 1)) <= 1e-15)
        // The largest tau with 1 + tau < 2 in doubles (1 + nextDown(1) rounds to 2): the first point is out.
        let below = try #require(KKTResidual.l2(problem, [2, 1], tolerance: 1 - 0x1p-52))
        #expect(abs(below - 2 / (5.0).squareRoot()) <= 1e-14)
        // z = (1, 0), (1, -1), theta = (3, 1): q = (3, 2), scaled theta = (1.5, 0.5), h = (1, -1), lambda = 0.5,
        // rest (1, 1): sqrt(2) / sqrt(2.5).
        let skew = try Dataset(signedPoints: [[1, 0], [1, -1]])
        let p2 = TrainingProblem(model: LinearModel(inputDimension: 2), data: skew, loss: Loss(.logistic))
        let r = try #require(KKTResidual.l2(p2, [3, 1], tolerance: 1e-3))
        #expect(abs(r - (0.8).squareRoot()) <= 1e-14)
    }

    /// Degree 2 (a diagonal net of depth 2, `f(x) = (u^2 - v^2) . x`): theta = (u, v) = (4, 2, 0, 0) on
    /// z = (1, 0), (0, 1) has q = (16, 4); scaled by 4^(1/2) it is (2, 1, 0, 0), and the active point's
    /// gradient there is (0, 2, 0, 0): lambda = 1/2 leaves (2, 0, 0, 0), residual 2 / sqrt(5).
    @Test("diagonal depth 2: theta scaled by q_min^(1/2), residual 2 / sqrt(5) by hand")
    func degreeTwo() throws {
        let data = try Dataset(signedPoints: [[1, 0], [0, 1]])
        let problem = TrainingProblem(
            model: DiagonalModel(inputDimension: 2, depth: 2), data: data, loss: Loss(.exponential))
        #expect(problem.margins([4, 2, 0, 0]) == [16, 4])
        let r = try #require(KKTResidual.l2(problem, [4, 2, 0, 0], tolerance: 1e-3))
        #expect(abs(r - 2 / (5.0).squareRoot()) <= 1e-14)
    }
}
