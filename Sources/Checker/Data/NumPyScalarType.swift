/// The element type of a `.npy` array, from its dtype descriptor (`<f8`, `>i4`, `|u1`, `|b1`, ...), and
/// the exact double of one element.
struct NumPyScalarType {
    enum Kind {
        case float
        case signed
        case unsigned
        case bool
    }

    let kind: Kind
    /// Bytes per element.
    let size: Int
    let bigEndian: Bool

    init(descriptor: String, fail: (String) -> OracleError) throws(OracleError) {
        let d = Array(descriptor.utf8)
        if d.count >= 2, d[1] == 0x4F {
            throw fail(
                "it is an object array (dtype=object, a pickle); save a numeric array (float64, float32 or integers)")
        }
        guard d.count >= 3, let order = d.first, [0x3C, 0x3E, 0x7C, 0x3D].contains(order),
            let size = Int(String(decoding: d[2...], as: UTF8.self))
        else {
            throw fail("its dtype '\(descriptor)' is not a numeric dtype")
        }
        let kind: Kind
        switch (d[1], size) {
        case (0x66, 8), (0x66, 4): kind = .float  // f8, f4
        case (0x69, 1), (0x69, 2), (0x69, 4), (0x69, 8): kind = .signed
        case (0x75, 1), (0x75, 2), (0x75, 4), (0x75, 8): kind = .unsigned
        case (0x62, 1): kind = .bool
        case (0x4F, _):
            throw fail(
                "it is an object array (dtype=object, a pickle); save a numeric array (float64, float32 or integers)")
        case (0x66, _):
            throw fail(
                "its dtype '\(descriptor)' (float\(8 * size)) is not supported; convert with .astype(np.float64)")
        default:
            throw fail(
                "its dtype '\(descriptor)' is not a real number type; save float64, float32, integer or bool data")
        }
        self.kind = kind
        self.size = size
        // '=' is the writer's native order; NumPy writes '<' or '>' for multi-byte types, and this reader
        // runs on little-endian machines.
        self.bigEndian = order == 0x3E
    }

    /// Whether the elements are little-endian float64, the machine's own doubles (copied as they are).
    var isLittleEndianFloat64: Bool { kind == .float && size == 8 && !bigEndian }

    /// The element's bits as an unsigned integer of `size` bytes.
    private func bits(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> UInt64 {
        var v: UInt64 = 0
        for k in 0..<size {
            let byte = UInt64(bytes[offset + (bigEndian ? k : size - 1 - k)])
            v = v << 8 | byte
        }
        return v
    }

    /// The element at `offset` as an exact double (NaN and infinities as they are: the data set's own
    /// checks refuse them with the message every format gives); nil for an integer beyond 2^53 in
    /// magnitude, which has no exact double.
    func value(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> Double? {
        let b = bits(bytes, at: offset)
        switch kind {
        case .float:
            return size == 8 ? Double(bitPattern: b) : Double(Float(bitPattern: UInt32(b)))
        case .bool:
            return b == 0 ? 0 : 1
        case .unsigned:
            return b <= 1 << 53 ? Double(b) : nil
        case .signed:
            let shift = UInt64(64 - 8 * size)
            let s = Int64(bitPattern: b << shift) >> Int64(shift)
            return s.magnitude <= 1 << 53 ? Double(s) : nil
        }
    }

    /// The element as text for a message (an integer's decimal digits).
    func describe(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> String {
        let b = bits(bytes, at: offset)
        guard kind == .signed else { return "\(b)" }
        let shift = UInt64(64 - 8 * size)
        return "\(Int64(bitPattern: b << shift) >> Int64(shift))"
    }
}
