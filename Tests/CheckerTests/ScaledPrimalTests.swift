import BigInt
import Exact
import Oracle
import Testing

@testable import Checker

/// A certificate's primal is a direction (documents write it as coprime integers): the checker's
/// lower bound must not depend on its scale, even far outside the double range, where the float
/// filter of ``CertificateChecker/exactMinimumSlack(_:_:_:)`` works on a power-of-two rescaling.
/// Expected values come from the unscaled certificate, which the oracle proves exact.
@Suite struct ScaledPrimalTests {
    static func scaled(_ w: [Rational], _ e: Int) -> [Rational] {
        let p = Rational(BigInt(1) << abs(e))
        return w.map { e >= 0 ? $0 * p : $0 / p }
    }

    @Test("D3's primal scaled by 2^+-3000 and 2^+-600 proves the same bounds; a wrong direction does not")
    func scaleInvariance() throws {
        let data = GenuineCorpus.d3
        for norm in [Norm.l2, .l1, .linf] {
            let solution = try MaxMarginSolver.solve(data, norm: norm)
            let w = try #require(solution.certificate.primal)
            let plain = CertificateChecker.verify(solution.certificate, against: data)
            #expect(plain.valid && plain.lower == plain.upper, "\(norm)")
            for e in [3000, -3000, 600, -600, 0] {
                var c = solution.certificate
                c.primal = Self.scaled(w, e)
                let v = CertificateChecker.verify(c, against: data)
                #expect(v.valid && v.lower == plain.lower && v.upper == plain.upper, "\(norm), 2^\(e)")
                // The integers a document writes.
                c.primal = IntegerVector(Self.scaled(w, e)).coprimeIntegers.map { Rational($0) }
                #expect(CertificateChecker.verify(c, against: data).lower == plain.lower, "\(norm), coprime")
                // Another direction at the same scale proves less.
                var wrong = Self.scaled(w, e)
                wrong[0] = -wrong[0] - Self.scaled([Rational(1)], e)[0]
                c.primal = wrong
                #expect(CertificateChecker.verify(c, against: data).lower < plain.lower, "\(norm), wrong, 2^\(e)")
            }
        }
    }
}
