/// The engine regime's figures for an analysed schedule: the prompt's forward step, one decode step,
/// and a whole generated request, each including the regime's fixed cost per step.
extension RegimePricer {
    /// `pass` priced as the regime runs it; the decode step at `decodeContext` entries per layer when
    /// given (`--context N`), else at the analysis's own decode step (the prompt's cache plus the new token).
    public func estimate(_ pass: PassAnalysis, decodeContext: Int? = nil) -> EngineEstimate {
        let prefill = stage(pass.prefill)
        let decode: EngineEstimate.Stage
        let context: Int
        if let decodeContext {
            decode = decodeStage(contexts: pass.schedule.tokensPerLayer.map { _ in decodeContext })
            context = decodeContext
        } else {
            decode = stage(pass.decode)
            context = pass.decode.layers.first?.contextTokens ?? 0
        }
        return EngineEstimate(
            engine: regime.name, provenance: regime.provenance(on: analyzer.hardware),
            transferred: regime.isTransferred(to: analyzer.hardware), fittedOn: regime.fittedOn, data: regime.data,
            hardware: analyzer.hardware.name, gemmPrecision: analyzer.roofline.precision,
            gemmPeakOpsPerSecond: analyzer.roofline.peakOpsPerSecond, attentionPrecision: attentionPrecision,
            prefill: prefill, decode: decode, decodeContextTokens: context, stepOverheadSeconds: regime.stepOverheadSeconds)
    }

    /// One analysed stage: every layer as the analyzer priced it, then the model operators.
    func stage(_ analysis: StageAnalysis) -> EngineEstimate.Stage {
        var layerSeconds: [Double] = []
        var operatorSeconds: [[Double]] = []
        var kernels = 0
        var previous: (layer: LayerAnalysis, total: Double, perOperator: [Double], kernels: Int)?
        for layer in analysis.layers {
            // Consecutive identical layers (every layer of a uniform schedule) are priced once.
            if let previous, previous.layer.queryTokens == layer.queryTokens, previous.layer.contextTokens == layer.contextTokens,
               previous.layer.operators == layer.operators {
                kernels += previous.kernels
                layerSeconds.append(previous.total)
                operatorSeconds.append(previous.perOperator)
                continue
            }
            let operators = layer.operators.map { ($0.name, $0.cost) }
            let step = OperatorCalibrator.step(analysis.stage, layer: layer)
            let layerCalls = calls(operators, step: step)
            let priced = seconds(operators, calls: layerCalls)
            let count = layerCalls.filter { $0.seconds > 0 }.count
            kernels += count
            layerSeconds.append(priced.total)
            operatorSeconds.append(priced.perOperator)
            previous = (layer, priced.total, priced.perOperator, count)
        }
        let modelOperators = analysis.modelOperators.map { ($0.name, $0.cost) }
        let modelStep = OperatorCalibrator.modelStep(analysis)
        let model = seconds(modelOperators, step: modelStep)
        kernels += calls(modelOperators, step: modelStep).filter { $0.seconds > 0 }.count
        return EngineEstimate.Stage(
            layerSeconds: layerSeconds, operatorSeconds: operatorSeconds, modelOperatorSeconds: model.total,
            modelOperatorShares: model.perOperator, kernels: kernels,
            seconds: layerSeconds.reduce(0, +) + model.total + regime.stepOverheadSeconds,
            rooflineSeconds: analysis.totals.seconds)
    }

    /// One decode step with layer `l` attending `contexts[l]` entries (the new token included).
    func decodeStage(contexts: [Int]) -> EngineEstimate.Stage {
        var layerSeconds: [Double] = []
        var operatorSeconds: [[Double]] = []
        var kernels = 0
        var roofline = 0.0
        let plans = analyzer.model.layerPlans()
        var previous: (context: Int, plan: LayerPlan?, total: Double, perOperator: [Double], kernels: Int, roofline: Double)?
        for (layer, context) in contexts.enumerated() {
            let plan = layer < plans.count ? plans[layer] : nil
            if let previous, previous.context == context, previous.plan == plan {
                kernels += previous.kernels
                layerSeconds.append(previous.total)
                operatorSeconds.append(previous.perOperator)
                roofline += previous.roofline
                continue
            }
            let step = TokenStep.decode(context: context)
            let operators = layerOperators(step, layer: layer)
            let priced = seconds(operators, step: step)
            let count = calls(operators, step: step).filter { $0.seconds > 0 }.count
            let layerRoofline = operators.reduce(0) { $0 + analyzer.roofline.seconds($1.1) }
            kernels += count
            layerSeconds.append(priced.total)
            operatorSeconds.append(priced.perOperator)
            roofline += layerRoofline
            previous = (context, plan, priced.total, priced.perOperator, count, layerRoofline)
        }
        let modelOperators = decodeModelOperators()
        let step = TokenStep.decode(context: 1)
        let model = seconds(modelOperators, step: step)
        kernels += calls(modelOperators, step: step).filter { $0.seconds > 0 }.count
        roofline += modelOperators.reduce(0) { $0 + analyzer.roofline.seconds($1.1) }
        return EngineEstimate.Stage(
            layerSeconds: layerSeconds, operatorSeconds: operatorSeconds, modelOperatorSeconds: model.total,
            modelOperatorShares: model.perOperator, kernels: kernels,
            seconds: layerSeconds.reduce(0, +) + model.total + regime.stepOverheadSeconds, rooflineSeconds: roofline)
    }

    /// `outputTokens` generated for every sequence of the batch after the prompt `pass` analysed:
    /// the prompt's forward step (first token), then `outputTokens − 1` decode steps, step `i`
    /// attending `n_l + i + 1` entries in layer `l`.
    ///
    /// Layers with the same prompt count cost the same, so each distinct count is summed once. When
    /// every kernel attains the same rates at every context (fused attention, fixed GEMM shapes: the
    /// `tensorrt-llm` regime), each kernel is `overhead + max(ops line, bytes line)` in the step index
    /// and the sum is closed form (`Analyzer.sumOfUpperEnvelope`); otherwise it is summed step by step.
    public func generation(after pass: PassAnalysis, outputTokens: Int) throws -> CalibratedGeneration {
        try analyzer.requireGenerationLength(outputTokens)
        try analyzer.model.requireWithinAttentionWindow(tokensPerLayer: pass.schedule.tokensPerLayer, decodeContextGrowth: max(outputTokens, 1))
        let ttft = stage(pass.prefill).seconds
        let steps = max(outputTokens - 1, 0)
        let extra = analyzer.operators.decodeAttendsNewToken
        // Layers alike in prompt count, window and MLP kind cost the same: each kind summed once.
        struct Kind: Hashable { var tokens: Int; var plan: LayerPlan }
        let plans = analyzer.model.layerPlans()
        var multiplicity: [Kind: Int] = [:]
        var order: [(kind: Kind, layer: Int)] = []
        for (layer, tokens) in pass.schedule.tokensPerLayer.enumerated() {
            let kind = Kind(tokens: tokens, plan: plans[layer])
            if multiplicity[kind] == nil { order.append((kind, layer)) }
            multiplicity[kind, default: 0] += 1
        }
        var decodeSeconds = 0.0
        var closedForm = true
        for (kind, layer) in order {
            let (sum, closed) = layerSum(firstContext: kind.tokens + extra, steps: steps, layer: layer)
            decodeSeconds += Double(multiplicity[kind]!) * sum
            closedForm = closedForm && closed
        }
        let modelOperators = decodeModelOperators()
        let modelSeconds = seconds(modelOperators, step: .decode(context: 1)).total
        decodeSeconds += Double(steps) * (modelSeconds + regime.stepOverheadSeconds)
        func step(_ index: Int) -> Double {
            decodeStage(contexts: pass.schedule.tokensPerLayer.map { $0 + index + extra }).seconds
        }
        let first = step(0)
        let last = steps > 0 ? step(steps - 1) : first
        return CalibratedGeneration(
            engine: regime.name, outputTokens: outputTokens, batch: analyzer.options.batchSize,
            devices: analyzer.options.tensorParallel, timeToFirstTokenSeconds: ttft,
            timePerOutputTokenSeconds: steps > 0 ? decodeSeconds / Double(steps) : first,
            firstStepSeconds: first, lastStepSeconds: last, totalSeconds: ttft + decodeSeconds,
            summation: closedForm ? "closed form" : "step by step")
    }

    /// `Σ_{i=0}^{steps−1}` of one layer's decode time at context `firstContext + i`, and whether it
    /// was closed form.
    func layerSum(firstContext: Int, steps: Int, layer: Int = 0) -> (seconds: Double, closedForm: Bool) {
        guard steps > 0 else { return (0, true) }
        func at(_ context: Int) -> [KernelCall] {
            calls(layerOperators(.decode(context: context), layer: layer), step: .decode(context: context))
        }
        let base = at(firstContext), next = at(firstContext + 1)
        let lastContext = firstContext + steps - 1
        let last = at(lastContext)
        let middleContext = firstContext + (steps - 1) / 2
        let middle = at(middleContext)
        let affine = base.count == next.count && base.count == last.count && base.count == middle.count
            && base.indices.allSatisfy { base[$0].sameRates(as: next[$0]) && base[$0].sameRates(as: last[$0]) && base[$0].sameRates(as: middle[$0]) }
        if affine {
            var total = 0.0
            for (a, b) in zip(base, next) {
                let dOps = b.ops - a.ops, dBytes = b.bytes - a.bytes
                let active = a.ops > 0 || a.bytes > 0 || a.fixedSeconds > 0 || dOps > 0 || dBytes > 0
                guard active else { continue }
                total += Double(steps) * (a.overheadSeconds + a.fixedSeconds)
                total += Analyzer.sumOfUpperEnvelope([
                    (a.ops / a.computeOpsPerSecond, dOps / a.computeOpsPerSecond),
                    (a.bytes / a.memoryBytesPerSecond, dBytes / a.memoryBytesPerSecond),
                ], count: steps)
            }
            return (total, true)
        }
        var total = 0.0
        for index in 0..<steps {
            let step = TokenStep.decode(context: firstContext + index)
            total += seconds(layerOperators(step, layer: layer), step: step).total
        }
        return (total, false)
    }
}
