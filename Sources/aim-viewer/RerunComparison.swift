import AIMReport
import AIMStore
import AIMViewerCore
import Foundation

/// `runs rerun`: the stored inputs priced again by the current code, and what changed.
enum RerunComparison {
    struct Document: Encodable {
        var id: String
        var changes: [Change]
    }

    struct Change: Encodable {
        var convention: String
        var schedule: String
        var stage: String
        var quantity: String
        var stored: Double
        var now: Double
        /// `(now − stored) / stored`; `nil` when the stored value was 0.
        var relative: Double?
    }

    static func recompute(_ run: StoredRun) throws -> [AnalysisReport] {
        let content = run.content
        let stored = content.schedules(content.conventions[0])
        let baseline = stored.first { $0.role == "baseline" }
        let method = stored.first { $0.role != "baseline" }!
        let schedules = ResolvedSchedules(
            baseline: baseline?.analysis.schedule, method: method.analysis.schedule, methodLabel: method.label,
            workload: content.workload, overheads: content.overheads)
        let workload = Workload(model: content.model, hardware: content.hardware, schedules: schedules)
        return try content.conventions.map { convention in
            var options = content.options
            options.convention = convention
            return try workload.report(options: options, generationLength: content.generationLength)
        }
    }

    static let quantities: [(String, @Sendable (StageAnalysis) -> Double)] = [
        ("ops", { $0.totals.cost.ops }), ("bytes", { $0.totals.cost.bytes }), ("seconds", { $0.totals.seconds }),
        ("memory footprint bytes", { $0.memoryFootprint.totalBytes }),
        ("load weight bytes", { $0.totals.cost.loadWeightBytes }),
        ("load activation bytes", { $0.totals.cost.loadActivationBytes }),
        ("store activation bytes", { $0.totals.cost.storeActivationBytes }),
        ("load KV bytes", { $0.totals.cost.loadKVBytes }), ("store KV bytes", { $0.totals.cost.storeKVBytes }),
    ]

    /// Every stage total that is not bit-identical, per convention and schedule.
    static func changes(stored: [AnalysisReport], fresh: [AnalysisReport]) -> [Change] {
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
