import ArgumentParser
import Foundation
import Oracle
import Trainer

/// `margin-oracle train DATA --model ... --optimizer ... --steps N [--seed S]`
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a model on a data set and compare the trajectory with the oracle's limit.",
        discussion: """
            Writes one checkpoint per line (JSON lines, or CSV with --format csv) on a log-spaced \
            schedule (steps 0, 1, 2, 5, 10, 20, 50, ...), then a closing summary against the oracle's \
            answer for the norm the update rule is drawn to (the last JSON line, or stderr with CSV). \
            A progress bar is drawn on stderr when it is a terminal. Deterministic: the same command \
            and seed give the same bytes.
            """)

    @Argument(help: "The data set (JSON, CSV, NumPy .npz with X and y, or .npy with --labels).") var data: String
    @Option(help: "With a .npy data file: the .npy file of the labels.") var labels: String?

    enum ModelKind: String, ExpressibleByArgument, CaseIterable {
        case linear
        case deepLinear = "deep-linear"
        case diagonal
        case twoLayer = "two-layer"
        case ensemble
    }
    enum OptimizerKind: String, ExpressibleByArgument, CaseIterable {
        case gd, ngd
        case lossScaled = "loss-scaled"
        case sign, coordinate, adam
    }
    enum InitKind: String, ExpressibleByArgument, CaseIterable {
        case gaussian
        case absGaussian = "abs-gaussian"
        case signBalanced = "sign-balanced"
        case positiveOutputs = "positive-outputs"
        case zeros
    }
    enum Format: String, ExpressibleByArgument { case jsonl, csv }

    @Option(help: "linear, deep-linear, diagonal, two-layer, or ensemble (linear + depth-2 diagonal).") var model:
        ModelKind = .linear
    @Option(help: "Hidden widths of a deep linear net, comma separated (the net is d -> widths -> 1).") var widths:
        String = "4,4"
    @Option(help: "Depth D of a diagonal net (beta = u^D - v^D).") var depth: Int = 2
    @Option(help: "Width of a two-layer net.") var width: Int = 10
    @Option(help: "Leak alpha of a two-layer net's activation, in [0, 1].") var leak: Double = 0.1
    @Option(help: "gd, ngd, loss-scaled, sign, coordinate, or adam.") var optimizer: OptimizerKind = .ngd
    @Flag(
        help:
            "Unnormalized sign / coordinate descent (theta -= eta ||g||_* Delta(g)); the default is the normalized form."
    ) var unnormalized = false
    @Option(
        help: """
            Step size eta (eta0 for schedules and loss-scaled GD). Default: the step rule (README, \
            StepRule) for gd, ngd and normalized sign / coordinate descent; 0.1 otherwise.
            """) var lr: Double? = nil
    @Flag(help: "Use eta0 / sqrt(t + 1) instead of a constant step.") var inverseSqrt = false
    @Option(help: "Adam's beta1.") var beta1: Double = 0.9
    @Option(help: "Adam's beta2.") var beta2: Double = 0.999
    @Option(help: "Adam's epsilon.") var epsilon: Double = 0
    @Option(help: "logistic or exponential.") var loss: Loss.Kind = .logistic
    @Option(help: "sum or mean over the samples.") var reduction: Loss.Reduction = .sum
    @Option(help: "gaussian, abs-gaussian, sign-balanced, positive-outputs, or zeros.") var initialization: InitKind =
        .gaussian
    @Option(help: "Scale of the initialization.") var initScale: Double = 0.1
    @Option(help: "Number of updates.") var steps: Int = 1000
    @Option(help: "Seed of the initialization.") var seed: UInt64 = 1
    @Flag(help: "Also compute the l2 KKT residual at every checkpoint (homogeneous models).") var kkt = false
    @Option(help: "jsonl or csv.") var format: Format = .jsonl

    func validate() throws {
        guard steps >= 0, steps <= 100_000_000 else { throw ValidationError("--steps must be in 0...100000000.") }
        if let lr, !(lr.isFinite && lr > 0) { throw ValidationError("--lr must be a positive number.") }
        guard initScale.isFinite, initScale >= 0 else {
            throw ValidationError("--init-scale must be a nonnegative number.")
        }
        guard depth >= 1, depth <= 16 else { throw ValidationError("--depth must be in 1...16.") }
        guard width >= 1, width <= 100_000 else { throw ValidationError("--width must be in 1...100000.") }
        guard leak >= 0, leak <= 1 else { throw ValidationError("--leak must be in [0, 1].") }
        guard parsedWidths != nil else {
            throw ValidationError("--widths must be positive integers separated by commas, e.g. 4,4.")
        }
        guard (0...1).contains(beta1), (0...1).contains(beta2), epsilon >= 0 else {
            throw ValidationError("Adam needs beta1, beta2 in [0, 1] and epsilon >= 0.")
        }
    }

    var parsedWidths: [Int]? { DeepLinearModel.hiddenWidths(parsing: widths) }

    func buildModel(_ d: Int) -> any Model {
        switch model {
        case .linear: return LinearModel(inputDimension: d)
        case .deepLinear: return DeepLinearModel(widths: [d] + parsedWidths! + [1])
        case .diagonal: return DiagonalModel(inputDimension: d, depth: depth)
        case .twoLayer: return TwoLayerLeakyReLU(inputDimension: d, width: width, leak: leak)
        case .ensemble: return EnsembleModel.linearPlusDiagonal(inputDimension: d)
        }
    }

    /// `--lr`, or the step rule's step on `data` where one is stated (``StepRule``): normalized
    /// steepest descent `c / max_n ||z_n||_*`, GD `4 / sum_n ||z_n||^2` (times n for the mean); else 0.1.
    func stepSize(_ data: Dataset) -> (eta: Double, rule: String?) {
        if let lr { return (lr, nil) }
        let eta: Double
        switch optimizer {
        case .gd: eta = StepRule.gradientDescent(data, reduction: reduction)
        case .ngd: eta = StepRule.normalized(.l2, data)
        case .sign where !unnormalized: eta = StepRule.normalized(.linf, data)
        case .coordinate where !unnormalized: eta = StepRule.normalized(.l1, data)
        default: return (0.1, nil)
        }
        guard eta > 0, eta.isFinite else { return (0.1, nil) }
        let rule =
            optimizer == .gd
            ? "4 / sum_n ||z_n||^2\(reduction == .mean ? " x n" : "")"
            : "c / max_n ||z_n||_* with c = \(optimizer == .coordinate ? "0.01" : "0.1")"
        return (eta, rule)
    }

    func builtOptimizer(_ data: Dataset) -> Optimizer {
        let lr = stepSize(data).eta
        let schedule: StepSchedule = inverseSqrt ? .inverseSqrt(lr) : .constant(lr)
        switch optimizer {
        case .gd: return .steepest(.l2, normalized: false, schedule)
        case .ngd: return .steepest(.l2, normalized: true, schedule)
        case .lossScaled: return .lossScaled(eta0: lr)
        case .sign: return .steepest(.linf, normalized: !unnormalized, schedule)
        case .coordinate: return .steepest(.l1, normalized: !unnormalized, schedule)
        case .adam: return .adam(schedule, beta1: beta1, beta2: beta2, epsilon: epsilon)
        }
    }

    var builtInitialization: Initialization {
        switch initialization {
        case .gaussian: return .gaussian(scale: initScale)
        case .absGaussian: return .absoluteGaussian(scale: initScale)
        case .signBalanced: return .signBalanced(scale: initScale)
        case .positiveOutputs: return .positiveOutputs(scale: initScale)
        case .zeros: return .zeros
        }
    }

    func run() throws {
        do {
            let dataset = try DatasetLoader.load(path: data, labels: labels)
            let m = buildModel(dataset.dimension)
            let problem = TrainingProblem(model: m, data: dataset, loss: Loss(loss, reduction: reduction))
            let builtOptimizer = builtOptimizer(dataset)
            let step = stepSize(dataset)
            if let rule = step.rule {
                printError("step size \(step.eta) from the step rule \(rule) (--lr to override)")
            }
            let expectation = try OracleExpectation.make(
                model: model, optimizer: builtOptimizer, data: dataset, leak: leak, depth: depth)
            let observer = Observer(
                reference: expectation?.direction, kktTolerance: kkt ? KKTSets.defaultTolerance : nil)
            let bar = ProgressBar(total: steps)
            let trajectory = Training.run(
                problem, optimizer: builtOptimizer, steps: steps,
                initial: builtInitialization.parameters(for: m, seed: seed),
                observer: observer, progress: { bar.update($0) })
            bar.finish()
            var summary = TrainingSummary(
                model: m.name, optimizer: optimizer.rawValue, steps: trajectory.steps,
                seed: seed, expectation: expectation, last: trajectory.checkpoints.last,
                stoppedEarly: trajectory.stoppedEarly, stalled: trajectory.stalled, halfway: trajectory.halfway)
            (summary.stepSize, summary.stepRule) = step
            switch format {
            case .jsonl:
                writeOutRaw(Data(try TrajectoryExport.jsonLines(trajectory).utf8))
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                // Non-finite values (a zero start, a diverged run) are written as the strings the
                // checkpoints use, never a Swift encoding error.
                encoder.nonConformingFloatEncodingStrategy = .convertToString(
                    positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
                writeOut(try encoder.encode(["summary": summary]))
            case .csv:
                writeOutRaw(Data(TrajectoryExport.csv(trajectory).utf8))
                let encoder = JSONCoding.encoder()
                encoder.nonConformingFloatEncodingStrategy = .convertToString(
                    positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
                FileHandle.standardError.write(try encoder.encode(["summary": summary]) + Data("\n".utf8))
            }
            if let why = summary.stalled { printError("stalled: \(why)") }
            if let why = trajectory.stoppedEarly {
                printError(why)
                throw Exit.negative
            }
        } catch let error as OracleError {
            throw fail(error)
        }
    }
}

/// A one-line progress bar on stderr, drawn only when stderr is a terminal.
final class ProgressBar {
    let total: Int
    let enabled = isatty(STDERR_FILENO) != 0

    init(total: Int) { self.total = total }

    func update(_ step: Int) {
        guard enabled, total > 0 else { return }
        let fraction = Double(step) / Double(total)
        let filled = Int(fraction * 30)
        let bar = String(repeating: "=", count: filled) + String(repeating: " ", count: 30 - filled)
        FileHandle.standardError.write(Data("\r[\(bar)] \(Int(fraction * 100))% step \(step)/\(total)".utf8))
    }

    func finish() {
        guard enabled, total > 0 else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
