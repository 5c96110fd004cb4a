import FixtureKit
import Foundation
import Oracle
import Testing
import Trainer

/// `check` as a judge: the same verdict at every scale, the fixture's model options as the truth,
/// non-finite and zero parameters diagnosed, a failure that names the control it resembles.
@Suite struct CheckJudgementTests {
    static func fixture(_ name: String) throws -> Fixture {
        try JSONDecoder().decode(
            Fixture.self, from: Data(contentsOf: FixtureTests.root.appendingPathComponent(name)))
    }

    static func trained(_ f: Fixture, _ e: Fixture.Expectation) throws -> SubmittedWeights {
        let run = try e.training.run(on: f.data)
        return FixtureTests.submitted(run.model, run.parameters, e)
    }

    static func scaled(_ w: SubmittedWeights, _ c: Double) -> SubmittedWeights {
        var s = w
        s.weights = w.weights?.map { $0 * c }
        s.predictor = w.predictor?.map { $0 * c }
        s.layers = w.layers?.map { $0.map { $0.map { $0 * c } } }
        s.u = w.u?.map { $0 * c }
        s.v = w.v?.map { $0 * c }
        s.w = w.w?.map { $0 * c * c }  // the ensemble's linear part has degree 1 against degree 2
        s.hidden = w.hidden?.map { $0.map { $0 * c } }
        s.output = w.output?.map { $0 * c }
        return s
    }

    /// Every expectation of three fixtures: a passing and a failing submission (our trainer, and its
    /// first control) keep their verdict, and `reached` to 1e-12 relative, when every parameter
    /// is multiplied by 10^k for k in -300...300 (step 50) and by powers of two.
    @Test("check gives the same verdict at every scale from 1e-300 to 1e300")
    func scaleInvariance() throws {
        var compared = 0
        for name in [
            "reference/reference-D3.json", "symmetric/symmetric-n8-d3-seed12.json", "reference/reference-Z_lex.json",
        ] {
            let f = try Self.fixture(name)
            for e in f.expectations {
                var submissions = [try Self.trained(f, e)]
                if let c = e.controls.first(where: { $0.kind != "naive implementation" && $0.kind != "shallow model" })
                {
                    let run = try c.training.run(on: f.data)
                    submissions.append(FixtureTests.submitted(run.model, run.parameters, e))
                }
                for w in submissions {
                    let base = try FixtureChecker.check(f, weights: w, expectationID: e.id)
                    let scales =
                        stride(from: -300, through: 300, by: 50).map { pow(10.0, Double($0)) } + [0x1p-1000, 0x1p1000]
                    for c in scales {
                        // The ensemble's w scales with c^2: keep c^2 finite and nonzero.
                        if e.training.model == "ensemble" && (c > 1e150 || c < 1e-150) { continue }
                        let r = try FixtureChecker.check(f, weights: Self.scaled(w, c), expectationID: e.id)
                        let same = (r.reached ?? .nan).isApproximatelyEqual(
                            to: base.reached ?? .infinity, relative: 1e-12)
                        #expect(
                            r.passed == base.passed && same,
                            "\(f.id) \(e.id) x \(c): \(r.reached ?? .nan) vs \(base.reached ?? .nan)")
                        compared += 1
                    }
                }
            }
        }
        #expect(compared > 300)
    }

    @Test("a two-layer weights file whose leak or width disagrees with the fixture is refused")
    func modelOptionsAreTheTruth() throws {
        let f = try Self.fixture("symmetric/symmetric-n8-d3-seed12.json")
        let e = try #require(f.expectations.first { $0.training.model == "two-layer" })
        var w = try Self.trained(f, e)
        w.leak = 1.0
        #expect(throws: OracleError.self) { try FixtureChecker.check(f, weights: w, expectationID: e.id) }
        w.leak = nil
        #expect(try FixtureChecker.check(f, weights: w, expectationID: e.id).passed)
        w.hidden = Array((w.hidden ?? []).dropLast())
        w.output = Array((w.output ?? []).dropLast())
        #expect(throws: OracleError.self) { try FixtureChecker.check(f, weights: w, expectationID: e.id) }
    }

    @Test("NaN and infinite parameters fail (exit 1) with the entries named and the usual causes")
    func nonFiniteDiagnosed() throws {
        let f = try Self.fixture("reference/reference-D3.json")
        let r = try FixtureChecker.check(
            f, weights: SubmittedWeights(model: "linear", weights: [1, .nan, .infinity]), expectationID: "ngd-linear-l2"
        )
        #expect(!r.passed && r.reached == nil)
        let text = r.reasons.joined()
        #expect(text.contains("theta[1] = nan") && text.contains("theta[2] = inf") && text.contains("underflows"))
    }

    @Test("a zero predictor fails with a diagnosis, not an angle of 180 degrees")
    func zeroPredictor() throws {
        let f = try Self.fixture("reference/reference-D3.json")
        let r = try FixtureChecker.check(
            f, weights: SubmittedWeights(model: "linear", weights: [0, 0, 0]), expectationID: "ngd-linear-l2")
        #expect(!r.passed && r.reached == nil && r.cosine == nil && r.angleDegrees == nil)
        #expect(r.reasons.joined().contains("predictor is zero"))
    }

    /// Sign descent submitted to the NGD expectation: the failure names the control it resembles.
    @Test("a failure says which recorded control the reached value resembles")
    func resemblesControl() throws {
        let f = try Self.fixture("reference/reference-D3.json")
        let e = try #require(f.expectations.first { $0.id == "ngd-linear-l2" })
        let c = try #require(e.controls.first { $0.training.optimizer == "sign" })
        var other = c.training.seeded(7)
        other.initialization.scale = 0.05
        let run = try other.run(on: f.data)
        let r = try FixtureChecker.check(
            f, weights: FixtureTests.submitted(run.model, run.parameters, e), expectationID: e.id)
        #expect(!r.passed && r.resembles == c.description, "\(r.reasons)")
        #expect(r.reasons.joined().contains("was ngd run"))
    }
}

extension CheckJudgementTests {
    /// The verdict's boundary: predictors between the l2 optimum and the linf optimum of D3, found
    /// by bisection, whose gap is 0.5 and 1.5 tolerances: the first passes, the second fails.
    @Test("a gap of 0.5 tolerance passes and a gap of 1.5 tolerances fails")
    func toleranceBoundary() throws {
        let f = try Self.fixture("reference/reference-D3.json")
        let e = try #require(f.expectations.first { $0.id == "ngd-linear-l2" })
        let a = try #require(f.oracle.l2?.weights)
        let b = try #require(f.oracle.linf?.weights)
        func gap(_ s: Double) throws -> (Double, Bool) {
            let w = zip(a, b).map { (1 - s) * $0 + s * $1 }
            let r = try FixtureChecker.check(f, weights: SubmittedWeights(predictor: w), expectationID: e.id)
            return (r.gap ?? .infinity, r.passed)
        }
        for target in [0.5, 1.5] {
            var lo = 0.0
            var hi = 1.0
            for _ in 0..<60 {
                let mid = (lo + hi) / 2
                if try gap(mid).0 < target * e.tolerance { lo = mid } else { hi = mid }
            }
            let (g, passed) = try gap(lo)
            #expect(abs(g - target * e.tolerance) < 1e-3 * e.tolerance, "\(g)")
            #expect(passed == (target < 1), "gap \(g) = \(g / e.tolerance) tolerances: passed \(passed)")
        }
    }

    /// A fixture whose model options no model has (depth 0, leak 5, widths 0) is refused with a
    /// thrown error (exit 2), never a trainer precondition (a signal).
    @Test("hostile model options in a fixture: a thrown error, not a crash")
    func hostileModelOptions() throws {
        let base = try Self.fixture("reference/reference-D3.json")
        let cases: [(String, String, String, SubmittedWeights)] = [
            ("ngd-diagonal-l1", "depth", "0", SubmittedWeights(model: "diagonal", u: [1, 1, 1], v: [0, 0, 0])),
            ("ngd-diagonal-l1", "depth", "-3", SubmittedWeights(model: "diagonal", u: [1, 1, 1], v: [0, 0, 0])),
            ("ngd-deep-linear-l2", "widths", "0,4", SubmittedWeights(model: "deep-linear", layers: [[[1, 1, 1]]])),
        ]
        for (id, key, value, weights) in cases {
            var f = base
            let i = try #require(f.expectations.firstIndex { $0.id == id })
            f.expectations[i].training.modelOptions[key] = value
            #expect(throws: OracleError.self, "\(id) \(key) = \(value)") {
                try FixtureChecker.check(f, weights: weights, expectationID: id)
            }
        }
        var sym = try Self.fixture("symmetric/symmetric-n8-d3-seed12.json")
        let j = try #require(sym.expectations.firstIndex { $0.training.model == "two-layer" })
        let net = try Self.trained(sym, sym.expectations[j])
        for leak in ["5", "-1", "nan"] {
            sym.expectations[j].training.modelOptions["leak"] = leak
            #expect(throws: OracleError.self, "leak \(leak)") {
                try FixtureChecker.check(sym, weights: net, expectationID: sym.expectations[j].id)
            }
        }
    }

    /// A value above the certified optimum is impossible on the fixture's data; against a fixture
    /// whose limit was lowered (as if forged or from other data) the optimal predictor must fail.
    @Test("a reached value above the certified limit fails, naming it")
    func aboveTheOptimumFails() throws {
        var f = try Self.fixture("reference/reference-D3.json")
        let i = try #require(f.expectations.firstIndex { $0.id == "ngd-linear-l2" })
        f.expectations[i].limit *= 0.99
        let w = try #require(f.oracle.l2?.weights)
        let r = try FixtureChecker.check(f, weights: SubmittedWeights(predictor: w), expectationID: "ngd-linear-l2")
        #expect(!r.passed && r.reasons.joined().contains("exceeds the certified optimum"))
    }
}

extension Double {
    fileprivate func isApproximatelyEqual(to other: Double, relative: Double) -> Bool {
        self == other || abs(self - other) <= relative * max(abs(self), abs(other))
    }
}
