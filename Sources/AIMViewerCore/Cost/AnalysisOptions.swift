/// How operations and bytes are counted (cost-model.md).
public enum Convention: String, Sendable, Codable, CaseIterable {
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
    public var skipMLPAdd: Bool

    public init(
        convention: Convention = .llmViewer, batchSize: Int = 1, weightBits: Int = 16,
        activationBits: Int = 16, kvBits: Int? = nil, tensorParallel: Int = 1,
        flashAttention: Bool = false, skipMLPAdd: Bool = false
    ) {
        self.convention = convention
        self.batchSize = batchSize
        self.weightBits = weightBits
        self.activationBits = activationBits
        self.kvBits = kvBits ?? activationBits
        self.tensorParallel = tensorParallel
        self.flashAttention = flashAttention
        self.skipMLPAdd = skipMLPAdd
    }

    public var weightBytes: Double { Double(weightBits) / 8 }
    public var activationBytes: Double { Double(activationBits) / 8 }
    public var kvBytes: Double { Double(kvBits) / 8 }

    /// Rejects sizes that would price to nonsense, naming the option to fix.
    public func validate(for model: ModelConfig) throws {
        func require(_ condition: Bool, _ message: String) throws {
            if !condition { throw AnalysisError.invalidOption(message) }
        }
        try require(batchSize >= 1, "--batch must be at least 1, got \(batchSize)")
        for (flag, bits) in [("--w-bit", weightBits), ("--a-bit", activationBits), ("--kv-bit", kvBits)] {
            try require((1...64).contains(bits), "\(flag) must be between 1 and 64, got \(bits)")
        }
        try require(tensorParallel >= 1, "--tp must be at least 1, got \(tensorParallel)")
        let t = tensorParallel
        let divisible: [(String, Int)] = [
            ("hidden_size", model.hiddenSize), ("intermediate_size", model.intermediateSize),
            ("num_attention_heads", model.attentionHeads), ("num_key_value_heads", model.keyValueHeads),
        ]
        for (key, size) in divisible where size % t != 0 {
            throw AnalysisError.invalidOption(
                "--tp \(t) does not divide \(key) \(size) of \(model.name); choose a tensor-parallel degree that divides it")
        }
    }

    /// The precision whose peak prices compute: INT8 when every operand is 8 bits or fewer, else
    /// FP16/BF16 (LLM-Viewer's rule).
    public func computePrecision(on hardware: HardwareProfile) throws -> (Precision, Double) {
        if weightBits <= 8, activationBits <= 8, kvBits <= 8 {
            guard let peak = hardware.peakOpsPerSecond[.int8] else {
                throw HardwareProfileError.missingPeak(precision: "int8", profile: hardware.name)
            }
            return (.int8, peak)
        }
        if let peak = hardware.peakOpsPerSecond[.fp16] { return (.fp16, peak) }
        return (.bf16, hardware.halfPrecisionPeakOpsPerSecond)
    }
}

public enum AnalysisError: Error, Equatable, CustomStringConvertible {
    case invalidOption(String)

    public var description: String {
        switch self {
        case .invalidOption(let message): return message
        }
    }
}
