import Foundation
import StrictJSON
import Testing

@testable import Oracle

/// Hostile input and concurrency: the oracle refuses bad input with a clear error and never crashes,
/// hangs or answers differently when solves run in parallel.
@Suite struct RobustnessTests {
    static let validJSON = #"{"X": [[2, 2, -1], [0, 3, 2], [-2, 3, 3], [1, 2, 1]], "y": [1, 1, -1, 1]}"#
    static let validCSV = "x1,x2,x3,y\n2,2,-1,1\n0,3,2,1\n-2,3,3,-1\n1,2,1,1\n"
    static let tokens = [
        "NaN", "Infinity", "-Infinity", "1e400", "-1e400", "\"1\"", "null", "true", "[]", "{}", "0", "1.5", "-0",
        "1e-400",
        "\u{0}", "\"", "[", "]", ",", "}", "{", "nan", "inf", "0x10", "1_000", "--1", "", " ", "\n",
        "9999999999999999999999",
    ]

    /// One seeded mutation of a valid input: byte flips, truncation, token insertion or replacement.
    static func mutate(_ text: String, _ g: inout SplitMix64) -> String {
        var chars = Array(text.unicodeScalars)
        for _ in 0..<(1 + g.below(4)) {
            guard !chars.isEmpty else { break }
            let i = g.below(chars.count)
            switch g.below(5) {
            case 0: chars[i] = Unicode.Scalar(UInt8(32 + g.below(95)))
            case 1: chars = Array(chars[0..<i])
            case 2: chars.insert(contentsOf: tokens[g.below(tokens.count)].unicodeScalars, at: i)
            case 3: chars.remove(at: i)
            default:
                // Replace a number-ish run with a token.
                var j = i
                while j < chars.count, "0123456789-.e".unicodeScalars.contains(chars[j]) { j += 1 }
                chars.replaceSubrange(i..<j, with: tokens[g.below(tokens.count)].unicodeScalars)
            }
        }
        var s = String.UnicodeScalarView()
        s.append(contentsOf: chars)
        return String(s)
    }

    @Test("10000 seeded malformed JSON and CSV inputs: a valid data set or an OracleError, never a crash")
    func fuzzLoaders() {
        var g = SplitMix64(seed: TestSeeds.seed(0, 71))
        var refused = 0
        var accepted = 0
        for i in 0..<10_000 {
            let json = i % 2 == 0
            let input = Self.mutate(json ? Self.validJSON : Self.validCSV, &g)
            do {
                let d = json ? try DatasetLoader.parseJSON(Data(input.utf8)) : try DatasetLoader.parseCSV(input)
                // Whatever loads satisfies the invariants.
                #expect(
                    d.count > 0 && d.points.allSatisfy { $0.count == d.dimension && $0.allSatisfy(\.isFinite) }
                        && d.labels.allSatisfy { $0 == 1 || $0 == -1 }, "case \(i): \(input)")
                accepted += 1
            } catch {
                #expect(!"\(error)".isEmpty)
                refused += 1
            }
        }
        #expect(refused > 5000 && accepted > 100, "refused \(refused), accepted \(accepted)")
    }

    /// The one-pass data-set reader (``StrictJSON/dataSetArrays(_:)``) must never accept what the tree
    /// reader refuses, nor read anything differently: on 4000 seeded mutations of valid documents
    /// (with other keys, nested values, duplicates and strings around the arrays), whatever
    /// `DatasetLoader.parseJSON` answers equals what the tree reader alone answers.
    @Test("4000 mutated documents: the one-pass JSON data-set reader agrees with the tree reader, value and verdict")
    func onePassJSONReaderAgreesWithTheTree() {
        var g = SplitMix64(seed: TestSeeds.seed(0, 72))
        let bases = [
            Self.validJSON,
            #"{"meta": {"X": [1], "y": "s"}, "y": [1, -1], "X": [[1.5e0, -2], [0, 3e-2]], "z": [true, null, "\u00e9"]}"#,
            #"{"X": [[1, 2]], "y": [1], "X": [[3, 4]]}"#,
        ]
        #expect(
            StrictJSON.dataSetArrays(Array(bases[0].utf8)) != nil
                && StrictJSON.dataSetArrays(Array(bases[1].utf8)) != nil)
        #expect(StrictJSON.dataSetArrays(Array(bases[2].utf8)) == nil, "a duplicate key read by the one-pass reader")
        var fast = 0
        for i in 0..<4000 {
            let input = Self.mutate(bases[i % bases.count], &g)
            let bytes = Array(input.utf8)
            let tree = Result { try StrictDecoder.decode(Dataset.self, from: bytes, rejectUnknownKeys: false) }
            if StrictJSON.dataSetArrays(bytes) != nil { fast += 1 }
            switch (tree, Result { try DatasetLoader.parseJSON(Data(bytes)) }) {
            case (.success(let a), .success(let b)):
                #expect(
                    a == b && a.points.flatMap { $0 }.map(\.bitPattern) == b.points.flatMap { $0 }.map(\.bitPattern),
                    "case \(i): \(input)")
            case (.failure(let a), .failure(let b)):
                #expect("\(b)".contains("\(a)"), "case \(i): the tree says \(a), the loader \(b) on \(input)")
            case (let a, let b):
                Issue.record("case \(i): the tree reader gives \(a), the loader \(b) on \(input)")
            }
        }
        #expect(fast > 100, "the one-pass reader took only \(fast) of 4000 documents")
    }

    @Test("deeply nested, huge and empty documents are refused quickly")
    func pathologicalDocuments() {
        let deep = String(repeating: "[", count: 100_000)
        let many = "{\"X\": [" + Array(repeating: "[1, 2]", count: 20_000).joined(separator: ",") + "], \"y\": [1]}"
        for input in [deep, many, "", " ", "{}", "{\"X\": 5, \"y\": 1}", "\u{FEFF}" + Self.validJSON.dropLast()] {
            #expect(throws: OracleError.self) { try DatasetLoader.parseJSON(Data(input.utf8)) }
        }
    }

    @Test("parallel solves on many data sets (TaskGroup) give the same certificates as serial solves")
    func parallelSolvesAgree() async throws {
        let sets = (0..<24).map {
            RandomDatasets.planted(n: 30, d: 4, margin: 0.05, bits: 20, seed: TestSeeds.seed($0, 72))
        }
        var serial: [MarginCertificate] = []
        for data in sets {
            for norm in Norm.allCases { serial.append(try MaxMarginSolver.solve(data, norm: norm).certificate) }
        }
        let parallel = try await withThrowingTaskGroup(of: (Int, MarginCertificate).self) { group in
            for (i, data) in sets.enumerated() {
                for (k, norm) in Norm.allCases.enumerated() {
                    group.addTask { (3 * i + k, try MaxMarginSolver.solve(data, norm: norm).certificate) }
                }
            }
            var out = [MarginCertificate?](repeating: nil, count: serial.count)
            for try await (index, certificate) in group { out[index] = certificate }
            return out.map { $0! }
        }
        #expect(parallel == serial)
    }
}
