/// One operator with its roofline verdict.
public struct PricedOperator: Sendable, Equatable, Codable {
    public var name: OperatorName
    public var cost: OperatorCost
    /// Operations per byte; `nil` when the operator moves no bytes.
    public var intensityOpsPerByte: Double?
    public var bound: Bound
    public var seconds: Double

    public init(name: OperatorName, cost: OperatorCost, roofline: Roofline) {
        self.name = name
        self.cost = cost
        let bytes = cost.bytes
        intensityOpsPerByte = bytes > 0 ? cost.ops / bytes : nil
        bound = roofline.bound(ops: cost.ops, bytes: bytes)
        seconds = roofline.seconds(ops: cost.ops, bytes: bytes)
    }
}

/// One decoder layer in one stage.
public struct LayerAnalysis: Sendable, Equatable, Codable {
    public var index: Int
    public var queryTokens: Int
    public var contextTokens: Int
    public var operators: [PricedOperator]
    public var totals: CostTotals
}

/// What the weights, the KV cache and live activations occupy on one device.
public struct MemoryFootprint: Sendable, Equatable, Codable {
    public var weightBytes: Double
    public var kvCacheBytes: Double
    public var activationBytes: Double

    public var totalBytes: Double { activationBytes + (weightBytes + kvCacheBytes) }
}

/// One stage (prefill or one decode step) of a whole model.
public struct StageAnalysis: Sendable, Equatable, Codable {
    public var stage: Stage
    public var layers: [LayerAnalysis]
    public var head: PricedOperator
    /// Layers plus head.
    public var totals: CostTotals
    public var memoryFootprint: MemoryFootprint
}

/// A prefill and one decode step at the schedule's per-layer context.
public struct PassAnalysis: Sendable, Equatable, Codable {
    public var schedule: TokenSchedule
    public var precision: Precision
    public var peakOpsPerSecond: Double
    public var prefill: StageAnalysis
    public var decode: StageAnalysis

    public func stage(_ stage: Stage) -> StageAnalysis {
        stage == .prefill ? prefill : decode
    }
}
