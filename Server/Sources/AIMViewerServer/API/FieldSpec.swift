import AIMCatalog
import AIMViewerCore
import AIMViewerKit

/// One field of a request body: its name (the command line's long option without the dashes, so
/// an error that names `--tp` names the field `tp`), what it holds, and its help. The tables of
/// these are what the body reader accepts and what the OpenAPI document describes: one list, so
/// the two cannot drift apart.
struct FieldSpec: Sendable {
    enum Kind: Sendable {
        case integer, number, boolean, string
        case choice([String])
        /// A value, an array of values, or the command line's list or range text ("8...256:8").
        case values
        /// An array of integers, or the command line's "l,l,..." text.
        case integers
        /// A file's content (a JSON object): an upload, never a path on the server.
        case object
        /// One object or an array of them.
        case objects
        case strings
    }

    var name: String
    var kind: Kind
    var help: String

    init(_ name: String, _ kind: Kind, _ help: String) {
        self.name = name
        self.kind = kind
        self.help = help
    }

    /// A field named by the request input it carries.
    init(_ parameter: RequestParameter, _ kind: Kind, _ help: String) {
        self.init(String(parameter.flag.dropFirst(2)), kind, help)
    }
}

/// The fields each endpoint accepts, grouped as the command line groups its options.
enum FieldTables {
    static let model: [FieldSpec] = [
        FieldSpec(.model, .string, "Model preset (GET /api/models), or a Hugging Face id read from the server's local cache. Default qwen2-7b."),
        FieldSpec("model-config", .object, "A Hugging Face config.json's content (an upload; instead of model)."),
    ]

    static let hardware: [FieldSpec] = [
        FieldSpec(.hardware, .string, "Hardware profile (GET /api/hardware). Default nvidia_A100."),
        FieldSpec("hardware-file", .object, "A hardware profile's content (an upload; instead of hardware)."),
    ]

    static let schedule: [FieldSpec] = [
        FieldSpec("schedule", .choice(MethodKind.acceptedNames), "Schedule to generate (each method compared with the baseline), or baseline. Default aim."),
        FieldSpec(.tokens, .integer, "The same token count at every layer."),
        FieldSpec(.tokensPerLayer, .integers, "One token count per layer."),
        FieldSpec(.scheduleFile, .string, "A schedule file's content: a JSON array of counts, or one count per line."),
        FieldSpec(.frames, .integer, "Video frames (default 32)."),
        FieldSpec(.tokensPerFrame, .integer, "Visual tokens per frame before merging (default 196)."),
        FieldSpec(.textTokens, .integer, "Text tokens (default 100)."),
        FieldSpec(.mergeIterations, .integer, "AIM: bipartite merge iterations per frame."),
        FieldSpec(.mergeKeep, .number, "AIM: fraction of each frame kept by merging (1, 0.5, 0.25, ...)."),
        FieldSpec(.pruneStart, .integer, "AIM: first layer whose retention drops below 1 (default 14)."),
        FieldSpec(.pruneStep, .number, "AIM: retention lost per layer (default 0.125; 0 disables pruning)."),
        FieldSpec(.alignment, .choice(PruneAlignment.allCases.map(\.rawValue)), "AIM: analyzer (the paper's numbers) or model."),
        FieldSpec(.fastvK, .integer, "FastV: layers that see every token (default 2)."),
        FieldSpec(.fastvRatio, .number, "FastV: fraction of visual tokens dropped after layer K (default 0.5)."),
        FieldSpec(.pdropLayers, .integers, "PyramidDrop: boundary layers (default 1/4, 1/2, 3/4 of the depth)."),
        FieldSpec(.pdropLambda, .number, "PyramidDrop: factor on the visual tokens at each boundary (default 0.5)."),
        FieldSpec(.vtwLayer, .integer, "VTW: layer from which visual tokens are withdrawn (default half the depth)."),
        FieldSpec(.fixedTokensPerFrame, .integer, "prumerge / fixed: visual tokens per frame before the LLM."),
        FieldSpec(.keepRatio, .number, "uniform-keep: fraction of visual tokens kept at every layer (default 0.25)."),
    ]

    static let vision: [FieldSpec] = [
        FieldSpec(.vision, .string, "Also price the vision encoder: siglip-so400m or clip-vit-l-336 (exact convention)."),
        FieldSpec(.visionPooling, .choice(VisionRequest.Pooling.allCases.map(\.rawValue)), "Pooling of each frame's patch grid."),
        FieldSpec(.images, .integer, "Images in the prompt, for a multimodal model (instead of frames video frames); tokens per image follow the model's processor."),
        FieldSpec(.imageSize, .string, "Size of each image, WxH in pixels (default: the model's resolution)."),
        FieldSpec(.frameSize, .string, "Size of each video frame, WxH in pixels (default: the model's resolution)."),
        FieldSpec(.visionLayers, .choice(VisionLayerPolicy.allCases.map(\.rawValue)), "Vision layers run: all (default) or feature-layer."),
    ]

    static let cost: [FieldSpec] = [
        FieldSpec("logits", .choice(["last", "all"]), "exact: price the head for the last position, or all positions."),
        FieldSpec(.batch, .integer, "Sequences per batch (default 1)."),
        FieldSpec(.weightBits, .integer, "Bits per weight (default 16)."),
        FieldSpec(.activationBits, .integer, "Bits per activation (default 16)."),
        FieldSpec(.kvBits, .integer, "Bits per KV-cache element (default a-bit)."),
        FieldSpec(.dtype, .choice(EngineFormat.allCases.map(\.rawValue)), "Numeric format by name for weights and activations, GEMMs at its peak; the KV cache too unless kv-dtype. Replaces w-bit/a-bit."),
        FieldSpec(.kvDtype, .choice(EngineFormat.allCases.map(\.rawValue)), "KV-cache format by name."),
        FieldSpec(.kvCache, .choice(KVCacheLayout.allCases.map(\.rawValue)), "exact: the KV cache of a sliding-window layer, rolling (default) or full."),
        FieldSpec(.latentAttention, .choice(LatentAttentionForm.allCases.map(\.rawValue)), "exact, DeepSeek's latent attention: engine (default), absorbed or decompressed."),
        FieldSpec(.tensorParallel, .integer, "Tensor-parallel degree (default 1; costs are per device)."),
        FieldSpec(.flashAttention, .boolean, "Price attention as one fused FlashAttention-2 kernel."),
        FieldSpec("skip-mlp-add", .boolean, "llm-viewer: leave mlp_add out of the totals, as the AIM paper's scripts do (default true)."),
    ]

    static let analyzeConvention = FieldSpec(.convention, .choice(["exact", "llm-viewer", "both"] + PaperFormula.allCases.map(\.rawValue)),
                                            "Counting convention: exact (default), llm-viewer (the published analyzer) or both; fastv-paper or pdrop-paper: a paper's FLOPs formula beside the exact count (the answer is then that document, counts only).")
    /// compare and explore price one convention; a paper formula's value is accepted as the
    /// command line accepts it, then refused with its message (a count has no time to compare).
    static let singleConvention = FieldSpec(.convention, .choice(["exact", "llm-viewer"] + PaperFormula.allCases.map(\.rawValue)),
                                            "Counting convention: exact (default) or llm-viewer (fastv-paper and pdrop-paper are refused: they give counts only).")

    static let analyze: [FieldSpec] = model + hardware + schedule + vision + [analyzeConvention] + cost + [
        FieldSpec(.generationLength, .integer, "Also price a whole request: the prefill plus this many decode steps."),
        FieldSpec(.engine, .string, "Also price it as this engine runs it: \(EngineRegimeCatalog.names.joined(separator: " or ")) (calibrated regimes; exact convention)."),
        FieldSpec(.decodeContext, .integer, "With engine: price the decode step at this many cached entries per layer."),
        FieldSpec(.flopsUnit, .choice(FLOPsUnit.allCases.map(\.rawValue)), "fastv-paper, pdrop-paper: macs (default, what the papers print as FLOPs) or flops."),
    ]

    static let save: [FieldSpec] = analyze + [
        FieldSpec("label", .string, "A label for the stored run."),
        FieldSpec("tag", .strings, "Tags for the stored run."),
    ]

    static let compare: [FieldSpec] = model + [
        FieldSpec(.hardware, .string, "Targets: names, all, a vendor or tag:NAME, comma-separated (default \(CompareRequest.defaultTargets))."),
        FieldSpec("hardware-file", .objects, "Profiles' contents to compare as well (uploads)."),
    ] + schedule + vision + [
        FieldSpec(.endToEnd, .boolean, "Add the vision tower and projector to each prefill (time to first token end to end; exact convention)."),
        singleConvention,
    ] + cost + [
        FieldSpec(.generationLength, .integer, "Generated tokens per request (default 128)."),
        FieldSpec(.engine, .string, "Also price each device's request as this engine runs it: \(EngineRegimeCatalog.names.joined(separator: " or ")) (fitted devices, or transferred by their datasheet roofs)."),
    ]

    static let exploreParameters: [FieldSpec] = [
        FieldSpec(.mergeKeep, .values, "AIM: fraction of each frame kept by merging."),
        FieldSpec(.mergeIterations, .values, "AIM: merge iterations per frame."),
        FieldSpec(.pruneStart, .values, "AIM: first pruned layer."),
        FieldSpec(.pruneStep, .values, "AIM: retention lost per layer."),
        FieldSpec(.alignment, .choice(PruneAlignment.allCases.map(\.rawValue)), "AIM: analyzer or model alignment."),
        FieldSpec(.fastvK, .values, "FastV: layers that see every token."),
        FieldSpec(.fastvRatio, .values, "FastV: fraction of visual tokens dropped."),
        FieldSpec(.pdropLayers, .integers, "PyramidDrop: boundary layers."),
        FieldSpec(.pdropLambda, .values, "PyramidDrop: factor at each boundary."),
        FieldSpec(.vtwLayer, .values, "VTW: withdrawal layer."),
        FieldSpec(.fixedTokensPerFrame, .values, "fixed / prumerge: visual tokens per frame."),
        FieldSpec(.keepRatio, .values, "uniform-keep: fraction kept at every layer."),
    ]

    static let explore: [FieldSpec] = model + [
        FieldSpec(.hardware, .string, "Hardware profiles, comma-separated (default nvidia_A100)."),
        FieldSpec("methods", .string, "Methods, comma-separated: aim, fastv, pdrop, vtw, fixed, uniform-keep, baseline, or all (default aim)."),
        FieldSpec(.frames, .values, "Frames: a value, list or range (default 32; 1...1024 with maximize frames)."),
        FieldSpec(.tokensPerFrame, .integer, "Visual tokens per frame before merging (default 196)."),
        FieldSpec(.textTokens, .integer, "Text tokens (default 100)."),
        FieldSpec(.frameSize, .string, "Size of each video frame, WxH in pixels, for a multimodal model's processor (default: its resolution)."),
        FieldSpec(.endToEnd, .boolean, "Add a multimodal model's vision tower and projector to each schedule's time (budget-ms and cost time become time to first token; exact convention)."),
        FieldSpec(.visionLayers, .choice(VisionLayerPolicy.allCases.map(\.rawValue)), "With end-to-end, the vision layers run: all (default, as Hugging Face runs the tower) or feature-layer."),
    ] + exploreParameters + [singleConvention] + cost + [
        FieldSpec("budget-tflops", .number, "Budget: prefill TFLOPs."),
        FieldSpec("budget-ms", .number, "Budget: prefill milliseconds on each target."),
        FieldSpec("budget-memory-gb", .number, "Budget: prefill memory footprint in GB."),
        FieldSpec("maximize", .choice(["frames"]), "frames: report the most frames each method fits in the budget."),
        FieldSpec("cost", .choice(ExploreCost.allCases.map(\.rawValue)), "Frontier cost axis (default flops)."),
        FieldSpec(.engine, .string, "Price every time (budget-ms, cost time) as this engine runs the prefill: \(EngineRegimeCatalog.names.joined(separator: " or ")) (at most 10^6 schedules)."),
        FieldSpec("information", .choice(ExploreInformation.allCases.map(\.rawValue)), "Frontier information axis (default token-layers)."),
        FieldSpec("limit", .integer, "Budget hits listed (default 20)."),
    ]

    static let crosscheck: [FieldSpec] = [
        FieldSpec(.model, .string, "Model preset; default tiny-qwen2, built in."),
        FieldSpec("model-config", .object, "A Hugging Face config.json's content (an upload; instead of model)."),
        FieldSpec(.layers, .integer, "Run only this many decoder layers of the model."),
        FieldSpec(.hardware, .string, "Hardware profile for the roofline (default cpu_reference_default)."),
        FieldSpec("hardware-file", .object, "A hardware profile's content (an upload; instead of hardware)."),
        FieldSpec(.frames, .integer, "Video frames (default 4)."),
        FieldSpec(.tokensPerFrame, .integer, "Visual tokens per frame before merging (default 196)."),
        FieldSpec(.systemTokens, .integer, "System text tokens before the frames (default 14)."),
        FieldSpec(.questionTokens, .integer, "Question text tokens after the frames (default 18)."),
        FieldSpec(.mergeIterations, .integer, "Bipartite merge rounds per frame (default 2)."),
        FieldSpec(.pruneStart, .integer, "First layer whose retention drops below 1."),
        FieldSpec(.pruneStep, .number, "Retention lost per layer."),
        FieldSpec("seed", .integer, "Seed of the weights, features and token ids (default 1)."),
    ]
}

extension FieldTables {
    static let modelUpload: [FieldSpec] = [model[1]]
    static let hardwareUpload: [FieldSpec] = [hardware[1]]
}
