/// A method's schedule priced beside its baseline, with baseline ÷ method ratios (">1" = cheaper).
public struct ScheduleComparison: Sendable, Equatable {
    public var baseline: PassAnalysis
    public var method: PassAnalysis

    public init(baseline: PassAnalysis, method: PassAnalysis) {
        self.baseline = baseline
        self.method = method
    }

    public var reduction: Reduction { Reduction(baseline: baseline, method: method) }
}

/// How many times smaller the method is than the baseline, per stage and quantity.
public struct Reduction: Sendable, Equatable, Codable {
    /// baseline / method per quantity; `nil` where the method costs 0 and the baseline does not
    /// (the reduction is unbounded: reported as undefined, never as infinity or 0).
    public struct StageRatios: Sendable, Equatable, Codable {
        public var ops: Double?
        public var bytes: Double?
        public var seconds: Double?
        public var memoryFootprintBytes: Double?

        init(baseline: StageAnalysis, method: StageAnalysis) {
            ops = Self.ratio(baseline.totals.cost.ops, method.totals.cost.ops)
            bytes = Self.ratio(baseline.totals.cost.bytes, method.totals.cost.bytes)
            seconds = Self.ratio(baseline.totals.seconds, method.totals.seconds)
            memoryFootprintBytes = Self.ratio(
                baseline.memoryFootprint.totalBytes, method.memoryFootprint.totalBytes)
        }

        /// baseline / method; 1 when both are 0; `nil` when only the method is 0.
        static func ratio(_ baseline: Double, _ method: Double) -> Double? {
            if method == 0 { return baseline == 0 ? 1 : nil }
            let ratio = baseline / method
            return ratio.isFinite ? ratio : nil
        }
    }

    public var prefill: StageRatios
    public var decode: StageRatios

    public init(baseline: PassAnalysis, method: PassAnalysis) {
        prefill = StageRatios(baseline: baseline.prefill, method: method.prefill)
        decode = StageRatios(baseline: baseline.decode, method: method.decode)
    }
}
