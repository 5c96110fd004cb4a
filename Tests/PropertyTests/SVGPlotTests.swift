import Foundation
import Testing

@testable import Claims

/// The plots' axes against values written here: round ticks that cover the data, a tick at the last
/// step, one panel per quantity, and every limit drawn in the panel of its scale with its value.
@Suite struct SVGPlotTests {
    @Test("ticks are round multiples of 1, 2 or 5 x 10^k, cover the range, and number 3 to 11")
    func ticksAreRound() {
        for (lo, hi) in [
            (0.0, 1.0), (2.3996, 2.4004), (-4.1, 3.3), (1e-9, 3e-9), (0.97, 0.99), (5.0, 5.0), (-1e6, 2e7),
        ] {
            let ticks = SVGPlot.niceTicks(lo: lo, hi: hi)
            #expect(ticks.count >= 3 && ticks.count <= 11, "\(lo)...\(hi): \(ticks)")
            #expect(ticks.first! <= lo && ticks.last! >= hi, "\(lo)...\(hi): \(ticks)")
            let step = ticks[1] - ticks[0]
            let mantissa = step / pow(10, log10(step).rounded(.down))
            #expect([1.0, 2, 5, 10].contains { abs(mantissa - $0) < 1e-6 }, "\(lo)...\(hi): spacing \(step)")
            for t in ticks { #expect(abs(t / step - (t / step).rounded()) < 1e-6, "\(t) is not a multiple of \(step)") }
        }
        #expect(SVGPlot.tickLabel(0.85, spacing: 0.05) == "0.85" && SVGPlot.tickLabel(2, spacing: 1) == "2")
    }

    @Test("the step axis has every power of ten and the last step")
    func lastStepHasATick() {
        #expect(SVGPlot.stepTicks(lastStep: 33000).map(\.label) == ["1e0", "1e1", "1e2", "1e3", "1e4", "33000"])
        #expect(SVGPlot.stepTicks(lastStep: 30000).map(\.label).last == "3e4")
        #expect(SVGPlot.stepTicks(lastStep: 1000).map(\.label) == ["1e0", "1e1", "1e2", "1e3"])
    }

    @Test("series of two scales go to two panels, each limit to the panel of its scale, labelled with its value")
    func panelsSplitByAxis() {
        let report = ClaimReport(
            id: "PX", title: "t", source: "", setting: "", quantity: "margin", limit: nil, reached: nil, checks: [],
            series: [
                Series(label: "margin", points: [(1, 2.0), (10, 2.39)]),
                Series(label: "ratio", points: [(1, 0.8), (10, 0.99)], axis: "ratio"),
            ],
            references: [("gamma2*", 2.4004), ("1", 1)])
        let panels = SVGPlot.panels(report)
        #expect(panels.map(\.axis) == ["margin", "ratio"])
        #expect(panels[0].references.map(\.label) == ["gamma2*"] && panels[1].references.map(\.label) == ["1"])
        let svg = SVGPlot.render(report)
        #expect(svg.contains(">ratio</text>") && svg.contains(">margin</text>") && svg.contains("gamma2* = 2.4004"))
    }
}
