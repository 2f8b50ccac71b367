import AIMReport
import AIMStore
import AIMViewerCore
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
              aim-viewer analyze --frames 64 --merge-keep 0.125 --prune-start 10 --prune-step 0.1
              aim-viewer analyze --alignment model --per-layer
              aim-viewer analyze --model vicuna-7b --frames 1 --tokens-per-frame 576 --text-tokens 40 --prune-start 13
              aim-viewer analyze --tokens 2048 --flash-attention --hardware nvidia_H100 --per-op
              aim-viewer analyze --convention both
              aim-viewer analyze --gen-len 512 --tp 2 --hardware nvidia_H100
              aim-viewer analyze --schedule-file sched.json --model-config ./Qwen2-7B/config.json --format json
              aim-viewer analyze --w-bit 8 --a-bit 8 --kv-bit 8 --tp 2 --batch 4 --format csv
              aim-viewer analyze --vision siglip-so400m
              aim-viewer analyze --html report.html
              aim-viewer analyze --model mixtral-8x7b --tp 2 --hardware nvidia_H100
              aim-viewer analyze --model-config ./gpt-j-6b/config.json --tokens 2048
            """)

    @OptionGroup(title: "Model") var model: ModelOptions
    @OptionGroup(title: "Hardware") var hardware: HardwareOptions
    @OptionGroup(title: "Schedule") var schedule: ScheduleOptions
    @OptionGroup(title: "Vision side") var vision: VisionOptions
    @OptionGroup(title: "Cost model") var cost: CostOptions
    @OptionGroup(title: "Output") var output: OutputOptions

    @OptionGroup(title: "Runs database") var store: StoreOptions

    @Option(name: .customLong("gen-len"),
            help: "Also price a whole request: the prefill plus this many decode steps.")
    var generationLength: Int?

    @Option(help: ArgumentHelp("Also write a self-contained HTML report (charts and tables) to this file.", valueName: "path"))
    var html: String?

    func run() throws {
        if let html { try HTMLOutput.requireWritable(html) }
        let runStore = try store.openIfStoring()
        let workload = try Workload(model: model, hardware: hardware, schedule: schedule, vision: vision)
        if workload.vision != nil, !cost.conventions.contains(.exact) {
            throw ValidationError("--vision is priced under the exact convention only (LLM-Viewer has no vision encoder); use --convention exact or both")
        }
        let reports = try cost.conventions.map { try workload.report(options: cost.analysisOptions($0),
                                                                     generationLength: generationLength) }
        let text = try output.render(reports)
        print(text, terminator: "")
        if let html { try HTMLOutput.write(HTMLReport.render(reports[0]), to: html) }
        if let runStore {
            let content = RunContent(
                command: "analyze", commandLine: Array(CommandLine.arguments.dropFirst()),
                toolVersion: AIMViewerVersion.current, label: store.label, tags: store.tag, model: workload.model,
                hardware: workload.hardware, options: reports[0].options, conventions: cost.conventions,
                workload: workload.schedules.workload, overheads: workload.schedules.overheads,
                generationLength: generationLength, outputFormat: output.format.rawValue, outputText: text,
                schedules: reports.flatMap(StoredSchedules.make),
                attachments: RunAttachments(vision: reports.lazy.compactMap(\.vision).first))
            let pause = ProcessInfo.processInfo.environment["AIM_VIEWER_STORE_PAUSE_FOR_TESTS"].flatMap(Double.init)
            if pause != nil { printToStandardError("storing run in \(runStore.path)") }
            let id = try runStore.store(content, pauseBeforeCommit: pause)
            printToStandardError("stored run \(id) in \(runStore.path)")
        }
    }
}

/// The inputs of one analysis, resolved once and priced under any convention.
struct Workload {
    var model: ModelConfig
    var hardware: HardwareProfile
    var schedules: ResolvedSchedules
    /// With `--vision`: the encoder and how many frames it sees.
    var vision: (tower: VisionTower, frames: Int)?

    init(model: ModelOptions, hardware: HardwareOptions, schedule: ScheduleOptions, vision: VisionOptions? = nil) throws {
        self.model = try model.resolve()
        self.hardware = try hardware.resolve()
        var schedule = schedule
        if let tower = try vision?.resolve() {
            if let stated = schedule.tokensPerFrame, stated != tower.tokensPerFrame {
                throw ValidationError(
                    "--tokens-per-frame \(stated) disagrees with --vision \(tower.name), which hands \(tower.tokensPerFrame) tokens per frame to the LLM (\(tower.patchesPerFrame) patches, pooling stride \(tower.poolingStride)); drop --tokens-per-frame or change --vision-pooling")
            }
            schedule.tokensPerFrame = tower.tokensPerFrame
            self.vision = (tower, schedule.frames)
        }
        self.schedules = try schedule.resolve(for: self.model)
    }

    init(model: ModelConfig, hardware: HardwareProfile, schedules: ResolvedSchedules) {
        self.model = model
        self.hardware = hardware
        self.schedules = schedules
    }

    /// The priced report. Under `exact`, the llm-viewer prefill of the same schedules rides along
    /// (when that convention can price this hardware) so the published figures stay visible.
    func report(options: AnalysisOptions, generationLength: Int?) throws -> AnalysisReport {
        let analyzer = try Analyzer(model: model, hardware: hardware, options: options)
        let method = try analyzer.analyze(schedules.method, overheads: schedules.overheads)
        let baseline = try schedules.baseline.map { try analyzer.analyze($0) }
        let result: AnalysisReport.Result
        if let baseline {
            result = .comparison(methodLabel: schedules.methodLabel, ScheduleComparison(baseline: baseline, method: method))
        } else {
            result = .single(label: schedules.methodLabel, method)
        }
        let analyses = [baseline, method].compactMap { $0 }
        let generations = try generationLength.map { steps in
            try analyses.map { try analyzer.generation(after: $0, steps: steps) }
        } ?? []
        var reference: [CostTotals] = []
        if options.convention == .exact {
            var viewerOptions = options
            viewerOptions.convention = .llmViewer
            if let viewer = try? Analyzer(model: model, hardware: hardware, options: viewerOptions) {
                reference = analyses.map { viewer.prefillTotals(tokensPerLayer: $0.schedule.tokensPerLayer) }
            }
        }
        let visionAnalysis = try vision.flatMap { vision in
            options.convention == .exact ? try analyzer.analyzeVision(vision.tower, frames: vision.frames) : nil
        }
        return AnalysisReport(model: model, hardware: hardware, options: options, workload: schedules.workload,
                              result: result, generations: generations, llmViewerReference: reference,
                              vision: visionAnalysis, calibrated: analyses.compactMap(analyzer.calibratedEstimate))
    }
}
