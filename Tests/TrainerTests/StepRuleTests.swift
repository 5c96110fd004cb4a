import Oracle
import Testing
import Trainer

/// The step rules of ``StepRule`` against values computed by hand on z_1 = (1, -2), z_2 = (3, 0) (both
/// labels +1): ||z||_1 = 3, 3; ||z||_2^2 = 5, 9; ||z||_inf = 2, 3.
@Suite struct StepRuleTests {
    let data = try! Dataset(points: [[1, -2], [3, 0]], labels: [1, 1])

    @Test("normalized steepest descent: c over the largest dual norm (c = 0.1, coordinate descent 0.01)")
    func normalized() {
        #expect(StepRule.normalized(.l2, data) == 0.1 / 3)  // max(sqrt 5, 3)
        #expect(StepRule.normalized(.linf, data) == 0.1 / 3)  // dual l1: max(3, 3)
        #expect(StepRule.normalized(.l1, data) == 0.01 / 3)  // dual linf: max(2, 3)
        #expect(StepRule.normalized(.l1, data, factor: 1) == 1.0 / 3)
    }

    @Test("GD: 4 / sum ||z||^2, n times that for the mean")
    func gradientDescent() {
        #expect(StepRule.gradientDescent(data) == 4.0 / 14)
        #expect(StepRule.gradientDescent(data, reduction: .mean) == 8.0 / 14)
    }

    @Test("unnormalized steepest descent on the exponential loss: 1 / (n max ||z||_*^2)")
    func unnormalizedExponential() {
        #expect(StepRule.unnormalizedExponential(.linf, data) == 1.0 / 18)  // n = 2, dual l1 radius 3
        #expect(StepRule.unnormalizedExponential(.l1, data) == 1.0 / 18)  // dual linf radius 3
    }

    /// Every rule's documented value on data whose points are all 0: 0 (no division by a zero radius).
    @Test("data whose points are all 0: every rule gives 0")
    func zeroData() throws {
        let zeros = try Dataset(points: [[0, 0], [0, 0]], labels: [1, -1])
        for norm in [Norm.l2, .linf, .l1] {
            #expect(StepRule.normalized(norm, zeros) == 0, "\(norm)")
            #expect(StepRule.normalized(norm, zeros, factor: 1) == 0, "\(norm)")
            #expect(StepRule.unnormalizedExponential(norm, zeros) == 0, "\(norm)")
        }
        #expect(StepRule.gradientDescent(zeros) == 0 && StepRule.gradientDescent(zeros, reduction: .mean) == 0)
    }
}
