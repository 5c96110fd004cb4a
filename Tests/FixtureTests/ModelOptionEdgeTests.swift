import Foundation
import Oracle
import Testing
import Trainer

@testable import FixtureKit

/// A fixture's `model_options` (README, "Fixture format") are read by the same rules as `train`'s
/// options, at every edge: `widths` by one reader (`DeepLinearModel.hiddenWidths(parsing:)`), so a
/// hand-edited `"4, 4"` is two layers of 4 and `"4,x"` is refused, never read as `[4]` (it was, by a
/// second reader that dropped what it could not parse); `depth`, `width`, `leak` and `widths` each
/// accepted at the edge of their range and refused one past it.
@Suite struct ModelOptionEdgeTests {
    @Test("the widths reader: blanks around entries allowed; empty, non-numeric, zero or negative entries refused")
    func widthsReader() {
        let read: [(String, [Int])] = [
            ("4,4", [4, 4]), ("4", [4]), (" 4 , 4 ", [4, 4]), ("4,\t4", [4, 4]), ("1,2,3", [1, 2, 3]),
        ]
        for (text, widths) in read { #expect(DeepLinearModel.hiddenWidths(parsing: text) == widths, "\(text)") }
        for text in ["", " ", "4,", ",4", "4,,4", "4,x", "x", "0,4", "4,-1", "4;4", "4.0", "4 4", "4,\n4"] {
            #expect(DeepLinearModel.hiddenWidths(parsing: text) == nil, "\(text.debugDescription)")
        }
    }

    static func training(_ model: String, _ options: [String: String]) throws -> TrainingProtocol {
        let f = try CheckJudgementTests.fixture("reference/reference-D3.json")
        var t = try #require(f.expectations.first).training
        t.model = model
        t.modelOptions = options
        return t
    }

    @Test("a fixture's deep-linear widths: \"1, 1\" is two hidden layers, and weights of one layer are refused")
    func spacedWidthsInAFixture() throws {
        let f = try CheckJudgementTests.fixture("reference/reference-D3.json")
        let id = "ngd-deep-linear-l2"
        let i = try #require(f.expectations.firstIndex { $0.id == id })
        var spaced = f
        spaced.expectations[i].training.modelOptions["widths"] = "1, 1"
        let model = try spaced.expectations[i].training.makeModel(dimension: 3)
        #expect((model as? DeepLinearModel)?.widths == [3, 1, 1, 1])
        // Weights of the shape the dropped entry would have made ([3, 1, 1]) are the wrong network.
        let short = SubmittedWeights(model: "deep-linear", layers: [[[1, 1, 1]], [[1]]])
        #expect(throws: OracleError.self) { try FixtureChecker.check(spaced, weights: short, expectationID: id) }
        var junk = f
        junk.expectations[i].training.modelOptions["widths"] = "1,x"
        #expect(throws: OracleError.self) { try FixtureChecker.check(junk, weights: short, expectationID: id) }
    }

    @Test("each model option at the edge of its range is built, and one past it refused")
    func optionEdges() throws {
        let built: [(String, [String: String])] = [
            ("deep-linear", ["widths": "1024"]), ("deep-linear", ["widths": "1"]), ("diagonal", ["depth": "1"]),
            ("diagonal", ["depth": "16"]), ("two-layer", ["width": "1", "leak": "0"]),
            ("two-layer", ["width": "4096", "leak": "1"]),
        ]
        for (model, options) in built {
            #expect(throws: Never.self, "\(model) \(options)") {
                _ = try Self.training(model, options).makeModel(dimension: 3)
            }
        }
        let refused: [(String, [String: String])] = [
            ("deep-linear", ["widths": "1025"]), ("deep-linear", ["widths": "4,1025"]), ("diagonal", ["depth": "0"]),
            ("diagonal", ["depth": "17"]), ("two-layer", ["width": "0", "leak": "0"]),
            ("two-layer", ["width": "4097", "leak": "0"]), ("two-layer", ["width": "1", "leak": "1.0000000000000002"]),
            ("two-layer", ["width": "1", "leak": "-5e-324"]),
        ]
        for (model, options) in refused {
            #expect(throws: OracleError.self, "\(model) \(options)") {
                _ = try Self.training(model, options).makeModel(dimension: 3)
            }
        }
    }
}
