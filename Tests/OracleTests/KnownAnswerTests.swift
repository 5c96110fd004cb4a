import Testing

@testable import Oracle

/// Exact optima of the reference data sets (SPEC.md section 8). The values are [D] (derived by
/// hand in SPEC.md, or in the comments below) and compared as exact rationals, never as floats.
@Suite struct KnownAnswerTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let data: Dataset
        let norm: Norm
        /// gamma* (l1, linf) or gamma*^2 (l2).
        let expected: Rational
        var testDescription: String { "\(name) \(norm.rawValue)" }
    }

    static let cases: [Case] = [
        // D1: gamma2* = sqrt 5 (single support vector (2,1)), gamma_inf* = 3, gamma1* = 2.
        Case(name: "D1", data: ReferenceData.d1, norm: .l2, expected: .r(5)),
        Case(name: "D1", data: ReferenceData.d1, norm: .linf, expected: .r(3)),
        Case(name: "D1", data: ReferenceData.d1, norm: .l1, expected: .r(2)),
        // D3: gamma2*^2 = 121/21, gamma_inf* = 13/4, gamma1* = 2.
        Case(name: "D3", data: ReferenceData.d3, norm: .l2, expected: .r(121, 21)),
        Case(name: "D3", data: ReferenceData.d3, norm: .linf, expected: .r(13, 4)),
        Case(name: "D3", data: ReferenceData.d3, norm: .l1, expected: .r(2)),
        // B: gamma2*^2 = 4/41 (SPEC). Derived here: with z1 = (2,3), z2 = (-2,-2) the dual vector is
        // (4 l - 2, 5 l - 2) for weight l on z1; min of its l1 norm is 2/5 at l = 2/5, min of its
        // l-infinity norm is 2/9 at l = 4/9.
        Case(name: "B", data: ReferenceData.b, norm: .l2, expected: .r(4, 41)),
        Case(name: "B", data: ReferenceData.b, norm: .linf, expected: .r(2, 5)),
        Case(name: "B", data: ReferenceData.b, norm: .l1, expected: .r(2, 9)),
        // D_frag: the linear optimum is still that of B (SPEC: 0.085896 = 1.1 sqrt(4/41) / 4).
        Case(name: "D_frag", data: ReferenceData.dFrag, norm: .l2, expected: .r(4, 41)),
        // Z_lex: l1 max margin 1 on a face (b, 1-b, 0), b in [1/2, 1].
        Case(name: "Z_lex", data: ReferenceData.zLex, norm: .l1, expected: .r(1)),
    ]

    @Test("reference data sets reproduce their exact optima", arguments: cases)
    func reproducesExactOptimum(_ c: Case) throws {
        let s = try MaxMarginSolver.solve(c.data, norm: c.norm)
        #expect(s.status == .separable)
        let value = c.norm == .l2 ? s.marginSquaredExact : s.marginExact
        #expect(value == c.expected)
        let v = CertificateChecker.verify(s.certificate, against: c.data)
        #expect(v.exact && v.lower == c.expected && v.upper == c.expected)
    }

    @Test(
        "D3's witnesses are the SPEC ones: w_hat = (2,4,1)/11, alpha on {z1, z3, z4}; linf dual (3/4, 0, 1/4, 0); l1 direction (0,1,0)"
    )
    func d3Witnesses() throws {
        let l2 = try MaxMarginSolver.solve(ReferenceData.d3, norm: .l2)
        #expect(l2.certificate.primal == [.r(2, 11), .r(4, 11), .r(1, 11)])
        #expect(l2.support == [0, 2, 3])
        let linf = try MaxMarginSolver.solve(ReferenceData.d3, norm: .linf)
        #expect(linf.certificate.dual == [.r(3, 4), .zero, .r(1, 4), .zero])
        #expect(linf.weights == [1, 1, 0.75])
        let l1 = try MaxMarginSolver.solve(ReferenceData.d3, norm: .l1)
        #expect(l1.weights == [0, 1, 0])
        #expect(l1.certificate.dual == [.zero, .zero, .zero, .one])
    }

    @Test(
        "D3 cross-margins (SPEC.md 8): the l2 margin of the linf optimum is 13/4 / sqrt(2.5625), l1 margin of w_hat is 11/7"
    )
    func d3CrossMargins() throws {
        let linf = try MaxMarginSolver.solve(ReferenceData.d3, norm: .linf)
        let crossL2 = CertificateChecker.verify(
            MarginCertificate(norm: .l2, primal: linf.certificate.primal, dual: [.one, .zero, .zero, .zero]),
            against: ReferenceData.d3)
        #expect(crossL2.lower == .r(13, 4) * .r(13, 4) / .r(41, 16))
        let l2 = try MaxMarginSolver.solve(ReferenceData.d3, norm: .l2)
        let crossL1 = CertificateChecker.verify(
            MarginCertificate(norm: .l1, primal: l2.certificate.primal, dual: [.zero, .zero, .zero, .one]),
            against: ReferenceData.d3)
        #expect(crossL1.lower == .r(11, 7))
    }

    @Test(
        "data not separable through the origin: margin 0 and a dual witness summing the points to exactly 0",
        arguments: Norm.allCases)
    func notSeparable(_ norm: Norm) throws {
        let opposite = try Dataset(points: [[1, 0], [1, 0], [0, 1]], labels: [1, -1, 1])
        let origin = try Dataset(points: [[1, 2], [0, 0]], labels: [1, -1])
        let cyclic = try Dataset(signedPoints: [[1, 0], [-1, 1], [-1, -1]])
        for data in [opposite, origin, cyclic] {
            let s = try MaxMarginSolver.solve(data, norm: norm)
            #expect(s.status == .notSeparable)
            #expect(s.margin == 0)
            #expect(s.certificate.primal == nil)
            let v = CertificateChecker.verify(s.certificate, against: data)
            #expect(v.valid && v.upper == .zero && v.exact)
        }
    }

    @Test("one point and one dimension: gamma* = |x| in every norm")
    func tinyCases() throws {
        let one = try Dataset(points: [[-3]], labels: [-1])
        for norm in Norm.allCases {
            let s = try MaxMarginSolver.solve(one, norm: norm)
            #expect(norm == .l2 ? s.marginSquaredExact == .r(9) : s.marginExact == .r(3))
        }
    }
}
