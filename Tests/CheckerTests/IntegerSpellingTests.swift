import Foundation
import Oracle
import StrictJSON
import Testing

/// Integers (indices, counts, `prime`, `stages`, `width`) have one spelling: an integer literal. `2.0`,
/// `2e0` and `-0` denote the same numbers but are refused, so two readers cannot disagree about a
/// field that counts or indexes (independent mutant set 4, entry 14, accepted them unnoticed).
@Suite struct IntegerSpellingTests {
    struct Holder: Decodable { var n: Int }

    @Test("an Int field refuses 2.0, 2e0, 20e-1, -0 and 2.5 and reads 2 and -3")
    func integerLiteralsOnly() throws {
        for text in ["2.0", "2e0", "20e-1", "-0", "2.5", "1e400"] {
            #expect(throws: (any Error).self, "\(text) was read as an integer") {
                try StrictDecoder.decode(Holder.self, from: Array(#"{"n": \#(text)}"#.utf8), rejectUnknownKeys: true)
            }
        }
        #expect(try StrictDecoder.decode(Holder.self, from: Array(#"{"n": 2}"#.utf8), rejectUnknownKeys: true).n == 2)
        #expect(try StrictDecoder.decode(Holder.self, from: Array(#"{"n": -3}"#.utf8), rejectUnknownKeys: true).n == -3)
    }

    @Test("verify refuses a genuine document whose support index is written 0.0 instead of 0")
    func documentWithFloatIndexIsRefused() throws {
        let data = try Dataset(signedPoints: [[1, 0], [0, 1]])
        let document = SolutionDocument(try MaxMarginSolver.solve(data, norm: .l1), data: data)
        let text = String(decoding: try document.encoded(), as: UTF8.self)
        let support = try #require(document.support.first)
        let pattern = "\"support\" : [\n    \(support)"
        #expect(text.contains(pattern), "unexpected layout: \(text.prefix(400))")
        let forged = text.replacingOccurrences(of: pattern, with: "\"support\" : [\n    \(support).0")
        #expect(forged != text)
        #expect(throws: OracleError.self, "a support index written as \(support).0 was read") {
            try DocumentVerifier.verify(Array(forged.utf8), source: nil)
        }
    }
}
