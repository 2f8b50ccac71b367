/// The shape of a decoder-only LLM, as far as the cost model needs it.
///
/// Decoded from a Hugging Face `config.json` (see `ModelConfig.decode(json:source:)`), so users can
/// price the files they already have. Sizes are validated on construction: a config that reaches the
/// analyzer never produces a NaN or a division by zero.
public struct ModelConfig: Sendable, Equatable, Codable {
    public var name: String
    public var modelType: String?
    public var layerCount: Int
    public var hiddenSize: Int
    public var attentionHeads: Int
    public var keyValueHeads: Int
    public var intermediateSize: Int
    public var vocabularySize: Int
    /// `head_dim` as stated by the config; `nil` when the config leaves it to `hidden / heads`.
    public var statedHeadDim: Int?
    public var tieWordEmbeddings: Bool
    public var hiddenActivation: String?
    /// Biases on the q, k and v projections (Qwen2 has them; LLaMA's `attention_bias`).
    public var qkvBias: Bool
    /// Bias on the attention output projection (LLaMA's `attention_bias` covers it, Qwen2 has none).
    public var outputProjectionBias: Bool
    /// Biases on the MLP projections (`mlp_bias`).
    public var mlpBias: Bool
    /// Norm, MLP, positions and experts: how the layers are built (LLaMA unless the config says otherwise).
    public var architecture: Architecture
    /// The vision tower, projector and image rules of a multimodal config (`vision_config`);
    /// `nil` for a text-only LLM. The LLM's own fields describe the language model alone.
    public var vision: MultimodalSpec?

    public init(
        name: String, modelType: String? = nil, layerCount: Int, hiddenSize: Int,
        attentionHeads: Int, keyValueHeads: Int? = nil, intermediateSize: Int, vocabularySize: Int,
        statedHeadDim: Int? = nil, tieWordEmbeddings: Bool = false, hiddenActivation: String? = nil,
        qkvBias: Bool = false, outputProjectionBias: Bool = false, mlpBias: Bool = false,
        architecture: Architecture? = nil
    ) throws {
        self.name = name
        self.modelType = modelType
        self.layerCount = layerCount
        self.hiddenSize = hiddenSize
        self.attentionHeads = attentionHeads
        self.keyValueHeads = keyValueHeads ?? attentionHeads
        self.intermediateSize = intermediateSize
        self.vocabularySize = vocabularySize
        self.statedHeadDim = statedHeadDim
        self.tieWordEmbeddings = tieWordEmbeddings
        self.hiddenActivation = hiddenActivation
        self.qkvBias = qkvBias
        self.outputProjectionBias = outputProjectionBias
        self.mlpBias = mlpBias
        self.architecture = architecture ?? .llama(headDim: statedHeadDim ?? hiddenSize / max(attentionHeads, 1))
        try validate()
    }

    /// `head_dim` when the model states it, else `hidden / heads`.
    public var headDim: Int { statedHeadDim ?? hiddenSize / attentionHeads }

    /// Heads sharing one key/value head (1 without grouped-query attention).
    public var queryGroupSize: Int { attentionHeads / keyValueHeads }

    public func validate() throws {
        let sizes: [(String, Int)] = [
            ("num_hidden_layers", layerCount), ("hidden_size", hiddenSize),
            ("num_attention_heads", attentionHeads), ("num_key_value_heads", keyValueHeads),
            ("intermediate_size", intermediateSize), ("vocab_size", vocabularySize),
        ]
        for (key, value) in sizes where value <= 0 {
            throw ModelConfigError.nonPositive(key: key, value: value, source: name)
        }
        if let statedHeadDim, statedHeadDim <= 0 {
            throw ModelConfigError.nonPositive(key: "head_dim", value: statedHeadDim, source: name)
        }
        for check in ModelLimits.checks(self) where check.value > check.limit {
            throw ModelConfigError.tooLarge(key: check.key, value: check.value, limit: check.limit, source: name)
        }
        if attentionHeads * headDim > ModelLimits.width {
            throw ModelConfigError.inconsistent(
                "num_attention_heads \(attentionHeads) x head_dim \(headDim) is wider than \(ModelLimits.width), the widest attention aim-viewer prices",
                source: name)
        }
        if statedHeadDim == nil, hiddenSize % attentionHeads != 0 {
            throw ModelConfigError.inconsistent(
                "hidden_size \(hiddenSize) is not divisible by num_attention_heads \(attentionHeads) and no head_dim is given",
                source: name)
        }
        if attentionHeads % keyValueHeads != 0 {
            throw ModelConfigError.inconsistent(
                "num_attention_heads \(attentionHeads) is not a multiple of num_key_value_heads \(keyValueHeads)",
                source: name)
        }
        try validateArchitecture()
    }

    func validateArchitecture() throws {
        if let rotary = architecture.rotaryDimensions, rotary <= 0 || rotary > headDim || rotary % 2 != 0 {
            throw ModelConfigError.inconsistent(
                "the rotary dimensions (\(rotary)) must be even and between 2 and head_dim \(headDim)", source: name)
        }
        if let projection = architecture.embeddingProjection, projection <= 0 {
            throw ModelConfigError.nonPositive(key: "word_embed_proj_dim", value: projection, source: name)
        }
        if architecture.learnedPositions < 0 {
            throw ModelConfigError.nonPositive(key: "max_position_embeddings", value: architecture.learnedPositions, source: name)
        }
        guard let experts = architecture.experts else { return }
        for (key, value) in [("num_experts", experts.expertCount), ("num_experts_per_tok", experts.expertsPerToken),
                             ("moe_intermediate_size", experts.expertIntermediateSize)] where value <= 0 {
            throw ModelConfigError.nonPositive(key: key, value: value, source: name)
        }
        if experts.sharedExpertIntermediateSize < 0 {
            throw ModelConfigError.nonPositive(
                key: "shared_expert_intermediate_size", value: experts.sharedExpertIntermediateSize, source: name)
        }
        if experts.expertsPerToken > experts.expertCount {
            throw ModelConfigError.inconsistent(
                "num_experts_per_tok \(experts.expertsPerToken) is more than the \(experts.expertCount) experts there are; a token cannot pick more experts than exist",
                source: name)
        }
    }
}

extension ModelConfig {
    private enum CodingKeys: String, CodingKey {
        case name, modelType, layerCount, hiddenSize, attentionHeads, keyValueHeads, intermediateSize
        case vocabularySize, statedHeadDim, tieWordEmbeddings, hiddenActivation, qkvBias, outputProjectionBias
        case mlpBias, architecture, vision
    }

    /// Runs stored before architectures existed have none: they were LLaMA-shaped.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(
            name: c.decode(String.self, forKey: .name), modelType: c.decodeIfPresent(String.self, forKey: .modelType),
            layerCount: c.decode(Int.self, forKey: .layerCount), hiddenSize: c.decode(Int.self, forKey: .hiddenSize),
            attentionHeads: c.decode(Int.self, forKey: .attentionHeads),
            keyValueHeads: c.decode(Int.self, forKey: .keyValueHeads),
            intermediateSize: c.decode(Int.self, forKey: .intermediateSize),
            vocabularySize: c.decode(Int.self, forKey: .vocabularySize),
            statedHeadDim: c.decodeIfPresent(Int.self, forKey: .statedHeadDim),
            tieWordEmbeddings: c.decode(Bool.self, forKey: .tieWordEmbeddings),
            hiddenActivation: c.decodeIfPresent(String.self, forKey: .hiddenActivation),
            qkvBias: c.decode(Bool.self, forKey: .qkvBias), outputProjectionBias: c.decode(Bool.self, forKey: .outputProjectionBias),
            mlpBias: c.decode(Bool.self, forKey: .mlpBias),
            architecture: c.decodeIfPresent(Architecture.self, forKey: .architecture))
        vision = try c.decodeIfPresent(MultimodalSpec.self, forKey: .vision)
    }
}

public enum ModelConfigError: Error, Equatable, CustomStringConvertible {
    case malformedJSON(source: String, detail: String)
    case missingKey(key: String, source: String)
    case wrongType(key: String, expected: String, source: String)
    case nonPositive(key: String, value: Int, source: String)
    /// Larger than `ModelLimits` allows: a typo or a hostile file, never a real model.
    case tooLarge(key: String, value: Int, limit: Int, source: String)
    case inconsistent(String, source: String)
    /// No supported family's keys are all present: what each family lacks.
    case unrecognisedArchitecture(source: String, modelType: String?, missingByFamily: [(family: String, keys: [String])])

    public var description: String {
        switch self {
        case let .malformedJSON(source, detail):
            return "\(source): not a valid JSON object (\(detail))"
        case let .missingKey(key, source):
            return "\(source): required key '\(key)' is missing; a Hugging Face config.json for a decoder LLM states it"
        case let .wrongType(key, expected, source):
            return "\(source): key '\(key)' must be \(expected)"
        case let .nonPositive(key, value, source):
            return "\(source): '\(key)' must be a positive integer, got \(value)"
        case let .tooLarge(key, value, limit, source):
            return "\(source): '\(key)' is \(value), above the limit of \(limit) (far beyond any published model); check the value"
        case let .inconsistent(detail, source):
            return "\(source): \(detail)"
        case let .unrecognisedArchitecture(source, modelType?, missing):
            let families = missing.map(\.family).joined(separator: ", ")
            return "\(source): model_type '\(modelType)' is not an architecture aim-viewer prices. Supported families (by model_type): \(families). If the model is built like one of them, set model_type in a copy of its config.json to that family's type."
        case let .unrecognisedArchitecture(source, nil, missing):
            let lines = missing.map { "  \($0.family): missing \($0.keys.joined(separator: ", "))" }
            return "\(source): cannot recognise the architecture (no model_type). Supported families and the keys this file lacks for each:\n"
                + lines.joined(separator: "\n")
                + "\nGive a Hugging Face config.json of one of these families, or add the missing keys."
        }
    }

    public static func == (lhs: ModelConfigError, rhs: ModelConfigError) -> Bool {
        lhs.description == rhs.description
    }
}
