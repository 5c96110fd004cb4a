/// A `.npy` file's header read and checked against its data block, the data left in place: the
/// values are converted only when asked for, as one C-order array (``values()``) or, for a matrix,
/// straight into its rows (``rows()``) without an intermediate copy of the whole array.
struct NumPyLayout {
    let shape: [Int]
    let descriptor: String
    let fortranOrder: Bool
    let type: NumPyScalarType
    /// The data block (exactly `count * type.size` bytes).
    let data: UnsafeBufferPointer<UInt8>
    let count: Int
    let fail: (String) -> OracleError

    init(_ bytes: UnsafeBufferPointer<UInt8>, name: String) throws(OracleError) {
        let fail: (String) -> OracleError = { .invalidDataset("\(name) is not a readable NumPy array: \($0).") }
        self.fail = fail
        let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]  // \x93NUMPY
        guard bytes.starts(with: magic) else {
            if !bytes.isEmpty && magic.starts(with: bytes) { throw fail("it is truncated") }
            throw fail("it does not start with the .npy magic bytes \\x93NUMPY (save it with np.save)")
        }
        guard bytes.count >= 10 else { throw fail("the header is truncated") }
        let major = bytes[6]
        // NumPy reads versions 1.0, 2.0 and 3.0 only (numpy.lib.format refuses 1.5): so do we.
        guard bytes[7] == 0 else { throw fail("format version \(major).\(bytes[7]) is not one of 1.0, 2.0, 3.0") }
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
        shape = fields.shape
        descriptor = fields.descriptor
        fortranOrder = fields.fortranOrder && fields.shape.count > 1
        self.type = type
        self.count = count
        data = UnsafeBufferPointer(rebasing: bytes[dataStart...])
    }

    /// Entry `k` of the data block (in the file's order) as an exact double.
    private func value(_ k: Int) throws(OracleError) -> Double {
        guard let v = type.value(data, at: k * type.size) else {
            throw fail(
                "entry \(k) is the integer \(type.describe(data, at: k * type.size)), which has no exact double (beyond 2^53)"
            )
        }
        return v
    }

    /// The values in C order.
    func values() throws(OracleError) -> [Double] {
        var raw = [Double](repeating: 0, count: count)
        for k in 0..<count { raw[k] = try value(k) }
        return fortranOrder ? NumPyArray.cOrder(fromFortran: raw, shape: shape) : raw
    }

    /// The rows of a 2-D array (`shape == [n, d]`), each converted straight from the data block.
    /// Little-endian float64 in C order (what `np.save` writes for a float array) is copied row by row.
    func rows() throws(OracleError) -> [[Double]] {
        let (n, d) = (shape[0], shape[1])
        if type.isLittleEndianFloat64, !fortranOrder, let base = data.baseAddress {
            return (0..<n).map { i in
                [Double](unsafeUninitializedCapacity: d) { row, initialized in
                    UnsafeMutableRawBufferPointer(row).copyMemory(
                        from: UnsafeRawBufferPointer(start: base + 8 * d * i, count: 8 * d))
                    initialized = d
                }
            }
        }
        var rows: [[Double]] = []
        rows.reserveCapacity(n)
        for i in 0..<n {
            var row = [Double](repeating: 0, count: d)
            for j in 0..<d { row[j] = try value(fortranOrder ? j * n + i : i * d + j) }
            rows.append(row)
        }
        return rows
    }
}
