/// How operations and bytes are counted (cost-model.md).
public enum Convention: String, Sendable, Codable, CaseIterable {
    /// Every known defect of LLM-Viewer corrected: what a user should believe (the default).
    case exact
    /// LLM-Viewer as shipped with AIM: reproduces the published numbers, quirks included.
    case llmViewer = "llm-viewer"
}

/// The knobs of one analysis besides model, hardware and schedule.
public struct AnalysisOptions: Sendable, Equatable, Codable {
    public var convention: Convention
    public var batchSize: Int
    public var weightBits: Int
    public var activationBits: Int
    public var kvBits: Int
    public var tensorParallel: Int
    public var flashAttention: Bool
    /// Leave `mlp_add` out of every total (the AIM scripts' `--skip-mlp-bias`, used for the paper).
    /// Only the `llm-viewer` convention honours it: `exact` always counts both residual adds.
    public var skipMLPAdd: Bool
    /// `exact`: price the head for every prefill position (scoring workloads), not only the last.
    public var logitsForAllPositions: Bool
    /// PageRank power iterations AIM runs per pruning layer.
    public var pagerankIterations: Int
    /// `--dtype`: the format GEMMs compute in, by name (FP8 and INT8 are both 8 bits; the bits alone
    /// pick INT8). `nil`: chosen from the bits as `computePrecision` describes.
    public var computeFormat: Precision?
    /// `exact`: how a sliding-window layer's KV cache is kept (a ring of `w` entries by default).
    public var kvCache: KVCacheLayout
    /// `exact`: how multi-head latent attention is computed (as engines do by default).
    public var latentAttention: LatentAttentionForm

    public init(
        convention: Convention = .exact, batchSize: Int = 1, weightBits: Int = 16,
        activationBits: Int = 16, kvBits: Int? = nil, tensorParallel: Int = 1,
        flashAttention: Bool = false, skipMLPAdd: Bool = false, logitsForAllPositions: Bool = false,
        pagerankIterations: Int = PageRankDefaults.iterations, kvCache: KVCacheLayout = .rolling,
        latentAttention: LatentAttentionForm = .engine
    ) {
        self.convention = convention
        self.batchSize = batchSize
        self.weightBits = weightBits
        self.activationBits = activationBits
        self.kvBits = kvBits ?? activationBits
        self.tensorParallel = tensorParallel
        self.flashAttention = flashAttention
        self.skipMLPAdd = skipMLPAdd
        self.logitsForAllPositions = logitsForAllPositions
        self.pagerankIterations = pagerankIterations
        self.kvCache = kvCache
        self.latentAttention = latentAttention
    }

    private enum CodingKeys: String, CodingKey {
        case convention, batchSize, weightBits, activationBits, kvBits, tensorParallel, flashAttention, skipMLPAdd
        case logitsForAllPositions, pagerankIterations, kvCache, latentAttention, computeFormat
    }

    /// Runs stored before `kvCache` and `latentAttention` existed read with their defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            convention: try c.decode(Convention.self, forKey: .convention), batchSize: try c.decode(Int.self, forKey: .batchSize),
            weightBits: try c.decode(Int.self, forKey: .weightBits), activationBits: try c.decode(Int.self, forKey: .activationBits),
            kvBits: try c.decode(Int.self, forKey: .kvBits), tensorParallel: try c.decode(Int.self, forKey: .tensorParallel),
            flashAttention: try c.decode(Bool.self, forKey: .flashAttention), skipMLPAdd: try c.decode(Bool.self, forKey: .skipMLPAdd),
            logitsForAllPositions: try c.decode(Bool.self, forKey: .logitsForAllPositions),
            pagerankIterations: try c.decode(Int.self, forKey: .pagerankIterations),
            kvCache: try c.decodeIfPresent(KVCacheLayout.self, forKey: .kvCache) ?? .rolling,
            latentAttention: try c.decodeIfPresent(LatentAttentionForm.self, forKey: .latentAttention) ?? .engine)
        computeFormat = try c.decodeIfPresent(Precision.self, forKey: .computeFormat)
    }

    /// The two attention forms are written only when they differ from the default, so the JSON of
    /// every analysis that does not choose them stays as it was.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(convention, forKey: .convention)
        try c.encode(batchSize, forKey: .batchSize)
        try c.encode(weightBits, forKey: .weightBits)
        try c.encode(activationBits, forKey: .activationBits)
        try c.encode(kvBits, forKey: .kvBits)
        try c.encode(tensorParallel, forKey: .tensorParallel)
        try c.encode(flashAttention, forKey: .flashAttention)
        try c.encode(skipMLPAdd, forKey: .skipMLPAdd)
        try c.encode(logitsForAllPositions, forKey: .logitsForAllPositions)
        try c.encode(pagerankIterations, forKey: .pagerankIterations)
        try c.encodeIfPresent(computeFormat, forKey: .computeFormat)
        if kvCache != .rolling { try c.encode(kvCache, forKey: .kvCache) }
        if latentAttention != .engine { try c.encode(latentAttention, forKey: .latentAttention) }
    }

    public var weightBytes: Double { Double(weightBits) / 8 }
    public var activationBytes: Double { Double(activationBits) / 8 }
    public var kvBytes: Double { Double(kvBits) / 8 }

    /// The largest batch priced: far beyond any serving batch, small enough that every count stays exact.
    public static let maximumBatchSize = 1 << 20

    /// Rejects sizes that would price to nonsense, naming the option to fix.
    public func validate(for model: ModelConfig) throws {
        func require(_ condition: Bool, _ message: @escaping @Sendable ((RequestParameter) -> String) -> String) throws {
            if !condition { throw AnalysisError.invalid(ParameterMessage(message)) }
        }
        try require(batchSize >= 1) { "\($0(.batch)) must be at least 1, got \(batchSize)" }
        try require(batchSize <= Self.maximumBatchSize) { "\($0(.batch)) must be at most \(Self.maximumBatchSize), got \(batchSize)" }
        try require(pagerankIterations >= 0) { _ in "PageRank iterations must be 0 or more, got \(pagerankIterations)" }
        for (parameter, bits) in [(RequestParameter.weightBits, weightBits), (.activationBits, activationBits), (.kvBits, kvBits)] {
            try require((1...64).contains(bits)) { "\($0(parameter)) must be between 1 and 64, got \(bits)" }
        }
        try require(tensorParallel >= 1) { "\($0(.tensorParallel)) must be at least 1, got \(tensorParallel)" }
        let t = tensorParallel
        var divisible: [(String, Int)] = [
            ("hidden_size", model.hiddenSize), ("intermediate_size", model.intermediateSize),
            ("num_attention_heads", model.attentionHeads), ("num_key_value_heads", model.keyValueHeads),
        ]
        if let experts = model.architecture.experts {
            divisible.append(("moe_intermediate_size", experts.expertIntermediateSize))
            divisible.append(("shared_expert_intermediate_size", experts.sharedExpertIntermediateSize))
        }
        for (key, size) in divisible where size % t != 0 {
            let name = model.name
            throw AnalysisError.invalid(ParameterMessage {
                "\($0(.tensorParallel)) \(t) does not divide \(key) \(size) of \(name); choose a tensor-parallel degree that divides it"
            })
        }
    }

    /// The precision whose peak prices compute.
    ///
    /// `llm-viewer`: INT8 when weights, activations and KV are all 8 bits or fewer, else FP16/BF16.
    /// `exact`: GEMMs run at the wider of the weight and activation formats (W4A16 computes in FP16):
    /// at most 4 bits → INT4, else INT8, else FP8; at most 8 → INT8, else FP8; at most 16 → FP16/BF16;
    /// wider → FP32. The first peak the profile states is used; a profile with none of them is an error.
    public func computePrecision(on hardware: HardwareProfile) throws -> (Precision, Double) {
        if let computeFormat {
            guard let peak = hardware.peakOpsPerSecond[computeFormat] else {
                throw HardwareProfileError.missingPeak(precision: computeFormat.rawValue, profile: hardware.name)
            }
            return (computeFormat, peak)
        }
        if convention == .exact {
            let bits = max(weightBits, activationBits)
            let candidates: [Precision]
            switch bits {
            case ...4: candidates = [.int4, .int8, .fp8, .fp16, .bf16]
            case ...8: candidates = [.int8, .fp8, .fp16, .bf16]
            case ...16: candidates = [.fp16, .bf16]
            default: candidates = [.fp32]
            }
            for precision in candidates {
                if let peak = hardware.peakOpsPerSecond[precision] { return (precision, peak) }
            }
            throw HardwareProfileError.missingPeak(precision: candidates[0].rawValue, profile: hardware.name)
        }
        if weightBits <= 8, activationBits <= 8, kvBits <= 8 {
            guard let peak = hardware.peakOpsPerSecond[.int8] else {
                throw HardwareProfileError.missingPeak(precision: "int8", profile: hardware.name)
            }
            return (.int8, peak)
        }
        if let peak = hardware.peakOpsPerSecond[.fp16] { return (.fp16, peak) }
        guard let peak = hardware.peakOpsPerSecond[.bf16] else {
            throw HardwareProfileError.missingPeak(precision: "fp16", profile: hardware.name)
        }
        return (.bf16, peak)
    }
}

public enum AnalysisError: Error, Equatable, CustomStringConvertible, NamesRequestParameters {
    case invalidOption(String)
    /// A request input outside its domain, worded by the front end that shows it.
    case invalid(ParameterMessage)

    public var description: String { message(naming: \.domainName) }

    public func message(naming name: (RequestParameter) -> String) -> String {
        switch self {
        case .invalidOption(let message): return message
        case .invalid(let message): return message.text(naming: name)
        }
    }
}
