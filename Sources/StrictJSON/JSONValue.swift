/// A JSON value read by ``StrictJSON`` (RFC 8259), with the byte offset where it starts so that
/// every later complaint about it can name its line and column.
public struct JSONNode: Sendable {
    /// The value.
    public var value: JSONValue
    /// Byte offset of the value's first character in the document.
    public var offset: Int

    public init(_ value: JSONValue, offset: Int) {
        self.value = value
        self.offset = offset
    }
}

/// The six kinds of JSON value. Objects keep their members in document order; duplicate keys
/// never reach this type (the reader refuses them).
public enum JSONValue: Sendable {
    case null
    case bool(Bool)
    /// A number: its double (correctly rounded from the decimal text, never infinite, never a
    /// nonzero decimal rounded to zero) and whether the text was an integer literal (no `.`, no exponent).
    case number(Double, integerLiteral: Bool)
    case string(String)
    case array([JSONNode])
    case object([(key: String, node: JSONNode)])

    /// What this value is, for messages ("a string", "an array", ...).
    public var kindDescription: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let v, _): return "the number \(v)"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}

/// A place in a JSON document: 1-based line and column (columns count bytes) and the byte offset.
public struct JSONLocation: Sendable, Equatable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public var offset: Int

    public var description: String { "line \(line), column \(column)" }
}

/// Why a JSON document was refused: where (location and, when known, the JSON path such as
/// `X[3][1]`) and what was expected.
public struct JSONReadError: Error, Sendable, Equatable, CustomStringConvertible {
    public var location: JSONLocation?
    /// The JSON path of the value at fault (`""` for the top level).
    public var path: String
    public var message: String

    public init(location: JSONLocation?, path: String, message: String) {
        self.location = location
        self.path = path
        self.message = message
    }

    public var description: String {
        var place: [String] = []
        if let l = location { place.append(l.description) }
        if !path.isEmpty { place.append("at \(path)") }
        return place.isEmpty ? message : "\(place.joined(separator: ", ")): \(message)"
    }
}
