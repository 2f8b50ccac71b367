import AIMStore
import AIMViewerCore

/// The version every stored run records, so `runs rerun` can say which code made it.
public enum AIMViewerVersion {
    public static let current = "0.1.0"
}

/// What a stored run records besides its numbers: how it was asked for and what was shown.
public struct RunProvenance: Sendable {
    /// The request as the front end received it (the command line's arguments, or a server request's).
    public var commandLine: [String]
    public var label: String?
    public var tags: [String]
    public var outputFormat: String
    /// Exactly what was printed, so `runs show` reproduces it byte for byte.
    public var outputText: String

    public init(commandLine: [String], label: String? = nil, tags: [String] = [], outputFormat: String, outputText: String) {
        self.commandLine = commandLine
        self.label = label
        self.tags = tags
        self.outputFormat = outputFormat
        self.outputText = outputText
    }
}

/// Turns each command's result into the run the store keeps: one place, so every front end stores
/// the same run for the same request.
public enum RunRecorder {
    public static func content(analyze outcome: AnalysisOutcome, request: AnalysisRequest,
                               provenance: RunProvenance) -> RunContent {
        let reports = outcome.reports
        return RunContent(
            command: "analyze", commandLine: provenance.commandLine, toolVersion: AIMViewerVersion.current,
            label: provenance.label, tags: provenance.tags, model: outcome.workload.model,
            hardware: outcome.workload.hardware, options: reports[0].options, conventions: request.conventions,
            workload: outcome.workload.schedules.workload, overheads: outcome.workload.schedules.overheads,
            generationLength: request.generationLength, outputFormat: provenance.outputFormat,
            outputText: provenance.outputText, schedules: reports.flatMap(StoredSchedules.make),
            attachments: RunAttachments(vision: reports.lazy.compactMap(\.vision).first))
    }

    public static func content(compare outcome: CompareOutcome, anchor: AnalysisReport,
                               provenance: RunProvenance) -> RunContent {
        let report = outcome.report
        return RunContent(
            command: "compare", commandLine: provenance.commandLine, toolVersion: AIMViewerVersion.current,
            label: provenance.label, tags: provenance.tags, model: report.model, hardware: anchor.hardware,
            options: report.options, conventions: [report.options.convention], workload: report.workload,
            overheads: outcome.schedules.overheads, generationLength: report.comparison.generationLength,
            outputFormat: provenance.outputFormat, outputText: provenance.outputText,
            schedules: StoredSchedules.make(anchor), attachments: RunAttachments(comparison: report.comparison))
    }

    public static func content(explore outcome: ExploreOutcome, provenance: RunProvenance) -> RunContent {
        let r = outcome.report.result
        return RunContent(
            command: "explore", commandLine: provenance.commandLine, toolVersion: AIMViewerVersion.current,
            label: provenance.label, tags: provenance.tags, model: outcome.report.model,
            hardware: outcome.leading?.hardware ?? outcome.analyzers[0].hardware,
            options: outcome.analyzers[0].options, conventions: [outcome.report.convention],
            workload: ["explore: \(r.swept) of \(r.total) schedules, \(r.fits) within \(outcome.budgetText)",
                       "frontier: \(r.frontiers.map(\.count).reduce(0, +)) points"],
            overheads: outcome.leading?.overheads, generationLength: nil, outputFormat: provenance.outputFormat,
            outputText: provenance.outputText, schedules: outcome.leading.map { [$0.schedule] } ?? [])
    }

    /// A serving sweep keeps its leading point (the most end-to-end throughput that fits) analysed
    /// in full, with its generation, beside the printed text.
    public static func content(serving outcome: ServingSweepOutcome, provenance: RunProvenance) throws -> RunContent {
        let report = outcome.report, r = report.result
        var schedules: [StoredSchedule] = []
        var hardware = outcome.sweep.hardware[0], options = outcome.sweep.options
        var generationLength: Int?
        var overheads: AIMOverheadSpec?
        if let leading = outcome.leading {
            (hardware, options) = (leading.hardware, leading.options)
            let analyzer = try Analyzer(model: report.model, hardware: hardware, options: options)
            let prompt = leading.schedule.prompt
            let analysis = try analyzer.analyze(prompt.schedule, overheads: prompt.overheads)
            let generation = try analyzer.generation(after: analysis, steps: leading.schedule.generationLength)
            schedules = [StoredSchedule(role: "single", label: prompt.label, analysis: analysis, generation: generation)]
            generationLength = leading.schedule.generationLength
            overheads = prompt.overheads
        }
        return RunContent(
            command: "explore", commandLine: provenance.commandLine, toolVersion: AIMViewerVersion.current,
            label: provenance.label, tags: provenance.tags, model: report.model, hardware: hardware, options: options,
            conventions: [options.convention],
            workload: ["explore (serving): \(r.points.count) of \(r.total) configurations", "prompts: \(report.promptText)"],
            overheads: overheads, generationLength: generationLength, outputFormat: provenance.outputFormat,
            outputText: provenance.outputText, schedules: schedules)
    }

    public static func content(crosscheck result: CrosscheckResult, provenance: RunProvenance) -> RunContent {
        let workload = result.workload
        return RunContent(
            command: "crosscheck", commandLine: provenance.commandLine, toolVersion: AIMViewerVersion.current,
            label: provenance.label, tags: provenance.tags, model: result.model, hardware: result.hardware,
            options: result.options, conventions: [.exact],
            workload: ["reference engine, seed \(workload.seed)", "\(workload.frames) frames x \(workload.tokensPerFrame) tokens",
                       "text \(workload.systemTokens) + \(workload.questionTokens)", "merge rounds \(workload.mergeIterations)",
                       "prune from layer \(workload.pruneStartLayer) by \(workload.pruneStep)",
                       "operator mismatches \(result.mismatches.count)"],
            overheads: AIMOverheadSpec(workload.scheduleParameters(alignment: .model)), generationLength: nil,
            outputFormat: provenance.outputFormat, outputText: provenance.outputText,
            schedules: [StoredSchedule(role: "baseline", label: "analyzer-aligned", analysis: result.analyzerAlignedAnalysis),
                        StoredSchedule(role: "method", label: "engine-executed", analysis: result.executedAnalysis)])
    }
}
