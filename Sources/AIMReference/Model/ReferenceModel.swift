import AIMViewerCore

/// A Qwen2-style decoder's weights, drawn from a seed: GQA attention with optional q/k/v and output
/// biases, RoPE, SwiGLU MLP, RMSNorm, an embedding table and a head (tied or not). The values are
/// meaningless; the shapes are the model's, so what the engine executes is what the model would.
public struct ReferenceModel: Sendable {
    public let config: ModelConfig
    public let seed: UInt64
    let embedding: Matrix
    let layers: [ReferenceLayerWeights]
    let finalNorm: [Float]
    let head: PackedMatrix
    let rotary: RotaryTable

    /// RoPE base: Qwen2's `rope_theta`.
    public static let ropeTheta = 1_000_000.0

    public init(config: ModelConfig, seed: UInt64, maxPositions: Int) throws {
        try Self.validate(config)
        guard maxPositions > 0 else { throw ReferenceError.invalidShape("the sequence must hold at least one token") }
        self.config = config
        self.seed = seed
        let d = config.hiddenSize
        var random = SeededRandom(seed: seed, stream: 0)
        embedding = random.matrix(rows: config.vocabularySize, columns: d, scale: 1)
        layers = try (0..<config.layerCount).map { try ReferenceLayerWeights(config: config, seed: seed, layer: $0) }
        finalNorm = Self.normWeights(width: d, random: &random)
        if config.tieWordEmbeddings {
            head = PackedMatrix(transposing: embedding)
        } else {
            head = PackedMatrix(transposing: random.matrix(rows: config.vocabularySize, columns: d,
                                                           scale: Self.uniformScale(fanIn: d)))
        }
        rotary = RotaryTable(headDim: config.headDim, positions: maxPositions, theta: Self.ropeTheta)
    }

    /// What the engine can run: everything the analyzer's Qwen2-style layer describes.
    static func validate(_ config: ModelConfig) throws {
        let arch = config.architecture
        guard arch.isPlainLLaMA, arch.experts == nil, arch.rotaryDimensions == config.headDim else {
            throw ReferenceError.invalidShape(
                "the reference engine runs LLaMA/Qwen2-shaped decoders (RMSNorm, full RoPE, gated SwiGLU MLP); \(config.name) is \(arch.summary(headDim: config.headDim))")
        }
        guard config.hiddenSize % config.attentionHeads == 0 || config.statedHeadDim != nil else {
            throw ReferenceError.invalidShape("heads \(config.attentionHeads) do not divide the width \(config.hiddenSize)")
        }
        guard config.attentionHeads % config.keyValueHeads == 0 else {
            throw ReferenceError.invalidShape(
                "key/value heads \(config.keyValueHeads) do not divide the attention heads \(config.attentionHeads)")
        }
        guard config.headDim % 2 == 0 else {
            throw ReferenceError.invalidShape("RoPE needs an even head dimension, got \(config.headDim)")
        }
        let parameters = Double(config.layerCount) * Double(config.hiddenSize) * Double(config.intermediateSize) * 3
            + Double(config.vocabularySize) * Double(config.hiddenSize) * (config.tieWordEmbeddings ? 1 : 2)
        guard parameters <= 4e9 else {
            throw ReferenceError.invalidShape(
                "\(config.name) has about \(Int(parameters / 1e9))G parameters, too many to hold in Float32 here; use --layers to run fewer layers")
        }
    }

    /// Uniform in ±sqrt(3 / fanIn): unit-variance inputs give unit-variance outputs.
    static func uniformScale(fanIn: Int) -> Float { (3 / Float(fanIn)).squareRoot() }

    /// Norm weights near 1, so a norm neither explodes nor zeroes the stream.
    static func normWeights(width: Int, random: inout SeededRandom) -> [Float] {
        (0..<width).map { _ in 1 + 0.1 * random.nextSymmetricUnit() }
    }
}

/// One decoder layer's weights, packed for the GEMM. The query projection (and its bias) carries
/// the `1/sqrt(d_h)` attention scale, so the scale costs no separate pass (as the `exact`
/// convention assumes: "the scale is folded into Q").
struct ReferenceLayerWeights: Sendable {
    let attentionNorm: [Float]
    let query: PackedMatrix, key: PackedMatrix, value: PackedMatrix, output: PackedMatrix
    let queryBias: [Float]?, keyBias: [Float]?, valueBias: [Float]?, outputBias: [Float]?
    let mlpNorm: [Float]
    let gate: PackedMatrix, up: PackedMatrix, down: PackedMatrix
    let gateBias: [Float]?, upBias: [Float]?, downBias: [Float]?

    init(config: ModelConfig, seed: UInt64, layer: Int) throws {
        var random = SeededRandom(seed: seed, stream: UInt64(layer + 1))
        let d = config.hiddenSize, f = config.intermediateSize
        let queryWidth = config.attentionHeads * config.headDim
        let keyValueWidth = config.keyValueHeads * config.headDim
        let attentionScale = 1 / Float(config.headDim).squareRoot()
        func projection(_ out: Int, _ input: Int, scale extra: Float = 1) -> PackedMatrix {
            var weight = random.matrix(rows: out, columns: input, scale: ReferenceModel.uniformScale(fanIn: input))
            if extra != 1 { for i in weight.storage.indices { weight.storage[i] *= extra } }
            return PackedMatrix(transposing: weight)
        }
        func bias(_ width: Int, _ present: Bool, scale: Float = 1) -> [Float]? {
            present ? (0..<width).map { _ in 0.1 * random.nextSymmetricUnit() * scale } : nil
        }
        attentionNorm = ReferenceModel.normWeights(width: d, random: &random)
        query = projection(queryWidth, d, scale: attentionScale)
        key = projection(keyValueWidth, d)
        value = projection(keyValueWidth, d)
        output = projection(d, queryWidth)
        queryBias = bias(queryWidth, config.qkvBias, scale: attentionScale)
        keyBias = bias(keyValueWidth, config.qkvBias)
        valueBias = bias(keyValueWidth, config.qkvBias)
        outputBias = bias(d, config.outputProjectionBias)
        mlpNorm = ReferenceModel.normWeights(width: d, random: &random)
        gate = projection(f, d)
        up = projection(f, d)
        down = projection(d, f)
        gateBias = bias(f, config.mlpBias)
        upBias = bias(f, config.mlpBias)
        downBias = bias(d, config.mlpBias)
    }
}

extension ReferenceModel {
    /// The crosscheck's default: Qwen2-7B's proportions (GQA 2:1 here, q/k/v biases, untied head)
    /// at a width that runs in well under a second.
    public static func tinyQwen2Config() -> ModelConfig {
        try! ModelConfig(
            name: "tiny-qwen2", modelType: "qwen2", layerCount: 8, hiddenSize: 256, attentionHeads: 4,
            keyValueHeads: 2, intermediateSize: 704, vocabularySize: 4096, hiddenActivation: "silu", qkvBias: true)
    }
}
