import Oracle

/// A model `f(theta; x)` with a flat parameter vector and a hand-written gradient.
///
/// The training-relevant gradient is a vector-Jacobian product: for per-sample coefficients
/// `c_n`, ``pullback(_:_:_:)`` returns `sum_n c_n grad_theta f(theta; x_n)`. With
/// `c_n = l'(q_n) y_n` it is the gradient of the loss; with `c = e_n` the gradient of one output.
///
/// **Mathematical properties**
/// - If ``homogeneityDegree`` is `L`, then `f(c theta; x) = c^L f(theta; x)` for `c > 0`, and
///   Euler's identity `<theta, grad f(theta; x)> = L f(theta; x)` holds for the returned gradient
///   (Lyu & Li eq. (6) [V]); tests check it to 1e-12.
public protocol Model: Sendable {
    /// Number of parameters.
    var parameterCount: Int { get }
    /// Input dimension `d`.
    var inputDimension: Int { get }
    /// `L` for a homogeneous model, `nil` for a non-homogeneous one (ensembles of mixed degrees).
    var homogeneityDegree: Int? { get }
    /// A short name for reports (`linear`, `deep-linear(3,4,4,1)`, ...).
    var name: String { get }
    /// `f(theta; x_n)` for every row of `x`.
    func forward(_ theta: [Double], _ x: [[Double]]) -> [Double]
    /// `sum_n c_n grad_theta f(theta; x_n)`.
    func pullback(_ theta: [Double], _ x: [[Double]], _ c: [Double]) -> [Double]
    /// The linear predictor `beta` with `f(theta; x) = beta . x`, for models that are linear in `x`
    /// (linear, deep linear, diagonal, their ensembles); `nil` otherwise.
    func linearPredictor(_ theta: [Double]) -> [Double]?
    /// Parameter blocks (name and index range): layers, sub-models.
    var blocks: [(name: String, range: Range<Int>)] { get }
    /// In place: `out[n] = f(theta; x_n)` (`out` has one entry per row). `scratch` is working
    /// memory the model sizes on first use and reuses afterwards (``ModelScratch``), so the
    /// training loop allocates nothing per step. Same values, bit for bit, as ``forward(_:_:)``.
    func forward(_ theta: [Double], _ x: [[Double]], into out: inout [Double], scratch: inout ModelScratch)
    /// In place: `g = sum_n c_n grad_theta f(theta; x_n)` (`g` has ``parameterCount`` entries).
    /// Same values, bit for bit, as ``pullback(_:_:_:)``.
    func pullback(
        _ theta: [Double], _ x: [[Double]], _ c: [Double], into g: inout [Double], scratch: inout ModelScratch)
}

/// Working memory of a model's in-place forward and pullback: sized on first use, reused after.
/// Composite models (ensembles) keep one child per part and their parts' parameter copies.
public struct ModelScratch: Sendable {
    public var values: [Double] = []
    public var children: [ModelScratch] = []
    public var buffers: [[Double]] = []
    public init() {}
}

extension Model {
    /// Default: the allocating version, copied (models without a hand-written in-place path).
    public func forward(_ theta: [Double], _ x: [[Double]], into out: inout [Double], scratch: inout ModelScratch) {
        out = forward(theta, x)
    }

    /// Default: the allocating version, copied.
    public func pullback(
        _ theta: [Double], _ x: [[Double]], _ c: [Double], into g: inout [Double], scratch: inout ModelScratch
    ) {
        g = pullback(theta, x, c)
    }

    /// The allocating forward of the models whose in-place version is the implementation.
    func forwardAllocating(_ theta: [Double], _ x: [[Double]]) -> [Double] {
        var out = [Double](repeating: 0, count: x.count)
        var scratch = ModelScratch()
        forward(theta, x, into: &out, scratch: &scratch)
        return out
    }

    /// The allocating pullback of the models whose in-place version is the implementation.
    func pullbackAllocating(_ theta: [Double], _ x: [[Double]], _ c: [Double]) -> [Double] {
        var g = [Double](repeating: 0, count: parameterCount)
        var scratch = ModelScratch()
        pullback(theta, x, c, into: &g, scratch: &scratch)
        return g
    }
}

/// `sum_n c_n x_n`.
func weightedSum(_ x: [[Double]], _ c: [Double], dimension d: Int) -> [Double] {
    var s = [Double](repeating: 0, count: d)
    s.withUnsafeMutableBufferPointer { weightedSum(x, c, into: $0) }
    return s
}

/// `out = sum_n c_n x_n` into a buffer of the rows' dimension (overwritten).
func weightedSum(_ x: [[Double]], _ c: [Double], into s: UnsafeMutableBufferPointer<Double>) {
    for j in s.indices { s[j] = 0 }
    for n in x.indices where c[n] != 0 {
        let w = c[n]
        x[n].withUnsafeBufferPointer { row in
            for j in s.indices { s[j] += w * row[j] }
        }
    }
}

func dot(_ a: [Double], _ b: [Double]) -> Double {
    var s = 0.0
    for i in a.indices { s += a[i] * b[i] }
    return s
}
