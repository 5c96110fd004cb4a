/// The header of a `.npy` file: the Python dictionary literal `{'descr': '<f8', 'fortran_order': False,
/// 'shape': (3, 4), }` that `np.save` writes, with exactly these three keys (NumPy's own reader requires
/// the same). Only the literals NumPy writes are read: quoted strings, `True` / `False`, and tuples of
/// non-negative integers (a Python 2 `L` suffix allowed).
struct NumPyHeader: Equatable {
    var descriptor: String
    var fortranOrder: Bool
    var shape: [Int]

    /// The shape as NumPy prints it, for messages.
    var shapeText: String { Self.text(ofShape: shape) }

    /// A shape as NumPy prints it: `(3,)`, `(3, 4)`, `()`.
    static func text(ofShape shape: [Int]) -> String {
        shape.count == 1 ? "(\(shape[0]),)" : "(\(shape.map(String.init).joined(separator: ", ")))"
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    private enum Value {
        case text(String)
        case flag(Bool)
        case tuple([Int])
    }

    static func parse(_ header: String) throws(Failure) -> NumPyHeader {
        var s = Array(header.utf8)[...]
        func skipSpace() { while let c = s.first, c == 0x20 || c == 0x0A || c == 0x09 || c == 0x0D { s.removeFirst() } }
        func expect(_ c: UInt8, _ what: String) throws(Failure) {
            skipSpace()
            guard s.first == c else {
                throw Failure(description: "is not a Python dictionary literal (expected \(what))")
            }
            s.removeFirst()
        }
        func string() throws(Failure) -> String {
            skipSpace()
            guard let quote = s.first, quote == 0x27 || quote == 0x22 else {
                throw Failure(description: "is not a Python dictionary literal (expected a quoted string)")
            }
            s.removeFirst()
            guard let end = s.firstIndex(of: quote) else { throw Failure(description: "has an unterminated string") }
            let text = String(decoding: s[s.startIndex..<end], as: UTF8.self)
            s = s[(end + 1)...]
            return text
        }
        func integer() throws(Failure) -> Int {
            skipSpace()
            var digits = 0
            var v = 0
            while let c = s.first, c >= 0x30, c <= 0x39 {
                let (m, o1) = v.multipliedReportingOverflow(by: 10)
                let (a, o2) = m.addingReportingOverflow(Int(c - 0x30))
                guard !o1, !o2 else { throw Failure(description: "has a dimension that is too large") }
                v = a
                digits += 1
                s.removeFirst()
            }
            guard digits > 0 else {
                throw Failure(description: "has a shape that is not a tuple of non-negative integers")
            }
            if s.first == 0x4C { s.removeFirst() }  // Python 2's long suffix
            return v
        }
        func value() throws(Failure) -> Value {
            skipSpace()
            switch s.first {
            case 0x27, 0x22: return .text(try string())
            case 0x28:
                s.removeFirst()
                var items: [Int] = []
                skipSpace()
                while s.first != 0x29 {
                    items.append(try integer())
                    skipSpace()
                    if s.first == 0x2C { s.removeFirst() } else if s.first != 0x29 { try expect(0x29, "')'") }
                    skipSpace()
                }
                s.removeFirst()
                return .tuple(items)
            case 0x5B:
                // NumPy writes a list only as the descriptor of a structured dtype.
                throw Failure(description: "describes a structured dtype (fields); save a plain numeric array")
            default:
                for (word, flag) in [("True", true), ("False", false)] where s.starts(with: word.utf8) {
                    s.removeFirst(word.utf8.count)
                    return .flag(flag)
                }
                throw Failure(description: "has a value NumPy does not write")
            }
        }
        try expect(0x7B, "'{'")
        var entries: [String: Value] = [:]
        skipSpace()
        while s.first != 0x7D {
            let key = try string()
            guard entries[key] == nil else { throw Failure(description: "repeats the key '\(key)'") }
            try expect(0x3A, "':'")
            entries[key] = try value()
            skipSpace()
            if s.first == 0x2C { s.removeFirst() } else if s.first != 0x7D { try expect(0x7D, "'}'") }
            skipSpace()
        }
        s.removeFirst()
        skipSpace()
        guard s.isEmpty else { throw Failure(description: "has text after the dictionary") }
        let keys = Set(entries.keys)
        guard keys == ["descr", "fortran_order", "shape"] else {
            throw Failure(
                description:
                    "has the keys \(keys.sorted()) instead of exactly 'descr', 'fortran_order' and 'shape'")
        }
        guard case .text(let descriptor) = entries["descr"] else {
            throw Failure(description: "has a 'descr' that is not a string")
        }
        guard case .flag(let fortran) = entries["fortran_order"] else {
            throw Failure(description: "has a 'fortran_order' that is not True or False")
        }
        guard case .tuple(let shape) = entries["shape"] else {
            throw Failure(description: "has a 'shape' that is not a tuple")
        }
        return NumPyHeader(descriptor: descriptor, fortranOrder: fortran, shape: shape)
    }
}
