import Exact

/// A closed interval `[lo, hi]` of doubles that contains a real number known only through it: every
/// operation rounds its result outward by one ulp on each side, so the exact result of the same
/// operation on any members of the operands is a member of the result [D: a rounded-to-nearest result
/// is within half an ulp of the exact one]. A NaN or infinite end makes the interval the whole line.
///
/// The filter of ``ArrangementDualBound``: decisions it cannot make from an enclosure (a sign when the
/// interval contains 0, an order when two intervals overlap) go to exact arithmetic.
struct Enclosure {
    var lo: Double
    var hi: Double

    static let whole = Enclosure(lo: -.infinity, hi: .infinity)
    static let zero = Enclosure(lo: 0, hi: 0)

    init(lo: Double, hi: Double) {
        if lo.isNaN || hi.isNaN || !lo.isFinite || !hi.isFinite {
            self.lo = -.infinity
            self.hi = .infinity
        } else {
            self.lo = lo
            self.hi = hi
        }
    }

    /// The interval around a rational: its nearest double when that is exact, else the double on each side.
    init(_ r: Rational) {
        let d = r.doubleValue
        if d.isFinite, Rational(exactly: d) == r {
            self.init(lo: d, hi: d)
        } else {
            // `doubleValue` rounds to nearest, so the rational is strictly between the neighbours.
            self.init(lo: d.nextDown, hi: d.nextUp)
        }
    }

    /// +1 or -1 when every member has that sign, 0 when the interval contains 0.
    var sign: Int { lo > 0 ? 1 : (hi < 0 ? -1 : 0) }

    static func + (a: Enclosure, b: Enclosure) -> Enclosure {
        Enclosure(lo: (a.lo + b.lo).nextDown, hi: (a.hi + b.hi).nextUp)
    }

    static func - (a: Enclosure, b: Enclosure) -> Enclosure {
        Enclosure(lo: (a.lo - b.hi).nextDown, hi: (a.hi - b.lo).nextUp)
    }

    static prefix func - (a: Enclosure) -> Enclosure { Enclosure(lo: -a.hi, hi: -a.lo) }

    static func * (a: Enclosure, b: Enclosure) -> Enclosure {
        let p1 = a.lo * b.lo
        let p2 = a.lo * b.hi
        let p3 = a.hi * b.lo
        let p4 = a.hi * b.hi
        if p1.isNaN || p2.isNaN || p3.isNaN || p4.isNaN { return .whole }
        return Enclosure(lo: min(min(p1, p2), min(p3, p4)).nextDown, hi: max(max(p1, p2), max(p3, p4)).nextUp)
    }

    /// The quotient by a divisor of one sign; the whole line when the divisor's interval contains 0.
    static func / (a: Enclosure, b: Enclosure) -> Enclosure {
        guard b.sign != 0 else { return .whole }
        let q1 = a.lo / b.lo
        let q2 = a.lo / b.hi
        let q3 = a.hi / b.lo
        let q4 = a.hi / b.hi
        if q1.isNaN || q2.isNaN || q3.isNaN || q4.isNaN { return .whole }
        return Enclosure(lo: min(min(q1, q2), min(q3, q4)).nextDown, hi: max(max(q1, q2), max(q3, q4)).nextUp)
    }

    static func += (a: inout Enclosure, b: Enclosure) { a = a + b }
}
