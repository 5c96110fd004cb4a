extension MaxMarginSolver {
    /// Whether the l1 / l-infinity max-margin solution is unique (SPEC.md 7.1): for each
    /// coordinate, the exact minimum and maximum of `w_j` over the optimal face
    /// `{w in ball : z_n . w >= gamma*}` must coincide (2d exact LPs). The l2 solution is always
    /// unique. Direction convergence may only be asserted when this returns `true`; otherwise
    /// tests must check the margin value alone (SPEC.md 2.2).
    public static func isUnique(_ data: Dataset, norm: Norm) throws(OracleError) -> Bool {
        if norm == .l2 { return true }
        let optimum = try solve(data, norm: norm)
        guard optimum.status == .separable, let gamma = optimum.marginExact else { return false }
        // Far from unit scale the LPs run on the points times 2^shift (exact): the face, and so the
        // range of each w_j, is the same with the level scaled alike.
        let scaling = UnitScaling(data.signedPoints)
        let z = scaling.rows
        let level = gamma * scaling.factor
        for j in 0..<data.dimension {
            var range: [Rational] = []
            for sign in [1.0, -1.0] {
                let lp = PolyhedralPrograms.coordinate(z, data.dimension, norm: norm, j: j, sign: sign, level: level)
                let (best, _) = try LPSolve.certifiedOptimum(lp.program)
                range.append(sign > 0 ? best.objective : -best.objective)
            }
            if range[0] != range[1] { return false }
        }
        return true
    }
}
