import AIMViewerCore
import AIMViewerKit
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

    /// Each parameter's values, parsed (lazily: a range is never listed) and checked on its text.
    func values() throws -> MethodParameterValues {
        func whole(_ text: String?, _ option: String) throws -> WholeValues? {
            try text.map { try ParameterRange.parseWhole($0, option: option) }
        }
        func decimals(_ text: String?, _ option: String) throws -> DecimalValues? {
            try text.map { try ParameterRange.parse($0, option: option) }
        }
        if mergeKeep != nil, mergeIterations != nil { throw ValidationError("give --merge-keep or --merge-iterations, not both") }
        var values = MethodParameterValues()
        values.mergeKeep = try decimals(mergeKeep, "--merge-keep")
        values.mergeIterations = try whole(mergeIterations, "--merge-iterations")
        values.pruneStart = try whole(pruneStart, "--prune-start")
        values.pruneStep = try decimals(pruneStep, "--prune-step")
        values.alignment = alignment
        values.fastvK = try whole(fastvK, "--fastv-k")
        values.fastvRatio = try decimals(fastvRatio, "--fastv-ratio")
        values.pdropLayers = try pdropLayers.map { try ParameterRange.integers($0, option: "--pdrop-layers") }
        values.pdropLambda = try decimals(pdropLambda, "--pdrop-lambda")
        values.vtwLayer = try whole(vtwLayer, "--vtw-layer")
        values.fixedTokensPerFrame = try whole(fixedTokensPerFrame, "--fixed-tokens-per-frame")
        values.keepRatio = try decimals(keepRatio, "--keep-ratio")
        return values
    }
}
