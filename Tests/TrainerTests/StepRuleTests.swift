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

    /// On the data above every radius is 3, so a rule taking the algorithm's norm instead of its dual
    /// (or the wrong point's) would agree (the ninth blind set's #9). Here the three radii differ and come
    /// from different points: z = (1, -2, 2), (2.5, 0, 0), (2, -2, 1.5) have ||z||_1 = 5, 2.5, 5.5,
    /// ||z||_2^2 = 9, 6.25, 10.25 and ||z||_inf = 2, 2.5, 2: radii 5.5 (l1), sqrt(10.25) (l2), 2.5 (linf).
    @Test("every rule with three different radii: the dual norm's radius, by hand")
    func distinctRadii() throws {
        let z = try Dataset(signedPoints: [[1, -2, 2], [2.5, 0, 0], [2, -2, 1.5]])
        func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-15 * b }
        #expect(close(StepRule.normalized(.l2, z), 0.1 / (10.25).squareRoot()))
        #expect(close(StepRule.normalized(.linf, z), 0.1 / 5.5))  // dual l1
        #expect(close(StepRule.normalized(.l1, z), 0.01 / 2.5))  // dual linf
        #expect(close(StepRule.unnormalizedExponential(.linf, z), 1 / (3 * 5.5 * 5.5)))
        #expect(close(StepRule.unnormalizedExponential(.l1, z), 1 / (3 * 2.5 * 2.5)))
        #expect(close(StepRule.unnormalizedExponential(.l2, z), 1 / (3 * 10.25)))
        #expect(close(StepRule.gradientDescent(z), 4 / 25.5))
        #expect(close(StepRule.gradientDescent(z, reduction: .mean), 12 / 25.5))
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
