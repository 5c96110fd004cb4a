import BigInt
import Exact
import Foundation
import Oracle
import Testing

@testable import Checker
@testable import StrictJSON

/// The readers' and the checker's documented limits at their edges: each is accepted exactly at the
/// limit and refused one unit past it, with the sentence that names it (README: "Reading documents",
/// the solution document's `data` row, `verify`'s two-layer limit). A limit tested only far away
/// from its edge lets `>` and `>=` trade places unseen.
@Suite struct DocumentedLimitTests {
    static func nested(_ depth: Int, open: String, close: String, inner: String) -> [UInt8] {
        Array((String(repeating: open, count: depth) + inner + String(repeating: close, count: depth)).utf8)
    }

    @Test("JSON nesting: 512 levels of arrays or objects are read, 513 are refused naming the limit")
    func nestingDepthEdge() throws {
        #expect(StrictJSON.maximumDepth == 512)
        for (open, close, inner) in [("[", "]", "1"), ("{\"a\":", "}", "1")] {
            _ = try StrictJSON.parse(Self.nested(512, open: open, close: close, inner: inner))
            #expect {
                try StrictJSON.parse(Self.nested(513, open: open, close: close, inner: inner))
            } throws: { error in
                "\(error)".contains("nested more than 512 deep")
            }
        }
    }

    /// A literal that ends exactly at the end of the file (a whole document `true`) is read; one cut
    /// short by the end of the file is refused.
    @Test("literals that end at the end of the file are read; cut short, refused")
    func literalAtTheEnd() throws {
        for text in ["true", "false", "null"] {
            #expect(try StrictJSON.parse(Array(text.utf8)).value.kindDescription == text)
            #expect(throws: JSONReadError.self, "\(text.dropLast())") {
                try StrictJSON.parse(Array(text.dropLast().utf8))
            }
        }
    }

    /// README: an exact rational in a document is at most 200000 characters long.
    @Test("an exact rational of 200000 characters is read, of 200001 refused naming the limit")
    func rationalLengthEdge() throws {
        #expect(Rational.maximumLength == 200_000)
        let digits = "1" + String(repeating: "0", count: 199_999)
        let read = try JSONDecoder().decode([Rational].self, from: Data("[\"\(digits)\"]".utf8))
        #expect(read.count == 1 && read[0].description.utf8.count == 200_000)
        #expect {
            try JSONDecoder().decode([Rational].self, from: Data("[\"\(digits)0\"]".utf8))
        } throws: { error in
            "\(error)".contains("longer than 200000 characters")
        }
        let negative = "-" + String(digits.dropLast())
        #expect(try JSONDecoder().decode([Rational].self, from: Data("[\"\(negative)\"]".utf8)).count == 1)
    }

    /// README: the limit holds for every exact number a document writes as text, also inside the
    /// `"sqrt(p/q)"` of an l2 `margin_exact` or a two-layer `limit_exact` (read apart from the rational
    /// fields: the limit was not applied there, so a hostile margin could be any length).
    @Test("a radicand of 200000 characters inside sqrt(...) is read, of 200001 refused; margin texts likewise")
    func squareRootTextLengthEdge() {
        let digits = "1" + String(repeating: "0", count: 199_999)
        #expect(Rational.documentSquareRootText("sqrt(\(digits))")?.description == digits)
        #expect(Rational.documentSquareRootText("sqrt(\(digits)0)") == nil)
        #expect(SolutionDocument.marginValue(norm: .l2, text: "sqrt(\(digits))")?.description == digits)
        #expect(SolutionDocument.marginValue(norm: .l2, text: "sqrt(\(digits)0)") == nil)
        #expect(SolutionDocument.marginValue(norm: .l1, text: digits)?.description == digits)
        #expect(SolutionDocument.marginValue(norm: .linf, text: digits + "0") == nil)
        for text in ["sqrt()", "sqrt(", "sqrt(1/2", "sqrt(2/4)", "sqrt(+1)", "1/2)", "sqrt(1/2))"] {
            #expect(Rational.documentSquareRootText(text) == nil, "\(text)")
        }
        #expect(Rational.documentSquareRootText("sqrt(1/2)") == Rational(1, 2))
    }

    /// README: the data are embedded when they have at most 1000000 numbers `n (d + 1)`.
    @Test("data of exactly 1000000 numbers n (d + 1) are embedded by default, of more are named")
    func embedLimitEdge() throws {
        #expect(SolutionDocument.embedLimit == 1_000_000)
        let row = [1.0, 2.0, 3.0]
        let atLimit = try Dataset(
            points: Array(repeating: row, count: 250_000), labels: Array(repeating: 1, count: 250_000))
        #expect(SolutionDocument.embeds(atLimit))
        let above = try Dataset(
            points: Array(repeating: row, count: 250_001), labels: Array(repeating: 1, count: 250_001))
        #expect(!SolutionDocument.embeds(above))
        #expect(SolutionDocument.embeds(try Dataset(points: [[1]], labels: [1])))
    }

    /// README (`verify`): a two-layer certificate in R^4 and beyond is refused when its dual support's
    /// worst case exceeds 10^7 faces: 104 points in general position in R^4 pass, 105 do not (R^5: 36, 37).
    @Test("verify's two-layer support limit: R^4 104 points pass and 105 are refused; R^5 36 and 37")
    func supportLimitEdge() {
        var rng = SplitMix64(seed: 7)
        func unit() -> Rational { Rational(BigInt(rng.below(1 << 24) - (1 << 23)), BigInt(1 << 23)) }
        for (d, documented) in [(4, 104), (5, 36)] {
            let points = (0...documented).map { _ in (0..<d).map { _ in unit() } }
            #expect(TwoLayerChecker.supportRefusal(Array(points.prefix(documented)), dimension: d) == nil, "d = \(d)")
            let refusal = TwoLayerChecker.supportRefusal(points, dimension: d)
            #expect(
                refusal?.contains("\(documented + 1) points of positive weight in R^\(d)") == true,
                "\(refusal ?? "nil")")
        }
    }
}
