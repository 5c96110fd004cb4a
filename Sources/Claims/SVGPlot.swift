import Foundation

/// A small, dependency-free SVG line chart: trajectories against log-scaled steps, with the
/// oracle's limits as dashed horizontal lines. Deterministic text (fixed number formatting).
public enum SVGPlot {
    public static func render(_ report: ClaimReport) -> String {
        let width = 780.0
        let height = 420.0
        let left = 70.0
        let right = 250.0
        let top = 40.0
        let bottom = 50.0
        let plotW = width - left - right
        let plotH = height - top - bottom
        let points = report.series.flatMap { $0.points }.filter { $0.step > 0 && $0.value.isFinite }
        var values = points.map(\.value) + report.references.map(\.value).filter(\.isFinite)
        if values.isEmpty { values = [0, 1] }
        var lo = values.min()!
        var hi = values.max()!
        if hi - lo < 1e-12 {
            lo -= 0.5
            hi += 0.5
        }
        let pad = (hi - lo) * 0.05
        lo -= pad
        hi += pad
        let maxStep = Double(points.map(\.step).max() ?? 10)
        let logMax = max(log10(maxStep), 1)
        func x(_ step: Int) -> Double { left + plotW * log10(Double(max(step, 1))) / logMax }
        func y(_ v: Double) -> Double { top + plotH * (1 - (v - lo) / (hi - lo)) }
        func f(_ v: Double) -> String { String(format: "%.2f", v) }
        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" font-family="sans-serif" font-size="12">
            <rect width="100%" height="100%" fill="white"/>
            <text x="\(f(left))" y="22" font-size="14" font-weight="bold">\(escape(report.id + ": " + report.title))</text>
            <rect x="\(f(left))" y="\(f(top))" width="\(f(plotW))" height="\(f(plotH))" fill="none" stroke="#888"/>

            """
        for decade in 0...Int(logMax.rounded(.up)) where Double(decade) <= logMax + 1e-9 {
            let sx = left + plotW * Double(decade) / logMax
            svg += "<line x1=\"\(f(sx))\" y1=\"\(f(top))\" x2=\"\(f(sx))\" y2=\"\(f(top + plotH))\" stroke=\"#eee\"/>\n"
            svg += "<text x=\"\(f(sx))\" y=\"\(f(top + plotH + 16))\" text-anchor=\"middle\">1e\(decade)</text>\n"
        }
        for k in 0...4 {
            let v = lo + (hi - lo) * Double(k) / 4
            svg +=
                "<text x=\"\(f(left - 6))\" y=\"\(f(y(v) + 4))\" text-anchor=\"end\">\(String(format: "%.4g", v))</text>\n"
        }
        svg +=
            "<text x=\"\(f(left + plotW / 2))\" y=\"\(f(height - 10))\" text-anchor=\"middle\">step (log scale)</text>\n"
        let colors = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e"]
        var legendY = top + 10
        for (i, s) in report.series.enumerated() {
            let pts = s.points.filter { $0.step > 0 && $0.value.isFinite }
            guard !pts.isEmpty else { continue }
            let color = colors[i % colors.count]
            let path = pts.map { "\(f(x($0.step))),\(f(y($0.value)))" }.joined(separator: " ")
            svg += "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\" points=\"\(path)\"/>\n"
            svg +=
                "<line x1=\"\(f(left + plotW + 12))\" y1=\"\(f(legendY))\" x2=\"\(f(left + plotW + 32))\" y2=\"\(f(legendY))\" stroke=\"\(color)\" stroke-width=\"2\"/>\n"
            svg += "<text x=\"\(f(left + plotW + 38))\" y=\"\(f(legendY + 4))\">\(escape(s.label))</text>\n"
            legendY += 18
        }
        for r in report.references where r.value.isFinite {
            svg +=
                "<line x1=\"\(f(left))\" y1=\"\(f(y(r.value)))\" x2=\"\(f(left + plotW))\" y2=\"\(f(y(r.value)))\" stroke=\"black\" stroke-dasharray=\"6,4\"/>\n"
            svg +=
                "<text x=\"\(f(left + plotW + 12))\" y=\"\(f(legendY + 4))\">- - \(escape(r.label)) = \(String(format: "%.6g", r.value))</text>\n"
            legendY += 18
        }
        svg +=
            "<text x=\"\(f(left + plotW + 12))\" y=\"\(f(legendY + 14))\" fill=\"\(report.passed ? "#2ca02c" : "#d62728")\">\(report.passed ? "PASS" : "FAIL")</text>\n"
        svg += "</svg>\n"
        return svg
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(
            of: ">", with: "&gt;")
    }
}
