import Foundation
import Testing

@testable import Checker

/// A fixture's leximin answers (`oracle.lexicographic`) carry no stage certificates, so `verify` checks
/// what follows from the weights alone ("checks the leximin answers for consistency at their `weights`",
/// Fixtures/README.md), here every rule of that consistency: every point at
/// exactly one level, each level's points in increasing order and at that margin, levels increasing,
/// `sorted_margins` the levels repeated, the first level the certified max margin. The generic forgery
/// suite accepts either verdict on these keys; here each rule is forged alone on the committed fixture
/// `nonunique-zlex-permuted` (Z_lex permuted, l1 leximin levels 1 -> {0, 1}, 2 -> {2}) and must be the
/// reason `verify` gives.
@Suite struct FixtureLexicographicForgeryTests {
    static let genuine = #"""
        "l1" : {"level_points": [[0, 1], [2]], "levels": ["1", "2"], "sorted_margins": ["1", "1", "2"], "weights": ["0", "0", "1"]},
        """#

    static func text(l1 replacement: String) throws -> String {
        let original = try GenuineCorpus.fixtureText("nonunique/nonunique-zlex-permuted.json")
        let start = try #require(original.range(of: "\"lexicographic\" : {"))
        let end = try #require(original.range(of: "\"linf\" : {", range: start.upperBound..<original.endIndex))
        return original.replacingCharacters(
            in: start.upperBound..<end.lowerBound, with: "\n" + replacement + "\n")
    }

    static func problems(_ text: String) throws -> [String] {
        try DocumentVerifier.verify(Array(text.utf8), source: nil).1
    }

    @Test("control: the fixture with its l1 leximin answer rewritten on one line verifies")
    func control() throws {
        #expect(try Self.problems(try Self.text(l1: Self.genuine)).isEmpty)
    }

    @Test(
        "each forged rule of a fixture's leximin answer is the reason verify gives",
        arguments: [
            (#"[[1, 0], [2]]"#, #"["1", "2"]"#, #"["1", "1", "2"]"#, "not strictly increasing"),
            (#"[[0, 1], [2, 2]]"#, #"["1", "2"]"#, #"["1", "1", "2"]"#, "not strictly increasing"),
            (#"[[0, 1], []]"#, #"["1", "2"]"#, #"["1", "1", "2"]"#, "empty"),
            (#"[[0, 1]]"#, #"["1"]"#, #"["1", "1"]"#, "point 2 is at no level"),
            (#"[[0, 1], [2], [1]]"#, #"["1", "2", "3"]"#, #"["1", "1", "2", "3"]"#, "listed twice"),
            (#"[[0, 1], [3]]"#, #"["1", "2"]"#, #"["1", "1", "2"]"#, "out of range"),
            (#"[[0, 1], [2]]"#, #"["1", "2"]"#, #"["1", "2", "2"]"#, "sorted_margins do not follow"),
            (#"[[0, 1], [2]]"#, #"["1", "2"]"#, #"["1", "1"]"#, "sorted_margins do not follow"),
            (#"[[0, 1], [2]]"#, #"["1", "3"]"#, #"["1", "1", "3"]"#, "is not its level"),
            (#"[[0, 1], [2]]"#, #"["1"]"#, #"["1", "1", "2"]"#, "do not match levels"),
        ])
    func forgedRule(_ points: String, _ levels: String, _ sorted: String, _ reason: String) throws {
        let forged =
            #""l1" : {"level_points": \#(points), "levels": \#(levels), "sorted_margins": \#(sorted), "weights": ["0", "0", "1"]},"#
        let problems = try Self.problems(try Self.text(l1: forged))
        #expect(problems.contains { $0.contains(reason) }, "\(points) \(levels) \(sorted): \(problems)")
    }

    /// The weights scaled by 2 with every level scaled with them: consistent partition and margins, but
    /// the weights leave the unit ball and the first level is no longer the certified max margin.
    @Test("weights outside the unit ball, levels scaled along: refused for the norm and the first level")
    func scaledWeights() throws {
        let forged =
            #""l1" : {"level_points": [[0, 1], [2]], "levels": ["2", "4"], "sorted_margins": ["2", "2", "4"], "weights": ["0", "0", "2"]},"#
        let problems = try Self.problems(try Self.text(l1: forged))
        #expect(problems.contains { $0.contains("norm 2 > 1") }, "\(problems)")
        #expect(problems.contains { $0.contains("is not the certified max margin") }, "\(problems)")
    }
}
