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

    /// The square roots' directed roundings (the l2 intervals): a perfect square of a double rounds to
    /// that double both ways; sqrt(2) to its two neighbouring doubles (the nearest, 1.4142135623730951, squares to
    /// 2.0000000000000004, so it lies above);
    /// beyond the double range, the largest double below and infinity above.
    @Test("directed square roots: exact at perfect squares, the neighbours of sqrt(2), the range's ends")
    func directedSquareRoots() {
        for (x, root) in [(Rational(4), 2.0), (Rational(BigInt(9), BigInt(4)), 1.5), (Rational(0), 0.0)] {
            #expect(DocumentRounding.squareRootRoundedDown(x) == root, "\(x)")
            #expect(DocumentRounding.squareRootRoundedUp(x) == root, "\(x)")
        }
        let nearest = 1.4142135623730951
        #expect(nearest * nearest == 2.0000000000000004)
        #expect(DocumentRounding.squareRootRoundedDown(Rational(2)) == nearest.nextDown)
        #expect(DocumentRounding.squareRootRoundedUp(Rational(2)) == nearest)
        let huge = Rational(BigInt(1) << 2100)
        #expect(DocumentRounding.squareRootRoundedDown(huge) == .greatestFiniteMagnitude)
        #expect(
            DocumentRounding.roundedDown(huge) == .greatestFiniteMagnitude
                && DocumentRounding.roundedUp(huge) == .infinity)
        #expect(
            DocumentRounding.roundedUp(-huge) == -.greatestFiniteMagnitude
                && DocumentRounding.roundedDown(-huge) == -.infinity)
    }
}
