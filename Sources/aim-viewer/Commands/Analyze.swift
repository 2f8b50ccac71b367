import AIMReport
import AIMViewerCore
import ArgumentParser

struct Analyze: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Price a token schedule (by default AIM vs its baseline) layer by layer.",
        discussion: """
            Defaults reproduce the AIM paper: Qwen2-7B on nvidia_A100, 32 frames x 196 tokens + 100 text \
            tokens, AIM merging to 49 tokens per frame and pruning from layer 14 by 0.125 per layer, \
            llm-viewer convention with mlp_add skipped: 99.63 vs 14.76 TFLOPs.

            Examples:
              aim-viewer analyze
              aim-viewer analyze --frames 64 --merge-keep 0.125 --prune-start 10 --prune-step 0.1
              aim-viewer analyze --alignment model --per-layer
              aim-viewer analyze --model vicuna-7b --frames 1 --tokens-per-frame 576 --text-tokens 40 --prune-start 13
              aim-viewer analyze --tokens 2048 --flash-attention --hardware nvidia_H100 --per-op
              aim-viewer analyze --schedule-file sched.json --model-config ./Qwen2-7B/config.json --format json
              aim-viewer analyze --w-bit 8 --a-bit 8 --kv-bit 8 --tp 2 --batch 4 --format csv
            """)

    @OptionGroup(title: "Model") var model: ModelOptions
    @OptionGroup(title: "Hardware") var hardware: HardwareOptions
    @OptionGroup(title: "Schedule") var schedule: ScheduleOptions
    @OptionGroup(title: "Cost model") var cost: CostOptions
    @OptionGroup(title: "Output") var output: OutputOptions

    func run() throws {
        let report = try makeReport()
        print(try output.render(report), terminator: "")
    }

    func makeReport() throws -> AnalysisReport {
        let modelConfig = try model.resolve()
        let profile = try hardware.resolve()
        let options = cost.analysisOptions
        let analyzer = try Analyzer(model: modelConfig, hardware: profile, options: options)
        let schedules = try schedule.resolve(for: modelConfig)
        let method = try analyzer.analyze(schedules.method)
        let result: AnalysisReport.Result
        if let baselineSchedule = schedules.baseline {
            let comparison = ScheduleComparison(baseline: try analyzer.analyze(baselineSchedule), method: method)
            result = .comparison(methodLabel: schedules.methodLabel, comparison)
        } else {
            result = .single(label: schedules.methodLabel, method)
        }
        return AnalysisReport(model: modelConfig, hardware: profile, options: options,
                              workload: schedules.workload, result: result)
    }
}
