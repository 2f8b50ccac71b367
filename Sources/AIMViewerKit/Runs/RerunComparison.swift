import AIMStore
import AIMViewerCore
import Foundation

/// `runs rerun`: the stored inputs priced again by the current code, and what changed.
public enum RerunComparison {
    public typealias Change = RerunReport.Change

    /// The run recomputed and compared with what it stored.
    public static func rerun(_ run: StoredRun) throws -> RerunReport {
        let fresh = try recompute(run)
        return RerunReport(id: run.id, changes: changes(stored: StoredSchedules.reports(run), fresh: fresh),
                           scheduleCount: run.content.schedules.count)
    }

    public static func recompute(_ run: StoredRun) throws -> [AnalysisReport] {
        let content = run.content
        let stored = content.schedules(content.conventions[0])
        let baseline = stored.first { $0.role == "baseline" }
        guard let method = stored.first(where: { $0.role != "baseline" }) else {
            let id = run.id
            throw RequestError(ParameterMessage { _ in "run \(id) holds no priced schedule to recompute" })
        }
        let schedules = ResolvedSchedules(
            baseline: baseline?.analysis.schedule, method: method.analysis.schedule, methodLabel: method.label,
            workload: content.workload, overheads: content.overheads)
        let workload = ResolvedWorkload(model: content.model, hardware: content.hardware, schedules: schedules)
        return try content.conventions.map { convention in
            var options = content.options
            options.convention = convention
            return try workload.report(options: options, generationLength: content.generationLength)
        }
    }

    public static let quantities: [(String, @Sendable (StageAnalysis) -> Double)] = [
        ("ops", { $0.totals.cost.ops }), ("bytes", { $0.totals.cost.bytes }), ("seconds", { $0.totals.seconds }),
        ("memory footprint bytes", { $0.memoryFootprint.totalBytes }),
        ("load weight bytes", { $0.totals.cost.loadWeightBytes }),
        ("load activation bytes", { $0.totals.cost.loadActivationBytes }),
        ("store activation bytes", { $0.totals.cost.storeActivationBytes }),
        ("load KV bytes", { $0.totals.cost.loadKVBytes }), ("store KV bytes", { $0.totals.cost.storeKVBytes }),
    ]

    /// Every stage total that is not bit-identical, per convention and schedule.
    public static func changes(stored: [AnalysisReport], fresh: [AnalysisReport]) -> [Change] {
        var changes: [Change] = []
        for (old, new) in zip(stored, fresh) {
            for ((label, before), (_, after)) in zip(old.labelledAnalyses, new.labelledAnalyses) {
                for stage in Stage.allCases {
                    for (name, value) in quantities {
                        let x = value(before.stage(stage)), y = value(after.stage(stage))
                        if x != y {
                            changes.append(Change(convention: old.options.convention.rawValue, schedule: label,
                                                  stage: stage.rawValue, quantity: name, stored: x, now: y,
                                                  relative: x == 0 ? nil : (y - x) / x))
                        }
                    }
                }
            }
        }
        return changes
    }
}
