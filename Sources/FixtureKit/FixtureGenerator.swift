import Foundation
import Oracle
import Trainer

/// Builds the fixture suites. Everything is a function of the suite name and the seed, computed with
/// our own RNG and deterministic arithmetic, so the same command writes the same bytes.
public enum FixtureGenerator {
    public static let suites = ["reference", "random", "symmetric", "nonunique", "two-layer", "stress", "trajectories"]

    /// The fixtures of `suite` (file name without extension -> fixture).
    public static func fixtures(suite: String, seed: UInt64) throws(OracleError) -> [Fixture] {
        switch suite {
        case "reference":
            let sets: [(String, String, Dataset)] = [
                ("D1", "d = 2, N = 3; one support vector", try Dataset(signedPoints: [[2, 1], [2, 3], [3, 1]])),
                (
                    "D3", "d = 3, N = 4; all three optima unique",
                    try Dataset(signedPoints: [[2, 2, -1], [0, 3, 2], [-2, 3, 3], [1, 2, 1]])
                ),
                (
                    "B", "symmetric 2-D set of SPEC.md section 8",
                    try Dataset(points: [[2, 3], [-2, -2], [-2, -3], [2, 2]], labels: [1, 1, -1, -1])
                ),
                (
                    "D_frag", "B with (2,3) doubled to (4,6): small-init GD misses the global two-layer optimum",
                    try Dataset(points: [[4, 6], [-2, -2], [-2, -3], [2, 2]], labels: [1, 1, -1, -1])
                ),
                (
                    "Z_lex", "l1 optimum is a face; leximin (1,0,0)",
                    try Dataset(signedPoints: [[1, 1, 0], [1, 1, 1], [2, 0, 0]])
                ),
            ]
            return try sets.map { (name, text, data) throws(OracleError) in
                try fixture(
                    id: "reference-\(name)", description: "Reference data set \(name) (SPEC.md section 8): \(text).",
                    family: "reference", suite: suite, seed: seed, parameters: ["name": name], data: data)
            }
        case "random":
            return try [(20, 3), (50, 5), (200, 10)].enumerated().map { (i, size) throws(OracleError) in
                let s = seed &+ UInt64(i)
                let data = RandomDatasets.planted(n: size.0, d: size.1, margin: 0.05, bits: 52, seed: s)
                return try fixture(
                    id: "random-n\(size.0)-d\(size.1)-seed\(s)",
                    description:
                        "Random separable data: \(size.0) points uniform in [-1,1)^\(size.1), labelled by a random hyperplane, margin >= 0.05.",
                    family: "planted", suite: suite, seed: s,
                    parameters: ["n": "\(size.0)", "d": "\(size.1)", "margin": "0.05"], data: data)
            }
        case "symmetric":
            return try [(3, 2), (4, 3)].enumerated().map { (i, size) throws(OracleError) in
                let s = seed &+ UInt64(10 + i)
                let half = RandomDatasets.planted(n: size.0, d: size.1, margin: 0.2, bits: 3, seed: s)
                let data = try Dataset(
                    points: half.points + half.points.map { $0.map { -$0 } },
                    labels: half.labels + half.labels.map { -$0 })
                return try fixture(
                    id: "symmetric-n\(2 * size.0)-d\(size.1)-seed\(s)",
                    description:
                        "Symmetric data (x, y) and (-x, -y): two-layer nets reach (1 + alpha) gamma2*/4 (Lyu et al. 2021).",
                    family: "symmetric", suite: suite, seed: s, parameters: ["n": "\(2 * size.0)", "d": "\(size.1)"],
                    data: data)
            }
        case "nonunique":
            return [
                try fixture(
                    id: "nonunique-face-2d",
                    description:
                        "z = (1,0), (1,1): the linf optimum is the face w1 = 1, w2 in [0,1]; leximin picks (1,1).",
                    family: "nonunique", suite: suite, seed: seed, parameters: [:],
                    data: try Dataset(signedPoints: [[1, 0], [1, 1]])),
                try fixture(
                    id: "nonunique-zlex-permuted",
                    description: "Z_lex with coordinates permuted and signs flipped: the l1 optimum is a face.",
                    family: "nonunique", suite: suite, seed: seed, parameters: [:],
                    data: try Dataset(signedPoints: [[0, -1, 1], [1, -1, 1], [0, 0, 2]])),
            ]
        case "two-layer":
            return try (0..<2).map { i throws(OracleError) in
                let s = seed &+ UInt64(20 + i)
                let data = RandomDatasets.planted(n: 5 + i, d: 2, margin: 0.1, bits: 3, seed: s)
                return try fixture(
                    id: "two-layer-n\(5 + i)-seed\(s)",
                    description:
                        "Random 2-D data with the certified global max margin of two-layer leaky-ReLU nets (alpha = 0.1).",
                    family: "planted-2d", suite: suite, seed: s, parameters: ["n": "\(5 + i)", "d": "2"], data: data)
            }
        case "stress":
            return try StressSuite.fixtures(seed: seed)
        case "trajectories":
            return try trajectoryFixtures(seed: seed)
        default:
            throw .invalidSettings("Unknown suite '\(suite)'; the suites are \(suites.joined(separator: ", ")).")
        }
    }

    // MARK: - One fixture

    static func fixture(
        id: String, description: String, family: String, suite: String, seed: UInt64,
        parameters: [String: String], data: Dataset, withExpectations: Bool = true
    ) throws(OracleError) -> Fixture {
        var answers = Fixture.OracleAnswers()
        for norm in Norm.allCases {
            let s = try MaxMarginSolver.solve(data, norm: norm)
            let doc = SolutionDocument(s, data: data)
            guard let exactText = doc.certificate.marginExact else {
                throw .certificationFailed("the \(norm) optimum is not exact")
            }
            let unique = s.status == .separable ? try MaxMarginSolver.isUnique(data, norm: norm) : false
            let answer = Fixture.NormAnswer(
                separable: doc.separable, margin: doc.margin, marginExact: exactText,
                weights: doc.weights, unique: unique, support: doc.support, certificate: doc.certificate)
            switch norm {
            case .l1: answers.l1 = answer
            case .l2: answers.l2 = answer
            case .linf: answers.linf = answer
            }
        }
        if answers.l2?.separable == true {
            var lex: [String: Fixture.LexicographicAnswer] = [:]
            for norm in [Norm.l1, .linf] {
                let l = try LexicographicMaxMargin.solve(data, norm: norm)
                lex[norm.rawValue] = .init(
                    levels: l.levels.map(\.value), levelPoints: l.levels.map { $0.points.sorted() },
                    sortedMargins: l.sortedMargins, weights: l.weights)
            }
            answers.lexicographic = lex
            let e = try EnsembleOracle.linearPlusDiagonal(data)
            answers.ensemble = .init(
                deepMargin: e.deepMargin, deepSeparates: e.deepSeparates, predictor: e.predictor.map(\.doubleValue),
                predictorUnique: e.predictorUnique)
        }
        if data.dimension == 2, answers.l2?.separable == true {
            let t = try TwoLayerMaxMargin.solve(data, leak: 0.1)
            answers.twoLayer = .init(
                leak: 0.1, lower: t.lower, upper: t.upper, lowerExact: t.lowerExact,
                upperSquaredExact: t.upperSquaredExact)
        }
        let expected = withExpectations ? try expectations(data, answers, id: id) : ([], [])
        return Fixture(
            id: id, description: description,
            generator: .init(
                family: family, suite: suite, seed: seed, parameters: parameters,
                command: "margin-oracle generate --out DIR --suite \(suite) --seed \(seed)"),
            data: data, oracle: answers, expectations: expected.0, omitted: expected.1, trajectory: nil)
    }

    /// Step size scaled to the data: `0.1 / max_n ||z_n||_2`, NGD's step rule (``StepRule``, the one
    /// `train` uses); also GD's and Adam's, which are controls here.
    static func stepSize(_ data: Dataset) -> Double { StepRule.normalized(.l2, data) }

    /// The step of an update rule on `data`: the step rule (``StepRule``) for normalized sign descent
    /// (`0.1 / max_n ||z_n||_1`) and coordinate descent (`0.01 / max_n ||z_n||_inf`), which cycle at
    /// 10x those on some data; ``stepSize(_:)`` for the others.
    static func stepSize(_ rule: String, _ data: Dataset) -> Double {
        switch rule {
        case "sign": return StepRule.normalized(.linf, data)
        case "coordinate": return StepRule.normalized(.l1, data)
        default: return stepSize(data)
        }
    }

    /// Whether every example `(x, y)` has its mirror `(-x, -y)` (Lyu et al. 2021's symmetric data).
    static func isSymmetric(_ data: Dataset) -> Bool {
        var pairs: [[Double]: Int] = [:]
        for (x, y) in zip(data.points, data.labels) { pairs[x + [y], default: 0] += 1 }
        return pairs.allSatisfy { key, count in pairs[key.map { -$0 }] == count }
    }

    /// The expectations of a fixture (SPEC.md P5, P6, P7, P12, P15, P16, P18, P20), each measured and
    /// controlled by ``ExpectationBuilder``, and the candidates that could not be emitted.
    static func expectations(_ data: Dataset, _ a: Fixture.OracleAnswers, id: String) throws(OracleError) -> (
        [Fixture.Expectation], [Fixture.Omitted]
    ) {
        var candidates = linearCandidates(data, a)
        candidates += try twoLayerCandidates(data, a, id: id)
        var out: [Fixture.Expectation] = []
        var omitted: [Fixture.Omitted] = []
        for c in candidates {
            switch try ExpectationBuilder.build(c, data: data) {
            case .emitted(let e): out.append(e)
            case .omitted(let o): omitted.append(o)
            }
        }
        if a.twoLayer != nil && !isSymmetric(data) && id != "reference-D_frag" {
            omitted.append(
                .init(
                    id: "two-layer-global",
                    reason:
                        "the data are not symmetric: no theorem says gradient descent reaches the global two-layer optimum here (P20 shows it may not); oracle.two_layer is the certified optimum only"
                ))
        }
        return (out, omitted)
    }

    /// Sign or coordinate descent in place of the NGD phase of a two-layer protocol (no theorem
    /// gives their limit: recorded as controls only where they miss).
    static func secondPhase(_ p: TrainingProtocol) -> [ExpectationBuilder.ControlPlan] {
        ["sign", "coordinate"].map { rule in
            var phases = p.phases
            phases[phases.count - 1].optimizer = rule
            return .init(
                kind: "update rule",
                description: "\(rule) instead of ngd in the last phase (no theorem gives its limit on this model)",
                training: TrainingProtocol(
                    model: p.model, modelOptions: p.modelOptions, phases: phases, loss: p.loss,
                    initialization: p.initialization),
                differentLimit: false)
        }
    }

    typealias Candidate = ExpectationBuilder.Candidate
    typealias ControlPlan = ExpectationBuilder.ControlPlan

    /// Linear-in-x models: NGD, sign and coordinate descent on a linear model, NGD on deep linear,
    /// diagonal and ensemble models.
    static func linearCandidates(_ data: Dataset, _ a: Fixture.OracleAnswers) -> [Candidate] {
        guard let l2 = a.l2, l2.separable, let l1 = a.l1, let linf = a.linf else { return [] }
        let steps = 10_000
        // Small init (1e-3): the gap's init-dependent part ||w0|| / (eta t) ([D], P17) is then small
        // beside the intrinsic one, so the 20 seeds agree and a 10x shorter run stands out.
        let gaussian = TrainingProtocol.InitializationSpec("gaussian", scale: 1e-3, seed: 1)
        func linear(
            _ rule: String, model: String = "linear", options: [String: String] = [:],
            init spec: TrainingProtocol.InitializationSpec = gaussian
        )
            -> TrainingProtocol
        {
            TrainingProtocol(
                model: model, modelOptions: options, phases: [.init(rule, stepSize(rule, data), steps)],
                initialization: spec)
        }
        func controls(_ p: TrainingProtocol, rules: [String], limitNames: [String: String], shallow: Bool)
            -> [ControlPlan]
        {
            var out: [ControlPlan] = []
            for rule in rules {
                var q = p
                q = TrainingProtocol(
                    model: p.model, modelOptions: p.modelOptions, phases: [.init(rule, stepSize(rule, data), steps)],
                    loss: p.loss,
                    initialization: p.initialization)
                out.append(
                    .init(
                        kind: "update rule",
                        description: "\(rule) instead of \(p.optimizer)"
                            + (limitNames[rule].map { ": \($0)" }
                                ?? (rule == "gd" ? "" : " (no theorem gives its limit on this model)")),
                        training: q, differentLimit: p.model == "linear" && rule != "gd"))
            }
            if shallow {
                out.append(
                    .init(
                        kind: "shallow model",
                        description:
                            "a linear model trained the same way: drawn to the l2 optimum, not the deep part's l1 optimum",
                        training: linear(p.phases[0].optimizer), differentLimit: true))
            }
            out.append(
                .init(
                    kind: "fewer steps", description: "10x fewer steps (\(steps / 10))", training: p.shortened(by: 10),
                    differentLimit: false))
            out.append(
                .init(
                    kind: "smaller step", description: "a 10x smaller step", training: p.scalingSteps(by: 0.1),
                    differentLimit: false))
            return out
        }
        let toL2 = "drawn to the l2 optimum (Soudry et al.; GD only at rate 1/log t)"
        let toLinf = "drawn to the linf optimum (Gunasekar et al. 2018)"
        let toL1 = "drawn to the l1 optimum (Gunasekar et al. 2018)"
        let rate =
            "gap O(1/(eta t)) for normalized steepest descent on linear models (Ji & Telgarsky 2021; Tsilivis et al. 2024)"
        let deepRate =
            "not proven for NGD on this model (P12/P15/P16 are flow or conjectured results); measured, about 1/t"
        var out: [Candidate] = []
        let ngd = linear("ngd")
        out.append(
            Candidate(
                id: "ngd-linear-l2", property: "P5: NGD -> l2 max margin (Ji & Telgarsky 2021 [A])", training: ngd,
                quantity: "predictor_margin", norm: .l2, limit: l2.margin, limitExact: l2.marginExact,
                direction: l2.unique ? l2.weights : nil, rate: rate,
                controls: controls(
                    ngd, rules: ["gd", "sign", "coordinate", "adam"],
                    limitNames: [
                        "gd": "the same limit at rate 1/log t", "sign": toLinf, "coordinate": toL1, "adam": toLinf,
                    ],
                    shallow: false)))
        let sign = linear("sign")
        out.append(
            Candidate(
                id: "sign-linear-linf", property: "P6: sign descent -> linf max margin (Gunasekar et al. 2018 [A/R])",
                training: sign, quantity: "predictor_margin", norm: .linf, limit: linf.margin,
                limitExact: linf.marginExact, direction: linf.unique ? linf.weights : nil, rate: rate,
                controls: controls(
                    sign, rules: ["gd", "ngd", "coordinate"],
                    limitNames: ["gd": toL2, "ngd": toL2, "coordinate": toL1],
                    shallow: false)))
        let coordinate = linear("coordinate")
        out.append(
            Candidate(
                id: "coordinate-linear-l1",
                property: "P7: coordinate descent -> l1 max margin (Gunasekar et al. 2018 [A/R])", training: coordinate,
                quantity: "predictor_margin", norm: .l1, limit: l1.margin, limitExact: l1.marginExact,
                direction: l1.unique ? l1.weights : nil, rate: rate,
                controls: controls(
                    coordinate, rules: ["gd", "ngd", "sign", "adam"],
                    limitNames: ["gd": toL2, "ngd": toL2, "sign": toLinf, "adam": toLinf], shallow: false)))
        let deep = linear("ngd", model: "deep-linear", options: ["widths": "4,4"])
        out.append(
            Candidate(
                id: "ngd-deep-linear-l2",
                property: "P12: deep linear net's product -> l2 max margin (Ji & Telgarsky 2019 [V], GF; NGD measured)",
                training: deep, quantity: "predictor_margin", norm: .l2, limit: l2.margin, limitExact: l2.marginExact,
                direction: l2.unique ? l2.weights : nil, rate: deepRate,
                controls: controls(deep, rules: ["gd", "sign", "coordinate"], limitNames: [:], shallow: false)))
        let diagonal = linear(
            "ngd", model: "diagonal", options: ["depth": "2"], init: .init("abs-gaussian", scale: 1e-3, seed: 1))
        out.append(
            Candidate(
                id: "ngd-diagonal-l1",
                property: "P15: diagonal net's predictor -> l1 max margin (Gunasekar et al. 2018b [R], [D])",
                training: diagonal, quantity: "predictor_margin", norm: .l1, limit: l1.margin,
                limitExact: l1.marginExact, direction: l1.unique ? l1.weights : nil, rate: deepRate,
                controls: controls(diagonal, rules: ["gd", "sign", "coordinate"], limitNames: [:], shallow: true)))
        let ensemble = linear("ngd", model: "ensemble")
        out.append(
            Candidate(
                id: "ngd-ensemble-l1",
                property: "P16: ensemble's predictor -> the deep part's l1 max margin (C000.4 [A]; conjectured for GD)",
                training: ensemble, quantity: "predictor_margin", norm: .l1, limit: l1.margin,
                limitExact: l1.marginExact, direction: l1.unique ? l1.weights : nil, rate: deepRate,
                controls: controls(ensemble, rules: ["gd", "sign", "coordinate"], limitNames: [:], shallow: true)))
        return out
    }

    /// Two-layer leaky-ReLU nets (alpha = 0.1): on symmetric data the global optimum
    /// `(1 + alpha) gamma2* / 4` from small sign-balanced init (P18); on D_frag the certified global
    /// optimum from large init, with small init as the control (P20).
    static func twoLayerCandidates(_ data: Dataset, _ a: Fixture.OracleAnswers, id: String) throws(OracleError)
        -> [Candidate]
    {
        guard let l2 = a.l2, l2.separable else { return [] }
        let leak = 0.1
        let options = ["leak": "0.1"]
        if isSymmetric(data) {
            // (1 + alpha)^2 gamma2*^2 / 16, exact.
            let squared = Rational(121, 1600) * l2.certificate.lower
            let spec = TrainingProtocol.InitializationSpec("sign-balanced", scale: 1e-3, seed: 1)
            let p = TrainingProtocol(
                model: "two-layer", modelOptions: options.merging(["width": "10"]) { $1 },
                phases: [.init("gd", 0.1, 2000), .init("ngd", 0.05, 1000)], loss: "logistic-mean", initialization: spec)
            var positive = p
            positive.initialization.distribution = "positive-outputs"
            var gdOnly = p
            gdOnly = TrainingProtocol(
                model: p.model, modelOptions: p.modelOptions, phases: [.init("gd", 0.1, 3000)], loss: p.loss,
                initialization: spec)
            return [
                Candidate(
                    id: "two-layer-global",
                    property:
                        "P18: symmetric data, small sign-balanced init: two-layer leaky-ReLU nets reach the global max margin (1 + alpha) gamma2*/4 (Lyu et al. 2021 C003.1 [A], GF; closed form [D]; GD then NGD measured)",
                    training: p, quantity: "normalized_margin", norm: .l2, limit: squared.squareRootDouble,
                    limitExact: "sqrt(\(squared))", direction: nil,
                    rate: "not proven for GD then NGD (the theorem is for gradient flow); measured",
                    controls: [
                        .init(
                            kind: "initialization",
                            description:
                                "every output weight positive (2 x scale): no output sign can flip, the net gets stuck below the optimum (P21)",
                            training: positive, differentLimit: true),
                        .init(
                            kind: "update rule", description: "plain GD only (3000 steps): too slow", training: gdOnly,
                            differentLimit: false),
                    ] + secondPhase(p) + [
                        .init(
                            kind: "fewer steps", description: "NGD phase 10x shorter", training: p.shortened(by: 10),
                            differentLimit: false),
                        .init(
                            kind: "smaller step", description: "both phases' steps 10x smaller",
                            training: p.scalingSteps(by: 0.1), differentLimit: false),
                    ])
            ]
        }
        guard id == "reference-D_frag", let t = a.twoLayer else { return [] }
        _ = leak
        let large = TrainingProtocol(
            model: "two-layer", modelOptions: options.merging(["width": "20"]) { $1 },
            phases: [.init("gd", 0.1, 3000), .init("ngd", 0.05, 30_000)], loss: "logistic-mean",
            initialization: .init("gaussian", scale: 0.5, seed: 1))
        var small = large
        small.initialization.scale = 1e-4
        var positiveLarge = large
        positiveLarge.initialization.distribution = "positive-outputs"
        return [
            Candidate(
                id: "two-layer-global-large-init",
                property:
                    "P20: on D_frag large init (0.5) reaches the certified global optimum, small init (1e-4) does not (Lyu et al. 2021 C003.5 [A], qualitative; D_frag constructed here [M])",
                training: large, quantity: "normalized_margin", norm: .l2, limit: t.lower, limitExact: nil,
                direction: nil, rate: "none known; measured",
                controls: [
                    .init(
                        kind: "initialization",
                        description: "small init (1e-4): converges far below the global optimum (P20)", training: small,
                        differentLimit: true),
                    .init(
                        kind: "initialization",
                        description:
                            "every output weight positive (2 x scale; no theorem gives its limit here, P21 is about symmetric data)",
                        training: positiveLarge, differentLimit: false),
                    .init(
                        kind: "fewer steps", description: "NGD phase 10x shorter", training: large.shortened(by: 10),
                        differentLimit: false),
                ] + secondPhase(large) + [
                    .init(
                        kind: "smaller step", description: "both phases' steps 10x smaller",
                        training: large.scalingSteps(by: 0.1), differentLimit: false)
                ])
        ]
    }

    // MARK: - Trajectories

    /// The protocol's name of a trainer model (`deep-linear`, not its display name `deep-linear(3,4,4,1)`).
    static func protocolName(_ model: any Model) -> String {
        switch model {
        case is DeepLinearModel: return "deep-linear"
        case is DiagonalModel: return "diagonal"
        case is EnsembleModel: return "ensemble"
        case is TwoLayerLeakyReLU: return "two-layer"
        default: return "linear"
        }
    }

    static func trajectoryFixtures(seed: UInt64) throws(OracleError) -> [Fixture] {
        let d3 = try Dataset(signedPoints: [[2, 2, -1], [0, 3, 2], [-2, 3, 3], [1, 2, 1]])
        let runs: [(String, any Model, Optimizer, String, [String: String])] = [
            ("gd-linear", LinearModel(inputDimension: 3), .gd(0.1), "gd", [:]),
            ("ngd-linear", LinearModel(inputDimension: 3), .ngd(0.1), "ngd", [:]),
            ("sign-linear", LinearModel(inputDimension: 3), .signDescent(0.1), "sign", [:]),
            ("coordinate-linear", LinearModel(inputDimension: 3), .coordinateDescent(0.1), "coordinate", [:]),
            ("ngd-deep-linear", DeepLinearModel(widths: [3, 4, 4, 1]), .ngd(0.05), "ngd", ["widths": "4,4"]),
            ("ngd-ensemble", EnsembleModel.linearPlusDiagonal(inputDimension: 3), .ngd(0.05), "ngd", [:]),
        ]
        var out: [Fixture] = []
        for (i, (name, model, optimizer, optimizerName, options)) in runs.enumerated() {
            var f = try fixture(
                id: "trajectory-\(name)-d3-seed\(seed)",
                description:
                    "Reference trajectory of our trainer on D3 (\(model.name), \(optimizerName)): checkpoints at steps 0, 1, 2, 5, ..., 1000.",
                family: "trajectory", suite: "trajectories", seed: seed, parameters: ["run": name], data: d3,
                withExpectations: false)
            let problem = TrainingProblem(model: model, data: d3, loss: Loss(.logistic))
            let initial = Initialization.gaussian(scale: 0.1).parameters(for: model, seed: seed &+ UInt64(i))
            let reference = try MaxMarginSolver.solve(d3, norm: optimizer.geometry).weights
            let run = Training.run(
                problem, optimizer: optimizer, steps: 1000, initial: initial, observer: Observer(reference: reference))
            let eta: Double
            switch optimizer {
            case .steepest(_, _, let s): eta = s.rate(at: 0)
            default: eta = 0
            }
            f.trajectory = .init(
                model: protocolName(model), modelOptions: options, optimizer: optimizerName, stepSize: eta,
                loss: "logistic-sum",
                initialParameters: initial, steps: 1000, checkpoints: run.checkpoints)
            out.append(f)
        }
        return out
    }
}
