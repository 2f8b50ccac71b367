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

    /// Every configuration of `method` for a model of `layerCount` layers and frames of `tokensPerFrame`,
    /// as the product of each parameter's values: checked per value, never built as a whole.
    func sweep(_ method: MethodName, layerCount: Int, tokensPerFrame: Int) throws -> MethodSweep {
        func ints(_ text: String?, _ option: String, _ fallback: Int) throws -> WholeValues {
            try text.map { try ParameterRange.parseWhole($0, option: option) } ?? WholeValues([fallback])
        }
        func decimals(_ text: String?, _ option: String, _ fallback: Double) throws -> DecimalValues {
            try text.map { try ParameterRange.parse($0, option: option) } ?? DecimalValues([fallback])
        }
        switch method {
        case .baseline:
            return MethodSweep(.presets([.baseline]))
        case .aim:
            let paper = AIMScheduleParameters.paperDefault
            let iterations: WholeValues
            if let mergeKeep {
                guard mergeIterations == nil else { throw ValidationError("give --merge-keep or --merge-iterations, not both") }
                // Only powers of two are reachable (at most 63 distinct), so the first miss ends a long range.
                var reached: [Int] = []
                for keep in try ParameterRange.parse(mergeKeep, option: "--merge-keep") {
                    reached.append(try AIMScheduler.mergeIterations(forKeep: keep))
                }
                iterations = WholeValues(reached)
            } else {
                iterations = try ints(mergeIterations, "--merge-iterations", paper.mergeIterations)
            }
            let starts = try ints(pruneStart, "--prune-start", paper.pruneStartLayer)
            let steps = try decimals(pruneStep, "--prune-step", paper.pruneStep)
            return MethodSweep(.aim(mergeIterations: iterations, pruneStarts: starts, pruneSteps: steps, alignment: alignment))
        case .fastv:
            return MethodSweep(.fastV(k: try ints(fastvK, "--fastv-k", MethodPreset.Defaults.fastVK),
                                      ratio: try decimals(fastvRatio, "--fastv-ratio", MethodPreset.Defaults.fastVRatio)))
        case .pdrop:
            let boundaries = try pdropLayers.map { try ParameterRange.integers($0, option: "--pdrop-layers") }
                ?? MethodPreset.pyramidDropBoundaries(layerCount: layerCount)
            return MethodSweep(.pyramidDrop(boundaries: boundaries,
                                            lambda: try decimals(pdropLambda, "--pdrop-lambda", MethodPreset.Defaults.pyramidDropLambda)))
        case .vtw:
            return MethodSweep(.visualTokenWithdrawal(
                layer: try ints(vtwLayer, "--vtw-layer", MethodPreset.Defaults.withdrawalLayer(layerCount: layerCount))))
        case .fixed, .prumerge:
            return MethodSweep(.fixed(tokensPerFrame: try ints(fixedTokensPerFrame, "--fixed-tokens-per-frame",
                                                               MethodPreset.Defaults.fixedTokensPerFrame(tokensPerFrame: tokensPerFrame))))
        case .uniformKeep:
            return MethodSweep(.uniformKeep(ratio: try decimals(keepRatio, "--keep-ratio", MethodPreset.Defaults.uniformKeepRatio)))
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
