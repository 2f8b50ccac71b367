import AIMReport
import AIMViewerCore
import AIMViewerKit
import ArgumentParser

struct CrosscheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crosscheck",
        abstract: "Run AIM for real in the reference engine and check the analyzer against it.",
        discussion: """
            The reference engine (a Qwen2-style decoder in Float32 with seeded random weights) merges \
            each frame, prunes by PageRank after every layer, and counts what each kernel executes. \
            The same request is priced by the exact convention at 32 bits. Per layer it prints the \
            tokens executed against the schedule under both alignments, counted against priced ops, \
            and measured time against the roofline on a CPU profile. Every operator's counted ops \
            must equal the priced ops: any difference is listed and the command exits 1. The engine \
            runs twice, in gather mode (pruned tokens removed: what the analyzer prices) and in mask \
            mode (pruned tokens hidden as keys, as the published model code does), and reports the \
            layers where the two keep different tokens.

            Defaults: tiny-qwen2 (8 layers, width 256), 4 frames x 196 tokens merged twice to 49, \
            14 + 18 text tokens, AIM's pruning scaled to the layer count; hardware: the measured \
            profile this-machine-cpu in the user hardware directory if present, else cpu_reference_default.

            Examples:
              aim-viewer crosscheck
              aim-viewer crosscheck --model qwen2-0.5b --layers 6 --frames 2
              aim-viewer crosscheck --frames 8 --prune-start 2 --prune-step 0.2 --per-op
              aim-viewer crosscheck --model-config ./Qwen2-1.5B/config.json --layers 4 \\
                  --format json
            """)

    @Option(help: "Model preset (see `aim-viewer models list`); default: tiny-qwen2, built in.")
    var model: String?
    @Option(help: ArgumentHelp("A Hugging Face config.json (or its directory).", valueName: "path"), completion: .file())
    var modelConfig: String?
    @Option(help: "Run only this many decoder layers of the model.")
    var layers: Int?
    @Option(help: "Hardware profile for the roofline (default: measured this-machine-cpu, else cpu_reference_default).",
            completion: Completions.hardware)
    var hardware: String?
    @Option(help: ArgumentHelp("A hardware profile JSON file.", valueName: "path"), completion: .file(extensions: ["json"]))
    var hardwareFile: String?

    @Option(help: "Video frames.") var frames: Int = 4
    @Option(help: "Visual tokens per frame before merging.") var tokensPerFrame: Int = 196
    @Option(help: "System text tokens before the frames (protected).") var systemTokens: Int = 14
    @Option(help: "Question text tokens after the frames (protected).") var questionTokens: Int = 18
    @Option(help: "Bipartite merge rounds per frame.") var mergeIterations: Int = 2
    @Option(help: "First layer whose retention drops below 1 (default: AIM's 14 of 28, scaled).") var pruneStart: Int?
    @Option(help: "Retention lost per layer (default: AIM's 0.125 at 28 layers, scaled).") var pruneStep: Double?
    @Option(help: "Seed of the weights, features and token ids.") var seed: UInt64 = 1

    @OptionGroup(title: "Output") var output: FormatOption
    @Flag(help: "List every operator's counted and priced ops and bytes.") var perOp = false
    @OptionGroup(title: "Runs database") var store: StoreOptions
    /// Not an input: crosscheck always checks `exact`; named only to refuse it in words.
    @Option(help: .hidden) var convention: ConventionChoice?

    func validate() throws {
        try refuseConvention()
        if model != nil, modelConfig != nil { throw ValidationError("give --model or --model-config, not both") }
        if hardware != nil, hardwareFile != nil { throw ValidationError("give --hardware or --hardware-file, not both") }
    }

    func run() throws {
        let runStore = try store.openIfStoring()
        var request = CrosscheckRequest()
        request.model = modelConfig.map { .configFile(path: $0) } ?? model.map(ModelSource.preset)
        request.layers = layers
        request.hardware = hardwareFile.map { .file(path: $0) } ?? hardware.map(HardwareSource.profile)
        request.frames = frames
        request.tokensPerFrame = tokensPerFrame
        request.systemTokens = systemTokens
        request.questionTokens = questionTokens
        request.mergeIterations = mergeIterations
        request.pruneStart = pruneStart
        request.pruneStep = pruneStep
        request.seed = seed
        let result = try CrosscheckService.run(request)
        let text = try CrosscheckOutput(result).render(output.format, RenderSettings(detail: DetailLevel(perOperator: perOp)))
        print(text, terminator: "")
        if let runStore {
            try store.store(RunRecorder.content(crosscheck: result, provenance: store.provenance(output.format, text)), in: runStore)
        }
        if !result.mismatches.isEmpty {
            throw CrosscheckFailure(count: result.mismatches.count)
        }
    }
}
