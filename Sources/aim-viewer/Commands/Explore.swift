import AIMCatalog
import AIMReport
import AIMStore
import AIMViewerCore
import AIMViewerKit
import ArgumentParser
import Foundation

struct Explore: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Sweep schedules and methods: what fits a budget, the Pareto frontier, the most frames.",
        discussion: """
            Every method parameter and --frames take a value (32), a list (1,0.5,0.25) or a range \
            (8...256, 0.05...0.5 in steps of the finest decimal written, or 8...256:8). Every \
            configuration of every method in --methods is priced at every frame count on every \
            --hardware target (prefill, with AIM's own merge and PageRank under exact). The answers:
              the schedules within --budget-tflops / --budget-ms / --budget-memory-gb;
              for each method, its configuration with the most visual information within the budget
                (methods compared at equal cost);
              with --maximize frames, the most frames each method fits in the budget;
              the Pareto frontier of cost (--cost flops|time) against visual information
                (--information token-layers|frames), printed and in --format json|csv.
            A sweep over a second shows a progress bar on stderr; Ctrl-C stops it and still prints and \
            stores what was found. The result is stored as a run unless --no-store. Limits \
            (docs/explore.md): each option at most 10^7 values within its domain; a sweep at most 10^11 \
            schedules (hardware targets x configurations x frame counts), refused at once otherwise.

            Serving sweeps: with --gen-len or --tokens, or more than one --batch or --tp value, every \
            device x --tp x --batch x prompt x --gen-len is priced end to end instead: time to first \
            token, time per output token, end-to-end and decoding throughput, memory against \
            capacity, the largest batch that fits and the latency-throughput frontier \
            (docs/explore.md).

            --engine NAME prices every time as that engine regime runs it: the prefill of each \
            schedule (--budget-ms and --cost time then use it; at most 10^6 schedules, each a full \
            analysis), or each serving point's request; the output names the regime and which \
            devices are transfers.

            Examples:
              aim-viewer explore --budget-tflops 99.63 --maximize frames
              aim-viewer explore --methods all --budget-tflops 15
              aim-viewer explore --frames 8...256 --merge-keep 1,0.5,0.25,0.125 \\
                  --prune-start 0...27 --prune-step 0.05...0.5 --budget-ms 60
              aim-viewer explore --methods fastv,pdrop --fastv-k 0...8 \\
                  --fastv-ratio 0.1...0.9 --budget-tflops 30 --format csv
              aim-viewer explore --hardware nvidia_A100,nvidia_H100 --budget-ms 50 \\
                  --cost time
              aim-viewer explore --hardware a100-sxm4-80gb,l40s --budget-ms 100 \\
                  --cost time --engine tensorrt-llm --prune-start 0...27
              aim-viewer explore --batch 1...64 --gen-len 128,1024 --hardware h200-sxm
              aim-viewer explore --model qwen2-72b --tokens 1024,4096 --tp 1,2,4 \\
                  --batch 1,8,32
              aim-viewer explore --methods all --budget-tflops 20 --html frontier.html
              aim-viewer explore --model llava-onevision-7b --budget-ms 200 \\
                  --maximize frames --end-to-end
            """)

    @OptionGroup(title: "Model") var model: ModelOptions
    @Option(help: ArgumentHelp("Hardware profiles, comma-separated (default nvidia_A100).", valueName: "a,b,..."), completion: Completions.hardwareList)
    var hardware: String = HardwareCatalog.defaultProfileName
    @Option(help: ArgumentHelp("Methods, comma-separated: aim, fastv, pdrop, vtw, fixed (prumerge), uniform-keep, baseline, or all.", valueName: "m,m,..."), completion: Completions.methods)
    var methods: String = "aim"
    @Option(help: ArgumentHelp("Frames: a value, list or range (default 32; 1...1024 with --maximize frames).", valueName: "values"))
    var frames: String?
    @Option(help: "Visual tokens per frame before merging (default 196, or a multimodal model's own count).") var tokensPerFrame: Int?
    @Option(help: ArgumentHelp("Frame size for a multimodal model's processor (default: its resolution).", valueName: "WxH"))
    var frameSize: String?
    @Flag(help: "Add a multimodal model's vision tower and projector to each schedule's time (--budget-ms and --cost time become time to first token; exact convention).")
    var endToEnd = false
    @Option(help: ArgumentHelp("With --end-to-end, the vision layers run: all (default, as Hugging Face runs the tower, even past vision_feature_layer) or feature-layer (stop at the layer whose output is used).",
                               valueName: "all|feature-layer"))
    var visionLayers: VisionLayerPolicy?
    @Option(help: "Text tokens (system + question).") var textTokens: Int = AIMScheduleParameters.paperDefault.textTokens
    @OptionGroup(title: "Method parameters") var method: MethodOptions
    @OptionGroup(title: "Cost model") var cost: CostOptions

    @Option(help: ArgumentHelp("Sequences per batch: a value, list or range (more than one: a serving sweep).", valueName: "values"))
    var batch: String?
    @Option(name: .customLong("tp"), help: ArgumentHelp("Tensor-parallel degrees, a value or list (more than one: a serving sweep).", valueName: "values"))
    var tensorParallel: String?
    @Option(help: ArgumentHelp("Serving sweep: prompt lengths (the same count at every layer, no method), a value, list or range.", valueName: "values"))
    var tokens: String?
    @Option(name: .customLong("gen-len"), help: ArgumentHelp("Serving sweep: generated tokens per request, a value, list or range.", valueName: "values"))
    var generationLength: String?

    @Option(help: "Budget: prefill TFLOPs (10^12 operations).") var budgetTflops: Double?
    @Option(help: "Budget: prefill milliseconds on each target.") var budgetMs: Double?
    @Option(help: "Budget: prefill memory footprint in GB (10^9 bytes); slower, every schedule is analysed in full.")
    var budgetMemoryGb: Double?
    @Option(help: "frames: report the most frames each method fits in the budget.") var maximize: MaximizeTarget?
    @Option(name: .customLong("cost"), help: "Frontier cost axis: flops or time.") var costAxis: ExploreCost = .flops
    @Option(help: ArgumentHelp("Price every time as this engine runs it: tensorrt-llm or pytorch-eager.", valueName: "name"))
    var engine: String?
    @Option(help: "Frontier information axis: token-layers (visual tokens summed over layers) or frames.")
    var information: ExploreInformation = .tokenLayers
    @Option(help: "Budget hits listed in JSON (the most informative).") var limit: Int = 20
    @Option(help: "Worker threads (default: all cores).") var threads: Int?
    @OptionGroup(title: "Output") var output: FormatOption
    @Option(help: ArgumentHelp("Also write a self-contained HTML report (the Pareto frontier with the budget line, the methods at equal cost) to this file.", valueName: "path"))
    var html: String?
    @OptionGroup(title: "Runs database") var store: StoreOptions

    enum MaximizeTarget: String, ExpressibleByArgument { case frames }

    func validate() throws {
        try refusePaperConvention()
        if cost.convention == .both { throw ValidationError("explore prices one convention: --convention exact or llm-viewer") }
        if limit < 0 { throw ValidationError("--limit must be 0 or more") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
    }

    func run() throws {
        if let html { try HTMLOutput.requireWritable(html) }
        let runStore = try store.openIfStoring()
        let names = hardware.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !names.isEmpty else { throw ValidationError("--hardware is empty") }
        let batches = try ParameterRange.parseWhole(batch ?? "1", option: "--batch")
        let degrees = try ParameterRange.parseWhole(tensorParallel ?? "1", option: "--tp")
        if tokens != nil || generationLength != nil || batches.count > 1 || degrees.count > 1 {
            return try runServing(names, batches: batches, degrees: degrees, runStore: runStore)
        }
        var request = ExploreRequest()
        request.model = model.source
        request.hardware = names.map(HardwareSource.profile)
        request.methods = try MethodKind.list(methods)
        // Counted and checked on the option texts before anything is built.
        request.frames = try ParameterRange.parseWhole(
            frames ?? (maximize == .frames ? "1...1024" : "\(AIMScheduleParameters.paperDefault.frames)"), option: "--frames")
        request.tokensPerFrame = tokensPerFrame
        request.frameSize = try CommandLineAdvice.usage { try frameSize.map { try VisionRequest.size($0, .frameSize) } }
        request.endToEnd = endToEnd
        request.visionLayers = visionLayers
        request.textTokens = textTokens
        request.parameters = try method.values()
        request.options = cost.analysisOptions(cost.conventions[0], batch: batches.first!, tensorParallel: degrees.first!)
        request.budget = ExploreBudget(tflops: budgetTflops, milliseconds: budgetMs, memoryGB: budgetMemoryGb)
        request.costAxis = costAxis
        request.informationAxis = information
        request.maximizeFrames = maximize == .frames
        request.hitLimit = limit
        request.threads = threads ?? ProcessInfo.processInfo.activeProcessorCount
        request.engine = engine
        let prepared = try ExploreService.prepare(request)

        let progress = ProgressReporter(total: prepared.total, label: "explore")
        let interrupt = InterruptFlag()
        interrupt.install()
        let outcome = try ExploreService.run(prepared, progress: { progress.update($0) }, shouldStop: { interrupt.isRaised })
        progress.finish()
        let text = try output.render(outcome.report)
        print(text, terminator: "")
        if let html { try HTMLOutput.write(HTMLReport.render(explore: outcome.report), to: html) }
        if let runStore {
            try store.store(RunRecorder.content(explore: outcome, provenance: store.provenance(output.format, text)), in: runStore)
        }
        let result = outcome.report.result
        if result.interrupted {
            printToStandardError("interrupted: swept \(result.swept) of \(result.total) schedules")
            throw ExitCode(130)
        }
    }
}

extension Explore {
    /// Batch, prompt-length, generation-length and tensor-parallel curves: every combination priced
    /// end to end (the budget and frontier options belong to the schedule sweep and are refused here).
    func runServing(_ names: [String], batches: WholeValues, degrees: WholeValues, runStore: RunStore?) throws {
        let scheduleOnly: [(String, Bool)] = [("--budget-tflops", budgetTflops != nil), ("--budget-ms", budgetMs != nil),
                                             ("--budget-memory-gb", budgetMemoryGb != nil), ("--maximize", maximize != nil),
                                             ("--end-to-end", endToEnd), ("--vision-layers", visionLayers != nil),
                                             ("--frame-size", frameSize != nil)]
        if let (flag, _) = scheduleOnly.first(where: { $0.1 }) {
            throw ValidationError("\(flag) belongs to the schedule sweep; a serving sweep (--batch, --tp or --tokens lists, --gen-len) reports throughput, latency and memory against capacity instead")
        }
        if tokens != nil, methods != "aim" || frames != nil {
            throw ValidationError("--tokens prices the same count at every layer with no method; drop --methods and --frames, or drop --tokens to sweep the methods' schedules")
        }
        var request = ServingSweepRequest()
        request.model = model.source
        request.hardware = names.map(HardwareSource.profile)
        request.tokens = try tokens.map { try ParameterRange.parseWhole($0, option: "--tokens") }
        request.methods = try MethodKind.list(methods)
        request.frames = try ParameterRange.parseWhole(frames ?? "\(AIMScheduleParameters.paperDefault.frames)", option: "--frames")
        request.tokensPerFrame = tokensPerFrame ?? AIMScheduleParameters.paperDefault.tokensPerFrame
        request.textTokens = textTokens
        request.parameters = try method.values()
        request.options = cost.analysisOptions(cost.conventions[0])
        request.batchSizes = batches
        request.tensorParallel = degrees
        request.generationLengths = try ParameterRange.parseWhole(generationLength ?? "128", option: "--gen-len")
        request.engine = engine
        let prepared = try ServingSweepService.prepare(request)
        let progress = ProgressReporter(total: prepared.total, label: "explore")
        let interrupt = InterruptFlag()
        interrupt.install()
        let outcome = ServingSweepService.run(prepared, progress: { progress.update($0) }, shouldStop: { interrupt.isRaised })
        progress.finish()
        let text = try output.render(outcome.report)
        print(text, terminator: "")
        if let runStore {
            try store.store(RunRecorder.content(serving: outcome, provenance: store.provenance(output.format, text)), in: runStore)
        }
        if outcome.report.result.interrupted {
            printToStandardError("interrupted: priced \(outcome.report.result.points.count) of \(outcome.report.result.total) configurations")
            throw ExitCode(130)
        }
    }
}

extension ExploreCost: ExpressibleByArgument {}
extension ExploreInformation: ExpressibleByArgument {}
