import AIMViewerCore

/// `analyze --convention fastv-paper|pdrop-paper`: the paper formula's count, and the exact report
/// it was set beside (the same workload priced under `exact`).
public struct PaperOutcome: Sendable {
    public var workload: ResolvedWorkload
    public var report: PaperReport
    public var exact: AnalysisReport
}

public enum PaperService {
    /// Counts the request's schedules (baseline and method, or the one explicit schedule) by the
    /// formula, and prices the same schedules under `exact` for the ratio.
    public static func analyze(_ request: PaperRequest) throws -> PaperOutcome {
        try request.validate()
        let analysis = request.analysisRequest
        let workload = try ResolvedWorkload(analysis)
        // Refuse a model the formula cannot count (mixture of experts) before pricing anything.
        let dimensions = try PaperDimensions(workload.model, formula: request.formula)
        let exact = try workload.report(options: analysis.options, generationLength: request.generationLength)
        let entries = try exact.entries.map { entry in
            let paper = try PaperFLOPsAnalysis(formula: request.formula, schedule: entry.analysis.schedule,
                                               dimensions: dimensions, generationLength: request.generationLength)
            return PaperReport.Entry(
                role: entry.role, label: entry.label, paper: paper,
                exactPrefillFLOPs: entry.analysis.prefill.totals.cost.ops,
                exactLayerFLOPs: entry.analysis.prefill.layers.map(\.totals.cost.ops),
                exactDecodeFLOPs: entry.generation?.decode.cost.ops)
        }
        var lines = workload.schedules.workload
        if let vision = workload.vision {
            lines.append("LLM only: the formula counts the decoder layers; the \(vision.tower.name) vision side (\(vision.notes.first ?? "its tower")) is not counted")
        }
        let report = PaperReport(model: workload.model, formula: request.formula, unit: request.unit,
                                 workload: lines, exactOptions: analysis.options, entries: entries)
        return PaperOutcome(workload: workload, report: report, exact: exact)
    }

    /// The refusal of a command that needs bytes or time (`compare`, `explore --budget-ms`, an HTML
    /// report): the formulas are operation counts only. Each front end adds its own advice.
    public static func countsOnly(_ formula: PaperFormula, _ command: String, needs: String) -> RequestError {
        let convention = formula.rawValue
        return RequestError(ParameterMessage {
            "\(command) \(needs), but \($0(.convention)) \(convention) gives operation counts only (no bytes, no time)"
        })
    }

    /// Why a formula's count is not stored: the runs database keeps priced analyses.
    public static func notStored(_ formula: PaperFormula) -> RequestError {
        let convention = formula.rawValue
        return RequestError(ParameterMessage {
            "not stored: the runs database keeps priced analyses (bytes and time); \($0(.convention)) \(convention) gives counts only (--format json keeps them)"
        })
    }

    /// `--flops-unit` converts a formula's counts; the analyzer's conventions count FLOPs already.
    public static let unitWithoutFormula = RequestError(ParameterMessage {
        "\($0(.flopsUnit)) converts the counts of \($0(.convention)) fastv-paper or pdrop-paper; exact and llm-viewer count operations (FLOPs, one per multiply or add)"
    })

    /// The refusal of a sweep: `explore` prices thousands of schedules with the analyzer's hot path,
    /// which knows the exact and llm-viewer conventions only; a paper formula is counted one request
    /// at a time.
    public static func notSwept(_ formula: PaperFormula, _ command: String) -> RequestError {
        let convention = formula.rawValue
        return RequestError(ParameterMessage {
            "\(command) sweeps schedules under the exact or llm-viewer convention only; \($0(.convention)) \(convention) is a closed formula counted for one request at a time"
        })
    }
}
