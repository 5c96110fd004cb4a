import Testing

@testable import Oracle

/// The checker must reject every tampered certificate: a check that cannot fail proves nothing.
@Suite struct CertificateCheckerTests {
    let data = ReferenceData.d3

    @Test("tampered duals are rejected: negative weight, wrong sum, wrong length")
    func rejectsBadDuals() {
        let bad: [[Rational]] = [
            [.r(5, 4), .zero, .r(-1, 4), .zero],
            [.r(3, 4), .zero, .r(1, 4), .r(1, 100)],
            [.r(3, 4), .r(1, 4)],
        ]
        for dual in bad {
            let v = CertificateChecker.verify(MarginCertificate(norm: .linf, primal: nil, dual: dual), against: data)
            #expect(!v.valid && v.reason != nil)
        }
    }

    @Test("a perturbed primal or dual witness no longer proves the optimum exactly")
    func perturbedWitnessIsNotExact() throws {
        for norm in Norm.allCases {
            let s = try MaxMarginSolver.solve(data, norm: norm)
            var primal = s.certificate
            primal.primal![0] += .r(1, 1000)
            #expect(!CertificateChecker.verify(primal, against: data).exact, "\(norm) primal")
            var dual = s.certificate
            let moved = dual.dual.firstIndex { $0.signum > 0 }!
            let other = moved == 2 ? 1 : 2  // z3 = (-2,3,3) raises every dual norm here
            dual.dual[moved] -= .r(1, 1000)
            dual.dual[other] += .r(1, 1000)
            #expect(!CertificateChecker.verify(dual, against: data).exact, "\(norm) dual")
        }
    }

    @Test("a primal witness of the wrong dimension is rejected")
    func rejectsWrongDimension() {
        let v = CertificateChecker.verify(
            MarginCertificate(norm: .l1, primal: [.one], dual: [.one, .zero, .zero, .zero]), against: data)
        #expect(!v.valid)
    }

    @Test("solution documents with a wrong claim are reported; an untouched one passes")
    func documentClaims() throws {
        let s = try MaxMarginSolver.solve(data, norm: .l2)
        let good = SolutionDocument(s, data: data)
        #expect(good.problems().isEmpty)
        var wrongMargin = good
        wrongMargin.margin = 2.4
        var wrongExact = good
        wrongExact.certificate.marginExact = "sqrt(5)"
        var wrongBound = good
        wrongBound.certificate.lower = .r(5)
        var wrongData = good
        wrongData.data = try Dataset(signedPoints: [[2, 2, -1], [0, 3, 2], [-2, 3, 3], [1, 2, 2]])
        for d in [wrongMargin, wrongExact, wrongBound, wrongData] { #expect(!d.problems().isEmpty) }
    }
}
