import AIMViewerCore

extension RequestParameter {
    /// The command line's name for each input: the compiler asks for one whenever an input is added.
    /// It lives here, not in the command line, because the local server words its errors the same
    /// way (its JSON fields are these names without the dashes), so a message reads alike in both.
    public var flag: String {
        switch self {
        case .model: return "--model"
        case .hardware: return "--hardware"
        case .vision: return "--vision"
        case .visionPooling: return "--vision-pooling"
        case .images: return "--images"
        case .imageSize: return "--image-size"
        case .frameSize: return "--frame-size"
        case .visionLayers: return "--vision-layers"
        case .endToEnd: return "--end-to-end"
        case .frames: return "--frames"
        case .tokensPerFrame: return "--tokens-per-frame"
        case .textTokens: return "--text-tokens"
        case .systemTokens: return "--system-tokens"
        case .questionTokens: return "--question-tokens"
        case .tokens: return "--tokens"
        case .tokensPerLayer: return "--tokens-per-layer"
        case .scheduleFile: return "--schedule-file"
        case .mergeIterations: return "--merge-iterations"
        case .mergeKeep: return "--merge-keep"
        case .pruneStart: return "--prune-start"
        case .pruneStep: return "--prune-step"
        case .alignment: return "--alignment"
        case .fastvK: return "--fastv-k"
        case .fastvRatio: return "--fastv-ratio"
        case .pdropLayers: return "--pdrop-layers"
        case .pdropLambda: return "--pdrop-lambda"
        case .vtwLayer: return "--vtw-layer"
        case .fixedTokensPerFrame: return "--fixed-tokens-per-frame"
        case .keepRatio: return "--keep-ratio"
        case .batch: return "--batch"
        case .engine: return "--engine"
        case .dtype: return "--dtype"
        case .kvDtype: return "--kv-dtype"
        case .decodeContext: return "--context"
        case .weightBits: return "--w-bit"
        case .activationBits: return "--a-bit"
        case .kvBits: return "--kv-bit"
        case .tensorParallel: return "--tp"
        case .flashAttention: return "--flash-attention"
        case .convention: return "--convention"
        case .kvCache: return "--kv-cache"
        case .latentAttention: return "--mla-attention"
        case .generationLength: return "--gen-len"
        case .layers: return "--layers"
        case .flopsUnit: return "--flops-unit"
        }
    }
}
