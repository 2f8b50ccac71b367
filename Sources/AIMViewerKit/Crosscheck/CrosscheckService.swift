import AIMCatalog
import AIMReference
import AIMViewerCore

/// `crosscheck`: AIM run for real in the reference engine, checked against the analyzer.
public struct CrosscheckRequest: Sendable {
    /// `nil`: tiny-qwen2, built in.
    public var model: ModelSource?
    /// Run only this many decoder layers of the model.
    public var layers: Int?
    /// `nil`: the measured profile of this machine if there is one, else the reference CPU profile.
    public var hardware: HardwareSource?
    public var frames = 4
    public var tokensPerFrame = 196
    public var systemTokens = 14
    public var questionTokens = 18
    public var mergeIterations = 2
    /// `nil`: AIM's 14 of 28 layers and 0.125 per layer, scaled to the layer count.
    public var pruneStart: Int?
    public var pruneStep: Double?
    public var seed: UInt64 = 1

    public init() {}
}

public enum CrosscheckService {
    public static func run(_ request: CrosscheckRequest) throws -> CrosscheckResult {
        var config: ModelConfig
        switch request.model {
        case nil: config = ReferenceModel.tinyQwen2Config()
        case let .preset(name)? where name == ReferenceModel.tinyQwen2Config().name: config = ReferenceModel.tinyQwen2Config()
        case let source?: config = try source.resolve()
        }
        if let layers = request.layers {
            guard layers >= 1 else {
                throw RequestError(ParameterMessage { "\($0(.layers)) must be at least 1, got \(layers)" })
            }
            guard layers <= config.layerCount else {
                let (count, name) = (config.layerCount, config.name)
                throw RequestError(ParameterMessage { "\($0(.layers)) \(layers) exceeds the \(count) layers of \(name)" })
            }
            config.layerCount = layers
        }
        let profile = try request.hardware?.resolve() ?? HardwareCatalog.referenceCPUProfile()
        var workload = EngineWorkload.scaledDefault(layerCount: config.layerCount)
        workload.frames = request.frames
        workload.tokensPerFrame = request.tokensPerFrame
        workload.systemTokens = request.systemTokens
        workload.questionTokens = request.questionTokens
        workload.mergeIterations = request.mergeIterations
        workload.pruneStartLayer = request.pruneStart ?? workload.pruneStartLayer
        workload.pruneStep = request.pruneStep ?? workload.pruneStep
        workload.seed = request.seed
        try workload.validate()
        try EngineMemory.requireFits(config: config, workload: workload)
        let model = try ReferenceModel(config: config, seed: request.seed,
                                       maxPositions: workload.systemTokens + workload.frames * workload.tokensPerFrame + workload.questionTokens)
        return try Crosscheck.run(engine: ReferenceEngine(model: model), workload: workload, hardware: profile)
    }
}

/// The engine's counts disagree with the analyzer's: the check failed (the result is still shown).
public struct CrosscheckFailure: Error, CustomStringConvertible {
    public var count: Int

    public init(count: Int) {
        self.count = count
    }

    public var description: String {
        "\(count) operator(s) counted by the engine differ from the exact convention's ops (listed above)"
    }
}
