import BigInt

/// The points as the LPs see them: multiplied by the power of two `2^shift` that brings the largest
/// magnitude into [1, 2) when that magnitude lies outside [2^-64, 2^64] and every entry scales
/// exactly, else unchanged (`shift == 0`).
///
/// GLPK's absolute tolerances (1e-7) swallow a level of 1e-300: on such data every GLPK basis failed
/// the exact check and the solve ended in `glp_exact` for minutes (3000 points of size 1e-300, l1).
/// Scaling every point by the same `c > 0` leaves the optimal `w` and the point duals of the stage,
/// probe and face LPs unchanged and multiplies their levels by `c` (derived: each row and the
/// level scale alike), so the callers scale levels by ``factor`` going in and divide coming out.
/// Computed once per problem and shared by all its LPs.
struct UnitScaling: Sendable {
    let rows: [[Double]]
    let shift: Int
    /// `2^shift`, exactly.
    let factor: Rational

    init(_ z: [[Double]]) {
        if let (rows, shift) = UnitScaling.scaled(z) {
            self.rows = rows
            self.shift = shift
            factor = Rational.powerOfTwo(shift)
        } else {
            rows = z
            shift = 0
            factor = .one
        }
    }

    /// `z` times `2^shift` as described above, or `nil` when `z` is left as it is.
    static func scaled(_ z: [[Double]]) -> (rows: [[Double]], shift: Int)? {
        var largest = 0.0
        for row in z { for v in row { largest = max(largest, abs(v)) } }
        guard largest.isFinite, largest > 0, largest < 0x1p-64 || largest > 0x1p64 else { return nil }
        let shift = -Int(largest.exponent)
        var rows: [[Double]] = []
        rows.reserveCapacity(z.count)
        for row in z {
            var scaledRow = [Double](repeating: 0, count: row.count)
            for (j, v) in row.enumerated() where v != 0 {
                let s = Double(sign: v.sign, exponent: shift, significand: abs(v))
                guard s.isFinite, s != 0, Double(sign: s.sign, exponent: -shift, significand: abs(s)) == v else {
                    return nil
                }
                scaledRow[j] = s
            }
            rows.append(scaledRow)
        }
        return (rows, shift)
    }
}

extension Rational {
    /// `2^e`, exactly.
    static func powerOfTwo(_ e: Int) -> Rational {
        e >= 0 ? Rational(BigInt(1) << e) : Rational(BigInt(1), BigInt(1) << -e)
    }
}
