@testable import AIMViewerCore

/// Small, hand-checkable shapes.
enum Fixtures {
    /// d = 8, h = 2, h_kv = 1, d_h = 4, f = 16, V = 10, 2 layers.
    static let tinyModel = try! ModelConfig(
        name: "tiny", layerCount: 2, hiddenSize: 8, attentionHeads: 2, keyValueHeads: 1,
        intermediateSize: 16, vocabularySize: 10)

    /// B = 100 bytes/s, P = 1000 ops/s (ridge 10 ops/byte), buffer 64 bytes.
    static let tinyHardware = try! HardwareProfile(
        name: "tiny-device", memoryBandwidthBytesPerSecond: 100,
        peakOpsPerSecond: [.fp16: 1000, .int8: 2000], onChipBufferBytes: 64)

    static let qwen2_7b = try! ModelConfig(
        name: "qwen2-7b", layerCount: 28, hiddenSize: 3584, attentionHeads: 28, keyValueHeads: 4,
        intermediateSize: 18944, vocabularySize: 152064)

    static let a100 = try! HardwareProfile(
        name: "nvidia_A100", memoryBandwidthBytesPerSecond: 1555e9,
        peakOpsPerSecond: [.fp16: 312e12, .int8: 624e12], onChipBufferBytes: 27648e3)

    static func operators(_ options: AnalysisOptions = AnalysisOptions(convention: .llmViewer), model: ModelConfig = tinyModel,
                          buffer: Double = 64) -> LLMViewerOperators {
        LLMViewerOperators(model: model, options: options, onChipBufferBytes: buffer)
    }

    static func costs(_ step: TokenStep, _ options: AnalysisOptions = AnalysisOptions(convention: .llmViewer)) -> [OperatorName: OperatorCost] {
        var costs: [OperatorName: OperatorCost] = [:]
        operators(options).forEachLayerOperator(step) { costs[$0] = $1 }
        return costs
    }
}
