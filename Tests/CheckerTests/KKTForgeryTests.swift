import Foundation
import Oracle
import Testing

/// `verify` on KKT documents, attacked (issue 18): every genuine document verifies, and every
/// forgery below makes a claim false, so `verify` must reject it by a named problem (not by a
/// crash or a decoding error, except the strict-reader kinds at the end). The forgeries cover
/// each witness (multipliers, subgradient, dual direction), each claimed number, the premise (the
/// problem, the tolerance, the input file) and the flags. The count per kind is printed.
@Suite struct KKTForgeryTests {
    /// Genuine documents: random problems with several active points, each geometry, and a
    /// problem where the l1 zero set and the l-infinity maximal set have several coordinates.
    static func genuine() throws -> [KKTDocument] {
        var documents: [KKTDocument] = []
        for i in 0..<6 {
            var g = SplitMix64(seed: 0x4B4B_F000 &+ UInt64(i))
            func value() -> Double { Double(Int(g.below(33)) - 16) / 8 }
            let n = 4 + i
            let p = 3 + i
            let rows = (0..<n).map { _ in (0..<p).map { _ in value() } }
            // theta near the cone of the first three gradients (the active points), so that the
            // witnesses are not trivial: positive multipliers, a residual below 1.
            let weights = (0..<3).map { _ in Double(1 + g.below(4)) / 4 }
            var theta = (0..<p).map { j in (0..<3).reduce(0.0) { $0 + weights[$1] * rows[$1][j] } + value() / 8 }
            if i % 2 == 0 { theta[p - 1] = 0 }
            // Ties at the largest magnitude (several maximal coordinates for l-infinity) in half of them.
            if i % 2 == 1 {
                let top = theta.map { abs($0) }.max()!
                theta[0] = top
                theta[1] = -top
            }
            if theta.allSatisfy({ $0 == 0 }) { theta[0] = 1 }
            let margins = (0..<n).map { k in k < 3 ? 1 : 1 + Double(g.below(4)) }
            let problem = try KKTProblem(
                parameters: theta, margins: margins, marginGradients: rows, order: Double(1 + i % 3))
            for geometry in Norm.allCases {
                let c = try KKTSolver.solve(problem, geometry: geometry, tolerance: 1e-3)
                documents.append(
                    KKTDocument(problem: problem, certificate: c, tolerance: 1e-3, input: nil, embed: true))
            }
        }
        // By hand: two maximal coordinates of opposite signs, one active point whose gradient is the
        // first one's direction. In l-infinity the residual is 0 with w = e_0, and the dual direction
        // r = (0, -1, *) has sign(theta_1) r_1 = 1 above the bound 0: a witness where the maximal
        // coordinates are not all tight.
        let hand = try KKTProblem(
            parameters: [1, -1, 0.5], margins: [1, 2], marginGradients: [[1, 0, 0], [0, 1, 0]], order: 2)
        for geometry in Norm.allCases {
            let c = try KKTSolver.solve(hand, geometry: geometry, tolerance: 1e-3)
            documents.append(KKTDocument(problem: hand, certificate: c, tolerance: 1e-3, input: nil, embed: true))
        }
        return documents
    }

    typealias Forgery = (kind: String, forge: @Sendable (KKTDocument) -> KKTDocument?)

    static let forgeries: [Forgery] = [
        (
            "multiplier doubled",
            { d in
                guard let n = d.certificate.multipliers.points.first else { return nil }
                var f = d
                let w = d.certificate.multipliers.entries.map {
                    (point: $0.point, weight: $0.point == n ? $0.weight * Rational(2) : $0.weight)
                }
                f.certificate.multipliers = PointWeights(w)
                return f
            }
        ),
        (
            "multiplier on an inactive point",
            { d in
                guard let n = (0..<d.shape[0]).first(where: { !d.active.contains($0) }) else { return nil }
                var f = d
                f.certificate.multipliers = PointWeights(
                    d.certificate.multipliers.entries + [(point: n, weight: Rational(1, 1000))])
                return f
            }
        ),
        (
            "multiplier removed",
            { d in
                guard !d.certificate.multipliers.points.isEmpty else { return nil }
                var f = d
                f.certificate.multipliers = PointWeights(Array(d.certificate.multipliers.entries.dropFirst()))
                return f
            }
        ),
        (
            "lower raised",
            { d in
                var f = d
                f.certificate.lower = d.certificate.lower + Rational(1, 1 << 40)
                return f
            }
        ),
        (
            "upper lowered",
            { d in
                guard d.certificate.upper.signum > 0 else { return nil }
                var f = d
                f.certificate.upper = d.certificate.upper * Rational(999, 1000)
                return f
            }
        ),
        (
            "epsilon one ulp off",
            { d in
                var f = d
                f.epsilon = d.epsilon.nextUp
                return f
            }
        ),
        (
            "exact flag flipped",
            { d in
                var f = d
                f.certificate.exact.toggle()
                return f
            }
        ),
        (
            "squared flag flipped",
            { d in
                var f = d
                f.certificate.squared.toggle()
                return f
            }
        ),
        (
            "active set missing a point",
            { d in
                var f = d
                f.active.removeLast()
                return f
            }
        ),
        (
            "support altered",
            { d in
                var f = d
                f.support = d.support.isEmpty ? [0] : Array(d.support.dropLast())
                return f
            }
        ),
        (
            "tolerance changed",
            { d in
                var f = d
                f.tolerance = 2e-3
                return f
            }
        ),
        (
            "certificate tolerance changed",
            { d in
                var f = d
                f.certificate.tolerance = Rational(1, 10)
                return f
            }
        ),
        (
            "geometry swapped",
            { d in
                var f = d
                f.geometry = d.geometry == .l2 ? .linf : .l2
                return f
            }
        ),
        (
            "q_min changed",
            { d in
                var f = d
                f.qMin = d.qMin * 2
                return f
            }
        ),
        (
            "normalized margin changed",
            { d in
                var f = d
                f.normalizedMargin = d.normalizedMargin * (1 + 1e-9)
                return f
            }
        ),
        (
            "delta changed",
            { d in
                var f = d
                f.delta = d.delta + 1e-6
                return f
            }
        ),
        (
            "reported multiplier changed",
            { d in
                guard !d.multipliers.isEmpty else { return nil }
                var f = d
                f.multipliers[0] *= 1.5
                return f
            }
        ),
        (
            "order changed",
            { d in
                var f = d
                f.order = d.order + 1
                return f
            }
        ),
        (
            "shape changed",
            { d in
                var f = d
                f.shape = [d.shape[0] + 1, d.shape[1]]
                return f
            }
        ),
        (
            "premise: an active margin raised out of the active set",
            { d in
                guard var p = d.problem, let n = d.certificate.multipliers.points.first else { return nil }
                p.margins[n] = p.margins.max()! * 4
                var f = d
                f.problem = p
                return f
            }
        ),
        (
            "premise: a parameter changed",
            { d in
                guard var p = d.problem else { return nil }
                p.parameters[0] += 0.25
                var f = d
                f.problem = p
                return f
            }
        ),
        (
            "premise: a gradient of a supporting point changed",
            { d in
                guard var p = d.problem, let n = d.certificate.multipliers.points.first else { return nil }
                p.marginGradients[n][0] += 0.5
                var f = d
                f.problem = p
                return f
            }
        ),
        (
            "subgradient weight on a non-maximal coordinate (linf)",
            { d in
                guard d.geometry == .linf else { return nil }
                let theta = d.problem!.parameters.map { abs($0) }
                guard let j = theta.indices.first(where: { theta[$0] < theta.max()! * 0.9 }) else { return nil }
                var f = d
                let w = d.certificate.subgradient
                f.certificate.subgradient = CoordinateValues(
                    (w.coordinates.map { $0 } + [j]).sorted().map { i in
                        (coordinate: i, value: i == j ? Rational(1, 2) : w.dense(count: theta.count)[i] / Rational(2))
                    })
                return f
            }
        ),
        (
            "subgradient weights not summing to 1 (linf)",
            { d in
                guard d.geometry == .linf else { return nil }
                var f = d
                let w = d.certificate.subgradient
                f.certificate.subgradient = CoordinateValues(
                    zip(w.coordinates, w.values).map { (coordinate: $0.0, value: $0.1 * Rational(3, 2)) })
                return f
            }
        ),
        (
            "subgradient value outside [-1, 1] (l1)",
            { d in
                guard d.geometry == .l1, let z = d.certificate.subgradient.coordinates.first ?? zeroCoordinate(d) else {
                    return nil
                }
                var f = d
                f.certificate.subgradient = CoordinateValues([(coordinate: z, value: Rational(3, 2))])
                return f
            }
        ),
        (
            "subgradient value on a nonzero coordinate (l1)",
            { d in
                guard d.geometry == .l1 else { return nil }
                var f = d
                f.certificate.subgradient = CoordinateValues(
                    [(coordinate: 0, value: Rational(1, 2))]
                        + d.certificate.subgradient.coordinates.map { i in
                            (coordinate: i, value: d.certificate.subgradient.dense(count: d.shape[1])[i])
                        }.filter { $0.coordinate != 0 })
                return f
            }
        ),
        (
            "dual direction doubled",
            { d in
                guard let r = d.certificate.dual, d.geometry != .l2, d.certificate.lower.signum > 0 else { return nil }
                var f = d
                f.certificate.dual = CoordinateValues(
                    zip(r.coordinates, r.values).map { (coordinate: $0.0, value: $0.1 * Rational(2)) })
                return f
            }
        ),
        (
            "dual direction replaced by theta",
            { d in
                // With a residual of 1 (no multiplier helps) theta itself may be a valid dual direction.
                guard d.certificate.upper < .one else { return nil }
                var f = d
                f.certificate.dual = CoordinateValues(
                    dense: d.problem!.parameters.map { Rational(exactly: $0)! / Rational(16 * d.shape[1]) })
                return f
            }
        ),
        (
            "input reference with a wrong SHA-256",
            { d in
                var f = d
                let url = FileManager.default.temporaryDirectory.appendingPathComponent("kkt-forgery-\(getpid()).json")
                let bytes = try! JSONEncoder().encode(d.problem!)
                try! bytes.write(to: url)
                f.input = KKTDocument.InputReference(
                    file: url.path, bytes: bytes.count, sha256: String(repeating: "0", count: 64))
                f.problem = nil
                return f
            }
        ),
    ]

    static func zeroCoordinate(_ d: KKTDocument) -> Int? {
        d.problem!.parameters.firstIndex(of: 0)
    }

    @Test func genuineDocumentsVerifyAndEveryForgeryIsRejected() throws {
        let documents = try Self.genuine()
        for d in documents {
            let problems = d.problems()
            #expect(problems.isEmpty, "\(d.geometry) genuine document rejected: \(problems)")
            // And through the JSON text, as `verify` reads it.
            let text = try JSONEncoder().encode(d)
            #expect(try DocumentVerifier.verify(text).problems.isEmpty)
        }
        var tried: [String: Int] = [:]
        var rejected: [String: Int] = [:]
        var stillTrue: [String: Int] = [:]
        for (kind, forge) in Self.forgeries {
            for d in documents {
                guard let f = forge(d) else { continue }
                tried[kind, default: 0] += 1
                let problems = f.problems()
                if problems.isEmpty {
                    // A forged premise can leave the document true (the l-infinity residual depends on
                    // theta only through the signs of its maximal coordinates): accepted only if the
                    // solver's answer on the forged problem is the document's claim.
                    if kind.hasPrefix("premise:"), let p = f.problem,
                        let truth = try? KKTSolver.solve(p, geometry: f.geometry, tolerance: f.tolerance),
                        truth.upper == f.certificate.upper, truth.lower == f.certificate.lower
                    {
                        stillTrue[kind, default: 0] += 1
                        continue
                    }
                    #expect(Bool(false), "\(kind) (\(d.geometry)) was accepted")
                } else {
                    rejected[kind, default: 0] += 1
                }
            }
        }
        for (kind, _) in Self.forgeries {
            #expect((tried[kind] ?? 0) > 0, "forgery '\(kind)' never applied")
            let kept = stillTrue[kind].map { ", \($0) left the document true and were accepted" } ?? ""
            print("KKT forgery \(kind): rejected \(rejected[kind] ?? 0) of \(tried[kind] ?? 0)\(kept)")
        }
    }

    /// Consistent forgeries: a witness that breaks one rule of the checker, with every claim set to
    /// what the witnesses would prove if that rule were not checked (``NaiveKKT``). Only the rule
    /// itself can reject them, so each kind tests one rule.
    static let consistentForgeries: [(kind: String, forge: @Sendable (KKTDocument) -> KKTDocument?)] = [
        (
            "a multiplier on an inactive point",
            { d in
                guard let n = (0..<d.shape[0]).first(where: { !d.active.contains($0) }) else { return nil }
                return NaiveKKT.consistent(d) { c in
                    c.multipliers = PointWeights(c.multipliers.entries + [(point: n, weight: Rational(1, 2))])
                }
            }
        ),
        (
            "a negative multiplier",
            { d in
                guard let n = d.active.first else { return nil }
                return NaiveKKT.consistent(d) { c in
                    c.multipliers = PointWeights(
                        c.multipliers.entries.filter { $0.point != n } + [(point: n, weight: Rational(-1, 4))])
                }
            }
        ),
        (
            "l-infinity subgradient weight on a non-maximal coordinate",
            { d in
                guard d.geometry == .linf, let p = d.problem else { return nil }
                let m = p.parameters.map { abs($0) }
                guard let j = m.indices.first(where: { m[$0] < 0.9 * m.max()! }) else { return nil }
                return NaiveKKT.consistent(d) { c in c.subgradient = CoordinateValues([(coordinate: j, value: .one)]) }
            }
        ),
        (
            "l-infinity subgradient weights summing to 1/2",
            { d in
                guard d.geometry == .linf else { return nil }
                return NaiveKKT.consistent(d) { c in
                    c.subgradient = CoordinateValues(
                        zip(c.subgradient.coordinates, c.subgradient.values).map {
                            (coordinate: $0.0, value: $0.1 / Rational(2))
                        })
                }
            }
        ),
        (
            "l1 subgradient value outside [-1, 1]",
            { d in
                guard d.geometry == .l1, let z = d.problem?.parameters.firstIndex(of: 0) else { return nil }
                return NaiveKKT.consistent(d) { c in
                    c.subgradient = CoordinateValues([(coordinate: z, value: Rational(3))])
                }
            }
        ),
        (
            "a dual direction that is not dual feasible",
            { d in
                guard let p = d.problem else { return nil }
                // r = grad q_n of an active point: g_n . r = ||g_n||^2 > 0.
                guard let n = d.active.first(where: { p.marginGradients[$0].contains { $0 != 0 } }) else { return nil }
                let g = p.marginGradients[n].map { Rational(exactly: $0)! }
                let norm =
                    d.geometry == .linf ? g.map(\.magnitude).max()! : g.reduce(Rational.zero) { $0 + $1.magnitude }
                return NaiveKKT.consistent(d) { c in c.dual = CoordinateValues(dense: g.map { $0 / norm }) }
            }
        ),
        (
            "a dual direction beyond the norm ball",
            { d in
                // Without multipliers the residual is 1 (the upper bound); r scaled by 3/2 proves 3/2 of the
                // genuine lower bound, which stays at most 1 when that bound is at most 2/3.
                guard d.geometry != .l2, let r = d.certificate.dual, d.certificate.lower.signum > 0,
                    d.certificate.lower <= Rational(2, 3)
                else { return nil }
                return NaiveKKT.consistent(d) { c in
                    c.multipliers = PointWeights()
                    c.dual = CoordinateValues(
                        zip(r.coordinates, r.values).map { (coordinate: $0.0, value: $0.1 * Rational(3, 2)) })
                }
            }
        ),
    ]

    /// An l2 dual direction against theta (`r = -theta`, dual feasible when every active gradient
    /// has `g_n . theta >= 0`) proves nothing (`r . theta < 0`), yet `(r . theta)^2 / (||r||^2 ||theta||^2)`
    /// is 1: with no multipliers (upper bound 1) a document claiming the residual is exactly 1 must
    /// be rejected unless its witnesses prove it.
    @Test func l2DualAgainstThetaProvesNothing() throws {
        var tried = 0
        for d in try Self.genuine() where d.geometry == .l2 {
            guard let p = d.problem, d.certificate.upper < .one,
                d.active.allSatisfy({ n in zip(p.marginGradients[n], p.parameters).reduce(0) { $0 + $1.0 * $1.1 } > 0 })
            else { continue }
            var c = d.certificate
            c.multipliers = PointWeights()
            c.dual = CoordinateValues(dense: p.parameters.map { -(Rational(exactly: $0) ?? .zero) })
            c.lower = .one
            c.upper = .one
            c.exact = true
            let f = KKTDocument(problem: p, certificate: c, tolerance: d.tolerance, input: nil, embed: true)
            tried += 1
            #expect(!f.problems().isEmpty, "an l2 dual against theta proved a lower bound")
        }
        #expect(tried > 0)
    }

    @Test func consistentForgeriesAreRejectedByTheRuleTheyBreak() throws {
        let documents = try Self.genuine()
        for (kind, forge) in Self.consistentForgeries {
            var tried = 0
            var rejected = 0
            for d in documents {
                guard let f = forge(d) else { continue }
                tried += 1
                let problems = f.problems()
                #expect(!problems.isEmpty, "consistent forgery '\(kind)' (\(d.geometry)) was accepted")
                if !problems.isEmpty { rejected += 1 }
            }
            #expect(tried > 0, "consistent forgery '\(kind)' never applied")
            print("KKT consistent forgery \(kind): rejected \(rejected) of \(tried)")
        }
    }

    /// The strict reader: an unknown key, a missing witness and a malformed rational are bad input.
    @Test func malformedDocumentsAreBadInput() throws {
        let d = try Self.genuine().first { !$0.support.isEmpty }!
        let text = String(decoding: try JSONEncoder().encode(d), as: UTF8.self)
        let forged = [
            text.replacingOccurrences(of: "\"schema\"", with: "\"claims_kkt\":true,\"schema\""),
            text.replacingOccurrences(of: "\"multipliers\":[{", with: "\"multipliers\":[{\"extra\":1,"),
            text.replacingOccurrences(of: "\"tolerance\":\"", with: "\"tolerance\":\"x"),
        ]
        for f in forged {
            #expect(f != text)
            #expect(throws: OracleError.self) { try DocumentVerifier.verify(Array(f.utf8), source: nil) }
        }
    }
}
