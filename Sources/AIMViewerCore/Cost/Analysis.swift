/// One operator with its roofline verdict.
public struct PricedOperator: Sendable, Equatable, Codable {
    /// A stored operator as it was priced (the run store reads results back without re-pricing).
    public init(name: OperatorName, cost: OperatorCost, intensityOpsPerByte: Double?, bound: Bound, seconds: Double) {
        self.name = name
        self.cost = cost
        self.intensityOpsPerByte = intensityOpsPerByte
        self.bound = bound
        self.seconds = seconds
    }

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
        bound = roofline.bound(cost)
        seconds = roofline.seconds(cost)
    }
}

/// One decoder layer in one stage.
public struct LayerAnalysis: Sendable, Equatable, Codable {
    public var index: Int
    public var queryTokens: Int
    public var contextTokens: Int
    public var operators: [PricedOperator]
    public var totals: CostTotals

    public init(index: Int, queryTokens: Int, contextTokens: Int, operators: [PricedOperator], totals: CostTotals) {
        self.index = index
        self.queryTokens = queryTokens
        self.contextTokens = contextTokens
        self.operators = operators
        self.totals = totals
    }
}

/// What the weights, the KV cache and live activations occupy on one device.
public struct MemoryFootprint: Sendable, Equatable, Codable {
    public var weightBytes: Double
    public var kvCacheBytes: Double
    public var activationBytes: Double

    public init(weightBytes: Double, kvCacheBytes: Double, activationBytes: Double) {
        self.weightBytes = weightBytes
        self.kvCacheBytes = kvCacheBytes
        self.activationBytes = activationBytes
    }

    public var totalBytes: Double { activationBytes + (weightBytes + kvCacheBytes) }
}

/// One stage (prefill or one decode step) of a whole model.
public struct StageAnalysis: Sendable, Equatable, Codable {
    public var stage: Stage
    public var layers: [LayerAnalysis]
    /// Operators outside the decoder layers in execution order (`token_merge`, `embedding`,
    /// `final_norm`, `lm_head` under `exact`; `lm_head` alone under `llm-viewer`).
    public var modelOperators: [PricedOperator]
    /// Layers plus model operators.
    public var totals: CostTotals
    public var memoryFootprint: MemoryFootprint

    public init(stage: Stage, layers: [LayerAnalysis], modelOperators: [PricedOperator], totals: CostTotals,
                memoryFootprint: MemoryFootprint) {
        self.stage = stage
        self.layers = layers
        self.modelOperators = modelOperators
        self.totals = totals
        self.memoryFootprint = memoryFootprint
    }

    /// The `lm_head` operator.
    public var head: PricedOperator { modelOperators.first { $0.name == .lmHead }! }
}

/// A prefill and one decode step at the schedule's per-layer context.
public struct PassAnalysis: Sendable, Equatable, Codable {
    public var schedule: TokenSchedule
    public var convention: Convention
    public var precision: Precision
    public var peakOpsPerSecond: Double
    public var prefill: StageAnalysis
    public var decode: StageAnalysis
    /// AIM's own overheads when the schedule came from the AIM generator.
    public var overheads: OverheadSummary?

    public init(schedule: TokenSchedule, convention: Convention, precision: Precision, peakOpsPerSecond: Double,
                prefill: StageAnalysis, decode: StageAnalysis, overheads: OverheadSummary?) {
        self.schedule = schedule
        self.convention = convention
        self.precision = precision
        self.peakOpsPerSecond = peakOpsPerSecond
        self.prefill = prefill
        self.decode = decode
        self.overheads = overheads
    }

    public func stage(_ stage: Stage) -> StageAnalysis {
        stage == .prefill ? prefill : decode
    }
}

extension PassAnalysis {
    /// The last line of defence behind the input limits: no output (table, CSV, JSON, HTML, the
    /// store) may receive an infinite or NaN figure. Every per-operator figure is summed into a stage
    /// total, so a non-finite operator shows up in the totals checked here.
    func requireFinite() throws {
        for stage in [prefill, decode] {
            let cost = stage.totals.cost
            let figures: [(String, Double)] = [
                ("operations", cost.ops), ("weight bytes loaded", cost.loadWeightBytes),
                ("activation bytes loaded", cost.loadActivationBytes), ("activation bytes stored", cost.storeActivationBytes),
                ("KV bytes loaded", cost.loadKVBytes), ("KV bytes stored", cost.storeKVBytes),
                ("interconnect bytes", cost.interconnectBytes), ("seconds", stage.totals.seconds),
                ("memory footprint", stage.memoryFootprint.totalBytes),
            ]
            for (name, value) in figures where !value.isFinite {
                throw AnalysisError.invalidOption(
                    "the \(stage.stage.rawValue) \(name) came out as \(value); the model, profile or options hold a figure too extreme to price. This is a defect: please report it with the command line")
            }
        }
    }
}
