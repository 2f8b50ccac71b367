import AIMViewerCore

public enum Crosscheck {
    /// The analyzer's options for the engine: Float32 weights, activations and KV; dense attention;
    /// one sequence on one device.
    public static let analysisOptions = AnalysisOptions(
        convention: .exact, batchSize: 1, weightBits: 32, activationBits: 32, kvBits: 32)

    public static func run(engine: ReferenceEngine, workload: EngineWorkload, hardware: HardwareProfile) throws -> CrosscheckResult {
        let config = engine.model.config
        var options = analysisOptions
        options.pagerankIterations = workload.pagerankIterations
        let analyzer = try Analyzer(model: config, hardware: hardware, options: options)
        let modelAligned = try AIMScheduler.schedule(workload.scheduleParameters(alignment: .model), layerCount: config.layerCount)
        let analyzerAligned = try AIMScheduler.schedule(workload.scheduleParameters(alignment: .analyzer), layerCount: config.layerCount)
        let overheads = AIMOverheadSpec(workload.scheduleParameters(alignment: .model))

        let gather = try engine.run(workload, mode: .gather)
        let mask = try engine.run(workload, mode: .mask)
        let executed = try TokenSchedule(tokensPerLayer: gather.rowsPerLayer)
        let priced = try analyzer.analyze(executed, overheads: overheads)
        // The two schedules alone, without AIM's own overheads: the difference aim-method.md section 3 describes.
        let analyzerTotals = try analyzer.analyze(analyzerAligned)
        let executedLayersOnly = analyzer.prefillTotals(tokensPerLayer: executed.tokensPerLayer)

        let calibrator = analyzer.operatorCalibrator
        let estimate = analyzer.calibratedEstimate(priced)
        func calibrated(_ ops: [PricedOperator], step: TokenStep, layer: Int?) -> Double? {
            calibrator.map { calibrator in ops.reduce(0) { $0 + calibrator.seconds($1, step: step, layer: layer) } }
        }
        var operators: [CrosscheckResult.OperatorRow] = []
        /// Every operator either side has, in the analyzer's order.
        func compare(layer: Int?, counted: [(name: OperatorName, tally: ExecutionCounters.Tally)], priced: [PricedOperator],
                     step: TokenStep) {
            for name in OperatorName.allCases {
                let tally = counted.first { $0.name == name }?.tally
                let matching = priced.filter { $0.name == name }
                guard tally != nil || !matching.isEmpty else { continue }
                let pricedCost = matching.reduce(into: OperatorCost.zero) { $0 += $1.cost }
                operators.append(.init(layer: layer, name: name, counted: tally?.cost ?? .zero, priced: pricedCost,
                                       measuredSeconds: tally?.seconds ?? 0,
                                       predictedSeconds: matching.map(\.seconds).reduce(0, +),
                                       calibratedSeconds: calibrated(matching, step: step, layer: layer)))
            }
        }
        let modelStep = OperatorCalibrator.modelStep(priced.prefill)
        compare(layer: nil, counted: gather.counters.operators(layer: nil), priced: priced.prefill.modelOperators, step: modelStep)
        for layer in priced.prefill.layers {
            compare(layer: layer.index, counted: gather.counters.operators(layer: layer.index), priced: layer.operators,
                    step: OperatorCalibrator.step(.prefill, layer: layer))
        }

        let layers = priced.prefill.layers.map { layer -> CrosscheckResult.Layer in
            let l = layer.index
            let counted = gather.counters.layerTotal(l)
            let gatherKept = gather.keptAfterLayer[l], maskKept = mask.keptAfterLayer[l]
            let onlyMask = Set(maskKept ?? []).subtracting(gatherKept ?? []).sorted()
            let onlyGather = Set(gatherKept ?? []).subtracting(maskKept ?? []).sorted()
            return .init(
                index: l, executedTokens: gather.rowsPerLayer[l], maskModeRows: mask.rowsPerLayer[l],
                maskModeLiveTokens: mask.liveTokensPerLayer[l],
                analyzerAlignedTokens: analyzerAligned.tokensPerLayer[l], modelAlignedTokens: modelAligned.tokensPerLayer[l],
                countedOps: counted.cost.ops, pricedOps: layer.totals.cost.ops,
                measuredSeconds: counted.seconds, predictedSeconds: layer.totals.seconds,
                calibratedSeconds: estimate?.prefill.layerSeconds[l],
                keepSetsDiffer: gatherKept == nil && maskKept == nil ? nil : gatherKept != maskKept,
                keptOnlyByMask: onlyMask, keptOnlyByGather: onlyGather)
        }
        return CrosscheckResult(
            model: config, hardware: hardware, options: options, executedAnalysis: priced,
            analyzerAlignedAnalysis: analyzerTotals, workload: workload, layers: layers, operators: operators,
            measuredShift: measureShift(executed: gather.rowsPerLayer, analyzerAligned: analyzerAligned.tokensPerLayer),
            executedScheduleOps: executedLayersOnly.cost.ops, analyzerScheduleOps: analyzerTotals.prefill.totals.cost.ops,
            measuredSeconds: gather.counters.total.seconds, predictedSeconds: priced.prefill.totals.seconds,
            calibratedSeconds: estimate?.prefill.seconds, calibrationFields: estimate?.fieldsUsed ?? [],
            modeLogitDifference: relativeDifference(gather.lastLogits, mask.lastLogits))
    }

    static func relativeDifference(_ a: [Float], _ b: [Float]) -> Double? {
        guard !a.isEmpty, a.count == b.count else { return nil }
        let scale = b.map { abs(Double($0)) }.max() ?? 0
        let difference = zip(a, b).map { abs(Double($0) - Double($1)) }.max() ?? 0
        return scale > 0 ? difference / scale : difference
    }

    /// The smallest `k` in 0...3 with `executed[l] == analyzerAligned[l − k]` for every `l ≥ k`
    /// and the first `k` layers unpruned (the full prompt).
    static func measureShift(executed: [Int], analyzerAligned: [Int]) -> Int? {
        guard let prompt = executed.first else { return nil }
        for k in 0...3 where k < executed.count {
            let head = executed.prefix(k).allSatisfy { $0 == prompt }
            let tail = (k..<executed.count).allSatisfy { executed[$0] == analyzerAligned[$0 - k] }
            if head && tail { return k }
        }
        return nil
    }
}
