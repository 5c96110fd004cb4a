import Foundation
import Testing

@testable import Checker
@testable import Oracle

/// The two-layer oracle for data in R^4 and R^5 (issue 19, item 1: column generation priced by
/// ``ArrangementDualBound``'s best faces, certified by its exact bound through the same checker).
@Suite struct TwoLayerArrangementTests {
    /// [D] SPEC.md 6.4 / C003.2: on symmetric data (`(x, y)` and `(-x, -y)`) the global optimum is the
    /// linear value `(1 + alpha) gamma2* / 4`, in any dimension.
    @Test("symmetric data in R^4 and R^5: the certified bracket contains (1 + alpha) gamma2*/4, gap < 1e-9 (4 seeds)")
    func symmetricClosedForm() throws {
        for i in 0..<4 {
            let seed = UInt64(700 + i)
            var g = SplitMix64(seed: seed)
            try TwoLayerTests.expectSymmetricClosedForm(
                seed: seed, dimension: 4 + i % 2, points: 3 + g.below(4), leak: [0.0, 0.1, 0.5][i % 3])
        }
    }

    /// [D] Any data: two opposite neurons make the linear map, so the optimum is at least the linear value;
    /// on XOR-like data with a bias coordinate no linear map separates, and the network still does.
    @Test("XOR points with a bias coordinate in R^4 and R^5: certified to 1e-9, at least the linear value (2 seeds)")
    func xorWithBias() throws {
        for (seed, d) in [(UInt64(31), 4), (UInt64(32), 5)] {
            var g = SplitMix64(seed: seed)
            let n = 10
            var points: [[Double]] = []
            var labels: [Double] = []
            for _ in 0..<n {
                let p = (0..<(d - 1)).map { _ in (g.unit() - 0.5) * 4 }
                points.append(p + [1])
                labels.append(p[0] * p[1] >= 0 ? 1 : -1)
            }
            let data = try Dataset(points: points, labels: labels)
            let s = try TwoLayerMaxMargin.solve(data, leak: 0.1)
            #expect(s.lower > 0, "seed \(seed): XOR data are separable by a network")
            #expect(s.relativeGap < 1e-9, "seed \(seed): gap \(s.relativeGap)")
            let verdict = TwoLayerChecker.verify(s.certificate, against: data)
            #expect(verdict.valid && verdict.lower == s.lowerExact && verdict.upperSquared == s.upperSquaredExact)
            if let g2 = try MaxMarginSolver.solve(data, norm: .l2).marginSquaredExact {
                let f = Rational(11) / Rational(40)
                #expect(f * f * g2 <= s.upperSquaredExact, "seed \(seed): below the linear value")
            }
            // Forged: all weight on one point changes g_lambda, so the proven bound moves or the certificate
            // fails; doubling the output layer unbalances the network, which lowers its normalized margin.
            var forged = s.certificate
            forged.dual = forged.dual.indices.map { $0 == 0 ? Rational.one : Rational.zero }
            let bad = TwoLayerChecker.verify(forged, against: data)
            #expect(!bad.valid || bad.upperSquared != s.upperSquaredExact, "seed \(seed)")
            var scaled = s.certificate
            scaled.network.output = scaled.network.output.map { $0 * Rational(2) }
            #expect(TwoLayerChecker.verify(scaled, against: data).lower < s.lowerExact, "seed \(seed)")
        }
    }

    /// Hostile sizes: a few points in a high dimension (the unit planes that complete their rank count too)
    /// and a certificate with a large dual support are refused before any enumeration, with the limit named.
    @Test("R^40 with 3 points and a 60-point R^5 certificate: refused at once, naming the limit")
    func hostileSizesRefused() throws {
        let wide = try Dataset(
            points: (0..<3).map { k in (0..<40).map { Double(($0 + k) % 3) - 1 } }, labels: [1, -1, 1])
        #expect {
            try TwoLayerMaxMargin.solve(wide, leak: 0.1)
        } throws: { error in
            "\(error)".contains("limit")
        }
        var rng = SplitMix64(seed: 9)
        let points = (0..<60).map { _ in (0..<5).map { _ in rng.unit() - 0.5 } }
        let data = try Dataset(points: points, labels: (0..<60).map { Double(1 - 2 * ($0 % 2)) })
        let uniform = [Rational](repeating: Rational.one / Rational(60), count: 60)
        let certificate = TwoLayerCertificate(
            leak: Rational(1) / Rational(10), network: TwoLayerNetwork(hidden: [], output: []), dual: uniform)
        let verdict = TwoLayerChecker.verify(certificate, against: data)
        #expect(!verdict.valid && (verdict.reason ?? "").contains("limit"), "\(verdict.reason ?? "")")
    }
}
