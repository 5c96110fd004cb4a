/// The one JSON reader of MarginOracle: data sets, documents, fixtures and weights files all go
/// through it, so the solver, the checker and `check` can never read one file two ways.
///
/// It accepts exactly RFC 8259 JSON and, on top of the grammar, refuses what other readers
/// disagree about:
/// - duplicate keys in an object (Python's `json` keeps the last, Foundation's decoder the first);
/// - numbers that do not denote a finite double: a decimal whose magnitude rounds to infinity
///   (`1e400`), or a nonzero decimal that rounds to zero (`1e-400`). Decimals that round to a
///   subnormal double are accepted: subnormals are ordinary doubles to the oracle. `NaN`,
///   `Infinity`, hex, leading zeros, `1.`, `.5` and `+1` are not JSON and are refused by the grammar;
/// - nesting deeper than ``maximumDepth`` (a stack guard, not a JSON rule);
/// - a byte-order mark, invalid UTF-8, unescaped control characters in strings, lone surrogates.
///
/// Numbers are converted in place, correctly rounded (to nearest, ties to even) exactly as the
/// standard library's `Double(String)` rounds (``DecimalToDouble``). Every error names the line
/// and column.
public enum StrictJSON {
    /// Arrays and objects nested deeper than this are refused.
    public static let maximumDepth = 512

    /// Parses a whole document (one value, surrounded by optional whitespace).
    public static func parse(_ bytes: [UInt8]) throws(JSONReadError) -> JSONNode {
        try bytes.withUnsafeBufferPointer { (b) throws(JSONReadError) in
            var parser = Parser(bytes: b)
            return try parser.document()
        }
    }

    /// Parses a document that may also hold the literals `NaN`, `Infinity` and `-Infinity` (what
    /// Python's `json.dump` writes for non-finite floats), read as the non-finite doubles. Only for
    /// files whose non-finite numbers are a finding to report rather than a syntax error (the
    /// weights that `check` judges); everything else is read with ``parse(_:)``.
    public static func parseAllowingNonFiniteLiterals(_ bytes: [UInt8]) throws(JSONReadError) -> JSONNode {
        try bytes.withUnsafeBufferPointer { (b) throws(JSONReadError) in
            var parser = Parser(bytes: b)
            parser.nonFiniteLiterals = true
            return try parser.document()
        }
    }

    /// The line and column of a byte offset in `bytes`.
    public static func location(of offset: Int, in bytes: [UInt8]) -> JSONLocation {
        bytes.withUnsafeBufferPointer { location(of: offset, in: $0) }
    }

    static func location(of offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> JSONLocation {
        var line = 1
        var lineStart = 0
        let end = min(offset, bytes.count)
        var i = 0
        while i < end {
            if bytes[i] == 0x0A {
                line += 1
                lineStart = i + 1
            }
            i += 1
        }
        return JSONLocation(line: line, column: offset - lineStart + 1, offset: offset)
    }

    /// Reads one decimal number with the JSON number rules, for formats that share them (CSV
    /// fields): returns the double or a sentence saying why the text is not one.
    public static func number(_ text: Substring) -> Result<Double, NumberError> {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { number($0, from: 0, to: bytes.count) }
    }

    /// Why a text is not a number the reader accepts.
    public enum NumberError: Error, Sendable, Equatable, CustomStringConvertible {
        case notANumber, overflow, underflow

        public var description: String {
            switch self {
            case .notANumber:
                return "is not a decimal number (JSON number syntax: no hex, NaN, Infinity, leading zeros or '+')"
            case .overflow: return "is outside the double range (largest magnitude 1.7976931348623157e308)"
            case .underflow: return "is nonzero but rounds to zero (the smallest positive double is 5e-324)"
            }
        }
    }
}

/// The reader's state over bytes it does not own: every public entry point lends them for one call.
private struct Parser {
    let bytes: UnsafeBufferPointer<UInt8>
    var position = 0
    var depth = 0
    /// Set when a number was refused for its magnitude (CSV fields report it as such).
    var numberRangeError: StrictJSON.NumberError? = nil
    /// Whether `NaN`, `Infinity` and `-Infinity` are read as numbers (Python's extension).
    var nonFiniteLiterals = false
    /// Where the reader is: the keys and indices from the top level down.
    var steps: [Step] = []

    enum Step {
        case key(String)
        case index(Int)
    }

    init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    func fail(_ message: String, at offset: Int? = nil) -> JSONReadError {
        let at = offset ?? position
        return JSONReadError(location: StrictJSON.location(of: at, in: bytes), path: pathText, message: message)
    }

    /// The JSON path of the value being read, rendered only for a message (building a path
    /// string per value cost a sixth of reading a large data set).
    var pathText: String {
        var s = ""
        for step in steps {
            switch step {
            case .key(let k): s += s.isEmpty ? k : ".\(k)"
            case .index(let i): s += "[\(i)]"
            }
        }
        return s
    }

    var found: String {
        guard position < bytes.count else { return "the end of the file" }
        let b = bytes[position]
        if b >= 0x20 && b < 0x7F { return "'\(Character(Unicode.Scalar(b)))'" }
        return "the byte 0x\(String(b, radix: 16, uppercase: true))"
    }

    mutating func document() throws(JSONReadError) -> JSONNode {
        if bytes.isEmpty { throw fail("the file is empty; expected a JSON value") }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            throw fail("the file starts with a byte-order mark, which JSON does not allow")
        }
        skipWhitespace()
        if position == bytes.count { throw fail("the file holds only whitespace; expected a JSON value") }
        let node = try value()
        skipWhitespace()
        if position < bytes.count { throw fail("unexpected \(found) after the end of the JSON value") }
        return node
    }

    mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x0A, 0x0D, 0x09: position += 1
            default: return
            }
        }
    }

    mutating func value() throws(JSONReadError) -> JSONNode {
        guard position < bytes.count else { throw fail("the file ends where a value was expected") }
        let start = position
        switch bytes[position] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return JSONNode(.string(try string()), offset: start)
        case UInt8(ascii: "t"):
            try literal("true")
            return JSONNode(.bool(true), offset: start)
        case UInt8(ascii: "f"):
            try literal("false")
            return JSONNode(.bool(false), offset: start)
        case UInt8(ascii: "n"):
            try literal("null")
            return JSONNode(.null, offset: start)
        case UInt8(ascii: "-")
        where nonFiniteLiterals && position + 1 < bytes.count
            && bytes[position + 1] == UInt8(ascii: "I"):
            position += 1
            try literal("Infinity")
            return JSONNode(.number(-.infinity, integerLiteral: false), offset: start)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        case UInt8(ascii: "N") where nonFiniteLiterals:
            try literal("NaN")
            return JSONNode(.number(.nan, integerLiteral: false), offset: start)
        case UInt8(ascii: "I") where nonFiniteLiterals:
            try literal("Infinity")
            return JSONNode(.number(.infinity, integerLiteral: false), offset: start)
        case UInt8(ascii: "N"), UInt8(ascii: "I"):
            throw fail("NaN and Infinity are not JSON; numbers must be finite decimals")
        default:
            throw fail("expected a JSON value, found \(found)")
        }
    }

    mutating func literal(_ word: String) throws(JSONReadError) {
        let w = Array(word.utf8)
        guard position + w.count <= bytes.count, Array(bytes[position..<(position + w.count)]) == w else {
            throw fail("expected a JSON value, found \(found)")
        }
        position += w.count
    }

    mutating func enter() throws(JSONReadError) {
        depth += 1
        if depth > StrictJSON.maximumDepth {
            throw fail("arrays and objects are nested more than \(StrictJSON.maximumDepth) deep")
        }
    }

    mutating func array() throws(JSONReadError) -> JSONNode {
        let start = position
        try enter()
        position += 1
        var items: [JSONNode] = []
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
            position += 1
            depth -= 1
            return JSONNode(.array(items), offset: start)
        }
        while true {
            skipWhitespace()
            if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
                throw fail("trailing comma before ']'; JSON does not allow it")
            }
            steps.append(.index(items.count))
            items.append(try value())
            steps.removeLast()
            skipWhitespace()
            guard position < bytes.count else { throw fail("the file ends inside an array (missing ']')") }
            if bytes[position] == UInt8(ascii: ",") {
                position += 1
                continue
            }
            if bytes[position] == UInt8(ascii: "]") {
                position += 1
                break
            }
            throw fail("expected ',' or ']' after an array element, found \(found)")
        }
        depth -= 1
        return JSONNode(.array(items), offset: start)
    }

    mutating func object() throws(JSONReadError) -> JSONNode {
        let start = position
        try enter()
        position += 1
        var members: [(key: String, node: JSONNode)] = []
        var seen: [String: Int] = [:]
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
            position += 1
            depth -= 1
            return JSONNode(.object(members), offset: start)
        }
        while true {
            skipWhitespace()
            guard position < bytes.count else { throw fail("the file ends inside an object (missing '}')") }
            if bytes[position] == UInt8(ascii: "}") {
                throw fail("trailing comma before '}'; JSON does not allow it")
            }
            guard bytes[position] == UInt8(ascii: "\"") else {
                throw fail("expected a key in double quotes, found \(found)")
            }
            let keyOffset = position
            let key = try string()
            steps.append(.key(key))
            if let first = seen[key] {
                let l = StrictJSON.location(of: first, in: bytes)
                throw fail(
                    "duplicate key \"\(key)\" (first at \(l)); readers disagree on which one counts, so none is accepted",
                    at: keyOffset)
            }
            seen[key] = keyOffset
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else {
                throw fail("expected ':' after the key \"\(key)\", found \(found)")
            }
            position += 1
            skipWhitespace()
            members.append((key, try value()))
            steps.removeLast()
            skipWhitespace()
            guard position < bytes.count else { throw fail("the file ends inside an object (missing '}')") }
            if bytes[position] == UInt8(ascii: ",") {
                position += 1
                continue
            }
            if bytes[position] == UInt8(ascii: "}") {
                position += 1
                break
            }
            throw fail("expected ',' or '}' after a member, found \(found)")
        }
        depth -= 1
        return JSONNode(.object(members), offset: start)
    }

    mutating func number() throws(JSONReadError) -> JSONNode {
        let start = position
        func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
        var integerLiteral = true
        var nonzeroDigit = false
        if position < bytes.count, bytes[position] == UInt8(ascii: "-") { position += 1 }
        guard position < bytes.count, isDigit(bytes[position]) else {
            throw fail("a number needs a digit here, found \(found)")
        }
        if bytes[position] == UInt8(ascii: "0") {
            position += 1
            if position < bytes.count, isDigit(bytes[position]) {
                throw fail("numbers may not have leading zeros", at: start)
            }
        } else {
            while position < bytes.count, isDigit(bytes[position]) {
                nonzeroDigit = nonzeroDigit || bytes[position] != 0x30
                position += 1
            }
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            integerLiteral = false
            position += 1
            guard position < bytes.count, isDigit(bytes[position]) else {
                throw fail("a decimal point must be followed by digits")
            }
            while position < bytes.count, isDigit(bytes[position]) {
                nonzeroDigit = nonzeroDigit || bytes[position] != 0x30
                position += 1
            }
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
            integerLiteral = false
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
                position += 1
            }
            guard position < bytes.count, isDigit(bytes[position]) else {
                throw fail("an exponent must have digits")
            }
            while position < bytes.count, isDigit(bytes[position]) { position += 1 }
        }
        let end = position
        let v = DecimalToDouble.convert(bytes, from: start, to: end)
        guard !v.isNaN else {
            throw fail("\(clip(String(decoding: bytes[start..<end], as: UTF8.self))) is not a number", at: start)
        }
        if v.isInfinite || (v == 0 && nonzeroDigit) {
            let text = String(decoding: bytes[start..<position], as: UTF8.self)
            let error: StrictJSON.NumberError = v.isInfinite ? .overflow : .underflow
            numberRangeError = error
            throw fail("\(clip(text)) \(error)", at: start)
        }
        return JSONNode(.number(v, integerLiteral: integerLiteral), offset: start)
    }

    func clip(_ text: String) -> String {
        text.count <= 40 ? text : "\(text.prefix(20))...\(text.suffix(12)) (\(text.count) characters)"
    }

    mutating func string() throws(JSONReadError) -> String {
        let start = position
        position += 1
        var out: [UInt8] = []
        while true {
            guard position < bytes.count else {
                throw fail("the file ends inside a string (missing '\"')", at: start)
            }
            let b = bytes[position]
            switch b {
            case UInt8(ascii: "\""):
                position += 1
                return String(decoding: out, as: UTF8.self)
            case UInt8(ascii: "\\"):
                position += 1
                guard position < bytes.count else { throw fail("the file ends inside a string escape") }
                let e = bytes[position]
                position += 1
                switch e {
                case UInt8(ascii: "\""): out.append(0x22)
                case UInt8(ascii: "\\"): out.append(0x5C)
                case UInt8(ascii: "/"): out.append(0x2F)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if scalar >= 0xD800 && scalar < 0xDC00 {
                        guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"),
                            bytes[position + 1] == UInt8(ascii: "u")
                        else {
                            throw fail("a high surrogate \\u escape must be followed by a low surrogate")
                        }
                        position += 2
                        let low = try hex4()
                        guard low >= 0xDC00 && low < 0xE000 else {
                            throw fail("invalid low surrogate in a \\u escape")
                        }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else if scalar >= 0xDC00 && scalar < 0xE000 {
                        throw fail("a lone low surrogate in a \\u escape")
                    }
                    guard let u = Unicode.Scalar(scalar) else { throw fail("invalid \\u escape") }
                    out.append(contentsOf: Array(String(Character(u)).utf8))
                default:
                    throw fail(
                        "invalid escape '\\\(Character(Unicode.Scalar(e)))' in a string", at: position - 2)
                }
            case 0x00..<0x20:
                throw fail(
                    "a control character (0x\(String(b, radix: 16))) must be escaped inside a string")
            case 0x00..<0x80:
                out.append(b)
                position += 1
            default:
                let n = try utf8Sequence()
                out.append(contentsOf: bytes[position..<(position + n)])
                position += n
            }
        }
    }

    mutating func hex4() throws(JSONReadError) -> UInt32 {
        guard position + 4 <= bytes.count else { throw fail("a \\u escape needs four hex digits") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[position]
            let digit: UInt32
            switch b {
            case 0x30...0x39: digit = UInt32(b - 0x30)
            case 0x41...0x46: digit = UInt32(b - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(b - 0x61 + 10)
            default: throw fail("a \\u escape needs four hex digits, found \(found)")
            }
            v = v * 16 + digit
            position += 1
        }
        return v
    }

    /// The length of the well-formed UTF-8 sequence at `position` (RFC 3629), or an error.
    func utf8Sequence() throws(JSONReadError) -> Int {
        let b = bytes[position]
        let (n, low, high): (Int, UInt8, UInt8)
        switch b {
        case 0xC2...0xDF: (n, low, high) = (2, 0x80, 0xBF)
        case 0xE0: (n, low, high) = (3, 0xA0, 0xBF)
        case 0xE1...0xEC, 0xEE...0xEF: (n, low, high) = (3, 0x80, 0xBF)
        case 0xED: (n, low, high) = (3, 0x80, 0x9F)
        case 0xF0: (n, low, high) = (4, 0x90, 0xBF)
        case 0xF1...0xF3: (n, low, high) = (4, 0x80, 0xBF)
        case 0xF4: (n, low, high) = (4, 0x80, 0x8F)
        default: throw fail("invalid UTF-8 (byte 0x\(String(b, radix: 16, uppercase: true)))")
        }
        guard position + n <= bytes.count else { throw fail("invalid UTF-8 (truncated sequence)") }
        let second = bytes[position + 1]
        guard second >= low && second <= high else { throw fail("invalid UTF-8 sequence") }
        for k in 2..<max(n, 2) where !(0x80...0xBF).contains(bytes[position + k]) {
            throw fail("invalid UTF-8 sequence")
        }
        return n
    }
}

extension StrictJSON {
    /// The arrays of a data-set document `{"X": [[x11, ...], ...], "y": [y1, ...], ...}` read in one
    /// pass without building the tree (a tree node per number cost more memory than the numbers):
    /// `x` row by row. Every rule of ``parse(_:)`` holds (numbers, strings, duplicate keys, other keys'
    /// values read in full, nothing after the document); `nil` when the document is anything else or
    /// breaks a rule, and the caller then reads it with ``parse(_:)`` for the located message. The
    /// rows must have one length (`columns`); `rows` may be 0.
    public static func dataSetArrays(_ bytes: [UInt8]) -> (x: [Double], rows: Int, columns: Int, y: [Double])? {
        bytes.withUnsafeBufferPointer { dataSetArrays($0) }
    }

    /// ``dataSetArrays(_:)`` on bytes read in place (a mapped file's).
    public static func dataSetArrays(_ bytes: UnsafeBufferPointer<UInt8>) -> (
        x: [Double], rows: Int, columns: Int, y: [Double]
    )? {
        var parser = Parser(bytes: bytes)
        do { return try parser.dataSetArrays() } catch { return nil }
    }
}

extension Parser {
    mutating func dataSetArrays() throws(JSONReadError) -> (x: [Double], rows: Int, columns: Int, y: [Double])? {
        guard !bytes.isEmpty, !bytes.starts(with: [0xEF, 0xBB, 0xBF]) else { return nil }
        skipWhitespace()
        guard position < bytes.count, bytes[position] == UInt8(ascii: "{") else { return nil }
        try enter()
        position += 1
        var seen = Set<String>()
        var matrix: (x: [Double], rows: Int, columns: Int)? = nil
        var labels: [Double]? = nil
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "}") { return nil }
        while true {
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { return nil }
            let key = try string()
            guard seen.insert(key).inserted else { return nil }
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { return nil }
            position += 1
            skipWhitespace()
            if key == "X" {
                guard let m = try numberMatrix() else { return nil }
                matrix = m
            } else if key == "y" {
                var y: [Double] = []
                guard try numberVector(into: &y) != nil else { return nil }
                labels = y
            } else {
                _ = try value()
            }
            skipWhitespace()
            guard position < bytes.count else { return nil }
            if bytes[position] == UInt8(ascii: ",") {
                position += 1
                continue
            }
            guard bytes[position] == UInt8(ascii: "}") else { return nil }
            position += 1
            break
        }
        skipWhitespace()
        guard position == bytes.count, let matrix, let labels else { return nil }
        return (matrix.x, matrix.rows, matrix.columns, labels)
    }

    /// `[[numbers], ...]` with rows of one length, appended row by row; `nil` for anything else.
    mutating func numberMatrix() throws(JSONReadError) -> (x: [Double], rows: Int, columns: Int)? {
        guard position < bytes.count, bytes[position] == UInt8(ascii: "[") else { return nil }
        position += 1
        var x: [Double] = []
        var rows = 0
        var columns = -1
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
            position += 1
            return (x, 0, 0)
        }
        while true {
            skipWhitespace()
            guard let count = try numberVector(into: &x), columns < 0 || count == columns else { return nil }
            columns = count
            rows += 1
            skipWhitespace()
            guard position < bytes.count else { return nil }
            if bytes[position] == UInt8(ascii: ",") {
                position += 1
                continue
            }
            guard bytes[position] == UInt8(ascii: "]") else { return nil }
            position += 1
            return (x, rows, columns)
        }
    }

    /// `[numbers]` appended to `out`; the count, or `nil` for anything else.
    mutating func numberVector(into out: inout [Double]) throws(JSONReadError) -> Int? {
        guard position < bytes.count, bytes[position] == UInt8(ascii: "[") else { return nil }
        position += 1
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
            position += 1
            return 0
        }
        var count = 0
        while true {
            skipWhitespace()
            guard position < bytes.count,
                bytes[position] == UInt8(ascii: "-") || (bytes[position] >= 0x30 && bytes[position] <= 0x39),
                case .number(let v, _) = try number().value
            else { return nil }
            out.append(v)
            count += 1
            skipWhitespace()
            guard position < bytes.count else { return nil }
            if bytes[position] == UInt8(ascii: ",") {
                position += 1
                continue
            }
            guard bytes[position] == UInt8(ascii: "]") else { return nil }
            position += 1
            return count
        }
    }
}
