import AIMCatalog
import AIMViewerCore
import Foundation

/// `explore --batch / --tokens / --gen-len / --tp`: how a workload serves on each device, as curves
/// over batch size, prompt length, generation length and tensor-parallel degree.
public struct ServingSweepRequest: Sendable {
    public var model: ModelSource = .default
    public var hardware: [HardwareSource] = [.default]
    /// The prompts: with `tokens`, that many tokens at every layer (no method); otherwise each
    /// configuration of each method at each frame count.
    public var tokens: WholeValues?
    public var methods: [MethodKind] = [.aim]
    public var frames = WholeValues([AIMScheduleParameters.paperDefault.frames])
    public var tokensPerFrame = AIMScheduleParameters.paperDefault.tokensPerFrame
    public var textTokens = AIMScheduleParameters.paperDefault.textTokens
    public var parameters = MethodParameterValues()
    /// Batch size and tensor-parallel degree come from the axes below.
    public var options = AnalysisOptions(convention: .exact)
    public var batchSizes = WholeValues([1])
    public var tensorParallel = WholeValues([1])
    public var generationLengths = WholeValues([128])
    /// `--engine`: every point's figures as this regime runs the request.
    public var engine: String?

    public init() {}
}

public struct PreparedServingSweep: Sendable {
    public var request: ServingSweepRequest
    public var sweep: ServingSweep
    public var promptText: String
    public var total: Int { sweep.count }
}

public struct ServingSweepOutcome: Sendable {
    public var report: ServingSweepReport
    public var sweep: ServingSweep
    /// The fitting point with the most end-to-end throughput, analysed in full for the stored run.
    public var leading: (hardware: HardwareProfile, options: AnalysisOptions, schedule: StoredScheduleSource)?
}

/// What a stored run keeps of the leading point: its prompt and generation length.
public struct StoredScheduleSource: Sendable {
    public var label: String
    public var prompt: ServingSweep.Prompt
    public var generationLength: Int
}

public enum ServingSweepService {
    /// Counted and checked before anything is priced (`ServingSweep.maximumPoints`).
    public static func prepare(_ request: ServingSweepRequest) throws -> PreparedServingSweep {
        let model = try request.model.resolve()
        let profiles = try request.hardware.map { try $0.resolve() }
        func values(_ list: WholeValues, _ option: String) throws -> [Int] {
            guard list.count <= ServingSweep.maximumPoints else {
                throw ScheduleError.invalidParameter("\(option) has \(list.count) values; a serving sweep takes at most \(ServingSweep.maximumPoints) points")
            }
            return Array(list)
        }
        var prompts: [ServingSweep.Prompt] = []
        let promptText: String
        if let tokens = request.tokens {
            for count in try values(tokens, "--tokens") {
                guard count >= 1 else { throw ScheduleError.invalidParameter("--tokens must be at least 1, got \(count)") }
                prompts.append(.init(label: "\(count) tokens",
                                     schedule: try TokenSchedule(tokensPerLayer: Array(repeating: count, count: model.layerCount))))
            }
            promptText = "\(describe(Array(tokens))) tokens at every layer"
        } else {
            let frames = try values(request.frames, "--frames")
            let sweeps = try request.methods.map {
                try request.parameters.sweep($0, layerCount: model.layerCount, tokensPerFrame: request.tokensPerFrame)
            }
            let configurations = try MethodConfigurations(sweeps)
            guard Double(configurations.count) * Double(frames.count) <= Double(ServingSweep.maximumPoints) else {
                throw ScheduleError.invalidParameter("the serving sweep has \(configurations.count) method configurations x \(frames.count) frame counts; at most \(ServingSweep.maximumPoints) points")
            }
            try configurations.validate()
            for preset in configurations {
                for count in frames {
                    let schedule = try preset.schedule(frames: count, tokensPerFrame: request.tokensPerFrame,
                                                       textTokens: request.textTokens, layerCount: model.layerCount)
                    // The parameters name a prompt only when a method is swept over several configurations.
                    let summary = configurations.count > request.methods.count ? " " + preset.parameterSummary : ""
                    prompts.append(.init(label: "\(preset.methodName)\(summary), \(count) frames",
                                         schedule: schedule,
                                         overheads: preset.overheads(frames: count, tokensPerFrame: request.tokensPerFrame,
                                                                     textTokens: request.textTokens)))
                }
            }
            promptText = "\(request.methods.map(\.rawValue).joined(separator: ", ")) at \(describe(frames)) frames x "
                + "\(request.tokensPerFrame) visual tokens + \(request.textTokens) text tokens"
        }
        let engine = try request.engine.map { try EngineChoice.resolve($0, conventions: [request.options.convention]) }
        let sweep = try ServingSweep(model: model, hardware: profiles, options: request.options, prompts: prompts,
                                     batchSizes: try values(request.batchSizes, "--batch"),
                                     tensorParallel: try values(request.tensorParallel, "--tp"),
                                     generationLengths: try values(request.generationLengths, "--gen-len"), engine: engine)
        return PreparedServingSweep(request: request, sweep: sweep, promptText: promptText)
    }

    public static func run(_ prepared: PreparedServingSweep, progress: (Int) -> Void = { _ in },
                           shouldStop: () -> Bool = { false }) -> ServingSweepOutcome {
        let start = Date()
        let sweep = prepared.sweep
        let result = sweep.run(progress: progress, shouldStop: shouldStop)
        let report = ServingSweepReport(
            model: sweep.model, hardwareNames: sweep.hardware.map(\.name), options: sweep.options,
            promptLabels: sweep.prompts.map(\.label), promptTokens: sweep.prompts.map { $0.schedule.tokensPerLayer.first ?? 0 },
            promptText: prepared.promptText, batchSizes: sweep.batchSizes,
            tensorParallel: sweep.tensorParallel, generationLengths: sweep.generationLengths, result: result,
            seconds: Date().timeIntervalSince(start), engine: sweep.engine.map(EngineRegimeSummary.init))
        let best = result.points.filter { $0.error == nil && $0.fits != false }.max { $0.outputTokensPerSecond < $1.outputTokensPerSecond }
        let leading = best.map { point -> (HardwareProfile, AnalysisOptions, StoredScheduleSource) in
            var options = sweep.options
            options.batchSize = point.batchSize
            options.tensorParallel = point.tensorParallel
            let prompt = sweep.prompts[point.promptIndex]
            return (sweep.hardware[point.hardwareIndex], options,
                    StoredScheduleSource(label: prompt.label, prompt: prompt, generationLength: point.generationLength))
        }
        return ServingSweepOutcome(report: report, sweep: sweep, leading: leading)
    }

    static func describe(_ values: [Int]) -> String {
        values.count == 1 ? "\(values[0])" : values.count <= 6 ? values.map(String.init).joined(separator: ",")
            : "\(values.min()!)...\(values.max()!) (\(values.count) values)"
    }
}
