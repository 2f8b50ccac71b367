import AIMViewerCore
import AIMViewerKit
import ArgumentParser

extension PruneAlignment: ExpressibleByArgument {}
extension EngineFormat: ExpressibleByArgument {}
extension KVCacheLayout: ExpressibleByArgument {}
extension LatentAttentionForm: ExpressibleByArgument {}

/// `--convention`: one of the two counting conventions, or both side by side; or a paper's FLOPs
/// formula, printed beside the exact count (docs/paper-conventions.md).
enum ConventionChoice: String, ExpressibleByArgument, CaseIterable {
    case exact
    case llmViewer = "llm-viewer"
    case both
    case fastvPaper = "fastv-paper"
    case pdropPaper = "pdrop-paper"
}

/// `--logits`: which prefill positions the head is priced for (`exact`).
enum LogitsChoice: String, ExpressibleByArgument, CaseIterable {
    case last, all
}

/// How many sequences and devices: one value each (`explore` sweeps them with its own options).
struct ParallelOptions: ParsableArguments {
    @Option(help: "Sequences per batch.")
    var batch: Int = 1

    @Option(name: .customLong("tp"), help: "Tensor-parallel degree (costs are per device).")
    var tensorParallel: Int = 1
}

/// How operations and bytes are counted (besides batch and tensor parallelism: `ParallelOptions`).
struct CostOptions: ParsableArguments {
    @Option(help: "Counting convention: exact (corrected), llm-viewer (the published analyzer), or both side by side; fastv-paper or pdrop-paper: a paper's FLOPs formula beside the exact count (analyze only).")
    var convention: ConventionChoice = .exact

    @Option(help: "fastv-paper, pdrop-paper: macs (what the papers print as FLOPs, the default) or flops (2 per MAC).")
    var flopsUnit: FLOPsUnit?

    @Option(help: "exact: price the head for the last position of each sequence, or for all positions.")
    var logits: LogitsChoice = .last

    @Option(name: .customLong("w-bit"), help: "Bits per weight (default 16).")
    var weightBits: Int?

    @Option(name: .customLong("a-bit"), help: "Bits per activation (default 16).")
    var activationBits: Int?

    @Option(name: .customLong("kv-bit"), help: "Bits per KV-cache element (default: --a-bit).")
    var kvBits: Int?

    @Option(help: "Numeric format by name for weights and activations, GEMMs at its peak (fp16, bf16, fp8, int8, int4, fp4); the KV cache too unless --kv-dtype. Replaces --w-bit/--a-bit.")
    var dtype: EngineFormat?

    @Option(name: .customLong("kv-dtype"), help: "KV-cache format by name (fp16, bf16, fp8, int8, int4, fp4).")
    var kvDtype: EngineFormat?

    @Flag(help: "Price attention as one fused FlashAttention-2 kernel.")
    var flashAttention = false

    @Option(help: "exact: the KV cache of a sliding-window layer: rolling (a ring of the window's entries, as engines serving long contexts keep it) or full (every entry kept).")
    var kvCache: KVCacheLayout = .rolling

    @Option(name: .customLong("mla-attention"),
            help: "exact, DeepSeek's latent attention: engine (decompressed K/V for prefill, weight-absorbed attention over the latent cache for decode, as vLLM and SGLang run it), absorbed (both stages), or decompressed (both stages).")
    var latentAttention: LatentAttentionForm = .engine

    @Flag(name: .customLong("skip-mlp-add"), inversion: .prefixedNo,
          help: "llm-viewer: leave mlp_add out of the totals, as the AIM paper's scripts do (--skip-mlp-bias there). exact always counts it.")
    var skipMLPAdd = true

    /// The options of one convention, at one batch size and tensor-parallel degree.
    /// `nil`: one sequence on one device (a `ParallelOptions` is only readable once parsed).
    func analysisOptions(_ convention: Convention, _ parallel: ParallelOptions? = nil) -> AnalysisOptions {
        analysisOptions(convention, batch: parallel?.batch ?? 1, tensorParallel: parallel?.tensorParallel ?? 1)
    }

    func analysisOptions(_ convention: Convention, batch: Int, tensorParallel: Int) -> AnalysisOptions {
        var options = AnalysisOptions(
            convention: convention, batchSize: batch, kvBits: kvBits, tensorParallel: tensorParallel, flashAttention: flashAttention,
            skipMLPAdd: skipMLPAdd, logitsForAllPositions: logits == .all, kvCache: kvCache, latentAttention: latentAttention)
        // `validate` refused a contradiction before any command runs, so this cannot throw.
        try? formats.apply(to: &options)
        return options
    }

    /// The formats as stated, reconciled by the application layer (`NumericFormats`): the same rule
    /// for analyze, compare, explore and the server.
    var formats: NumericFormats {
        NumericFormats(weightBits: weightBits, activationBits: activationBits, kvBits: kvBits, dtype: dtype, kvDtype: kvDtype)
    }

    /// Run by the argument parser for every command with these options (from `validate`).
    func validateFormats() throws {
        try CommandLineAdvice.usage { try formats.validate() }
    }

    /// The conventions to price, the first being the one reported.
    var conventions: [Convention] {
        switch convention {
        case .exact: return [.exact]
        case .llmViewer: return [.llmViewer]
        case .both: return [.exact, .llmViewer]
        // A paper formula is counted beside the exact count of the same schedules.
        case .fastvPaper, .pdropPaper: return [.exact]
        }
    }
}
