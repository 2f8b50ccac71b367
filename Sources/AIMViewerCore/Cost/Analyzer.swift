/// Prices token schedules for one model on one device under one set of options.
///
/// Construction validates everything once (sizes, tensor-parallel divisibility, the precision's peak,
/// profile fields the convention needs) so that `analyze` and the allocation-free `prefillTotals`
/// can run in tight sweeps.
public struct Analyzer: Sendable {
    public let model: ModelConfig
    public let hardware: HardwareProfile
    public let options: AnalysisOptions
    public let roofline: Roofline
    let operators: ConventionOperators

    public init(model: ModelConfig, hardware: HardwareProfile, options: AnalysisOptions) throws {
        try options.validate(for: model)
        let (precision, peak) = try options.computePrecision(on: hardware)
        self.model = model
        self.hardware = hardware
        self.options = options
        self.roofline = Roofline(
            memoryBandwidthBytesPerSecond: hardware.memoryBandwidthBytesPerSecond,
            peakOpsPerSecond: peak, precision: precision,
            interconnectBandwidthBytesPerSecond: hardware.interconnectBandwidthBytesPerSecond)
        switch options.convention {
        case .llmViewer:
            if let latent = model.architecture.latentAttention {
                throw AnalysisError.invalid(ParameterMessage { "\(model.name) has multi-head latent attention (\(latent.summary)); LLM-Viewer has no formula for it, so the llm-viewer convention cannot price it. Use \($0(.convention)) exact" })
            }
            if model.architecture.experts != nil {
                throw AnalysisError.invalid(ParameterMessage { "\(model.name) is a mixture-of-experts model (\(model.architecture.family.rawValue)); LLM-Viewer has no formula for routed experts, so the llm-viewer convention cannot price it. Use \($0(.convention)) exact" })
            }
            if options.flashAttention, hardware.onChipBufferBytes == nil {
                throw AnalysisError.invalid(ParameterMessage { "\($0(.flashAttention)) under the llm-viewer convention sizes tiles from the profile's 'onChipBufferBytes', which \(hardware.name) lacks; add it or use \($0(.convention)) exact" })
            }
            operators = .llmViewer(LLMViewerOperators(
                model: model, options: options, onChipBufferBytes: hardware.onChipBufferBytes ?? 0))
        case .exact:
            if options.tensorParallel > 1, hardware.interconnectBandwidthBytesPerSecond == nil {
                throw AnalysisError.invalid(ParameterMessage { "\($0(.tensorParallel)) \(options.tensorParallel) needs the profile's 'interconnectBandwidthBytesPerSecond' to price the all-reduce, which \(hardware.name) lacks; add it to the profile or use \($0(.tensorParallel)) 1" })
            }
            operators = .exact(try ExactOperators(
                model: model, options: options, onChipMemoryPerSMBytes: hardware.onChipMemoryPerSMBytes))
        }
    }

    /// Full detail: every layer and operator of the prefill and of one decode step at the schedule's
    /// context (`n_l` cached entries; `exact` also attends the new token). `overheads` adds AIM's
    /// merge and PageRank operators (`exact`) or reports the published script's figures (`llm-viewer`).
    public func analyze(_ schedule: TokenSchedule, overheads: AIMOverheadSpec? = nil) throws -> PassAnalysis {
        try schedule.requireLayerCount(model.layerCount, modelName: model.name)
        let counts = schedule.tokensPerLayer
        if options.convention == .llmViewer {
            try model.requireWithinAttentionWindow(tokensPerLayer: counts, decodeContextGrowth: operators.decodeAttendsNewToken)
        }
        let prefillSteps = counts.map { TokenStep.prefill(tokens: $0) }
        let decodeSteps = counts.map { TokenStep.decode(context: $0 + operators.decodeAttendsNewToken) }
        let pagerank = overheads == nil ? [] : Self.pagerankTokens(counts)
        let prefill = analyzeStage(.prefill, steps: prefillSteps, pagerankTokens: pagerank, overheads: overheads,
                                   prefill: nil)
        let decode = analyzeStage(.decode, steps: decodeSteps, pagerankTokens: [], overheads: overheads,
                                  prefill: prefill)
        let analysis = PassAnalysis(
            schedule: schedule, convention: options.convention, precision: roofline.precision,
            peakOpsPerSecond: roofline.peakOpsPerSecond, prefill: prefill, decode: decode,
            overheads: overheads.map { overheadSummary($0, prefill: prefill) })
        try analysis.requireFinite()
        return analysis
    }

    /// Prefill totals without any per-layer detail: the hot path of sweeps and benchmarks. Equal to
    /// `analyze(schedule, overheads:).prefill.totals`: with `overheads`, `exact` adds AIM's merge and
    /// the PageRank after every layer the schedule prunes after.
    public func prefillTotals(tokensPerLayer: [Int], overheads: AIMOverheadSpec? = nil) -> CostTotals {
        var totals: CostTotals
        let pagerank = overheads != nil
        switch operators {
        case .llmViewer(let formulas): totals = Self.layerTotals(formulas, tokensPerLayer, roofline, pagerank: false)
        case .exact(let formulas): totals = Self.layerTotals(formulas, tokensPerLayer, roofline, pagerank: pagerank)
        }
        let roofline = self.roofline
        operators.forEachModelOperator(
            stage: .prefill, firstLayerTokens: tokensPerLayer.first ?? 0,
            lastLayerTokens: tokensPerLayer.last ?? 0, overheads: overheads
        ) { _, cost in totals.add(cost, seconds: roofline.seconds(cost)) }
        return totals
    }

    /// Σ over layers, specialised per convention so the operator calls inline.
    @inline(__always)
    static func layerTotals<Formulas: LayerFormulas>(_ formulas: Formulas, _ tokensPerLayer: [Int], _ roofline: Roofline,
                                                     pagerank: Bool) -> CostTotals {
        var totals = CostTotals.zero
        for (index, tokens) in tokensPerLayer.enumerated() {
            var layer = CostTotals.zero
            let scored = pagerank && prunesAfter(index, tokensPerLayer)
            formulas.forEachLayerOperator(.prefill(tokens: tokens), layer: index, pagerankTokens: scored ? tokens : nil) { _, cost in
                layer.add(cost, seconds: roofline.seconds(cost))
            }
            totals += layer
        }
        return totals
    }

    /// The layers after which AIM prunes (the next layer sees fewer tokens), with the count PageRank
    /// scores there; one entry per layer, `nil` where nothing is pruned.
    static func pagerankTokens(_ counts: [Int]) -> [Int?] {
        counts.indices.map { prunesAfter($0, counts) ? counts[$0] : nil }
    }

    /// AIM scores tokens after `layer` exactly when the next layer sees fewer.
    @inline(__always)
    static func prunesAfter(_ layer: Int, _ counts: [Int]) -> Bool {
        layer + 1 < counts.count && counts[layer + 1] < counts[layer]
    }

    func analyzeLayer(index: Int, step: TokenStep, pagerankTokens: Int?) -> LayerAnalysis {
        var priced: [PricedOperator] = []
        priced.reserveCapacity(OperatorName.allCases.count)
        var totals = CostTotals.zero
        operators.forEachLayerOperator(step, layer: index, pagerankTokens: pagerankTokens) { name, cost in
            let op = PricedOperator(name: name, cost: cost, roofline: roofline)
            totals.add(cost, seconds: op.seconds)
            priced.append(op)
        }
        return LayerAnalysis(
            index: index, queryTokens: step.queryTokens, contextTokens: step.contextTokens,
            operators: priced, totals: totals)
    }

    func analyzeStage(_ stage: Stage, steps: [TokenStep], pagerankTokens: [Int?], overheads: AIMOverheadSpec?,
                      prefill: StageAnalysis?) -> StageAnalysis {
        let layers = steps.enumerated().map { index, step in
            analyzeLayer(index: index, step: step, pagerankTokens: index < pagerankTokens.count ? pagerankTokens[index] : nil)
        }
        var totals = CostTotals.zero
        for layer in layers { totals += layer.totals }
        var modelOperators: [PricedOperator] = []
        operators.forEachModelOperator(
            stage: stage, firstLayerTokens: steps.first?.queryTokens ?? 0,
            lastLayerTokens: steps.last?.queryTokens ?? 0, overheads: overheads
        ) { modelOperators.append(PricedOperator(name: $0, cost: $1, roofline: roofline)) }
        let footprint = memoryFootprint(stage: stage, layers: layers, modelOperators: modelOperators, prefill: prefill)
        for op in modelOperators { totals.add(op.cost, seconds: op.seconds) }
        return StageAnalysis(stage: stage, layers: layers, modelOperators: modelOperators, totals: totals,
                             memoryFootprint: footprint)
    }

    func memoryFootprint(stage: Stage, layers: [LayerAnalysis], modelOperators: [PricedOperator],
                         prefill: StageAnalysis?) -> MemoryFootprint {
        switch operators {
        case .llmViewer(let formulas):
            // LLM-Viewer: weights and KV cache stored by the prefill, plus the activations every operator
            // of the LAST layer stores in this stage. Weights count for every layer, also one whose
            // schedule is 0 tokens (it loads none but keeps them).
            var kvCacheBytes = 0.0
            for layer in prefill?.layers ?? layers { kvCacheBytes += layer.totals.cost.storeKVBytes }
            return MemoryFootprint(
                weightBytes: formulas.layerWeightBytes * Double(layers.count), kvCacheBytes: kvCacheBytes,
                activationBytes: layers.last?.totals.cost.storeActivationBytes ?? 0)
        case .exact(let formulas):
            // Resident weights (embedding and head included, a tied head once), the KV cache of every
            // layer after this stage, and the peak live set: the residual stream plus the largest
            // operator's activation inputs and outputs.
            var kvCacheBytes = 0.0
            var peakLive = 0.0
            for layer in layers {
                kvCacheBytes += formulas.kvCacheBytes(entries: Double(layer.contextTokens), layer: layer.index)
                let residual = formulas.residualBytes(tokens: Double(layer.queryTokens))
                for op in layer.operators {
                    peakLive = max(peakLive, residual + op.cost.loadActivationBytes + op.cost.storeActivationBytes)
                }
            }
            for op in modelOperators {
                peakLive = max(peakLive, op.cost.loadActivationBytes + op.cost.storeActivationBytes)
            }
            return MemoryFootprint(
                weightBytes: formulas.layersWeightBytes + formulas.modelWeightBytes,
                kvCacheBytes: kvCacheBytes, activationBytes: peakLive)
        }
    }

    func overheadSummary(_ spec: AIMOverheadSpec, prefill: StageAnalysis) -> OverheadSummary {
        var summary = OverheadSummary(
            publishedMergeOps: PublishedOverheadScript.mergeOps(spec, hidden: model.hiddenSize, batch: options.batchSize),
            publishedPruneOps: PublishedOverheadScript.pruneOps(
                spec, heads: model.attentionHeads, layerCount: model.layerCount, batch: options.batchSize,
                iterations: options.pagerankIterations),
            includedInTotals: options.convention == .exact)
        if options.convention == .exact {
            let merge = prefill.modelOperators.filter { $0.name == .tokenMerge }
            let prune = prefill.layers.flatMap(\.operators).filter { $0.name == .pagerank }
            summary.pricedMergeOps = merge.map(\.cost.ops).reduce(0, +)
            summary.pricedPruneOps = prune.map(\.cost.ops).reduce(0, +)
            summary.pricedSeconds = (merge + prune).map(\.seconds).reduce(0, +)
        }
        return summary
    }
}
