import Oracle
import StrictJSON

/// Forges documents systematically: every key (drop, duplicate, change type, add an unknown
/// sibling), every number (1 ulp up and down, relative 1e-12, sign, zero, scale by 2 and 1/2, a
/// seeded random relative change), every exact rational (numerator +1, sign, zero, double, a
/// larger denominator), every integer (+1, -1, out of range, negative), every array (drop the
/// first or last element, repeat the last, swap the first two, reverse), every string and bool.
/// Forgeries whose text equals the original's are dropped (they forge nothing).
struct Forger {
    enum Step: CustomStringConvertible {
        case key(String)
        case index(Int)
        var description: String {
            switch self {
            case .key(let k): return ".\(k)"
            case .index(let i): return "[\(i)]"
            }
        }
    }

    struct Forgery {
        /// The mutation's kind, e.g. "number: 1 ulp up".
        var kind: String
        /// Where: a JSON path.
        var path: [Step]
        var text: String
        var pathText: String { path.map(\.description).joined() }
    }

    var random: SplitMix64
    /// Fewer variants per number and rational (for documents whose check is slow in a debug build).
    let lean: Bool

    init(seed: UInt64, lean: Bool = false) {
        random = SplitMix64(seed: seed)
        self.lean = lean
    }

    /// Every forgery of `root`; with `only`, of the members of the top-level object with those keys.
    mutating func forgeries(of root: JSONValue, only: Set<String>? = nil) -> [Forgery] {
        let original = JSONWriter.write(root)
        var out: [Forgery] = []
        var seen: Set<String> = [original]
        var starts: [(JSONValue, [Step])] = [(root, [])]
        if let keys = only, case .object(let members) = root {
            starts = members.filter { keys.contains($0.key) }.map { ($0.node.value, [.key($0.key)]) }
        }
        for (start, prefix) in starts {
            walk(start, prefix) { kind, path, replacement in
                let text = JSONWriter.write(Self.replacing(root, at: path[...], with: replacement))
                if seen.insert(kind + "|" + text).inserted, text != original {
                    out.append(Forgery(kind: kind, path: path, text: text))
                }
            }
        }
        return out
    }

    static func replacing(_ v: JSONValue, at path: ArraySlice<Step>, with replacement: JSONValue) -> JSONValue {
        guard let step = path.first else { return replacement }
        switch (v, step) {
        case (.object(let members), .key(let k)):
            return .object(
                members.map { m in
                    m.key == k
                        ? (m.key, JSONNode(replacing(m.node.value, at: path.dropFirst(), with: replacement), offset: 0))
                        : m
                })
        case (.array(let items), .index(let i)):
            var copy = items
            copy[i] = JSONNode(replacing(items[i].value, at: path.dropFirst(), with: replacement), offset: 0)
            return .array(copy)
        default:
            return v
        }
    }

    private mutating func walk(_ v: JSONValue, _ path: [Step], _ emit: (String, [Step], JSONValue) -> Void) {
        for t in typeChanges(v) { emit("type: \(t.0)", path, t.1) }
        switch v {
        case .object(let members):
            for m in members { walk(m.node.value, path + [.key(m.key)], emit) }
        case .array(let items):
            for (kind, changed) in arrayChanges(items) { emit("array: \(kind)", path, .array(changed)) }
            for i in sampledIndices(items.count) { walk(items[i].value, path + [.index(i)], emit) }
        case .number(let x, let integer):
            for (kind, y) in numberChanges(x, integer: integer) { emit("number: \(kind)", path, y) }
        case .string(let s):
            if let r = Rational(parsing: s) {
                for (kind, changed) in rationalChanges(r) {
                    emit("rational: \(kind)", path, .string(changed.description))
                }
            } else {
                emit("string: changed", path, .string(s + "x"))
                for other in ["l1", "l2", "linf"] where ["l1", "l2", "linf"].contains(s) && other != s {
                    emit("string: norm swapped", path, .string(other))
                }
            }
        case .bool(let b):
            emit("bool: flipped", path, .bool(!b))
        case .null:
            break
        }
    }

    /// Which elements of an array of `count` get their own forgeries: all of a short array; the
    /// first, the last and two seeded others of a long one (the checks are per element, and the
    /// suite must stay fast).
    private mutating func sampledIndices(_ count: Int) -> [Int] {
        guard count > 4 else { return Array(0..<count) }
        var picked: Set<Int> = [0, count - 1]
        while picked.count < 4 { picked.insert(Int(random.next() % UInt64(count))) }
        return picked.sorted()
    }

    private func typeChanges(_ v: JSONValue) -> [(String, JSONValue)] {
        switch v {
        case .number: return [("number to string", .string("1")), ("to null", .null)]
        case .string: return [("string to number", .number(1, integerLiteral: true)), ("to null", .null)]
        case .array: return [("array to object", .object([])), ("to null", .null)]
        case .object: return [("object to array", .array([])), ("to null", .null)]
        case .bool: return [("bool to number", .number(0, integerLiteral: true))]
        case .null: return [("null to number", .number(0, integerLiteral: true))]
        }
    }

    private func arrayChanges(_ items: [JSONNode]) -> [(String, [JSONNode])] {
        guard !items.isEmpty else {
            return [("add an element", [JSONNode(.number(0, integerLiteral: true), offset: 0)])]
        }
        var out: [(String, [JSONNode])] = [
            ("drop the first", Array(items.dropFirst())), ("drop the last", Array(items.dropLast())),
            ("repeat the last", items + [items[items.count - 1]]),
        ]
        if items.count > 1 {
            var swapped = items
            swapped.swapAt(0, 1)
            out.append(("swap the first two", swapped))
            out.append(("reverse", items.reversed()))
        }
        return out
    }

    private mutating func numberChanges(_ x: Double, integer: Bool) -> [(String, JSONValue)] {
        var out: [(String, Double)] = [
            ("1 ulp up", x.nextUp), ("1 ulp down", x.nextDown), ("relative 1e-12", x * (1 + 1e-12)),
            ("sign", -x), ("zero", 0), ("times 2", x * 2), ("half", x / 2),
        ]
        let k = Double(random.next() % 1000 + 1)
        out.append(("seeded relative change", x * (1 + k * 0x1p-30)))
        if lean { out = out.filter { ["1 ulp up", "sign", "zero", "seeded relative change"].contains($0.0) } }
        var values = out.filter { $0.1.isFinite && $0.1.bitPattern != x.bitPattern }.map {
            ($0.0, JSONValue.number($0.1, integerLiteral: false))
        }
        if integer {
            for (kind, y) in [("+1", x + 1), ("-1", x - 1), ("out of range", 999), ("negative", -1)]
            where y != x && (!lean || kind != "-1") {
                values.append(("integer \(kind)", .number(y, integerLiteral: true)))
            }
        }
        return values
    }

    private func rationalChanges(_ r: Rational) -> [(String, Rational)] {
        let candidates: [(String, Rational)] = [
            ("numerator + 1", Rational(r.numerator + 1, r.denominator)), ("sign", Rational.zero - r), ("zero", .zero),
            ("times 2", r * Rational(2)), ("denominator + 1", Rational(r.numerator, r.denominator + 1)),
        ]
        return candidates.filter { $0.1 != r && (!lean || ["numerator + 1", "sign", "times 2"].contains($0.0)) }
    }
}

extension Forger {
    /// The object-member forgeries need the parent object: dropping and duplicating a key.
    static func memberForgeries(of root: JSONValue, only: Set<String>? = nil) -> [Forgery] {
        var out: [Forgery] = []
        func visit(_ v: JSONValue, _ path: [Step]) {
            switch v {
            case .object(let members):
                for (i, m) in members.enumerated() {
                    var dropped = members
                    dropped.remove(at: i)
                    out.append(
                        Forgery(
                            kind: "key: drop", path: path + [.key(m.key)],
                            text: JSONWriter.write(replacing(root, at: path[...], with: .object(dropped)))))
                    var duplicated = members
                    duplicated.append(m)
                    out.append(
                        Forgery(
                            kind: "key: duplicate", path: path + [.key(m.key)],
                            text: JSONWriter.write(replacing(root, at: path[...], with: .object(duplicated)))))
                }
                var extra = members
                extra.append(("zz_unverified", JSONNode(.number(1, integerLiteral: true), offset: 0)))
                out.append(
                    Forgery(
                        kind: "key: unknown added", path: path,
                        text: JSONWriter.write(replacing(root, at: path[...], with: .object(extra)))))
                for m in members { visit(m.node.value, path + [.key(m.key)]) }
            case .array(let items):
                for (i, item) in items.enumerated() { visit(item.value, path + [.index(i)]) }
            default:
                break
            }
        }
        if let keys = only, case .object(let members) = root {
            for m in members where keys.contains(m.key) { visit(m.node.value, [.key(m.key)]) }
        } else {
            visit(root, [])
        }
        return out
    }
}
