import AIMViewerCore

/// The charts as SVG, by view, for any front end that lays them out itself (the local server's
/// page): the same drawings the HTML reports embed, from the one chart implementation.
public enum ReportCharts {
    /// An analysis: totals against the baseline, per-layer time stacked by operator (each bar
    /// carries `data-layer` for a click-through), the token schedule, the roofline, the memory
    /// footprint against capacity, and with a generation length the whole request.
    public static func analysis(_ report: AnalysisReport) -> [String: String] {
        let analyses = report.labelledAnalyses
        let method = analyses.last!
        var charts = [
            "totals": Charts.totals(analyses),
            "perLayer": Charts.perLayer(analyses),
            "schedule": Charts.schedule(analyses),
            "roofline": Charts.roofline(method.analysis, hardware: report.hardware, label: method.label),
            "memory": Charts.memory(analyses, hardware: report.hardware),
        ]
        let request = Charts.request(analyses, generations: report.generations)
        if !request.isEmpty { charts["request"] = request }
        return charts
    }

    /// A paper formula's count (`--convention fastv-paper|pdrop-paper`): the token schedules it
    /// counted, from the exact report beside it; a formula has no time, bytes or memory to draw.
    public static func paper(_ exact: AnalysisReport) -> [String: String] {
        ["schedule": Charts.schedule(exact.labelledAnalyses)]
    }

    /// Devices side by side.
    public static func compare(_ report: CompareReport) -> [String: String] {
        ["devices": Charts.compare(report.comparison)]
    }

    /// The Pareto frontier with the budget line, and the methods side by side at equal cost.
    public static func explore(_ report: ExploreReport) -> [String: String] {
        ["frontier": Charts.frontier(report), "methods": Charts.methods(report)]
    }
}
