import Foundation

@testable import Oracle

/// Genuine documents of every kind `solve` writes, made by the solvers (small data, so that the
/// forgery suite stays fast): l1 / l2 / linf solutions on separable data, the same on data that are
/// not separable, leximin documents with and without a pin, and two-layer documents.
enum GenuineCorpus {
    struct Entry {
        var name: String
        var text: String
    }

    static let d3 = try! Dataset(points: [[2, 2, -1], [0, 3, 2], [-2, 3, 3], [1, 2, 1]], labels: [1, 1, -1, 1])
    static let zLex = try! Dataset(signedPoints: [[1, 1, 0], [1, 1, 1], [2, 0, 0]])
    /// `z_1 + z_2 = 0`: not separable through the origin.
    static let notSeparable = try! Dataset(points: [[1, 0.5], [-1, -0.5], [0.25, 1]], labels: [1, 1, 1])
    static let plane = try! Dataset(
        points: [[1, 0.5], [-0.75, 1], [-1, -0.25], [0.5, -1], [0.25, 0.75]], labels: [1, -1, 1, -1, 1])

    static func text<T: Encodable>(_ document: T) -> String {
        String(decoding: try! JSONCoding.encoder().encode(document), as: UTF8.self)
    }

    static func solution(_ data: Dataset, _ norm: Norm, lexicographic: Bool = false) throws -> String {
        var doc = SolutionDocument(try MaxMarginSolver.solve(data, norm: norm), data: data)
        if lexicographic { doc.attach(try LexicographicMaxMargin.solve(data, norm: norm)) }
        return text(doc)
    }

    static let names = [
        "D3 l1", "D3 l2", "D3 linf", "planted-9x3 l1", "planted-9x3 l2", "planted-9x3 linf", "not-separable l1",
        "not-separable l2", "not-separable linf", "Z_lex leximin l1", "planted leximin l1", "Z_lex leximin linf",
        "planted leximin linf", "two-layer leak 0.0", "two-layer leak 0.25", "array of two", "fixture reference-D3",
    ]

    /// The corpus, made once per test process (empty if a solver failed; the tests then fail).
    static let entries: [Entry] = (try? all()) ?? []

    /// Every genuine document of the corpus, named.
    static func all() throws -> [Entry] {
        var entries: [Entry] = []
        let planted = RandomDatasets.planted(n: 9, d: 3, margin: 0.1, bits: 8, seed: 0xF0_4637)
        for (name, data) in [("D3", d3), ("planted-9x3", planted)] {
            for norm in Norm.allCases {
                entries.append(Entry(name: "\(name) \(norm.rawValue)", text: try solution(data, norm)))
            }
        }
        for norm in Norm.allCases {
            entries.append(Entry(name: "not-separable \(norm.rawValue)", text: try solution(notSeparable, norm)))
        }
        for norm in [Norm.l1, .linf] {
            entries.append(
                Entry(name: "Z_lex leximin \(norm.rawValue)", text: try solution(zLex, norm, lexicographic: true)))
            entries.append(
                Entry(name: "planted leximin \(norm.rawValue)", text: try solution(planted, norm, lexicographic: true)))
        }
        for leak in [0.0, 0.25] {
            let s = try TwoLayerMaxMargin.solve(plane, leak: leak)
            entries.append(Entry(name: "two-layer leak \(leak)", text: text(TwoLayerDocument(s, data: plane))))
        }
        entries.append(Entry(name: "array of two", text: "[" + entries[0].text + "," + entries[4].text + "]"))
        entries.append(Entry(name: "fixture reference-D3", text: try fixtureText("reference/reference-D3.json")))
        return entries
    }

    /// The text of a committed fixture, by its path under `Fixtures/`.
    static func fixtureText(_ name: String) throws -> String {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        return try String(contentsOf: root.appendingPathComponent("Fixtures/" + name), encoding: .utf8)
    }
}
