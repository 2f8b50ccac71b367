/// An input of a request by what it means, not how a front end spells it: the command line calls
/// the tensor-parallel degree `--tp`, the server's JSON `tensorParallel`. Core messages name inputs
/// through this, and each front end words them its own way (`ParameterMessage`).
public enum RequestParameter: String, Sendable, CaseIterable {
    case model, hardware, vision, visionPooling, images, imageSize, frameSize, visionLayers, endToEnd
    case frames, tokensPerFrame, textTokens, systemTokens, questionTokens
    case tokens, tokensPerLayer, scheduleFile
    case mergeIterations, mergeKeep, pruneStart, pruneStep, alignment
    case fastvK, fastvRatio, pdropLayers, pdropLambda, vtwLayer, fixedTokensPerFrame, keepRatio
    case batch, weightBits, activationBits, kvBits, tensorParallel, flashAttention, convention
    case kvCache, latentAttention
    case generationLength, layers, flopsUnit
    case engine, dtype, kvDtype, decodeContext

    /// The input in plain words, for messages that no front end rewords (logs, library users).
    public var domainName: String {
        switch self {
        case .model: return "the model"
        case .hardware: return "the hardware profile"
        case .vision: return "the vision encoder"
        case .visionPooling: return "the vision pooling"
        case .images: return "the image count"
        case .imageSize: return "the image size"
        case .frameSize: return "the frame size"
        case .visionLayers: return "the vision layers run"
        case .endToEnd: return "the end-to-end time (vision tower and projector included)"
        case .frames: return "the frame count"
        case .tokensPerFrame: return "the visual tokens per frame"
        case .textTokens: return "the text tokens"
        case .systemTokens: return "the system tokens"
        case .questionTokens: return "the question tokens"
        case .tokens: return "the uniform token count"
        case .tokensPerLayer: return "the per-layer token counts"
        case .scheduleFile: return "the schedule file"
        case .mergeIterations: return "AIM's merge iterations"
        case .mergeKeep: return "AIM's merge keep fraction"
        case .pruneStart: return "AIM's prune start layer"
        case .pruneStep: return "AIM's prune step"
        case .alignment: return "AIM's prune alignment"
        case .fastvK: return "FastV's K"
        case .fastvRatio: return "FastV's drop ratio"
        case .pdropLayers: return "PyramidDrop's boundary layers"
        case .pdropLambda: return "PyramidDrop's lambda"
        case .vtwLayer: return "VTW's withdrawal layer"
        case .fixedTokensPerFrame: return "the fixed visual tokens per frame"
        case .keepRatio: return "the uniform keep ratio"
        case .batch: return "the batch size"
        case .engine: return "the engine regime"
        case .dtype: return "the numeric format"
        case .kvDtype: return "the KV-cache format"
        case .decodeContext: return "the decode context"
        case .weightBits: return "the weight bits"
        case .activationBits: return "the activation bits"
        case .kvBits: return "the KV-cache bits"
        case .tensorParallel: return "the tensor-parallel degree"
        case .flashAttention: return "FlashAttention"
        case .convention: return "the counting convention"
        case .kvCache: return "the sliding-window KV-cache layout"
        case .latentAttention: return "the latent-attention form"
        case .generationLength: return "the generation length"
        case .layers: return "the layer count"
        case .flopsUnit: return "the FLOPs unit of a paper convention"
        }
    }
}

/// A message about request inputs, written once and worded by whoever shows it: `compose` receives
/// the front end's naming of each input (`--tp`, `tensorParallel`, or the domain words).
public struct ParameterMessage: Sendable, Equatable, CustomStringConvertible {
    let compose: @Sendable (_ name: (RequestParameter) -> String) -> String

    public init(_ compose: @escaping @Sendable (_ name: (RequestParameter) -> String) -> String) {
        self.compose = compose
    }

    public func text(naming name: (RequestParameter) -> String) -> String { compose(name) }

    public var description: String { text(naming: \.domainName) }

    public static func == (lhs: ParameterMessage, rhs: ParameterMessage) -> Bool { lhs.description == rhs.description }
}

/// An error whose message names request inputs, so a front end can show it in its own words.
public protocol NamesRequestParameters: Error {
    func message(naming name: (RequestParameter) -> String) -> String
}
