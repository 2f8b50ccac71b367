import AIMViewerCore

/// The reference engine against the analyzer on the same request: tokens per layer, counted versus
/// priced operations per operator (they must be equal), measured versus roofline time, and the
/// one-layer shift between the published analyzer and model, measured.
public struct CrosscheckResult: Sendable {
    public struct Layer: Sendable, Equatable {
        public var index: Int
        /// Rows the gather-mode engine ran on (= live tokens).
        public var executedTokens: Int
        /// Rows the mask-mode engine ran on (the whole prompt) and its live tokens.
        public var maskModeRows: Int
        public var maskModeLiveTokens: Int
        public var analyzerAlignedTokens: Int
        public var modelAlignedTokens: Int
        public var countedOps: Double
        public var pricedOps: Double
        public var measuredSeconds: Double
        public var predictedSeconds: Double
        /// With the profile's calibration; `nil` when it has none.
        public var calibratedSeconds: Double?
        /// Whether the two modes kept different positions after this layer (`nil`: neither pruned).
        public var keepSetsDiffer: Bool?
        public var keptOnlyByMask: [Int]
        public var keptOnlyByGather: [Int]
    }

    public struct OperatorRow: Sendable, Equatable {
        /// `nil` for operators outside the layers.
        public var layer: Int?
        public var name: OperatorName
        public var counted: OperatorCost
        public var priced: OperatorCost
        public var measuredSeconds: Double
        public var predictedSeconds: Double
        public var calibratedSeconds: Double?
        public var opsAgree: Bool { CrosscheckResult.agree(counted.ops, priced.ops) }
    }

    public var model: ModelConfig
    public var hardware: HardwareProfile
    public var options: AnalysisOptions
    /// The analyzer's pricing of the schedule the engine executed (with AIM's merge and PageRank
    /// operators), and of the analyzer-aligned schedule alone.
    public var executedAnalysis: PassAnalysis
    public var analyzerAlignedAnalysis: PassAnalysis
    public var workload: EngineWorkload
    public var layers: [Layer]
    public var operators: [OperatorRow]
    /// Operators whose counted and priced ops differ (the command fails when not empty).
    public var mismatches: [OperatorRow] { operators.filter { !$0.opsAgree } }
    /// The shift `k` for which the engine's tokens at layer `l` equal the analyzer-aligned schedule
    /// at `l − k` on every layer (measured; `nil` if no shift of 0...3 explains them).
    public var measuredShift: Int?
    /// Prefill ops of the schedule the engine executed versus the analyzer-aligned schedule the
    /// paper reports (both priced under `exact` at the engine's Float32, without merge and PageRank).
    public var executedScheduleOps: Double
    public var analyzerScheduleOps: Double
    public var measuredSeconds: Double
    public var predictedSeconds: Double
    /// The whole forward pass with the profile's calibration, and the fields it used.
    public var calibratedSeconds: Double?
    public var calibrationFields: [String]
    /// Largest difference of the head's logits between the modes, relative to the largest logit:
    /// 0 up to rounding when the keep sets agree (live tokens compute the same values either way).
    /// `nil` when pruning left no position for the head (no logits to compare).
    public var modeLogitDifference: Double?

    static func agree(_ a: Double, _ b: Double) -> Bool {
        a == b || abs(a - b) <= 1e-12 * max(abs(a), abs(b))
    }
}

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
        func calibrated(_ ops: [PricedOperator], step: TokenStep) -> Double? {
            calibrator.map { calibrator in ops.reduce(0) { $0 + calibrator.seconds($1, step: step) } }
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
                                       calibratedSeconds: calibrated(matching, step: step)))
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
