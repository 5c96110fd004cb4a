/// A numeric NumPy array read from the `.npy` format (versions 1.0, 2.0 and 3.0), as written by
/// `np.save`: the values in C (row-major) order as exact doubles, whatever the file's order.
///
/// Accepted dtypes: float64 and float32 (every float32 is a double), signed and unsigned integers of 1,
/// 2, 4 and 8 bytes (an 8-byte integer beyond 2^53 in magnitude has no exact double and is refused),
/// and bool; little-, big-endian or single-byte; C or Fortran order. Refused, with a sentence naming the
/// file: object arrays (they are pickles, and unpickling runs code), structured, complex, float16,
/// string and datetime dtypes, a header that is not NumPy's dictionary, and a data block whose length
/// does not match the shape (truncated or with trailing bytes).
public struct NumPyArray: Sendable, Equatable {
    /// The dimensions (`()` for a scalar: one value).
    public let shape: [Int]
    /// The values in C order.
    public let values: [Double]
    /// The header's dtype descriptor, e.g. `<f8`.
    public let descriptor: String

    /// Parses the bytes of a `.npy` file; `name` names it in messages (e.g. `'X.npy'`, `'y.npy' in 'd.npz'`).
    public static func parse(_ bytes: [UInt8], name: String) throws(OracleError) -> NumPyArray {
        func fail(_ why: String) -> OracleError { .invalidDataset("\(name) is not a readable NumPy array: \(why).") }
        let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]  // \x93NUMPY
        guard bytes.starts(with: magic) else {
            if !bytes.isEmpty && magic.starts(with: bytes) { throw fail("it is truncated") }
            throw fail("it does not start with the .npy magic bytes \\x93NUMPY (save it with np.save)")
        }
        guard bytes.count >= 10 else { throw fail("the header is truncated") }
        let major = bytes[6]
        let headerStart: Int
        let headerLength: Int
        switch major {
        case 1:
            headerStart = 10
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
        case 2, 3:
            guard bytes.count >= 12 else { throw fail("the header is truncated") }
            headerStart = 12
            headerLength = (0..<4).reduce(0) { $0 | Int(bytes[8 + $1]) << (8 * $1) }
        default:
            throw fail("format version \(major).\(bytes[7]) is not one of 1.0, 2.0, 3.0")
        }
        guard headerLength <= bytes.count - headerStart else { throw fail("the header is truncated") }
        let headerBytes = bytes[headerStart..<(headerStart + headerLength)]
        guard let header = String(validating: headerBytes, as: UTF8.self) else {
            throw fail("the header is not text")
        }
        let fields: NumPyHeader
        do { fields = try NumPyHeader.parse(header) } catch { throw fail("its header \(error)") }
        let type = try NumPyScalarType(descriptor: fields.descriptor, fail: fail)
        var count = 1
        for n in fields.shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: n)
            guard !overflow else { throw fail("the shape \(fields.shapeText) has too many entries") }
            count = product
        }
        let dataStart = headerStart + headerLength
        let (expected, overflow) = count.multipliedReportingOverflow(by: type.size)
        guard !overflow, bytes.count - dataStart == expected else {
            throw fail(
                "the shape \(fields.shapeText) of \(fields.descriptor) needs \(expected) data bytes, the file has \(bytes.count - dataStart)"
            )
        }
        var raw = [Double](repeating: 0, count: count)
        for k in 0..<count {
            guard let v = type.value(bytes, at: dataStart + k * type.size) else {
                throw fail(
                    "entry \(k) is the integer \(type.describe(bytes, at: dataStart + k * type.size)), which has no exact double (beyond 2^53)"
                )
            }
            raw[k] = v
        }
        let values =
            fields.fortranOrder && fields.shape.count > 1 ? cOrder(fromFortran: raw, shape: fields.shape) : raw
        return NumPyArray(shape: fields.shape, values: values, descriptor: fields.descriptor)
    }

    /// Reorders Fortran-order values (first index fastest) into C order (last index fastest).
    static func cOrder(fromFortran raw: [Double], shape: [Int]) -> [Double] {
        var out = [Double](repeating: 0, count: raw.count)
        var index = [Int](repeating: 0, count: shape.count)
        for c in 0..<raw.count {
            // Fortran position of the C-order multi-index.
            var f = 0
            var stride = 1
            for axis in 0..<shape.count {
                f += index[axis] * stride
                stride *= shape[axis]
            }
            out[c] = raw[f]
            var axis = shape.count - 1
            while axis >= 0 {
                index[axis] += 1
                if index[axis] < shape[axis] { break }
                index[axis] = 0
                axis -= 1
            }
        }
        return out
    }
}
