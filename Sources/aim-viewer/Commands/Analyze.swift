import AIMReport
import AIMStore
import AIMViewerCore
import AIMViewerKit
import ArgumentParser
import Foundation

struct Analyze: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Price a token schedule (by default AIM vs its baseline) layer by layer.",
        discussion: """
            Defaults: the AIM paper's workload, Qwen2-7B on nvidia_A100, 32 frames x 196 tokens + 100 text \
            tokens, AIM merging to 49 tokens per frame and pruning from layer 14 by 0.125 per layer, priced \
            under the corrected `exact` convention; the published `llm-viewer` figures (99.63 vs 14.76 \
            TFLOPs, 439.58 vs 55.03 ms) are printed beneath. `--convention llm-viewer` reports them alone.

            Examples:
              aim-viewer analyze
              aim-viewer analyze --frames 64 --merge-keep 0.125 --prune-start 10 \\
                  --prune-step 0.1
              aim-viewer analyze --alignment model --per-layer
              aim-viewer analyze --model vicuna-7b --frames 1 --tokens-per-frame 576 \\
                  --text-tokens 40 --prune-start 13
              aim-viewer analyze --tokens 2048 --flash-attention --hardware nvidia_H100 \\
                  --per-op
              aim-viewer analyze --convention both
              aim-viewer analyze --gen-len 512 --tp 2 --hardware nvidia_H100
              aim-viewer analyze --schedule-file sched.json \\
                  --model-config ./Qwen2-7B/config.json --format json
              aim-viewer analyze --w-bit 8 --a-bit 8 --kv-bit 8 --tp 2 --batch 4 \\
                  --format csv
              aim-viewer analyze --vision siglip-so400m
              aim-viewer analyze --html report.html
              aim-viewer analyze --model mixtral-8x7b --tp 2 --hardware nvidia_H100
              aim-viewer analyze --model-config ./gpt-j-6b/config.json --tokens 2048
              aim-viewer analyze --hardware h100-sxm5-80gb --engine tensorrt-llm \\
                  --dtype fp8 --batch 64 --tokens 2048 --gen-len 128
              aim-viewer analyze --model gpt-j-6b --hardware l40s --engine tensorrt-llm \\
                  --dtype fp8 --tokens 128 --context 4096
            """)

    @OptionGroup(title: "Model") var model: ModelOptions
    @OptionGroup(title: "Hardware") var hardware: HardwareOptions
    @OptionGroup(title: "Schedule") var schedule: ScheduleOptions
    @OptionGroup(title: "Vision side") var vision: VisionOptions
    @OptionGroup(title: "Cost model") var cost: CostOptions
    @OptionGroup(title: "Cost model") var parallel: ParallelOptions
    @OptionGroup(title: "Output") var output: OutputOptions

    @OptionGroup(title: "Runs database") var store: StoreOptions

    @Option(name: .customLong("gen-len"),
            help: "Also price a whole request: the prefill plus this many decode steps.")
    var generationLength: Int?

    @Option(help: ArgumentHelp("Also price it as this engine runs it: tensorrt-llm (fitted to TensorRT-LLM 0.9 tables) or pytorch-eager (the LLMCompass kernel fit). Transfers to any profile by its datasheet roofs.", valueName: "name"))
    var engine: String?

    @Option(name: .customLong("context"), help: ArgumentHelp("With --engine: price the decode step at this many cached entries per layer.", valueName: "N"))
    var decodeContext: Int?

    @Option(help: ArgumentHelp("Also write a self-contained HTML report (charts and tables) to this file.", valueName: "path"),
            completion: .file(extensions: ["html"]))
    var html: String?

    func run() throws {
        if let formula = cost.paperFormula { return try runPaper(formula) }
        if let html { try HTMLOutput.requireWritable(html) }
        let runStore = try store.openIfStoring()
        var request = AnalysisRequest()
        request.model = model.source
        request.hardware = hardware.source
        request.schedule = try schedule.request()
        request.vision = try vision.request()
        request.options = cost.analysisOptions(.exact, parallel)
        request.conventions = cost.conventions
        request.generationLength = generationLength
        request.engine = engine
        request.decodeContext = decodeContext
        let outcome = try AnalysisService.analyze(request)
        let text = try output.render(AnalysisOutput(outcome.reports))
        print(text, terminator: "")
        if let html { try HTMLOutput.write(HTMLReport.render(outcome.reports[0]), to: html) }
        if let runStore {
            let content = RunRecorder.content(analyze: outcome, request: request, provenance: store.provenance(output.format, text))
            let pause = ProcessInfo.processInfo.environment["AIM_VIEWER_STORE_PAUSE_FOR_TESTS"].flatMap(Double.init)
            if pause != nil { printToStandardError("storing run in \(runStore.path)") }
            let id = try runStore.store(content, pauseBeforeCommit: pause)
            printToStandardError("stored run \(id) in \(runStore.path)")
        }
    }
}
