import AIMViewerCore
import ArgumentParser

extension Convention: ExpressibleByArgument {}
extension PruneAlignment: ExpressibleByArgument {}

/// How operations and bytes are counted.
struct CostOptions: ParsableArguments {
    @Option(help: "Counting convention: llm-viewer (reproduces the published analyzer).")
    var convention: Convention = .llmViewer

    @Option(help: "Sequences per batch.")
    var batch: Int = 1

    @Option(name: .customLong("w-bit"), help: "Bits per weight.")
    var weightBits: Int = 16

    @Option(name: .customLong("a-bit"), help: "Bits per activation.")
    var activationBits: Int = 16

    @Option(name: .customLong("kv-bit"), help: "Bits per KV-cache element (default: --a-bit).")
    var kvBits: Int?

    @Option(name: .customLong("tp"), help: "Tensor-parallel degree (costs are per device).")
    var tensorParallel: Int = 1

    @Flag(help: "Price attention as one fused FlashAttention-2 kernel.")
    var flashAttention = false

    @Flag(name: .customLong("skip-mlp-add"), inversion: .prefixedNo,
          help: "Leave mlp_add out of the totals, as the AIM paper's scripts do (--skip-mlp-bias there).")
    var skipMLPAdd = true

    var analysisOptions: AnalysisOptions {
        AnalysisOptions(
            convention: convention, batchSize: batch, weightBits: weightBits, activationBits: activationBits,
            kvBits: kvBits, tensorParallel: tensorParallel, flashAttention: flashAttention, skipMLPAdd: skipMLPAdd)
    }
}
