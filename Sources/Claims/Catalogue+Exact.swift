import Foundation
import Oracle
import Trainer

extension Catalogue {
    /// P1: every oracle answer on the reference sets carries an exactly verified certificate, and
    /// cross-margins never exceed the optimum [D, SPEC.md 7.1].
    static var p1: Claim {
        Claim(id: "P1", title: "Oracle certificates are exact; cross-margins never exceed the optimum") { _ in
            var checks: [Check] = []
            let sets: [(String, Dataset)] = [
                ("D3", ReferenceSets.d3), ("B", ReferenceSets.b), ("D_frag", ReferenceSets.dFrag),
                ("Z_lex", ReferenceSets.zLex),
            ]
            for (name, data) in sets {
                for norm in Norm.allCases {
                    let s = try? MaxMarginSolver.solve(data, norm: norm)
                    let v = s.map { CertificateChecker.verify($0.certificate, against: data) }
                    checks.append(
                        Check(
                            "\(name) \(norm.rawValue) certified", v?.exact ?? false,
                            "lower = upper = \(v.map { "\($0.lower)" } ?? "none")"))
                    guard let w = s?.certificate.primal else { continue }
                    for other in Norm.allCases where other != norm {
                        let dual = (try? MaxMarginSolver.solve(data, norm: other))?.certificate.dual ?? []
                        let cross = CertificateChecker.verify(
                            MarginCertificate(norm: other, primal: w, dual: dual), against: data)
                        checks.append(
                            Check(
                                "\(name) \(norm.rawValue) optimum scored in \(other.rawValue)",
                                cross.valid && cross.lower <= cross.upper, "\(cross.lower) <= \(cross.upper)"))
                    }
                }
            }
            return ClaimReport(
                id: "P1", title: "Oracle certificates", source: "weak duality [D] (SPEC.md 7.1)",
                setting: "D3, B, D_frag, Z_lex; l1, l2, linf",
                quantity: "lower == upper, exactly", limit: nil, reached: nil, checks: checks, series: [],
                references: [])
        }
    }

    /// P2: Euler's identity `<theta, grad q_n> = L q_n` for every homogeneous model (Lyu & Li eq. (6) [V]).
    static var p2: Claim {
        Claim(id: "P2", title: "Euler's identity for homogeneous models") { context in
            let models: [any Model] = [
                LinearModel(inputDimension: 3), DeepLinearModel(widths: [3, 4, 4, 1]),
                DiagonalModel(inputDimension: 3), TwoLayerLeakyReLU(inputDimension: 3, width: 6, leak: 0.1),
            ]
            var worst = 0.0
            var checks: [Check] = []
            for (i, base) in models.enumerated() {
                let model = context.mutation.model(base)
                let problem = TrainingProblem(model: model, data: ReferenceSets.d3sym, loss: Loss(.logistic))
                let theta = Initialization.gaussian(scale: 1).parameters(for: base, seed: UInt64(i + 1))
                let q = problem.margins(theta)
                var error = 0.0
                for n in q.indices {
                    let lhs = zip(theta, problem.marginGradient(theta, sample: n)).reduce(0) { $0 + $1.0 * $1.1 }
                    let scale = max(1, abs(q[n]), theta.reduce(0) { $0 + abs($1) })
                    error = max(error, abs(lhs - Double(base.homogeneityDegree!) * q[n]) / scale)
                }
                worst = max(worst, error)
                checks.append(Check("\(base.name)", error <= 1e-12, "relative error \(show(error)) <= 1e-12"))
            }
            return ClaimReport(
                id: "P2", title: "Euler's identity", source: "Lyu & Li 2020, eq. (6) [V]",
                setting: "random theta, D3sym, four models",
                quantity: "<theta, grad q_n> - L q_n", limit: 0, reached: worst, checks: checks, series: [],
                references: [])
        }
    }

    /// P3: one GD step changes `W_{k+1}^T W_{k+1} - W_k W_k^T` by exactly `eta^2 (G_{k+1}^T G_{k+1} - G_k G_k^T)`
    /// (Ji & Telgarsky eq. (2) and its key identity [V]; discrete form [D]); same for `a_k^2 - ||w_k||^2`.
    static var p3: Claim {
        Claim(id: "P3", title: "Exact one-step balancedness drift") { context in
            var checks: [Check] = []
            let eta = 0.3
            let deep = DeepLinearModel(widths: [3, 4, 3, 1])
            let problem = TrainingProblem(
                model: context.mutation.model(deep), data: ReferenceSets.d3, loss: Loss(.logistic))
            let theta = Initialization.gaussian(scale: 0.5).parameters(for: deep, seed: 7)
            let info = context.mutation.gradient(problem)(theta)
            let grad = info.direction.map { $0 * exp(info.logScale) }
            let next = zip(theta, grad).map { $0 - eta * $1 }
            var worst = 0.0
            for k in 0..<(deep.depth - 1) {
                let before = gram(deep.layer(theta, k + 1), deep.layer(theta, k))
                let after = gram(deep.layer(next, k + 1), deep.layer(next, k))
                let g = gram(deep.layer(grad, k + 1), deep.layer(grad, k))
                for r in before.indices {
                    for c in before.indices {
                        let drift = after[r][c] - before[r][c]
                        worst = max(worst, abs(drift - eta * eta * g[r][c]) / max(1, abs(drift)))
                    }
                }
            }
            checks.append(Check("deep linear (3,4,3,1)", worst <= 1e-10, "relative error \(show(worst)) <= 1e-10"))
            let net = TwoLayerLeakyReLU(inputDimension: 3, width: 6, leak: 0.1)
            let netProblem = TrainingProblem(
                model: context.mutation.model(net), data: ReferenceSets.d3sym, loss: Loss(.exponential))
            let phi = Initialization.gaussian(scale: 0.8).parameters(for: net, seed: 5)
            let netInfo = context.mutation.gradient(netProblem)(phi)
            let netGrad = netInfo.direction.map { $0 * exp(netInfo.logScale) }
            let netNext = zip(phi, netGrad).map { $0 - eta * $1 }
            func balance(_ v: [Double], _ k: Int) -> Double {
                v[net.outputIndex(k)] * v[net.outputIndex(k)] - v[(3 * k)..<(3 * k + 3)].reduce(0) { $0 + $1 * $1 }
            }
            var worstNet = 0.0
            for k in 0..<net.width {
                let drift = balance(netNext, k) - balance(phi, k)
                worstNet = max(worstNet, abs(drift - eta * eta * balance(netGrad, k)) / max(1, abs(drift)))
            }
            checks.append(
                Check("two-layer leaky ReLU (width 6)", worstNet <= 1e-10, "relative error \(show(worstNet)) <= 1e-10"))
            return ClaimReport(
                id: "P3", title: "Exact discrete balancedness drift",
                source: "Ji & Telgarsky 2019, eq. (2) [V]; discrete identity [D]",
                setting: "one GD step, eta = 0.3", quantity: "drift - eta^2 (G^T G - G G^T)", limit: 0,
                reached: max(worst, worstNet),
                checks: checks, series: [], references: [])
        }
    }

    /// `A^T A - B B^T` (A the next layer, B this layer).
    static func gram(_ a: [[Double]], _ b: [[Double]]) -> [[Double]] {
        let n = b.count
        var out = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for r in 0..<n {
            for c in 0..<n {
                var s = 0.0
                for row in a { s += row[r] * row[c] }
                for j in b[r].indices { s -= b[r][j] * b[c][j] }
                out[r][c] = s
            }
        }
        return out
    }
}
