import BigInt
import Foundation
import Oracle
import Testing

/// The directed roundings behind every interval a document prints (`margin` in `[low, high]`): the
/// largest double `<= x` and the smallest double `>= x`, against values written here. A rounding one
/// ulp too wide stays sound but makes `verify` accept looser intervals than the exact answer gives.
@Suite struct DocumentRoundingTests {
    @Test("an exact double rounds to itself both ways; 1/3 and -1/3 round to the neighbouring doubles")
    func directedRoundings() {
        for v in [0.5, -0.75, 3.0, 0x1p-1074, 1e300] {
            let x = Rational(exactly: v)!
            #expect(DocumentRounding.roundedDown(x) == v && DocumentRounding.roundedUp(x) == v, "\(v)")
        }
        let third = Rational(BigInt(1), BigInt(3))
        // 1.0 / 3 is the double nearest 1/3, and it lies below 1/3 (0.33333333333333331483...).
        #expect(DocumentRounding.roundedDown(third) == 1.0 / 3)
        #expect(DocumentRounding.roundedUp(third) == (1.0 / 3).nextUp)
        #expect(DocumentRounding.roundedDown(-third) == -(1.0 / 3).nextUp)
        #expect(DocumentRounding.roundedUp(-third) == -(1.0 / 3))
    }
}
