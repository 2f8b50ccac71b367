import AIMCatalog
import AIMViewerCore

/// `compare`: one workload on several devices.
public struct CompareRequest: Sendable {
    public static let defaultTargets = "a100-sxm4-80gb,h100-sxm5-80gb,h200-sxm,mi300x,l40s,rtx-4090"

    public var model: ModelSource = .default
    /// Catalog names, `all`, a vendor or `tag:NAME`, comma-separated; `nil`: `defaultTargets`, or
    /// only `hardwareFiles` when some are given.
    public var targets: String?
    /// Profile files (or profiles already read) compared as well.
    public var extraTargets: [HardwareSource] = []
    public var schedule = ScheduleRequest()
    /// One convention: a comparison of devices is priced under one way of counting.
    public var options = AnalysisOptions(convention: .exact)
    public var generationLength = 128
    /// The images or frames of a multimodal model (or a `--vision` preset); the model's own tower
    /// decides the visual tokens either way.
    public var vision: VisionRequest?
    /// Add the vision side to each device's prefill: compare times to first token end to end.
    public var endToEnd = false
    /// `--engine`: price each device's request as this engine regime runs it as well.
    public var engine: String?

    public init() {}

    public func validate() throws {
        if generationLength < 0 {
            let length = generationLength
            throw RequestError(ParameterMessage { "\($0(.generationLength)) must be 0 or more, got \(length)" })
        }
    }
}

public struct CompareOutcome: Sendable {
    public var report: CompareReport
    public var schedules: ResolvedSchedules
    /// The devices in the order asked for.
    public var profiles: [HardwareProfile]
    public var generationLength: Int
    /// The vision side the workload has (priced into the figures only `endToEnd`).
    public var vision: ResolvedVision?
    public var endToEnd = false
    /// The regime each device was also priced with.
    public var engine: EngineRegime?

    /// The first device that could be priced: its full analysis rides along with an HTML report
    /// and a stored run. `nil` when no device could be priced.
    public var anchorProfile: HardwareProfile? {
        profiles.first { target in report.comparison.targets.contains { $0.hardware == target.name && $0.error == nil } }
    }
}

public enum CompareService {
    public static func compare(_ request: CompareRequest) throws -> CompareOutcome {
        try request.validate()
        var profiles = (request.targets == nil && !request.extraTargets.isEmpty)
            ? [] : try HardwareCatalog.select(request.targets ?? CompareRequest.defaultTargets)
        for source in request.extraTargets {
            let profile = try source.resolve()
            if !profiles.contains(where: { $0.name == profile.name }) { profiles.append(profile) }
        }
        // The workload as analyze resolves it, so a multimodal model's own tokens per image or frame
        // reach the LLM here too.
        var analysis = AnalysisRequest()
        analysis.model = .config(try request.model.resolve())
        if let first = profiles.first { analysis.hardware = .value(first) }
        analysis.schedule = request.schedule
        analysis.vision = request.vision
        let resolved = try ResolvedWorkload(analysis)
        let model = resolved.model, schedules = resolved.schedules
        // What no device can change (batch, --tp against the model's widths, bits) is the request's
        // error, said once, not a "cannot be priced" on every row of a table that exits 0.
        try request.options.validate(for: model)
        var workload = schedules.workload
        if let note = resolved.visionNotPriced { workload.append(note) }
        var visionWorkload: VisionWorkload?
        if let vision = resolved.vision {
            workload.append("vision: \(vision.tower.name), \(vision.tower.projector.summary); " + vision.notes.joined(separator: "; "))
            if request.endToEnd {
                guard request.options.convention == .exact else {
                    throw RequestError(ParameterMessage { "the end-to-end comparison prices the vision side under the exact convention only; use \($0(.convention)) exact" })
                }
                visionWorkload = VisionWorkload(tower: vision.tower, frames: vision.frames, plan: vision.plan, layers: vision.layers)
                workload.append("end to end: each prefill includes the vision tower and projector (time to first token)")
            } else {
                workload.append("LLM only: the vision tower and projector are not in these times (--end-to-end adds them)")
            }
        } else if request.endToEnd {
            let name = model.name
            throw RequestError(ParameterMessage { _ in "the end-to-end comparison adds a vision side, and \(name) has none; choose a multimodal model or a vision encoder" })
        }
        let engine = try request.engine.map { name -> EngineRegime in
            if request.endToEnd {
                throw RequestError(ParameterMessage { "no engine regime prices a vision tower, so the end-to-end comparison cannot be priced under \($0(.engine)); compare the LLM alone, or drop \($0(.engine))" })
            }
            return try EngineChoice.resolve(name, conventions: [request.options.convention])
        }
        var comparison = try HardwareComparer.compare(HardwareComparer.Workload(
            model: model, options: request.options, baseline: schedules.baseline, method: schedules.method,
            methodLabel: schedules.methodLabel, overheads: schedules.overheads, generationLength: request.generationLength,
            vision: visionWorkload, engine: engine), on: profiles)
        comparison.referenceChoice = try referenceChoice(request)
        let failures = comparison.targets.compactMap { target in target.error.map { "\(target.hardware): \($0)" } }
        if !comparison.targets.isEmpty, failures.count == comparison.targets.count {
            throw CompareError.noTargetPriced(reasons: failures)
        }
        let report = CompareReport(model: model, options: request.options, workload: workload, comparison: comparison)
        return CompareOutcome(report: report, schedules: schedules, profiles: profiles,
                              generationLength: request.generationLength, vision: resolved.vision, endToEnd: request.endToEnd,
                              engine: engine)
    }

    /// Whether the reference (the first device) was named by the user, or came first in `all`, a
    /// vendor, a tag or the default targets.
    static func referenceChoice(_ request: CompareRequest) throws -> HardwareComparison.ReferenceChoice {
        guard let targets = request.targets else { return request.extraTargets.isEmpty ? .firstOfDefaults : .named }
        let first = targets.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            .first { !$0.isEmpty } ?? ""
        return try HardwareCatalog.all().contains { $0.name.lowercased() == first } ? .named : .firstOfSelection
    }

    /// The full analysis on the outcome's anchor device.
    public static func anchorReport(_ outcome: CompareOutcome) throws -> AnalysisReport {
        guard let anchor = outcome.anchorProfile else { throw CompareError.nothingPriced }
        let workload = ResolvedWorkload(model: outcome.report.model, hardware: anchor, schedules: outcome.schedules, vision: outcome.vision)
        // The anchor's engine figures ride along where the regime can price that device.
        if let engine = outcome.engine,
           let report = try? workload.report(options: outcome.report.options, generationLength: outcome.generationLength, engine: engine) {
            return report
        }
        return try workload.report(options: outcome.report.options, generationLength: outcome.generationLength)
    }
}

public enum CompareError: Error, CustomStringConvertible {
    case nothingPriced
    /// Every device refused the request (each for its own reason), so there is nothing to compare.
    case noTargetPriced(reasons: [String])

    public var description: String {
        switch self {
        case .nothingPriced: return "no target could be priced, so there is no report to write or run to store"
        case .noTargetPriced(let reasons):
            return "no target could be priced: " + reasons.joined(separator: "; ")
        }
    }
}
