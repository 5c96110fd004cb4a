import FixtureKit
import Foundation
import Oracle
import Testing
import Trainer

/// The committed fixtures are reproducible, self-consistent, and tell a right trainer from a wrong one.
@Suite struct FixtureTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    static func committed() throws -> [Fixture] {
        let manifest = try JSONDecoder().decode(
            FixtureManifest.self, from: Data(contentsOf: root.appendingPathComponent("manifest.json")))
        return try manifest.files.map {
            try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: root.appendingPathComponent($0.file)))
        }
    }

    @Test("regenerating every suite gives byte-identical files and the committed manifest's checksums")
    func regenerationIsByteIdentical() throws {
        let manifest = try JSONDecoder().decode(
            FixtureManifest.self, from: Data(contentsOf: Self.root.appendingPathComponent("manifest.json")))
        var produced: [String: Data] = [:]
        for suite in FixtureGenerator.suites {
            for f in try FixtureGenerator.fixtures(suite: suite, seed: manifest.seed) {
                produced["\(suite)/\(f.id).json"] = try f.encoded()
            }
        }
        #expect(
            Set(produced.keys) == Set(manifest.files.map(\.file)),
            "the suite's file list changed: regenerate Fixtures/ with margin-oracle generate --out Fixtures")
        for entry in manifest.files {
            let onDisk = try Data(contentsOf: Self.root.appendingPathComponent(entry.file))
            #expect(
                SHA256.hex(Array(onDisk)) == entry.sha256, "\(entry.file): committed bytes do not match the manifest")
            #expect(produced[entry.file] == onDisk, "\(entry.file): regeneration differs from the committed file")
        }
    }

    @Test("every certificate in the fixtures verifies exactly")
    func certificatesVerify() throws {
        for f in try Self.committed() {
            for norm in Norm.allCases {
                guard let a = f.oracle.answer(norm) else { continue }
                let v = CertificateChecker.verify(
                    MarginCertificate(norm: norm, primal: a.certificate.primal, dual: a.certificate.dual),
                    against: f.data)
                #expect(v.exact && v.lower == a.certificate.lower, "\(f.id) \(norm)")
            }
        }
    }

    /// Our own trainer, run as each expectation describes, passes `check`; the expectation's negative
    /// control (the other algorithm) fails it.
    @Test("our trainer passes every expectation and the negative-control algorithm fails it")
    func selfConsistency() throws {
        for f in try Self.committed() where f.trajectory == nil {
            for e in f.expectations where e.model != "two-layer" {
                let weights = Self.train(f, e, optimizer: e.optimizer)
                let report = try FixtureChecker.check(f, weights: weights, expectationID: e.id)
                #expect(report.passed, "\(f.id) \(e.id): \(report.reasons)")
                if let control = e.negativeControl, control.optimizer == "sign" || control.optimizer == "ngd" {
                    let wrong = try FixtureChecker.check(
                        f, weights: Self.train(f, e, optimizer: control.optimizer), expectationID: e.id)
                    #expect(
                        !wrong.passed,
                        "\(f.id) \(e.id): the negative control \(control.optimizer) passed (reached \(wrong.reached))")
                }
            }
        }
    }

    static func train(_ f: Fixture, _ e: Fixture.Expectation, optimizer name: String) -> SubmittedWeights {
        let d = f.data.dimension
        let model: any Model
        switch e.model {
        case "deep-linear": model = DeepLinearModel(widths: [d, 4, 4, 1])
        case "diagonal": model = DiagonalModel(inputDimension: d)
        case "ensemble": model = EnsembleModel.linearPlusDiagonal(inputDimension: d)
        default: model = LinearModel(inputDimension: d)
        }
        let optimizer: Optimizer =
            name == "sign"
            ? .signDescent(e.stepSize) : (name == "coordinate" ? .coordinateDescent(e.stepSize) : .ngd(e.stepSize))
        var theta = Initialization.gaussian(scale: 0.1).parameters(for: model, seed: 1)
        if e.model == "diagonal" { theta = theta.map(abs) }
        let run = Training.run(
            TrainingProblem(model: model, data: f.data, loss: Loss(.logistic)), optimizer: optimizer, steps: e.steps,
            initial: theta, checkpoints: [e.steps])
        let p = run.finalParameters
        switch e.model {
        case "deep-linear":
            let m = model as! DeepLinearModel
            return SubmittedWeights(model: "deep-linear", layers: (0..<m.depth).map { m.layer(p, $0) })
        case "diagonal": return SubmittedWeights(model: "diagonal", u: Array(p[0..<d]), v: Array(p[d..<(2 * d)]))
        case "ensemble":
            return SubmittedWeights(
                model: "ensemble", u: Array(p[d..<(2 * d)]), v: Array(p[(2 * d)..<(3 * d)]), w: Array(p[0..<d]))
        default: return SubmittedWeights(model: "linear", weights: p)
        }
    }
}
