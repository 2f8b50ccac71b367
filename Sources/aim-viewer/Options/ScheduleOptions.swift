import AIMCatalog
import AIMViewerCore
import ArgumentParser
import Foundation

/// The schedule kinds `--schedule` names.
enum ScheduleKind: String, ExpressibleByArgument, CaseIterable {
    case aim, baseline, fastv, pdrop, vtw, prumerge, fixed
    case uniformKeep = "uniform-keep"
}

/// Which token schedule(s) to price.
///
/// `--tokens`, `--tokens-per-layer` and `--schedule-file` give one explicit schedule. Otherwise the
/// prompt is `frames x tokens-per-frame` visual tokens plus text tokens, and `--schedule aim` (the
/// default) prices AIM's merged and pruned schedule beside the unreduced baseline.
struct ScheduleOptions: ParsableArguments {
    @Option(help: "Schedule to generate: aim, fastv, pdrop, vtw, prumerge (= fixed), uniform-keep (each compared with the baseline), or baseline.")
    var schedule: ScheduleKind = .aim

    @Option(help: "The same token count at every layer.")
    var tokens: Int?

    @Option(help: ArgumentHelp("One token count per layer, comma-separated.", valueName: "n,n,..."))
    var tokensPerLayer: String?

    @Option(help: ArgumentHelp("A JSON array of counts, or one count per line.", valueName: "path"))
    var scheduleFile: String?

    @Option(help: "Video frames.")
    var frames: Int = AIMScheduleParameters.paperDefault.frames

    @Option(help: "Visual tokens per frame entering the LLM before merging (default 196, or what --vision hands over).")
    var tokensPerFrame: Int?

    /// `--tokens-per-frame`, else the paper's 196.
    var visualTokensPerFrame: Int { tokensPerFrame ?? AIMScheduleParameters.paperDefault.tokensPerFrame }

    @Option(help: "Text tokens (system + question); never pruned.")
    var textTokens: Int = AIMScheduleParameters.paperDefault.textTokens

    @Option(help: "Bipartite merge iterations per frame (2 keeps 25%).")
    var mergeIterations: Int?

    @Option(help: "Fraction of each frame kept by merging: 1, 0.5, 0.25, 0.125, ...")
    var mergeKeep: Double?

    @Option(help: "First layer whose retention ratio drops below 1.")
    var pruneStart: Int = AIMScheduleParameters.paperDefault.pruneStartLayer

    @Option(help: "Retention lost per layer from --prune-start on (0 disables pruning).")
    var pruneStep: Double = AIMScheduleParameters.paperDefault.pruneStep

    @Option(help: "analyzer: layer l sees rho_l (the paper's numbers); model: rho_l applies after layer l.")
    var alignment: PruneAlignment = AIMScheduleParameters.paperDefault.alignment

    @Option(help: "fastv: layers that see every token.") var fastvK: Int = MethodPreset.Defaults.fastVK
    @Option(help: "fastv: fraction of visual tokens dropped after layer K.") var fastvRatio: Double = MethodPreset.Defaults.fastVRatio
    @Option(help: ArgumentHelp("pdrop: boundary layers (default 1/4, 1/2, 3/4 of the depth).", valueName: "l,l,...")) var pdropLayers: String?
    @Option(help: "pdrop: factor on the visual tokens at each boundary.") var pdropLambda: Double = MethodPreset.Defaults.pyramidDropLambda
    @Option(help: "vtw: layer from which visual tokens are withdrawn (default half the depth).") var vtwLayer: Int?
    @Option(help: "prumerge / fixed: visual tokens per frame before the LLM (default 32/576 of a frame).") var fixedTokensPerFrame: Int?
    @Option(help: "uniform-keep: fraction of visual tokens kept at every layer.") var keepRatio: Double = MethodPreset.Defaults.uniformKeepRatio

    /// The method `--schedule` names, with its parameters.
    func preset(layerCount: Int) throws -> MethodPreset {
        switch schedule {
        case .baseline: return .baseline
        case .aim:
            let parameters = try aimParameters
            return .aim(mergeIterations: parameters.mergeIterations, pruneStartLayer: parameters.pruneStartLayer,
                        pruneStep: parameters.pruneStep, alignment: parameters.alignment)
        case .fastv: return .fastV(k: fastvK, ratio: fastvRatio)
        case .pdrop:
            let boundaries = try pdropLayers.map { try ParameterRange.integers($0, option: "--pdrop-layers") }
                ?? MethodPreset.pyramidDropBoundaries(layerCount: layerCount)
            return .pyramidDrop(boundaries: boundaries, lambda: pdropLambda)
        case .vtw: return .visualTokenWithdrawal(layer: vtwLayer ?? MethodPreset.Defaults.withdrawalLayer(layerCount: layerCount))
        case .prumerge, .fixed:
            return .fixed(tokensPerFrame: fixedTokensPerFrame ?? MethodPreset.Defaults.fixedTokensPerFrame(tokensPerFrame: visualTokensPerFrame))
        case .uniformKeep: return .uniformKeep(ratio: keepRatio)
        }
    }

    func validate() throws {
        let explicit = [tokens != nil, tokensPerLayer != nil, scheduleFile != nil].filter { $0 }.count
        if explicit > 1 {
            throw ValidationError("give only one of --tokens, --tokens-per-layer and --schedule-file")
        }
        if mergeIterations != nil, mergeKeep != nil {
            throw ValidationError("give --merge-iterations or --merge-keep, not both")
        }
        if let tokens, tokens < 0 { throw ValidationError("--tokens must be 0 or more, got \(tokens)") }
    }

    var aimParameters: AIMScheduleParameters {
        get throws {
            let iterations = try mergeKeep.map(AIMScheduler.mergeIterations(forKeep:))
                ?? mergeIterations ?? AIMScheduleParameters.paperDefault.mergeIterations
            return AIMScheduleParameters(
                frames: frames, tokensPerFrame: visualTokensPerFrame, textTokens: textTokens,
                mergeIterations: iterations, pruneStartLayer: pruneStart, pruneStep: pruneStep,
                alignment: alignment)
        }
    }

    /// The schedules to price for `model`, with labels and a description of the workload.
    func resolve(for model: ModelConfig) throws -> ResolvedSchedules {
        let layers = model.layerCount
        if let explicit = try explicitSchedule(layerCount: layers) {
            try explicit.schedule.requireLayerCount(layers, modelName: model.name)
            return ResolvedSchedules(
                baseline: nil, method: explicit.schedule, methodLabel: "schedule",
                workload: [explicit.description], overheads: nil)
        }
        let parameters = try aimParameters
        let baseline = try AIMScheduler.baseline(parameters, layerCount: layers)
        let prompt = "prompt: \(parameters.frames) frames x \(parameters.tokensPerFrame) visual tokens + \(parameters.textTokens) text tokens = \(parameters.visualTokensBeforeMerge + parameters.textTokens) tokens"
        let preset = try preset(layerCount: layers)
        switch preset {
        case .baseline:
            return ResolvedSchedules(baseline: nil, method: baseline, methodLabel: "baseline", workload: [prompt],
                                     overheads: nil)
        case .aim:
            let method = try AIMScheduler.schedule(parameters, layerCount: layers)
            let perFrame = AIMScheduler.mergedTokensPerFrame(parameters.tokensPerFrame, iterations: parameters.mergeIterations)
            let aim = "AIM: merge \(parameters.tokensPerFrame) -> \(perFrame) tokens per frame (\(parameters.mergeIterations) iterations), "
                + "prune from layer \(parameters.pruneStartLayer) by \(Self.decimal(parameters.pruneStep)) per layer, "
                + "\(parameters.alignment.rawValue) alignment"
            return ResolvedSchedules(baseline: baseline, method: method, methodLabel: "AIM", workload: [prompt, aim],
                                     overheads: AIMOverheadSpec(parameters))
        case .fastV, .pyramidDrop, .visualTokenWithdrawal, .fixed, .uniformKeep:
            let method = try preset.schedule(frames: parameters.frames, tokensPerFrame: parameters.tokensPerFrame,
                                             textTokens: parameters.textTokens, layerCount: layers)
            return ResolvedSchedules(baseline: baseline, method: method, methodLabel: preset.methodName,
                                     workload: [prompt, "\(preset.methodName): \(preset.parameterSummary)"], overheads: nil)
        }
    }

    private func explicitSchedule(layerCount: Int) throws -> (schedule: TokenSchedule, description: String)? {
        if let tokens {
            return (try .uniform(tokens: tokens, layerCount: layerCount), "schedule: \(tokens) tokens at every layer")
        }
        if let tokensPerLayer {
            return (try TokenSchedule.parse(commaSeparated: tokensPerLayer), "schedule: --tokens-per-layer")
        }
        if let scheduleFile {
            let data = try CatalogFiles.read(URL(fileURLWithPath: scheduleFile), what: "schedule file")
            guard let text = String(data: data, encoding: .utf8) else {
                throw ScheduleError.invalidParameter("\(scheduleFile): not UTF-8 text; write a JSON array or one integer per line")
            }
            return (try TokenSchedule.parse(text: text, source: scheduleFile), "schedule: \(scheduleFile)")
        }
        return nil
    }

    static func decimal(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : "\(value)"
    }
}

/// The schedules a command prices: a method, and its baseline when the method is compared.
struct ResolvedSchedules {
    var baseline: TokenSchedule?
    var method: TokenSchedule
    var methodLabel: String
    var workload: [String]
    /// AIM's own merge and PageRank work, priced with the method schedule.
    var overheads: AIMOverheadSpec?
}
