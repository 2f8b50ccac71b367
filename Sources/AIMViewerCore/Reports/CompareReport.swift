/// What `compare` prints: one workload on several devices.
public struct CompareReport: Sendable {
    public var model: ModelConfig
    public var options: AnalysisOptions
    public var workload: [String]
    public var comparison: HardwareComparison

    public init(model: ModelConfig, options: AnalysisOptions, workload: [String], comparison: HardwareComparison) {
        self.model = model
        self.options = options
        self.workload = workload
        self.comparison = comparison
    }
}
