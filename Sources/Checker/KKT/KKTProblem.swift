import Exact
import Foundation
import StrictJSON

/// What `margin-oracle kkt` is asked about: a trained homogeneous model, described by what its
/// KKT conditions need and nothing else (README "kkt"; SPEC.md 7.6).
///
/// - `parameters`: `theta`, length `P`;
/// - `margins`: `q_n = y_n f(theta; x_n)`, length `n`;
/// - `margin_gradients`: the `n x P` matrix whose row `n` is `grad_theta q_n(theta)` (a Clarke
///   element where `q_n` is not differentiable, e.g. a ReLU at 0);
/// - `order`: `L > 0`, the homogeneity degree (`q_n(c theta) = c^L q_n(theta)`; depth for bias-free
///   ReLU nets).
///
/// Every number is read exactly as the double it is; the KKT certificate treats them as exact
/// rationals. The model is never evaluated: the document proves a statement about these numbers.
public struct KKTProblem: Sendable, Equatable, Codable {
    public var parameters: [Double]
    public var margins: [Double]
    /// Row `n` is the gradient of `q_n` (n rows of P entries).
    public var marginGradients: [[Double]]
    public var order: Double

    enum CodingKeys: String, CodingKey {
        case parameters, margins, order
        case marginGradients = "margin_gradients"
    }

    /// Validates the shapes and values (``problem``) and throws ``OracleError/invalidDataset(_:)``
    /// with the located message.
    public init(parameters: [Double], margins: [Double], marginGradients: [[Double]], order: Double)
        throws(OracleError)
    {
        self.parameters = parameters
        self.margins = margins
        self.marginGradients = marginGradients
        self.order = order
        if let why = problem { throw .invalidDataset(why) }
    }

    /// Decodes without validation; ``problem`` says what is wrong. (Validation belongs to the
    /// loader and to `verify`, which report it with the file's name.)
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        parameters = try c.decode([Double].self, forKey: .parameters)
        margins = try c.decode([Double].self, forKey: .margins)
        marginGradients = try c.decode([[Double]].self, forKey: .marginGradients)
        order = try c.decode(Double.self, forKey: .order)
    }

    public var pointCount: Int { margins.count }
    public var parameterCount: Int { parameters.count }

    /// Why these arrays cannot be a KKT question, naming the array and the index at fault, or `nil`.
    public var problem: String? {
        let p = parameters.count
        let n = margins.count
        guard p >= 1 else { return "parameters is empty; the model needs at least one parameter." }
        guard n >= 1 else { return "margins is empty; at least one training point is needed." }
        if let i = parameters.firstIndex(where: { !$0.isFinite }) {
            return "parameters[\(i)] is \(parameters[i]); every number must be finite."
        }
        if let i = margins.firstIndex(where: { !$0.isFinite }) {
            return "margins[\(i)] is \(margins[i]); every number must be finite."
        }
        guard marginGradients.count == n else {
            return
                "margin_gradients has \(marginGradients.count) rows but margins has \(n) entries; it needs one gradient row per point."
        }
        for (k, row) in marginGradients.enumerated() {
            guard row.count == p else {
                return
                    "margin_gradients[\(k)] has \(row.count) entries but parameters has \(p); each row is the gradient of q_\(k) with respect to all parameters."
            }
            if let j = row.firstIndex(where: { !$0.isFinite }) {
                return "margin_gradients[\(k)][\(j)] is \(row[j]); every number must be finite."
            }
        }
        guard order.isFinite, order > 0 else {
            return
                "order is \(order); the homogeneity degree L must be a positive number (the depth of a bias-free ReLU net)."
        }
        if parameters.allSatisfy({ $0 == 0 }) { return "parameters are all zero; the margin problem needs theta != 0." }
        return nil
    }

    /// The problem read from a file: a `.npz` archive (`np.savez(path, parameters=..., margins=...,
    /// margin_gradients=..., order=...)`) or a JSON object with the same keys (other keys are
    /// refused). Every message names the file and the array.
    public static func load(path: String) throws(OracleError) -> (problem: KKTProblem, bytes: [UInt8]) {
        let bytes: [UInt8]
        do { bytes = try InputFile.bytes(of: path) } catch {
            throw .unreadableInput("Cannot read the KKT problem: \(error)")
        }
        return (try parse(bytes, name: path), bytes)
    }

    /// Parses the bytes of a `.npz` archive (by its magic `PK`) or of a JSON object.
    public static func parse(_ bytes: [UInt8], name: String) throws(OracleError) -> KKTProblem {
        let quoted = "'\(name)'"
        if bytes.starts(with: [0x50, 0x4B]) { return try parseArchive(bytes, name: quoted) }
        let decoded: KKTProblem
        do { decoded = try StrictDecoder.decode(KKTProblem.self, from: bytes, rejectUnknownKeys: true) } catch {
            throw .invalidDataset("The KKT problem \(quoted) is invalid: \(error)")
        }
        if let why = decoded.problem { throw .invalidDataset("The KKT problem \(quoted): \(why)") }
        return decoded
    }

    private static func parseArchive(_ bytes: [UInt8], name: String) throws(OracleError) -> KKTProblem {
        var arrays: [String: NumPyArray] = [:]
        for key in ["parameters", "margins", "margin_gradients", "order"] {
            guard let a = try NumPyArchive.array("\(key).npy", in: bytes, name: name) else {
                let found = try NumPyArchive.members(bytes, name: name).map { "'\($0)'" }.joined(separator: ", ")
                throw .invalidDataset(
                    "\(name) has no array '\(key)'; a KKT problem needs parameters, margins, margin_gradients and order (np.savez(path, parameters=..., margins=..., margin_gradients=..., order=...)); it has \(found.isEmpty ? "no arrays" : found)."
                )
            }
            arrays[key] = a
        }
        guard let theta = arrays["parameters"], let q = arrays["margins"], let g = arrays["margin_gradients"],
            let l = arrays["order"]
        else { throw .invalidDataset("\(name) is missing one of its four arrays.") }
        func shape(_ a: NumPyArray) -> String { NumPyHeader.text(ofShape: a.shape) }
        guard theta.shape.count == 1 else {
            throw .invalidDataset("parameters in \(name) has shape \(shape(theta)); it must be 1-D (flatten theta).")
        }
        guard q.shape.count == 1 else {
            throw .invalidDataset("margins in \(name) has shape \(shape(q)); it must be 1-D (one margin per point).")
        }
        let (n, p) = (q.shape[0], theta.shape[0])
        guard g.shape == [n, p] else {
            throw .invalidDataset(
                "margin_gradients in \(name) has shape \(shape(g)); it must be (\(n), \(p)): one row per margin, one column per parameter."
            )
        }
        guard l.values.count == 1, l.shape.count <= 1 else {
            throw .invalidDataset("order in \(name) has shape \(shape(l)); it must be one number (the degree L).")
        }
        let rows = (0..<n).map { k in Array(g.values[(k * p)..<((k + 1) * p)]) }
        do {
            return try KKTProblem(
                parameters: theta.values, margins: q.values, marginGradients: rows, order: l.values[0])
        } catch { throw .invalidDataset("The KKT problem \(name): \(error)") }
    }
}
