import Foundation
import Oracle
import Testing

/// A two-layer document's `network.hidden` must be the certificate's network row by row: the same
/// numbers regrouped into rows of other lengths (a neuron with one weight too few, the next with one
/// too many) describe another network, and `verify` refuses it (issue 20, fifth blind set #4).
@Suite struct RegroupedNetworkTests {
    @Test("network.hidden with the certificate's numbers regrouped into other rows is refused")
    func regroupedRowsAreRefused() throws {
        let entry = try #require(GenuineCorpus.entries.first { $0.name == "two-layer leak 0.25" })
        #expect(ForgeryTests.outcome(entry.text) == .accepted)
        // The doubles' section comes last: move the first row's second weight into the second row.
        let start = try #require(entry.text.range(of: "\"hidden\" : [", options: .backwards))
        let regex = try NSRegularExpression(pattern: #"^(\s*\[\s*)([^,\]\s]+),(\s*)([^,\]\s]+)(\s*\],\s*\[)"#)
        let tail = String(entry.text[start.upperBound...])
        let range = NSRange(tail.startIndex..., in: tail)
        let match = try #require(regex.firstMatch(in: tail, range: range), "the first two rows not found")
        let regrouped = regex.replacementString(for: match, in: tail, offset: 0, template: "$1$2$5$3$4,")
        let forged =
            String(entry.text[..<start.upperBound]) + regrouped
            + String(tail[Range(match.range, in: tail)!.upperBound...])
        #expect(forged != entry.text)
        #expect(ForgeryTests.outcome(forged) != .accepted, "\(forged.suffix(400))")
    }
}
