/// How the solver finds a pin (the proof itself and its check are in Checker's ``PinnedFace``).
extension PinnedFace {
    /// The pin at `point` with weights `weights` (the stage's exact dual), when its conditions
    /// hold (one of ``ModularRank/primes`` witnesses the rank); `nil` otherwise.
    static func find(
        _ z: [[Double]], norm: Norm, fixed: [Rational?], point: [Rational], weights: PointWeights, stages: Int
    ) -> PinnedFace? {
        guard
            case .face(let rows, let columns) = LexicographicChecker.pinFace(
                point: point, weights: weights, z, norm, fixed: fixed)
        else { return nil }
        guard let prime = ModularRank.primes.first(where: { ModularRank.rank(rows, prime: $0) == columns }) else {
            return nil
        }
        return PinnedFace(stages: stages, point: point, weights: weights, prime: prime)
    }

    /// The levels after the pin: the points still free grouped by their exact margin at `point`,
    /// increasing (ties between points in index order, so the output is deterministic).
    static func levels(_ z: [[Double]], free: [Int], point: [Rational]) -> [LexicographicLevel] {
        let (numerators, denominator) = IntegerVector(point).scaledDots(free.map { z[$0] })
        let order = free.indices.sorted {
            numerators[$0] != numerators[$1] ? numerators[$0] < numerators[$1] : free[$0] < free[$1]
        }
        var levels: [LexicographicLevel] = []
        var start = 0
        while start < order.count {
            var end = start + 1
            while end < order.count, numerators[order[end]] == numerators[order[start]] { end += 1 }
            levels.append(
                LexicographicLevel(
                    pinnedValue: Rational(numerators[order[start]], denominator),
                    points: order[start..<end].map { free[$0] }))
            start = end
        }
        return levels
    }
}
