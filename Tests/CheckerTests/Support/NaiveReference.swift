import Oracle

/// A deliberately naive re-derivation of a few claims, in plain `Rational` loops (no integer
/// vectors, no filters, no GMP batches), used only to classify forgeries of the premise (data,
/// leak): a forged data set may leave every claim of the document true, and then `verify` must
/// accept it.
enum NaiveReference {
    static func exact(_ rows: [[Double]]) -> [[Rational]] { rows.map { $0.map { Rational(exactly: $0)! } } }

    static func dot(_ a: [Rational], _ b: [Rational]) -> Rational {
        zip(a, b).reduce(Rational.zero) { $0 + $1.0 * $1.1 }
    }

    /// `lower` and `upper` as ``CertificateChecker`` defines them (squares for l2), or `nil` when
    /// the dual is not a distribution.
    static func bounds(_ doc: SolutionDocument) -> (lower: Rational, upper: Rational)? {
        guard let data = doc.data else { return nil }
        let z = exact(data.signedPoints)
        // Sparse: points increasing and in range, weights positive, summing to 1.
        let lambda = doc.certificate.dual.entries
        var previous = -1
        for e in lambda {
            guard e.point > previous, e.point < z.count, e.weight.signum > 0 else { return nil }
            previous = e.point
        }
        guard lambda.reduce(Rational.zero, { $0 + $1.weight }) == .one else { return nil }
        var v = [Rational](repeating: .zero, count: data.dimension)
        for e in lambda { for j in v.indices { v[j] = v[j] + e.weight * z[e.point][j] } }
        let upper: Rational
        switch doc.norm {
        case .l1: upper = v.map(\.magnitude).max()!
        case .linf: upper = v.reduce(Rational.zero) { $0 + $1.magnitude }
        case .l2: upper = dot(v, v)
        }
        var lower = Rational.zero
        if let w = doc.certificate.primal, w.count == data.dimension {
            let m = z.map { dot($0, w) }.min()!
            if m.signum > 0 {
                switch doc.norm {
                case .l1: lower = m / w.reduce(Rational.zero) { $0 + $1.magnitude }
                case .linf: lower = m / w.map(\.magnitude).max()!
                case .l2: lower = m * m / dot(w, w)
                }
            }
        }
        return (lower, upper)
    }

    /// Whether every point's margin at the leximin point equals the level it is listed at.
    static func leximinMarginsMatchLevels(_ doc: SolutionDocument) -> Bool {
        guard let stages = doc.lexicographicCertificate, let data = doc.data,
            let w = doc.lexicographicPinned?.point ?? stages.last?.primal, w.count == data.dimension
        else { return false }
        let z = exact(data.signedPoints)
        for stage in stages {
            for n in stage.points where n < 0 || n >= z.count || dot(z[n], w) != stage.value { return false }
        }
        return true
    }

    /// The normalized margin `min_n y_n f(x_n) / ||theta||^2` of the certificate's network.
    static func twoLayerLower(_ doc: TwoLayerDocument) -> Rational? {
        guard let alpha = Rational(exactly: doc.leak) else { return nil }
        let net = doc.certificate.network
        let x = exact(doc.data.points)
        let norm = zip(net.hidden, net.output).reduce(Rational.zero) { $0 + $1.1 * $1.1 + dot($1.0, $1.0) }
        guard norm.signum > 0 else { return nil }
        let q = x.indices.map { n -> Rational in
            let f = zip(net.hidden, net.output).reduce(Rational.zero) { acc, neuron in
                let s = dot(neuron.0, x[n])
                return acc + neuron.1 * (s.signum >= 0 ? s : alpha * s)
            }
            return Rational(exactly: doc.data.labels[n])! * f
        }
        let m = q.min()!
        return m.signum > 0 ? m / norm : .zero
    }
}

extension NaiveReference {
    /// Whether stage `k`'s primal is still a witness of its level: in the unit ball, every point
    /// fixed at an earlier stage at or above its level, and the smallest margin of the free points
    /// exactly the level.
    static func stagePrimalHolds(_ doc: SolutionDocument, stage k: Int) -> Bool {
        guard let stages = doc.lexicographicCertificate, k < stages.count, let w = stages[k].primal,
            let data = doc.data, w.count == data.dimension
        else { return false }
        let size = doc.norm == .linf ? w.map(\.magnitude).max()! : w.reduce(Rational.zero) { $0 + $1.magnitude }
        guard size <= .one else { return false }
        let z = exact(data.signedPoints)
        var fixed = [Rational?](repeating: nil, count: z.count)
        for stage in stages[..<k] { for n in stage.points where n >= 0 && n < z.count { fixed[n] = stage.value } }
        var smallestFree: Rational? = nil
        for n in z.indices {
            let m = dot(z[n], w)
            if let b = fixed[n] {
                if m < b { return false }
            } else if smallestFree == nil || m < smallestFree! {
                smallestFree = m
            }
        }
        return smallestFree == stages[k].value
    }

    /// Whether `a = c b` for some `c > 0` (the same direction, hence the same rounded unit vector).
    static func sameDirection(_ a: [Rational], _ b: [Rational]) -> Bool {
        guard a.count == b.count, let i = b.indices.first(where: { !b[$0].isZero }), !a[i].isZero else { return false }
        let c = a[i] / b[i]
        return c.signum > 0 && a.indices.allSatisfy { a[$0] == c * b[$0] }
    }
}
