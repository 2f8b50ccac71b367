/// Prices token schedules for one model on one device under one set of options.
///
/// Construction validates everything once (sizes, tensor-parallel divisibility, the precision's peak)
/// so that `analyze` and the allocation-free `prefillTotals` can run in tight sweeps.
public struct Analyzer: Sendable {
    public let model: ModelConfig
    public let hardware: HardwareProfile
    public let options: AnalysisOptions
    public let roofline: Roofline
    let operators: LLMViewerOperators

    public init(model: ModelConfig, hardware: HardwareProfile, options: AnalysisOptions) throws {
        try options.validate(for: model)
        let (precision, peak) = try options.computePrecision(on: hardware)
        self.model = model
        self.hardware = hardware
        self.options = options
        self.roofline = Roofline(
            memoryBandwidthBytesPerSecond: hardware.memoryBandwidthBytesPerSecond,
            peakOpsPerSecond: peak, precision: precision)
        self.operators = LLMViewerOperators(
            model: model, options: options, onChipBufferBytes: hardware.onChipBufferBytes)
    }

    /// Full detail: every layer and operator of the prefill and of one decode step whose context at
    /// layer `l` is the schedule's `n_l`.
    public func analyze(_ schedule: TokenSchedule) throws -> PassAnalysis {
        try schedule.requireLayerCount(model.layerCount, modelName: model.name)
        let prefillSteps = schedule.tokensPerLayer.map { TokenStep.prefill(tokens: $0) }
        let decodeSteps = schedule.tokensPerLayer.map { TokenStep.decode(context: $0) }
        let prefill = analyzeStage(.prefill, steps: prefillSteps, weightsAndCacheFrom: nil)
        let decode = analyzeStage(.decode, steps: decodeSteps, weightsAndCacheFrom: prefill)
        return PassAnalysis(
            schedule: schedule, precision: roofline.precision, peakOpsPerSecond: roofline.peakOpsPerSecond,
            prefill: prefill, decode: decode)
    }

    /// Prefill totals (layers plus head) without building any per-layer detail: the hot path of
    /// sweeps and benchmarks. Equal to `analyze(schedule).prefill.totals`.
    @inline(__always)
    public func prefillTotals(tokensPerLayer: [Int]) -> CostTotals {
        var totals = CostTotals.zero
        let roofline = self.roofline
        for tokens in tokensPerLayer {
            var layer = CostTotals.zero
            operators.forEachLayerOperator(.prefill(tokens: tokens)) { _, cost in
                layer.add(cost, seconds: roofline.seconds(cost))
            }
            totals += layer
        }
        let head = operators.head()
        totals.add(head, seconds: roofline.seconds(head))
        return totals
    }

    func analyzeLayer(index: Int, step: TokenStep) -> LayerAnalysis {
        var priced: [PricedOperator] = []
        priced.reserveCapacity(OperatorName.allCases.count)
        var totals = CostTotals.zero
        operators.forEachLayerOperator(step) { name, cost in
            let op = PricedOperator(name: name, cost: cost, roofline: roofline)
            totals.add(cost, seconds: op.seconds)
            priced.append(op)
        }
        return LayerAnalysis(
            index: index, queryTokens: step.queryTokens, contextTokens: step.contextTokens,
            operators: priced, totals: totals)
    }

    /// LLM-Viewer's footprint: weights and KV cache stored by the prefill, plus the activations all
    /// operators of the LAST layer store in this stage; the head is added to totals afterwards.
    /// Weights count for every layer, also one whose schedule is 0 tokens (it loads none but keeps them).
    func analyzeStage(_ stage: Stage, steps: [TokenStep], weightsAndCacheFrom prefill: StageAnalysis?) -> StageAnalysis {
        let layers = steps.enumerated().map { analyzeLayer(index: $0.offset, step: $0.element) }
        var totals = CostTotals.zero
        for layer in layers { totals += layer.totals }
        var kvCacheBytes = 0.0
        for layer in prefill?.layers ?? layers { kvCacheBytes += layer.totals.cost.storeKVBytes }
        let weightBytes = operators.layerWeightBytes * Double(layers.count)
        let footprint = MemoryFootprint(
            weightBytes: weightBytes, kvCacheBytes: kvCacheBytes,
            activationBytes: layers.last?.totals.cost.storeActivationBytes ?? 0)
        let head = PricedOperator(name: .lmHead, cost: operators.head(), roofline: roofline)
        totals.add(head.cost, seconds: head.seconds)
        return StageAnalysis(stage: stage, layers: layers, head: head, totals: totals, memoryFootprint: footprint)
    }
}
