import Foundation
import Oracle
import Trainer

/// A complete training protocol, as a fixture states it for an expectation or a negative control:
/// the model and its options, the initialization, every phase of the step schedule, and the loss.
/// An implementation that follows it exactly starts from the same parameters and takes the same
/// steps as our trainer.
///
/// JSON keys (flat, inside the expectation or control object): `model`, `model_options`,
/// `optimizer` (the phases' rules joined by `-then-`), `step_size` (the last phase's), `steps` (the
/// total), `loss`, `phases`, `initialization`.
public struct TrainingProtocol: Codable, Sendable, Equatable {
    /// `linear`, `deep-linear`, `diagonal`, `ensemble`, `two-layer`.
    public var model: String
    /// `widths` (deep-linear, e.g. `"4,4"`), `depth` (diagonal), `width` and `leak` (two-layer).
    public var modelOptions: [String: String]
    public var optimizer: String
    public var stepSize: Double
    public var steps: Int
    /// `logistic-sum` or `logistic-mean`.
    public var loss: String
    public var phases: [Phase]
    public var initialization: InitializationSpec

    /// One phase of the schedule: `steps` updates of one rule with a constant step.
    public struct Phase: Codable, Sendable, Equatable {
        /// `gd`, `ngd`, `sign`, `coordinate` (normalized: `theta_i -= step sign(g_i)` on the
        /// smallest index among the largest `|g_i|`), `adam`.
        public var optimizer: String
        public var stepSize: Double
        public var steps: Int
        /// Adam's `beta1`, `beta2`, `epsilon` (bias-corrected, Kingma & Ba); absent otherwise.
        public var optimizerOptions: [String: Double]?

        public init(_ optimizer: String, _ stepSize: Double, _ steps: Int) {
            self.optimizer = optimizer
            self.stepSize = stepSize
            self.steps = steps
            self.optimizerOptions = optimizer == "adam" ? ["beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8] : nil
        }

        enum CodingKeys: String, CodingKey {
            case optimizer, steps
            case stepSize = "step_size"
            case optimizerOptions = "optimizer_options"
        }
    }

    /// How the initial parameters are drawn: SplitMix64 seeded with `seed`, standard normals by
    /// Box-Muller (two per pair of uniforms), scaled by `scale`, in the flat parameter layout.
    public struct InitializationSpec: Codable, Sendable, Equatable {
        /// `gaussian` (`scale N(0,1)`), `abs-gaussian` (`scale |N(0,1)|`), `sign-balanced`
        /// (two-layer: hidden `scale N(0,1)`, output `+-scale` alternating), `positive-outputs`
        /// (two-layer: hidden `scale N(0,1)`, every output `2 scale`).
        public var distribution: String
        public var scale: Double
        public var seed: UInt64

        public init(_ distribution: String, scale: Double, seed: UInt64) {
            self.distribution = distribution
            self.scale = scale
            self.seed = seed
        }
    }

    enum CodingKeys: String, CodingKey {
        case model, optimizer, steps, loss, phases, initialization
        case modelOptions = "model_options"
        case stepSize = "step_size"
    }

    public init(
        model: String, modelOptions: [String: String] = [:], phases: [Phase], loss: String = "logistic-sum",
        initialization: InitializationSpec
    ) {
        self.model = model
        self.modelOptions = modelOptions
        self.phases = phases
        self.loss = loss
        self.initialization = initialization
        self.optimizer = phases.map(\.optimizer).joined(separator: "-then-")
        self.stepSize = phases.last?.stepSize ?? 0
        self.steps = phases.reduce(0) { $0 + $1.steps }
    }

    /// The same protocol with another initial seed.
    public func seeded(_ seed: UInt64) -> TrainingProtocol {
        var p = self
        p.initialization.seed = seed
        return p
    }

    /// Every phase's step multiplied by `factor` (a control: a smaller step).
    public func scalingSteps(by factor: Double) -> TrainingProtocol {
        TrainingProtocol(
            model: model, modelOptions: modelOptions,
            phases: phases.map {
                var q = $0
                q.stepSize *= factor
                return q
            }, loss: loss, initialization: initialization)
    }

    /// The last phase shortened to `1/divisor` of its steps (a control: stopping early).
    public func shortened(by divisor: Int) -> TrainingProtocol {
        var ph = phases
        if let last = ph.indices.last { ph[last].steps = max(1, ph[last].steps / divisor) }
        return TrainingProtocol(
            model: model, modelOptions: modelOptions, phases: ph, loss: loss, initialization: initialization)
    }

    // MARK: - Running it with our trainer

    /// The trainer model the protocol names, on inputs of dimension `d`.
    public func makeModel(dimension d: Int) throws(OracleError) -> any Model {
        switch model {
        case "linear": return LinearModel(inputDimension: d)
        case "deep-linear":
            let widths = DeepLinearModel.hiddenWidths(parsing: modelOptions["widths"] ?? "") ?? []
            guard !widths.isEmpty, widths.allSatisfy({ (1...1024).contains($0) }) else {
                throw .invalidSettings("deep-linear model_options.widths must be a list of widths such as \"4,4\".")
            }
            return DeepLinearModel(widths: [d] + widths + [1])
        case "diagonal":
            let depth = Int(modelOptions["depth"] ?? "2") ?? 0
            guard (1...16).contains(depth) else { throw .invalidSettings("diagonal depth must be in 1...16.") }
            return DiagonalModel(inputDimension: d, depth: depth)
        case "ensemble": return EnsembleModel.linearPlusDiagonal(inputDimension: d)
        case "two-layer":
            let width = Int(modelOptions["width"] ?? "") ?? 0
            let leak = Double(modelOptions["leak"] ?? "") ?? -1
            guard (1...4096).contains(width), (0...1).contains(leak) else {
                throw .invalidSettings("two-layer model_options need width in 1...4096 and leak in [0, 1].")
            }
            return TwoLayerLeakyReLU(inputDimension: d, width: width, leak: leak)
        default: throw .invalidSettings("Unknown model '\(model)'.")
        }
    }

    /// The initial parameters the protocol prescribes for `model`.
    public func initialParameters(for model: any Model) throws(OracleError) -> [Double] {
        let s = initialization.scale
        let rule: Initialization
        switch initialization.distribution {
        case "gaussian": rule = .gaussian(scale: s)
        case "abs-gaussian": rule = .absoluteGaussian(scale: s)
        case "sign-balanced": rule = .signBalanced(scale: s)
        case "positive-outputs": rule = .positiveOutputs(scale: s)
        default: throw .invalidSettings("Unknown initialization '\(initialization.distribution)'.")
        }
        return rule.parameters(for: model, seed: initialization.seed)
    }

    /// The trainer's update rule for a phase.
    static func optimizer(_ phase: Phase) throws(OracleError) -> Optimizer {
        switch phase.optimizer {
        case "gd": return .gd(phase.stepSize)
        case "ngd": return .ngd(phase.stepSize)
        case "sign": return .signDescent(phase.stepSize)
        case "coordinate": return .coordinateDescent(phase.stepSize)
        case "adam":
            let o = phase.optimizerOptions ?? [:]
            return .adam(
                .constant(phase.stepSize), beta1: o["beta1"] ?? 0.9, beta2: o["beta2"] ?? 0.999,
                epsilon: o["epsilon"] ?? 1e-8)
        default: throw .invalidSettings("Unknown update rule '\(phase.optimizer)'.")
        }
    }

    /// The trainer's loss.
    func trainerLoss() throws(OracleError) -> Loss {
        switch loss {
        case "logistic-sum": return Loss(.logistic)
        case "logistic-mean": return Loss(.logistic, reduction: .mean)
        default: throw .invalidSettings("Unknown loss '\(loss)'.")
        }
    }

    /// Trains with our trainer as the protocol says; returns the model and the final parameters
    /// (or why the run stopped early). `gradient` replaces the trainer's log-domain gradient (the
    /// stress suite's naive implementation).
    /// `perturbation` multiplies the initial parameters by `1 - eps, 1, 1 + eps, 1 - eps, ...`: a
    /// change far below any implementation's rounding differences, to expose chaotic runs.
    public func run(
        on data: Dataset, gradient: ((TrainingProblem) -> ([Double]) -> GradientInfo)? = nil, perturbation: Double = 0
    ) throws(OracleError) -> (model: any Model, parameters: [Double], stoppedEarly: String?) {
        let m = try makeModel(dimension: data.dimension)
        let problem = TrainingProblem(model: m, data: data, loss: try trainerLoss())
        var theta = try initialParameters(for: m)
        if perturbation != 0 {
            for i in theta.indices { theta[i] *= 1 + perturbation * Double(i % 3 - 1) }
        }
        for phase in phases {
            let run = Training.run(
                problem, optimizer: try Self.optimizer(phase), steps: phase.steps, initial: theta,
                checkpoints: [], gradient: gradient.map { $0(problem) })
            theta = run.finalParameters
            if let why = run.stoppedEarly { return (m, theta, why) }
        }
        return (m, theta, nil)
    }
}
