/// The one workload whose `llm-viewer` prefill the AIM paper published (99.63 vs 14.76 TFLOPs,
/// 439.58 vs 55.03 ms): Qwen2-7B on LLM-Viewer's A100, 16-bit, batch 1, no tensor parallelism,
/// baseline beside AIM at the paper's parameters. Only under it may a report call its
/// `llm-viewer` figures "the published numbers"; any other workload's are merely that convention's.
public enum AIMPaperWorkload {
    public static let modelName = "qwen2-7b"
    public static let hardwareName = "nvidia_A100"

    /// Whether `report` prices exactly the paper's workload (its schedules compared token for token).
    public static func matches(_ report: AnalysisReport) -> Bool {
        let options = report.options
        guard report.model.name == modelName, report.hardware.name == hardwareName,
              options.batchSize == 1, options.tensorParallel == 1, !options.flashAttention,
              options.weightBits == 16, options.activationBits == 16, options.kvBits == 16,
              case let .comparison(_, comparison) = report.result else { return false }
        let layers = report.model.layerCount
        guard let baseline = try? AIMScheduler.baseline(.paperDefault, layerCount: layers),
              let aim = try? AIMScheduler.schedule(.paperDefault, layerCount: layers) else { return false }
        return comparison.baseline.schedule.tokensPerLayer == baseline.tokensPerLayer
            && comparison.method.schedule.tokensPerLayer == aim.tokensPerLayer
    }
}
