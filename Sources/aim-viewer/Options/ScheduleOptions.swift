import AIMViewerCore
import AIMViewerKit
import ArgumentParser

extension MethodKind: ExpressibleByArgument {
    public init?(argument: String) { self.init(name: argument) }
    public static var allValueStrings: [String] { acceptedNames }
}

/// Which token schedule(s) to price.
///
/// `--tokens`, `--tokens-per-layer` and `--schedule-file` give one explicit schedule. Otherwise the
/// prompt is `frames x tokens-per-frame` visual tokens plus text tokens, and `--schedule aim` (the
/// default) prices AIM's merged and pruned schedule beside the unreduced baseline.
struct ScheduleOptions: ParsableArguments {
    @Option(help: "Schedule to generate: aim, fastv, pdrop, vtw, prumerge (= fixed), uniform-keep (each compared with the baseline), or baseline.",
            completion: Completions.schedule)
    var schedule: MethodKind = .aim

    @Option(help: "The same token count at every layer.")
    var tokens: Int?

    @Option(help: ArgumentHelp("One token count per layer, comma-separated.", valueName: "n,n,..."))
    var tokensPerLayer: String?

    @Option(help: ArgumentHelp("A JSON array of counts, or one count per line.", valueName: "path"), completion: .file())
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

    /// The options as the application's request.
    func request() throws -> ScheduleRequest {
        var request = ScheduleRequest()
        request.method = schedule
        if let tokens { request.explicit = .uniform(tokens: tokens) }
        if let tokensPerLayer { request.explicit = .commaSeparated(tokensPerLayer) }
        if let scheduleFile { request.explicit = .file(path: scheduleFile) }
        request.frames = frames
        request.tokensPerFrame = tokensPerFrame
        request.textTokens = textTokens
        request.mergeIterations = mergeIterations
        request.mergeKeep = mergeKeep
        request.pruneStart = pruneStart
        request.pruneStep = pruneStep
        request.alignment = alignment
        request.fastvK = fastvK
        request.fastvRatio = fastvRatio
        if schedule == .pdrop {
            request.pdropLayers = try pdropLayers.map { try ParameterRange.integers($0, option: "--pdrop-layers") }
        }
        request.pdropLambda = pdropLambda
        request.vtwLayer = vtwLayer
        request.fixedTokensPerFrame = fixedTokensPerFrame
        request.keepRatio = keepRatio
        return request
    }
}
