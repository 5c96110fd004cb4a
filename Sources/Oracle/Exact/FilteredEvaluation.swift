import BigInt

/// A rational vector stored as integers over one common denominator, with a correctly rounded
/// double image of each entry, for filtered exact evaluation of dot products with double data.
///
/// The filter follows CGAL's filtered predicates: the dot product is computed in floating point
/// together with a rigorous bound on its error; only when that bound cannot decide the sign of a
/// comparison is the exact integer computation run. Deciding exactly costs time proportional to
/// the number of undecided comparisons (the tight points), not to the size of the data.
struct FilteredVector: Sendable {
    let approx: [Double]
    let common: IntegerVector
    /// Coordinates whose rounded image is below the normal range while the exact value is not
    /// zero: their absolute error is up to 2^-1075, which no relative bound covers, so a row's
    /// error bound gains `|a_j| 2^-1074` for each of them.
    let underflowed: [Int]

    init(_ values: [Rational]) {
        self.init(values, common: IntegerVector(values))
    }

    /// When the common-denominator form is already known (`common` must equal `values`).
    init(_ values: [Rational], common: IntegerVector) {
        let rounded = values.map(\.doubleValue)
        approx = rounded
        self.common = common
        underflowed = values.indices.filter { !values[$0].isZero && abs(rounded[$0]) < 0x1p-1022 }
    }

    /// `sum_{j underflowed} |a_j| 2^-1074` for a dense row (0 when no coordinate underflowed).
    private func underflowError(dense a: [Double]) -> Double {
        underflowed.reduce(0.0) { $0 + abs(a[$1]) } * 0x1p-1074
    }

    /// The same for a sparse row.
    private func underflowError(_ entries: [(column: Int, value: Double)]) -> Double {
        underflowed.isEmpty
            ? 0 : entries.reduce(0.0) { underflowed.contains($1.column) ? $0 + abs($1.value) : $0 } * 0x1p-1074
    }

    /// Exact `sum_j a_j x_j` for sparse double coefficients.
    func exactDot(_ entries: [(column: Int, value: Double)]) -> Rational { common.dot(sparse: entries) }

    /// Exact `sum_j a_j x_j` for dense double coefficients.
    func exactDot(dense a: [Double]) -> Rational { common.dot(a) }

    /// Compares `sum_j a_j x_j` with `bound`: returns `-1`, `0`, `1` exactly, using the float
    /// filter when it is conclusive.
    func compareDot(_ entries: [(column: Int, value: Double)], with bound: Rational) -> Int {
        var s = 0.0
        var magnitude = 0.0
        for (j, a) in entries {
            let p = a * approx[j]
            s += p
            magnitude += abs(p)
        }
        if let decided = FilteredVector.decide(
            sum: s, magnitude: magnitude, terms: entries.count, bound: bound,
            underflow: underflowError(entries))
        {
            return decided
        }
        let exactValue = exactDot(entries)
        return exactValue < bound ? -1 : (exactValue == bound ? 0 : 1)
    }

    /// ``compareDot(_:with:)`` for many dense rows: the float filter first, then one batched exact
    /// evaluation (``IntegerVector/dots(_:)``) of the rows it could not decide.
    func compareDots(dense rows: [[Double]], with bound: Rational) -> [Int] {
        var result = [Int](repeating: 0, count: rows.count)
        var undecided: [Int] = []
        let b = bound.doubleValue
        for (n, a) in rows.enumerated() {
            var s = 0.0
            var magnitude = 0.0
            for j in a.indices {
                let p = a[j] * approx[j]
                s += p
                magnitude += abs(p)
            }
            if let decided = FilteredVector.decide(
                sum: s, magnitude: magnitude, terms: a.count, roundedBound: b,
                underflow: underflowError(dense: a))
            {
                result[n] = decided
            } else {
                undecided.append(n)
            }
        }
        for (n, exactValue) in zip(undecided, common.dots(undecided.map { rows[$0] })) {
            result[n] = exactValue < bound ? -1 : (exactValue == bound ? 0 : 1)
        }
        return result
    }

    /// The exact minimum of `row . x` over dense rows and the first row attaining it. Float values
    /// with the error bound of ``decide(sum:magnitude:terms:roundedBound:underflow:)`` rule out every
    /// row whose interval lies above the smallest upper end; the rest are evaluated exactly, in one
    /// batch. `rows` must not be empty.
    func exactArgMin(dense rows: [[Double]]) -> (index: Int, value: Rational) {
        var lower = [Double](repeating: -.infinity, count: rows.count)
        var smallestUpper = Double.infinity
        for (n, a) in rows.enumerated() {
            var s = 0.0
            var magnitude = 0.0
            for j in a.indices {
                let p = a[j] * approx[j]
                s += p
                magnitude += abs(p)
            }
            let error =
                FilteredVector.sumError(magnitude: magnitude, terms: a.count, underflow: underflowError(dense: a))
                + 0x1p-1073
            guard s.isFinite, error.isFinite else { continue }
            lower[n] = s - error
            smallestUpper = min(smallestUpper, s + error)
        }
        let candidates = rows.indices.filter { lower[$0] <= smallestUpper }
        let (numerators, denominator) = common.scaledDots(candidates.map { rows[$0] })
        var best = 0
        for i in numerators.indices where numerators[i] < numerators[best] { best = i }
        return (candidates[best], Rational(numerators[best], denominator))
    }

    /// The bound on `|s - exact|` of the error model below (padded by 2), for a float sum `s`.
    static func sumError(magnitude: Double, terms: Int, underflow: Double) -> Double {
        2 * (Double(terms + 2) * 2 * 0x1p-53 * magnitude + Double(2 * terms + 4) * 0x1p-1074 + underflow)
    }

    /// The floating-point decision, or `nil` when the error bound straddles the bound.
    ///
    /// Error model (u = 2^-53): each approx[j] has relative error <= u; each product and each of
    /// the `terms` additions adds at most u times the running magnitude; underflow adds at most
    /// 2^-1074 per operation. So |s - exact| <= (terms + 2) * 2u * magnitude + (2 terms + 2) 2^-1074,
    /// padded by a factor 2 for the rounding of the bound computation itself. `underflow` adds the
    /// error of coordinates whose image underflowed (``underflowed``), where the relative bound fails.
    static func decide(sum s: Double, magnitude: Double, terms: Int, bound: Rational, underflow: Double = 0) -> Int? {
        decide(sum: s, magnitude: magnitude, terms: terms, roundedBound: bound.doubleValue, underflow: underflow)
    }

    /// ``decide(sum:magnitude:terms:bound:)`` with the bound already rounded to the nearest double
    /// (`Rational.doubleValue`), for loops over many rows.
    static func decide(sum s: Double, magnitude: Double, terms: Int, roundedBound b: Double, underflow: Double = 0)
        -> Int?
    {
        guard s.isFinite, magnitude.isFinite, underflow.isFinite else { return nil }
        let u = 0x1p-53
        guard b.isFinite else { return nil }
        let diff = s - b
        let error =
            sumError(magnitude: magnitude, terms: terms, underflow: underflow)
            + 2 * u * abs(b) + 2 * u * abs(diff) + 0x1p-1073
        guard error.isFinite else { return nil }
        if diff > error { return 1 }
        if diff < -error { return -1 }
        return nil
    }
}
