import Foundation

/// A small, dependency-free SVG line chart of a claim: trajectories against log-scaled steps, one
/// panel per quantity (a series' ``Series/axis``, else the report's quantity), each panel with its
/// y-axis label, round tick values, and the oracle's limits that fall in its range drawn dashed and
/// labelled with their values. The step axis has a tick at every power of ten and one at the last
/// step. Deterministic text (fixed number formatting).
public enum SVGPlot {
    struct Panel {
        var axis: String
        var series: [(color: String, series: Series)]
        var references: [(label: String, value: Double)]
    }

    static let colors = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e"]

    /// Series grouped by axis label (first appearance first); each limit goes to the first panel whose
    /// data range, widened by half its size, contains it (else to the first panel).
    static func panels(_ report: ClaimReport) -> [Panel] {
        var out: [Panel] = []
        for (i, s) in report.series.enumerated() {
            let axis = s.axis ?? report.quantity
            let entry = (color: colors[i % colors.count], series: s)
            if let k = out.firstIndex(where: { $0.axis == axis }) {
                out[k].series.append(entry)
            } else {
                out.append(Panel(axis: axis, series: [entry], references: []))
            }
        }
        if out.isEmpty { out = [Panel(axis: report.quantity, series: [], references: [])] }
        for r in report.references where r.value.isFinite {
            let home = out.firstIndex { panel in
                let values = panel.series.flatMap { $0.series.points.map(\.value) }.filter(\.isFinite)
                guard let lo = values.min(), let hi = values.max() else { return false }
                let slack = max((hi - lo) / 2, 1e-12 * max(abs(lo), abs(hi), 1))
                return r.value >= lo - slack && r.value <= hi + slack
            }
            out[home ?? 0].references.append(r)
        }
        return out
    }

    /// Round tick values covering `[lo, hi]`: multiples of 1, 2 or 5 times a power of ten, about
    /// `count` of them, the first at or below `lo` and the last at or above `hi`.
    static func niceTicks(lo: Double, hi: Double, count: Int = 5) -> [Double] {
        var (a, b) = (lo, hi)
        if !(b - a > 1e-12 * max(abs(a), abs(b), 1e-300)) {
            let half = max(abs(a) * 0.05, 0.5e-12)
            (a, b) = (a - half, b + half)
        }
        let raw = (b - a) / Double(max(count - 1, 1))
        let power = pow(10, (log10(raw)).rounded(.down))
        let step = [1.0, 2, 5, 10].map { $0 * power }.first { $0 >= raw * (1 - 1e-9) } ?? 10 * power
        let first = (a / step).rounded(.down)
        let last = (b / step).rounded(.up)
        return stride(from: first, through: last, by: 1).map { $0 * step }
    }

    /// A tick label with as many decimals as the tick spacing needs.
    static func tickLabel(_ v: Double, spacing: Double) -> String {
        let magnitude = max(abs(v), spacing)
        if magnitude >= 1e5 || spacing < 1e-4 { return String(format: "%.3g", v) }
        let decimals = max(0, Int(-(log10(spacing)).rounded(.down)))
        let s = String(format: "%.\(decimals)f", v)
        return s == "-" + String(format: "%.\(decimals)f", 0.0) ? String(format: "%.\(decimals)f", 0.0) : s
    }

    /// The step axis: every power of ten up to the last step, and the last step itself.
    static func stepTicks(lastStep: Int) -> [(step: Int, label: String)] {
        var ticks: [(step: Int, label: String)] = []
        var p = 1
        var decade = 0
        while p <= lastStep {
            ticks.append((p, "1e\(decade)"))
            if p > Int.max / 10 { break }
            p *= 10
            decade += 1
        }
        if ticks.last?.step != lastStep {
            let digits = String(lastStep)
            let compact =
                digits.dropFirst().allSatisfy { $0 == "0" } ? "\(digits.prefix(1))e\(digits.count - 1)" : digits
            ticks.append((lastStep, compact))
        }
        return ticks
    }

    public static func render(_ report: ClaimReport) -> String {
        let width = 800.0
        let left = 90.0
        let right = 260.0
        let top = 40.0
        let panelHeight = 240.0
        let gap = 50.0
        let plotW = width - left - right
        let groups = panels(report)
        let height = top + Double(groups.count) * (panelHeight + gap) + 20
        let lastStep = report.series.flatMap { $0.points.map(\.step) }.max() ?? 10
        let logMax = max(log10(Double(max(lastStep, 1))), 1)
        func x(_ step: Int) -> Double { left + plotW * log10(Double(max(step, 1))) / logMax }
        func f(_ v: Double) -> String { String(format: "%.2f", v) }
        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" font-family="sans-serif" font-size="12">
            <rect width="100%" height="100%" fill="white"/>
            <text x="\(f(left))" y="22" font-size="14" font-weight="bold">\(escape(report.id + ": " + report.title))</text>

            """
        for (index, panel) in groups.enumerated() {
            let panelTop = top + Double(index) * (panelHeight + gap)
            let values =
                panel.series.flatMap { $0.series.points.filter { $0.step > 0 }.map(\.value) }.filter(\.isFinite)
                + panel.references.map(\.value)
            let ticks = niceTicks(lo: values.min() ?? 0, hi: values.max() ?? 1)
            let lo = ticks.first ?? 0
            let hi = ticks.last ?? 1
            let spacing = ticks.count > 1 ? ticks[1] - ticks[0] : 1
            func y(_ v: Double) -> Double { panelTop + panelHeight * (1 - (v - lo) / (hi - lo)) }
            svg +=
                "<rect x=\"\(f(left))\" y=\"\(f(panelTop))\" width=\"\(f(plotW))\" height=\"\(f(panelHeight))\" fill=\"none\" stroke=\"#888\"/>\n"
            for tick in stepTicks(lastStep: lastStep) {
                let sx = x(tick.step)
                svg +=
                    "<line x1=\"\(f(sx))\" y1=\"\(f(panelTop))\" x2=\"\(f(sx))\" y2=\"\(f(panelTop + panelHeight))\" stroke=\"#eee\"/>\n"
                svg +=
                    "<text x=\"\(f(sx))\" y=\"\(f(panelTop + panelHeight + 16))\" text-anchor=\"middle\">\(tick.label)</text>\n"
            }
            for v in ticks {
                svg +=
                    "<line x1=\"\(f(left - 4))\" y1=\"\(f(y(v)))\" x2=\"\(f(left))\" y2=\"\(f(y(v)))\" stroke=\"#888\"/>\n"
                svg +=
                    "<text x=\"\(f(left - 6))\" y=\"\(f(y(v) + 4))\" text-anchor=\"end\">\(tickLabel(v, spacing: spacing))</text>\n"
            }
            let labelX = 16.0
            let labelY = panelTop + panelHeight / 2
            svg +=
                "<text x=\"\(f(labelX))\" y=\"\(f(labelY))\" text-anchor=\"middle\" transform=\"rotate(-90 \(f(labelX)) \(f(labelY)))\">\(escape(panel.axis))</text>\n"
            svg +=
                "<text x=\"\(f(left + plotW / 2))\" y=\"\(f(panelTop + panelHeight + 34))\" text-anchor=\"middle\">step (log scale)</text>\n"
            var legendY = panelTop + 10
            for (color, s) in panel.series {
                let pts = s.points.filter { $0.step > 0 && $0.value.isFinite }
                guard !pts.isEmpty else { continue }
                let path = pts.map { "\(f(x($0.step))),\(f(y($0.value)))" }.joined(separator: " ")
                svg += "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\" points=\"\(path)\"/>\n"
                svg +=
                    "<line x1=\"\(f(left + plotW + 12))\" y1=\"\(f(legendY))\" x2=\"\(f(left + plotW + 32))\" y2=\"\(f(legendY))\" stroke=\"\(color)\" stroke-width=\"2\"/>\n"
                svg += "<text x=\"\(f(left + plotW + 38))\" y=\"\(f(legendY + 4))\">\(escape(s.label))</text>\n"
                legendY += 18
            }
            for r in panel.references {
                let label = "\(r.label) = \(String(format: "%.6g", r.value))"
                svg +=
                    "<line x1=\"\(f(left))\" y1=\"\(f(y(r.value)))\" x2=\"\(f(left + plotW))\" y2=\"\(f(y(r.value)))\" stroke=\"black\" stroke-dasharray=\"6,4\"/>\n"
                svg +=
                    "<text x=\"\(f(left + plotW - 4))\" y=\"\(f(y(r.value) - 4))\" text-anchor=\"end\" font-size=\"11\">\(escape(label))</text>\n"
                svg += "<text x=\"\(f(left + plotW + 12))\" y=\"\(f(legendY + 4))\">- - \(escape(label))</text>\n"
                legendY += 18
            }
        }
        svg +=
            "<text x=\"\(f(left + plotW + 12))\" y=\"22\" fill=\"\(report.passed ? "#2ca02c" : "#d62728")\">\(report.passed ? "PASS" : "FAIL")</text>\n"
        svg += "</svg>\n"
        return svg
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(
            of: ">", with: "&gt;")
    }
}
