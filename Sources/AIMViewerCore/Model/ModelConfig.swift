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

    public init(
        name: String, modelType: String? = nil, layerCount: Int, hiddenSize: Int,
        attentionHeads: Int, keyValueHeads: Int? = nil, intermediateSize: Int, vocabularySize: Int,
        statedHeadDim: Int? = nil, tieWordEmbeddings: Bool = false, hiddenActivation: String? = nil,
        qkvBias: Bool = false, outputProjectionBias: Bool = false, mlpBias: Bool = false
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
    }
}

public enum ModelConfigError: Error, Equatable, CustomStringConvertible {
    case malformedJSON(source: String, detail: String)
    case missingKey(key: String, source: String)
    case wrongType(key: String, expected: String, source: String)
    case nonPositive(key: String, value: Int, source: String)
    case inconsistent(String, source: String)

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
        case let .inconsistent(detail, source):
            return "\(source): \(detail)"
        }
    }
}
