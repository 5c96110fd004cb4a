import Foundation
import Oracle
import Testing

@testable import Trainer

/// The constrained path theta(R) = argmin_{||theta|| <= R} L (seed 000's object, SPEC.md 3.2, 3.6).
@Suite struct ConstrainedPathTests {
    /// Z_lex: the exact l1 path is beta(R) = (R, 0, 0) for every R > 0 [D, SPEC.md 3.6], the leximin point.
    @Test("Z_lex, l1 ball: the path is (R, 0, 0) at every radius (leximin), not another max-margin point")
    func zLexPath() {
        let data = try! Dataset(signedPoints: [[1, 1, 0], [1, 1, 1], [2, 0, 0]])
        let problem = TrainingProblem(model: LinearModel(inputDimension: 3), data: data, loss: Loss(.exponential))
        let path = ConstrainedPath.run(problem, norm: .l1, radii: [0.5, 1, 2, 5, 10, 20], iterations: 5000)
        #expect(path.count == 6)
        for point in path {
            #expect(
                abs(point.normalized[0] - 1) < 1e-6 && abs(point.normalized[1]) < 1e-6
                    && abs(point.normalized[2]) < 1e-6, "R = \(point.radius): \(point.normalized)")
        }
    }

    @Test("D3, l2 ball: the normalized path approaches the l2 max-margin direction as R grows (angle shrinks)")
    func l2PathDirection() throws {
        let d3 = GradientTests.d3
        let problem = TrainingProblem(model: LinearModel(inputDimension: 3), data: d3, loss: Loss(.logistic))
        let wHat = try MaxMarginSolver.solve(d3, norm: .l2).weights
        let path = ConstrainedPath.run(problem, norm: .l2, radii: [1, 10, 100], iterations: 20000)
        let angles = path.map { p in acos(min(1, dot(p.normalized, wHat) / Norm.l2.value(p.normalized))) }
        #expect(angles[2] < angles[1] && angles[1] < angles[0])
        #expect(angles[2] < 0.05, "angle \(angles[2]) rad at R = 100")
    }

    /// Bad radii or iteration counts give no path (callers turn it into a failed check), never a trap.
    @Test("a radius that is not positive and finite, or no iterations, gives an empty path")
    func badArgumentsGiveNoPath() {
        let problem = TrainingProblem(
            model: LinearModel(inputDimension: 3), data: GradientTests.d3, loss: Loss(.exponential))
        for radii in [[1, 0], [-1], [1, .infinity], [.nan]] as [[Double]] {
            #expect(ConstrainedPath.run(problem, norm: .l1, radii: radii).isEmpty, "\(radii)")
        }
        #expect(ConstrainedPath.run(problem, norm: .l2, radii: [1], iterations: 0).isEmpty)
        #expect(ConstrainedPath.run(problem, norm: .l2, radii: [1], iterations: 1).count == 1)
    }

    @Test("projections land in the ball and leave interior points alone")
    func projections() {
        #expect(ConstrainedPath.project([3, -4], .l2, 1) == [0.6, -0.8])
        #expect(ConstrainedPath.project([3, -0.5], .linf, 1) == [1, -0.5])
        let p = ConstrainedPath.project([3, -1, 0.5], .l1, 2)
        #expect(abs(Norm.l1.value(p) - 2) < 1e-15 && p == [2, 0, 0])
        #expect(ConstrainedPath.project([0.1, 0.2], .l1, 1) == [0.1, 0.2])
    }
}
