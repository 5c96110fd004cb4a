import Foundation
import Oracle
import Trainer

/// Builds the fixture suites. Everything is a function of the suite name and the seed, computed with
/// our own RNG and deterministic arithmetic, so the same command writes the same bytes.
public enum FixtureGenerator {
    public static let suites = ["reference", "random", "symmetric", "nonunique", "two-layer", "trajectories"]

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
        case "trajectories":
            return try trajectoryFixtures(seed: seed)
        default:
            throw .invalidSettings("Unknown suite '\(suite)'; the suites are \(suites.joined(separator: ", ")).")
        }
    }

    // MARK: - One fixture

    static func fixture(
        id: String, description: String, family: String, suite: String, seed: UInt64,
        parameters: [String: String], data: Dataset
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
        return Fixture(
            id: id, description: description,
            generator: .init(
                family: family, suite: suite, seed: seed, parameters: parameters,
                command: "margin-oracle generate --out DIR --suite \(suite) --seed \(seed)"),
            data: data, oracle: answers, expectations: expectations(data, answers), trajectory: nil)
    }

    /// Step size scaled to the data: `0.1 / max_n ||z_n||_2`.
    static func stepSize(_ data: Dataset) -> Double {
        0.1 / data.signedPoints.map { Norm.l2.value($0) }.max()!
    }

    /// The limits other implementations should reach (SPEC.md P5, P6, P7, P12, P15, P16, P18).
    /// Tolerances, relative to the limit, after 1e4 normalized steps: 1% for NGD / sign descent on
    /// linear and deep linear models (our worst NGD gap over 200 random data sets: 0.29%,
    /// Tests/PropertyTests/README.md), 3% for coordinate descent (one coordinate per step) and for
    /// the degree-2 diagonal and ensemble models (slower; 2.9% on D1 measured). A negative control
    /// is recorded only where it is distinguishable: its cross-margin is more than 3 tolerances below
    /// the limit (on many data sets the optima of different norms coincide, e.g. on B).
    static func expectations(_ data: Dataset, _ a: Fixture.OracleAnswers) -> [Fixture.Expectation] {
        guard let l2 = a.l2, l2.separable, let l1 = a.l1, let linf = a.linf else { return [] }
        let eta = stepSize(data)
        let z = data.signedPoints
        func cross(_ w: [Double], _ norm: Norm) -> Double {
            z.map { zip($0, w).reduce(0) { $0 + $1.0 * $1.1 } }.min()! / norm.value(w)
        }
        var out: [Fixture.Expectation] = []
        func add(
            _ id: String, _ property: String, model: String, options: [String: String] = [:], optimizer: String,
            quantity: String = "predictor_margin",
            norm: Norm, answer: Fixture.NormAnswer, relativeTolerance: Double = 1e-2,
            control: (String, [Double], String)?
        ) {
            let tolerance = relativeTolerance * answer.margin
            let negative = control.map {
                Fixture.NegativeControl(optimizer: $0.0, value: cross($0.1, norm), description: $0.2)
            }
            .flatMap { answer.margin - $0.value > 3 * tolerance ? $0 : nil }
            out.append(
                .init(
                    id: id, property: property, model: model, modelOptions: options, optimizer: optimizer,
                    stepSize: eta, steps: 10_000,
                    loss: "logistic-sum", quantity: quantity, norm: norm.rawValue, limit: answer.margin,
                    limitExact: answer.marginExact,
                    tolerance: tolerance, direction: answer.unique ? answer.weights : nil, negativeControl: negative))
        }
        add(
            "ngd-linear-l2", "P5: NGD -> l2 max margin (Ji & Telgarsky 2021 [A])", model: "linear", optimizer: "ngd",
            norm: .l2, answer: l2,
            control: ("sign", linf.weights, "sign descent converges to the linf optimum, whose l2 margin is this"))
        add(
            "sign-linear-linf", "P6: sign descent -> linf max margin (Gunasekar et al. 2018 [A/R])", model: "linear",
            optimizer: "sign", norm: .linf, answer: linf,
            control: ("ngd", l2.weights, "NGD converges to the l2 optimum, whose linf margin is this"))
        add(
            "coordinate-linear-l1", "P7: coordinate descent -> l1 max margin (Gunasekar et al. 2018 [A/R])",
            model: "linear", optimizer: "coordinate", norm: .l1, answer: l1, relativeTolerance: 3e-2,
            control: ("ngd", l2.weights, "NGD converges to the l2 optimum, whose l1 margin is this"))
        add(
            "ngd-deep-linear-l2", "P12: deep linear net's product -> l2 max margin (Ji & Telgarsky 2019 [V])",
            model: "deep-linear", options: ["widths": "4,4"], optimizer: "ngd", norm: .l2, answer: l2,
            control: nil)  // sign descent on the layers is not drawn to the linf predictor (measured): no control
        add(
            "ngd-diagonal-l1", "P15: diagonal net's predictor -> l1 max margin (Gunasekar et al. 2018b [R], [D])",
            model: "diagonal", options: ["depth": "2"], optimizer: "ngd", norm: .l1, answer: l1,
            relativeTolerance: 3e-2,
            control: (
                "ngd on a linear model", l2.weights,
                "a linear model trained the same way reaches the l2 optimum, whose l1 margin is this"
            ))
        add(
            "ngd-ensemble-l1",
            "P16: ensemble's predictor -> the deep part's l1 max margin (C000.4 [A]; conjectured for GD)",
            model: "ensemble", optimizer: "ngd", norm: .l1, answer: l1, relativeTolerance: 3e-2,
            control: ("ngd on a linear model", l2.weights, "without the deep part the l2 optimum is reached"))
        if let t = a.twoLayer {
            out.append(
                .init(
                    id: "two-layer-global",
                    property:
                        "P18/P20: two-layer leaky-ReLU nets; global optimum certified (symmetric data: reached from small init, Lyu et al. 2021 [A])",
                    model: "two-layer", modelOptions: ["width": "20", "leak": "0.1"], optimizer: "gd-then-ngd",
                    stepSize: eta, steps: 10_000, loss: "logistic-mean",
                    quantity: "normalized_margin", norm: "l2", limit: t.lower, limitExact: nil,
                    tolerance: 5e-2 * t.lower, direction: nil, negativeControl: nil))
        }
        return out
    }

    // MARK: - Trajectories

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
                family: "trajectory", suite: "trajectories", seed: seed, parameters: ["run": name], data: d3)
            f.expectations = []
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
                model: model.name, modelOptions: options, optimizer: optimizerName, stepSize: eta, loss: "logistic-sum",
                initialParameters: initial, steps: 1000, checkpoints: run.checkpoints)
            out.append(f)
        }
        return out
    }
}
