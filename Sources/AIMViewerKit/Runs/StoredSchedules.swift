import AIMStore
import AIMViewerCore

/// Converts between the reports `analyze` prints and the schedules the store keeps.
public enum StoredSchedules {
    /// The schedules of one report, baseline first, with what rode along with each.
    public static func make(_ report: AnalysisReport) -> [StoredSchedule] {
        report.entries.map { entry in
            StoredSchedule(role: entry.role, label: entry.label, analysis: entry.analysis,
                           generation: entry.generation, llmViewerPrefill: entry.llmViewerPrefill)
        }
    }

    /// The reports of a stored run, one per convention, rebuilt from the stored numbers; none for
    /// a convention that stored no schedule (an `explore` that found nothing).
    public static func reports(_ run: StoredRun) -> [AnalysisReport] {
        let content = run.content
        return content.conventions.compactMap { convention in
            let schedules = content.schedules(convention)
            guard !schedules.isEmpty else { return nil }
            var options = content.options
            options.convention = convention
            let result: AnalysisReport.Result
            if let baseline = schedules.first(where: { $0.role == "baseline" }),
               let method = schedules.first(where: { $0.role == "method" }) {
                result = .comparison(methodLabel: method.label,
                                     ScheduleComparison(baseline: baseline.analysis, method: method.analysis))
            } else {
                result = .single(label: schedules[0].label, schedules[0].analysis)
            }
            return AnalysisReport(
                model: content.model, hardware: content.hardware, options: options, workload: content.workload,
                result: result, generations: schedules.compactMap(\.generation),
                llmViewerReference: schedules.compactMap(\.llmViewerPrefill),
                vision: convention == .exact ? content.attachments.vision : nil)
        }
    }

    public static func document(_ run: StoredRun) -> RunDocument {
        RunDocument(id: run.id, createdAt: run.createdAt, label: run.content.label, tags: run.content.tags,
                    commandLine: run.content.commandLine, reports: reports(run))
    }
}
