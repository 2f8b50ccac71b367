import AIMViewerCore
import ArgumentParser

/// The methods' parameters, each a value, a list or a range (`ParameterRange`), shared by `analyze`
/// (one value each) and `explore` (swept).
struct MethodOptions: ParsableArguments {
    @Option(help: ArgumentHelp("AIM: fraction of each frame kept by merging (1, 0.5, 0.25, ...).", valueName: "values"))
    var mergeKeep: String?
    @Option(help: ArgumentHelp("AIM: merge iterations per frame (instead of --merge-keep).", valueName: "values"))
    var mergeIterations: String?
    @Option(help: ArgumentHelp("AIM: first layer whose retention drops below 1 (default 14).", valueName: "values"))
    var pruneStart: String?
    @Option(help: ArgumentHelp("AIM: retention lost per layer (default 0.125; 0 disables pruning).", valueName: "values"))
    var pruneStep: String?
    @Option(help: "AIM: analyzer (the paper's numbers) or model alignment.")
    var alignment: PruneAlignment = .analyzer

    @Option(help: ArgumentHelp("FastV: layers that see every token (default 2).", valueName: "values"))
    var fastvK: String?
    @Option(help: ArgumentHelp("FastV: fraction of visual tokens dropped after layer K (default 0.5).", valueName: "values"))
    var fastvRatio: String?
    @Option(help: ArgumentHelp("PyramidDrop: boundary layers (default 1/4, 1/2, 3/4 of the depth: 8,16,24 of 32).", valueName: "l,l,..."))
    var pdropLayers: String?
    @Option(help: ArgumentHelp("PyramidDrop: factor on the visual tokens at each boundary (default 0.5).", valueName: "values"))
    var pdropLambda: String?
    @Option(help: ArgumentHelp("VTW: layer from which every visual token is withdrawn (default half the depth).", valueName: "values"))
    var vtwLayer: String?
    @Option(help: ArgumentHelp("fixed / prumerge: visual tokens per frame before the LLM (default 32/576 of a frame, PruMerge's).", valueName: "values"))
    var fixedTokensPerFrame: String?
    @Option(help: ArgumentHelp("uniform-keep: fraction of visual tokens kept at every layer (default 0.25).", valueName: "values"))
    var keepRatio: String?

    /// Every configuration of `method` for a model of `layerCount` layers and frames of `tokensPerFrame`.
    func presets(_ method: MethodName, layerCount: Int, tokensPerFrame: Int) throws -> [MethodPreset] {
        func ints(_ text: String?, _ option: String, _ fallback: Int) throws -> [Int] {
            try text.map { try ParameterRange.integers($0, option: option) } ?? [fallback]
        }
        func decimals(_ text: String?, _ option: String, _ fallback: Double) throws -> [Double] {
            try text.map { try ParameterRange.decimals($0, option: option) } ?? [fallback]
        }
        switch method {
        case .baseline:
            return [.baseline]
        case .aim:
            let paper = AIMScheduleParameters.paperDefault
            let iterations: [Int]
            if let mergeKeep {
                guard mergeIterations == nil else { throw ValidationError("give --merge-keep or --merge-iterations, not both") }
                iterations = try ParameterRange.decimals(mergeKeep, option: "--merge-keep").map(AIMScheduler.mergeIterations(forKeep:))
            } else {
                iterations = try ints(mergeIterations, "--merge-iterations", paper.mergeIterations)
            }
            let starts = try ints(pruneStart, "--prune-start", paper.pruneStartLayer)
            let steps = try decimals(pruneStep, "--prune-step", paper.pruneStep)
            return iterations.flatMap { i in starts.flatMap { s in steps.map { .aim(mergeIterations: i, pruneStartLayer: s, pruneStep: $0, alignment: alignment) } } }
        case .fastv:
            let ks = try ints(fastvK, "--fastv-k", MethodPreset.Defaults.fastVK)
            let ratios = try decimals(fastvRatio, "--fastv-ratio", MethodPreset.Defaults.fastVRatio)
            return ks.flatMap { k in ratios.map { .fastV(k: k, ratio: $0) } }
        case .pdrop:
            let boundaries = try pdropLayers.map { try ParameterRange.integers($0, option: "--pdrop-layers") }
                ?? MethodPreset.pyramidDropBoundaries(layerCount: layerCount)
            return try decimals(pdropLambda, "--pdrop-lambda", MethodPreset.Defaults.pyramidDropLambda).map { .pyramidDrop(boundaries: boundaries, lambda: $0) }
        case .vtw:
            return try ints(vtwLayer, "--vtw-layer", MethodPreset.Defaults.withdrawalLayer(layerCount: layerCount)).map { .visualTokenWithdrawal(layer: $0) }
        case .fixed, .prumerge:
            return try ints(fixedTokensPerFrame, "--fixed-tokens-per-frame",
                            MethodPreset.Defaults.fixedTokensPerFrame(tokensPerFrame: tokensPerFrame)).map { .fixed(tokensPerFrame: $0) }
        case .uniformKeep:
            return try decimals(keepRatio, "--keep-ratio", MethodPreset.Defaults.uniformKeepRatio).map { .uniformKeep(ratio: $0) }
        }
    }
}

/// The methods `--methods` and `--schedule` name.
enum MethodName: String, CaseIterable, ExpressibleByArgument {
    case aim, baseline, fastv, pdrop, vtw, fixed, prumerge
    case uniformKeep = "uniform-keep"

    static func list(_ text: String) throws -> [MethodName] {
        let names = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard !names.isEmpty else { throw ValidationError("--methods is empty") }
        var result: [MethodName] = []
        for name in names {
            if name == "all" { return [.aim, .fastv, .pdrop, .vtw, .fixed, .uniformKeep] }
            guard let method = MethodName(rawValue: name) else {
                throw ValidationError("unknown method '\(name)'; known: \(allCases.map(\.rawValue).joined(separator: ", ")), all")
            }
            if !result.contains(method) { result.append(method) }
        }
        return result
    }
}
