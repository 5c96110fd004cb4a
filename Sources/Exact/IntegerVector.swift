import BigInt

/// A rational vector over one common denominator: `values[j] == integers[j] / denominator`.
///
/// Sums of products of rationals with different denominators cost a big gcd per operation;
/// over a common denominator they are plain integer arithmetic, with one normalization at the end.
/// This is the workhorse of every exact dot product in the oracle and in the checker.
public struct IntegerVector: Sendable, Equatable {
    public let integers: [BigInt]
    /// Positive.
    public let denominator: BigInt

    public init(_ values: [Rational]) {
        var l = BigInt(1)
        for v in values where v.denominator != 1 && v.denominator != l {
            l = IntegerVector.lcm(l, v.denominator)
        }
        denominator = l
        integers = values.map { v in
            if v.numerator.isZero { return 0 }
            return v.denominator == l ? v.numerator : v.numerator * FastIntegerKernels.exactQuotient(l, v.denominator)
        }
    }

    package static func lcm(_ a: BigInt, _ b: BigInt) -> BigInt {
        if a == 1 { return b }
        if b == 1 { return a }
        if let pa = powerOfTwoExponent(a), let pb = powerOfTwoExponent(b) { return BigInt(1) << max(pa, pb) }
        let g = BigInt(FastIntegerKernels.gcd(a.magnitude, b.magnitude))
        return a / g * b
    }

    /// `k` when `x == 2^k` (x > 0), else `nil`.
    package static func powerOfTwoExponent(_ x: BigInt) -> Int? {
        let m = x.magnitude
        let tz = m.trailingZeroBitCount
        return m.bitWidth == tz + 1 ? tz : nil
    }

    /// Exact `row . self` for a double row, as a rational: one integer dot product and one
    /// normalization.
    public func dot(_ row: [Double]) -> Rational {
        var terms = DyadicSum()
        for j in row.indices where row[j] != 0 && !integers[j].isZero { terms.add(row[j], times: integers[j]) }
        return terms.value(over: denominator)
    }

    /// Exact `row . self` for many dense double rows at once (one conversion of the big integers,
    /// the products in GMP): the batch form of ``dot(_:)``.
    public func dots(_ rows: [[Double]]) -> [Rational] {
        let (numerators, common) = scaledDots(rows)
        return numerators.map { Rational($0, common) }
    }

    /// Exact `row . self` for many dense double rows, as integers over one common positive
    /// denominator, not reduced: `dots(rows)[r] == numerators[r] / denominator`. Comparing or
    /// sorting the dots is then integer comparison.
    public func scaledDots(_ rows: [[Double]]) -> (numerators: [BigInt], denominator: BigInt) {
        if rows.isEmpty { return ([], denominator) }
        let d = integers.count
        // sum_j integers[j] * rows[r][j] is a combination of the columns with weights `integers`.
        let columns = (0..<d).map { j in rows.map { $0[j] } }
        let (sums, minExponent) = FastIntegerKernels.dyadicCombination(
            weights: integers, rows: columns, dimension: rows.count)
        return minExponent >= 0 ? (sums.map { $0 << minExponent }, denominator) : (sums, denominator << -minExponent)
    }

    /// Exact `sum_j row[j].value * self[row[j].column]` for a sparse double row.
    public func dot(sparse row: [(column: Int, value: Double)]) -> Rational {
        var terms = DyadicSum()
        for (j, a) in row where a != 0 && !integers[j].isZero { terms.add(a, times: integers[j]) }
        return terms.value(over: denominator)
    }

    /// Exact `sum_n self[n] * rows[n]` (a combination of double rows), one rational per coordinate.
    public func combination(of rows: [[Double]], dimension d: Int) -> [Rational] {
        combinationVector(of: rows, dimension: d).rationals
    }

    /// Exact `sum_n self[n] * rows[n]` over one common denominator, never normalized: the norms
    /// below then cost integer sums and one gcd, not a gcd per coordinate and per addition.
    /// Only the rows with a nonzero weight are read.
    public func combinationVector(of rows: [[Double]], dimension d: Int) -> IntegerVector {
        let used = integers.indices.filter { !integers[$0].isZero }
        let (sums, minExponent) = FastIntegerKernels.dyadicCombination(
            weights: used.map { integers[$0] }, rows: used.map { rows[$0] }, dimension: d)
        if minExponent >= 0 { return IntegerVector(integers: sums.map { $0 << minExponent }, denominator: denominator) }
        return IntegerVector(integers: sums, denominator: denominator << -minExponent)
    }

    /// The same direction as coprime integers: the integers divided by their greatest common
    /// divisor (all zeros stay zeros). A certificate's primal is a direction, and written so it is
    /// about half as long as over a common denominator.
    public var coprimeIntegers: [BigInt] {
        let g = integers.reduce(BigUInt(0)) { FastIntegerKernels.gcd($0, $1.magnitude) }
        guard g > 1 else { return integers }
        let divisor = BigInt(g)
        return integers.map { FastIntegerKernels.exactQuotient($0, divisor) }
    }

    /// Each coordinate in lowest terms.
    public var rationals: [Rational] { integers.map { Rational($0, denominator) } }

    /// `||v||_2^2`, exactly.
    public var squaredNorm: Rational {
        Rational(FastIntegerKernels.sumOfSquares(integers), denominator * denominator)
    }

    /// `||v||_1`, exactly.
    public var l1Norm: Rational { Rational(integers.reduce(BigInt(0)) { $0 + BigInt($1.magnitude) }, denominator) }

    /// `||v||_inf`, exactly.
    public var maxNorm: Rational { Rational(BigInt(integers.map(\.magnitude).max() ?? 0), denominator) }

    package init(integers: [BigInt], denominator: BigInt) {
        precondition(denominator.signum() > 0)
        self.integers = integers
        self.denominator = denominator
    }
}

/// An exact sum of terms `double * integer`: each double is `m 2^e`, so the sum is an integer
/// times `2^(min e)` once every term is shifted to the smallest exponent.
package struct DyadicSum {
    private var terms: [(BigInt, Int)] = []
    private var minExponent = Int.max

    package mutating func add(_ a: Double, times k: BigInt) {
        let (m, e) = Rational.dyadicParts(of: a)
        terms.append((m * k, e))
        minExponent = min(minExponent, e)
    }

    /// `sum / denominator` in lowest terms.
    package func value(over denominator: BigInt) -> Rational {
        if terms.isEmpty { return .zero }
        var sum = BigInt(0)
        for (p, e) in terms { sum += p << (e - minExponent) }
        return minExponent >= 0 ? Rational(sum << minExponent, denominator) : Rational(sum, denominator << -minExponent)
    }
}
