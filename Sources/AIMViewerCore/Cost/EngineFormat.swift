/// `--dtype` / `--kv-dtype`: a numeric format by name, as serving engines state it, beside the bit
/// options. The name decides the peak (FP8 and INT8 are both 8 bits, and only the name tells them
/// apart), the bits decide the bytes.
public enum EngineFormat: String, Sendable, Codable, CaseIterable {
    case fp16, bf16, fp8, int8, int4, fp4

    public init?(name: String) { self.init(rawValue: name.lowercased()) }

    public var precision: Precision {
        switch self {
        case .fp16: return .fp16
        case .bf16: return .bf16
        case .fp8: return .fp8
        case .int8: return .int8
        case .int4: return .int4
        case .fp4: return .fp4
        }
    }

    public var bits: Int { Int(precision.bytesPerElement * 8) }

    /// Weights and activations in this format, GEMMs at its peak; the KV cache in `kv` (this format
    /// when `nil`).
    public func apply(to options: inout AnalysisOptions, kv: EngineFormat?) {
        options.weightBits = bits
        options.activationBits = bits
        options.kvBits = (kv ?? self).bits
        options.computeFormat = precision
    }
}
