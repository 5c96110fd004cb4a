/// Decodes `Decodable` types from a document read by ``StrictJSON`` (the same grammar and number
/// rules everywhere), with errors that name the line, column and JSON path, and optionally
/// refusing keys the type never asked for (a document must not carry claims nobody checks).
public enum StrictDecoder {
    /// Parses `bytes` and decodes a `T`. With `rejectUnknownKeys`, any object member that `T`'s
    /// decoding never looked at is an error naming it.
    public static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8], rejectUnknownKeys: Bool)
        throws(JSONReadError) -> T
    {
        let root = try StrictJSON.parse(bytes)
        return try decode(type, from: root, bytes: bytes, rejectUnknownKeys: rejectUnknownKeys)
    }

    /// As ``decode(_:from:rejectUnknownKeys:)``, but `NaN`, `Infinity` and `-Infinity` are read as
    /// numbers (``StrictJSON/parseAllowingNonFiniteLiterals(_:)``): for files whose non-finite
    /// values the caller diagnoses itself.
    public static func decodeAllowingNonFiniteLiterals<T: Decodable>(
        _ type: T.Type, from bytes: [UInt8], rejectUnknownKeys: Bool
    ) throws(JSONReadError) -> T {
        let root = try StrictJSON.parseAllowingNonFiniteLiterals(bytes)
        return try decode(type, from: root, bytes: bytes, rejectUnknownKeys: rejectUnknownKeys)
    }

    /// Decodes a `T` from an already parsed node of the document `bytes`.
    public static func decode<T: Decodable>(
        _ type: T.Type, from node: JSONNode, bytes: [UInt8], rejectUnknownKeys: Bool
    ) throws(JSONReadError) -> T {
        let context = DecodingContext()
        let value: T
        do {
            value = try T(from: TreeDecoder(node: node, codingPath: [], context: context))
        } catch let e as TreeDecodingError {
            throw JSONReadError(
                location: StrictJSON.location(of: e.offset, in: bytes), path: e.path, message: e.message)
        } catch let e as DecodingError {
            throw translate(e, root: node, bytes: bytes)
        } catch {
            // A type's own validation (a data set's labels, for example); its message says what.
            throw JSONReadError(location: nil, path: "", message: "\(error)")
        }
        if rejectUnknownKeys, let (offset, path, key) = context.firstUnusedKey() {
            throw JSONReadError(
                location: StrictJSON.location(of: offset, in: bytes), path: path,
                message: "unknown key \"\(key)\"; this kind of document has no such field")
        }
        return value
    }

    /// The JSON path of a coding path, e.g. `X[3][1]` or `certificate.dual[2]`.
    public static func path(_ keys: [any CodingKey]) -> String {
        var s = ""
        for k in keys {
            if let i = k.intValue { s += "[\(i)]" } else { s += s.isEmpty ? k.stringValue : ".\(k.stringValue)" }
        }
        return s
    }

    private static func translate(_ e: DecodingError, root: JSONNode, bytes: [UInt8]) -> JSONReadError {
        let (keys, message): ([any CodingKey], String)
        switch e {
        case .dataCorrupted(let c): (keys, message) = (c.codingPath, c.debugDescription)
        case .typeMismatch(_, let c): (keys, message) = (c.codingPath, c.debugDescription)
        case .valueNotFound(_, let c): (keys, message) = (c.codingPath, c.debugDescription)
        case .keyNotFound(let k, let c): (keys, message) = (c.codingPath, "the key \"\(k.stringValue)\" is missing")
        @unknown default: (keys, message) = ([], "\(e)")
        }
        let offset = node(at: keys, in: root)?.offset
        return JSONReadError(
            location: offset.map { StrictJSON.location(of: $0, in: bytes) }, path: path(keys), message: message)
    }

    private static func node(at keys: [any CodingKey], in root: JSONNode) -> JSONNode? {
        var n = root
        for k in keys {
            switch n.value {
            case .array(let items):
                guard let i = k.intValue, i >= 0, i < items.count else { return n }
                n = items[i]
            case .object(let members):
                guard let m = members.first(where: { $0.key == k.stringValue }) else { return n }
                n = m.node
            default: return n
            }
        }
        return n
    }
}

/// An error raised while walking the tree, with the offending node's offset.
struct TreeDecodingError: Error {
    var offset: Int
    var path: String
    var message: String
}

/// Which keys of which objects a decoding looked at.
final class DecodingContext {
    private var objects: [Int: (path: String, members: [(String, Int)], used: Set<String>)] = [:]

    func register(offset: Int, path: String, members: [(key: String, node: JSONNode)]) {
        if objects[offset] == nil { objects[offset] = (path, members.map { ($0.key, $0.node.offset) }, []) }
    }

    func use(_ key: String, in offset: Int) { objects[offset]?.used.insert(key) }

    /// The first key (in document order) that nobody asked for.
    func firstUnusedKey() -> (offset: Int, path: String, key: String)? {
        var first: (offset: Int, path: String, key: String)? = nil
        for (_, o) in objects {
            for (key, offset) in o.members where !o.used.contains(key) {
                if first == nil || offset < first!.offset {
                    first = (offset, o.path.isEmpty ? key : "\(o.path).\(key)", key)
                }
            }
        }
        return first
    }
}

struct IndexKey: CodingKey {
    var stringValue: String { "\(intValue!)" }
    var intValue: Int?
    init(_ i: Int) { intValue = i }
    init?(stringValue: String) { nil }
    init?(intValue: Int) { self.intValue = intValue }
}

struct TreeDecoder: Decoder {
    let node: JSONNode
    let codingPath: [any CodingKey]
    let context: DecodingContext
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func mismatch(_ expected: String) -> TreeDecodingError {
        TreeDecodingError(
            offset: node.offset, path: StrictDecoder.path(codingPath),
            message: "expected \(expected), found \(node.value.kindDescription)")
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let members) = node.value else { throw mismatch("an object") }
        context.register(offset: node.offset, path: StrictDecoder.path(codingPath), members: members)
        return KeyedDecodingContainer(KeyedTree<Key>(decoder: self, members: members))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let items) = node.value else { throw mismatch("an array") }
        return UnkeyedTree(decoder: self, items: items)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { SingleTree(decoder: self) }

    func child(_ node: JSONNode, _ key: any CodingKey) -> TreeDecoder {
        TreeDecoder(node: node, codingPath: codingPath + [key], context: context)
    }

    // MARK: scalars

    func decodeBool() throws -> Bool {
        guard case .bool(let b) = node.value else { throw mismatch("true or false") }
        return b
    }

    func decodeString() throws -> String {
        guard case .string(let s) = node.value else { throw mismatch("a string") }
        return s
    }

    func decodeDouble() throws -> Double {
        guard case .number(let v, _) = node.value else { throw mismatch("a number") }
        return v
    }

    /// Integers must be written as integers (`2`, not `2.0`, `2e0` or `-0`): a field that counts
    /// or indexes has one spelling, so two readers cannot disagree about it.
    func decodeInteger<I: FixedWidthInteger>(_ type: I.Type) throws -> I {
        guard case .number(let v, let integerLiteral) = node.value else { throw mismatch("an integer") }
        guard integerLiteral, v.rounded() == v, !(v == 0 && v.sign == .minus), let i = I(exactly: v) else {
            throw TreeDecodingError(
                offset: node.offset, path: StrictDecoder.path(codingPath),
                message: "expected an integer, found \(v)")
        }
        return i
    }

    func decodeValue<T: Decodable>(_ type: T.Type) throws -> T {
        switch type {
        case is Double.Type: return try decodeDouble() as! T
        case is Float.Type:
            let v = try decodeDouble()
            guard let f = Float(exactly: v) else { throw mismatch("a float32 value") }
            return f as! T
        case let integer as any FixedWidthInteger.Type: return try decodeInteger(integer) as! T
        case is String.Type: return try decodeString() as! T
        case is Bool.Type: return try decodeBool() as! T
        case is [Double].Type:
            if let v = Self.doubles(node.value) { return v as! T }
            return try T(from: self)
        case is [[Double]].Type:
            // The data matrix: read in one pass when every entry is a number (the common case);
            // anything else goes the generic way, which names the entry at fault.
            if case .array(let rows) = node.value {
                var out: [[Double]] = []
                out.reserveCapacity(rows.count)
                for row in rows {
                    guard let v = Self.doubles(row.value) else { return try T(from: self) }
                    out.append(v)
                }
                return out as! T
            }
            return try T(from: self)
        default: return try T(from: self)
        }
    }

    /// The numbers of an array of numbers, or `nil` when it is not one.
    static func doubles(_ value: JSONValue) -> [Double]? {
        guard case .array(let items) = value else { return nil }
        var out = [Double]()
        out.reserveCapacity(items.count)
        for item in items {
            guard case .number(let x, _) = item.value else { return nil }
            out.append(x)
        }
        return out
    }
}

struct KeyedTree<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoder: TreeDecoder
    let members: [(key: String, node: JSONNode)]
    var codingPath: [any CodingKey] { decoder.codingPath }
    var allKeys: [Key] { members.compactMap { Key(stringValue: $0.key) } }

    func lookup(_ key: Key) -> JSONNode? {
        decoder.context.use(key.stringValue, in: decoder.node.offset)
        return members.first(where: { $0.key == key.stringValue })?.node
    }

    func child(_ key: Key) throws -> TreeDecoder {
        guard let n = lookup(key) else {
            throw TreeDecodingError(
                offset: decoder.node.offset, path: StrictDecoder.path(codingPath),
                message: "the key \"\(key.stringValue)\" is missing")
        }
        return decoder.child(n, key)
    }

    func contains(_ key: Key) -> Bool { lookup(key) != nil }

    func decodeNil(forKey key: Key) throws -> Bool {
        guard let n = lookup(key) else { return true }
        if case .null = n.value { return true }
        return false
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try child(key).decodeValue(type) }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try child(key).decodeBool() }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try child(key).decodeString() }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try child(key).decodeDouble() }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try child(key).decodeInteger(Int.self) }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        try child(key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try child(key).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder { decoder }
    func superDecoder(forKey key: Key) throws -> any Decoder { try child(key) }
}

struct UnkeyedTree: UnkeyedDecodingContainer {
    let decoder: TreeDecoder
    let items: [JSONNode]
    var currentIndex = 0
    var codingPath: [any CodingKey] { decoder.codingPath }
    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    mutating func next() throws -> TreeDecoder {
        guard !isAtEnd else {
            throw TreeDecodingError(
                offset: decoder.node.offset, path: StrictDecoder.path(codingPath),
                message: "the array has too few elements (\(items.count))")
        }
        defer { currentIndex += 1 }
        return decoder.child(items[currentIndex], IndexKey(currentIndex))
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, case .null = items[currentIndex].value else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try next().decodeValue(type) }
    mutating func decode(_ type: Double.Type) throws -> Double { try next().decodeDouble() }
    mutating func decode(_ type: Int.Type) throws -> Int { try next().decodeInteger(Int.self) }
    mutating func decode(_ type: String.Type) throws -> String { try next().decodeString() }
    mutating func decode(_ type: Bool.Type) throws -> Bool { try next().decodeBool() }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<
        NestedKey
    > {
        try next().container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer { try next().unkeyedContainer() }
    mutating func superDecoder() throws -> any Decoder { try next() }
}

struct SingleTree: SingleValueDecodingContainer {
    let decoder: TreeDecoder
    var codingPath: [any CodingKey] { decoder.codingPath }

    func decodeNil() -> Bool {
        if case .null = decoder.node.value { return true }
        return false
    }

    func decode<T: Decodable>(_ type: T.Type) throws -> T { try decoder.decodeValue(type) }
    func decode(_ type: Bool.Type) throws -> Bool { try decoder.decodeBool() }
    func decode(_ type: String.Type) throws -> String { try decoder.decodeString() }
    func decode(_ type: Double.Type) throws -> Double { try decoder.decodeDouble() }
    func decode(_ type: Int.Type) throws -> Int { try decoder.decodeInteger(Int.self) }
}
