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
        try bytes.withUnsafeBufferPointer { (b) throws(OracleError) in try parse(b, name: name) }
    }

    /// Parses the bytes of a `.npy` file (e.g. a mapped file or an archive member, read in place).
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>, name: String) throws(OracleError) -> NumPyArray {
        let layout = try NumPyLayout(bytes, name: name)
        return NumPyArray(shape: layout.shape, values: try layout.values(), descriptor: layout.descriptor)
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
