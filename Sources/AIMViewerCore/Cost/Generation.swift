/// A whole request: the prefill, then `steps` decode steps where layer `l` attends `n_l + i` cached
/// entries at step `i` (plus the new token under `exact`); a pruned prefill keeps a pruned cache.
public struct GenerationAnalysis: Sendable, Equatable, Codable {
    public var steps: Int
    /// Time to first token: the prefill (with AIM's overheads under `exact`).
    public var timeToFirstTokenSeconds: Double
    /// The first and the last decode step (time per output token grows with the cache).
    public var firstStepSeconds: Double
    public var lastStepSeconds: Double
    /// Σ over all decode steps.
    public var decode: CostTotals
    public var totalSeconds: Double
    /// Generated tokens per second of decoding: `steps · batch / Σ decode time`.
    public var decodeTokensPerSecond: Double
    /// Generated tokens per second end to end: `steps · batch / (prefill + decode)`.
    public var tokensPerSecond: Double
    public var kvCacheBytesAtEnd: Double
    /// With an engine regime (`--engine`): the same request as that engine runs it (CalibratedGeneration.swift).
    public var calibrated: CalibratedGeneration? = nil
}

extension Analyzer {
    /// Prices `steps` decode steps after the prefill in closed form: every operator's ops and bytes
    /// grow linearly with the context (up to a sliding window's knee, flat after it), so each roof's
    /// time is affine in the step index on each piece and the sum of their maximum splits where the
    /// roofs cross. The cost does not depend on `steps`.
    public func generation(_ schedule: TokenSchedule, steps: Int, overheads: AIMOverheadSpec? = nil) throws -> GenerationAnalysis {
        try generation(after: analyze(schedule, overheads: overheads), steps: steps)
    }

    /// The same, continuing a prefill this analyzer has already priced (no second analysis).
    public func generation(after analysis: PassAnalysis, steps: Int) throws -> GenerationAnalysis {
        try requireGenerationLength(steps)
        let schedule = analysis.schedule
        if options.convention == .llmViewer {
            try model.requireWithinAttentionWindow(tokensPerLayer: schedule.tokensPerLayer, decodeContextGrowth: steps)
        }
        try requireClosedForm()
        var decode = CostTotals.zero
        forEachDecodeOperator(schedule, steps: steps) { base, slope, count in
            decode.cost += base.scaled(by: Double(count))
            decode.cost += slope.scaled(by: Double(count) * Double(count - 1) / 2)
            decode.seconds += Self.sumOfRoofTimes(base: base, slope: slope, steps: count, roofline: roofline)
        }
        return summarize(schedule, steps: steps, prefillSeconds: analysis.prefill.totals.seconds, decode: decode)
    }

    /// The same request priced one decode step at a time: the reference the closed form must equal.
    public func generationStepByStep(_ schedule: TokenSchedule, steps: Int, overheads: AIMOverheadSpec? = nil) throws -> GenerationAnalysis {
        try requireGenerationLength(steps)
        let prefill = try analyze(schedule, overheads: overheads).prefill
        var decode = CostTotals.zero
        for step in 0..<steps { decode += decodeStepTotals(schedule, step: step) }
        return summarize(schedule, steps: steps, prefillSeconds: prefill.totals.seconds, decode: decode)
    }

    /// The closed form sums one line per roof on each piece: an operator whose decode cost it
    /// cannot split into affine pieces would be refused by name rather than mispriced.
    func requireClosedForm() throws {
        var refused: OperatorName?
        for layer in 0..<model.layerCount {
            let window = model.attentionWindowTokens(layer: layer)
            operators.forEachLayerOperator(.decode(context: 1), layer: layer, pagerankTokens: nil) { name, _ in
                if refused == nil, !name.decodeContextDependence(window: window).isPricedInClosedForm { refused = name }
            }
        }
        if let refused { throw Self.notAffine(refused) }
    }

    static func notAffine(_ name: OperatorName) -> AnalysisError {
        .invalidOption("the decode cost of \(name.rawValue) is not affine in the context (\(name.decodeContextDependence)), so the closed-form sum over generated tokens would misprice it; this request cannot be priced with a generation length yet")
    }

    func requireGenerationLength(_ steps: Int) throws {
        guard (0...1_000_000_000).contains(steps) else {
            throw AnalysisError.invalidOption("--gen-len must be between 0 and 1000000000, got \(steps)")
        }
    }

    func summarize(_ schedule: TokenSchedule, steps: Int, prefillSeconds: Double, decode: CostTotals) -> GenerationAnalysis {
        let counts = schedule.tokensPerLayer
        var kvAtEnd = 0.0
        let newTokenStep = counts.map { TokenStep.decode(context: $0 + operators.decodeAttendsNewToken) }
        for (layer, step) in newTokenStep.enumerated() {
            var storedPerEntry = 0.0
            operators.forEachLayerOperator(step, layer: layer, pagerankTokens: nil) { _, cost in storedPerEntry += cost.storeKVBytes }
            kvAtEnd += storedPerEntry * heldEntries(layer: layer, entries: counts[layer] + steps)
        }
        let generated = Double(steps * options.batchSize)
        let total = prefillSeconds + decode.seconds
        return GenerationAnalysis(
            steps: steps, timeToFirstTokenSeconds: prefillSeconds,
            firstStepSeconds: steps > 0 ? decodeStepTotals(schedule, step: 0).seconds : 0,
            lastStepSeconds: steps > 0 ? decodeStepTotals(schedule, step: steps - 1).seconds : 0,
            decode: decode, totalSeconds: total,
            decodeTokensPerSecond: decode.seconds > 0 ? generated / decode.seconds : 0,
            tokensPerSecond: total > 0 ? generated / total : 0,
            kvCacheBytesAtEnd: kvAtEnd)
    }

    /// One decode step `step` (0-based) of every layer and the model operators.
    func decodeStepTotals(_ schedule: TokenSchedule, step: Int) -> CostTotals {
        var totals = CostTotals.zero
        let extra = operators.decodeAttendsNewToken
        for (layer, tokens) in schedule.tokensPerLayer.enumerated() {
            operators.forEachLayerOperator(.decode(context: tokens + step + extra), layer: layer, pagerankTokens: nil) { _, cost in
                totals.add(cost, seconds: roofline.seconds(cost))
            }
        }
        operators.forEachModelOperator(stage: .decode, firstLayerTokens: 1, lastLayerTokens: 1, overheads: nil) { _, cost in
            totals.add(cost, seconds: roofline.seconds(cost))
        }
        return totals
    }

    /// The KV entries layer `layer` holds after `entries` positions: a rolling cache (`exact`)
    /// keeps at most a windowed layer's window.
    func heldEntries(layer: Int, entries: Int) -> Double {
        guard options.convention == .exact, options.kvCache == .rolling,
              let window = model.attentionWindowTokens(layer: layer) else { return Double(entries) }
        return Double(min(entries, window))
    }

    /// Calls `body` with pieces of `steps` decode steps, each a cost at the piece's first step, its
    /// growth per step, and the piece's step count. A full-attention layer is one piece; a windowed
    /// layer whose window fills during the request is two: affine up to the knee (the step whose
    /// context reaches `w`), flat at the window's cost after it.
    func forEachDecodeOperator(_ schedule: TokenSchedule, steps: Int, _ body: (OperatorCost, OperatorCost, Int) -> Void) {
        let extra = operators.decodeAttendsNewToken
        for (layer, tokens) in schedule.tokensPerLayer.enumerated() {
            let start = tokens + extra
            // Steps whose context `start + i` is at most the window grow; the rest attend `w` keys.
            var growing = steps
            if options.convention == .exact, let window = model.attentionWindowTokens(layer: layer) {
                growing = min(steps, max(0, window - start + 1))
            }
            if growing > 0 {
                var first: [OperatorCost] = []
                operators.forEachLayerOperator(.decode(context: start), layer: layer, pagerankTokens: nil) { first.append($1) }
                var index = 0
                operators.forEachLayerOperator(.decode(context: start + 1), layer: layer, pagerankTokens: nil) { _, next in
                    body(first[index], next - first[index], growing)
                    index += 1
                }
            }
            if growing < steps {
                operators.forEachLayerOperator(.decode(context: start + growing), layer: layer, pagerankTokens: nil) { _, flat in
                    body(flat, .zero, steps - growing)
                }
            }
        }
        operators.forEachModelOperator(stage: .decode, firstLayerTokens: 1, lastLayerTokens: 1, overheads: nil) { _, cost in
            body(cost, .zero, steps)
        }
    }

    /// `Σ_{i=0}^{steps−1} max(ops_i / P, bytes_i / B, link_i / I)` for costs affine in `i`.
    static func sumOfRoofTimes(base: OperatorCost, slope: OperatorCost, steps: Int, roofline: Roofline) -> Double {
        guard steps > 0 else { return 0 }
        var lines: [(intercept: Double, slope: Double)] = [
            (base.ops / roofline.peakOpsPerSecond, slope.ops / roofline.peakOpsPerSecond),
            (base.bytes / roofline.memoryBandwidthBytesPerSecond, slope.bytes / roofline.memoryBandwidthBytesPerSecond),
        ]
        if base.interconnectBytes > 0 || slope.interconnectBytes > 0 {
            let link = roofline.interconnectBandwidthBytesPerSecond ?? .infinity
            lines.append((base.interconnectBytes / link, slope.interconnectBytes / link))
        }
        return sumOfUpperEnvelope(lines, count: steps)
    }

    /// `Σ_{i=0}^{count−1} max_k (a_k + b_k·i)`: split `[0, count)` where any two lines cross, then the
    /// same line is highest on each piece and its sum is arithmetic.
    static func sumOfUpperEnvelope(_ lines: [(intercept: Double, slope: Double)], count: Int) -> Double {
        let last = Double(count - 1)
        var cuts: [Double] = []
        for j in lines.indices {
            for k in lines.indices where k > j && lines[j].slope != lines[k].slope {
                let crossing = (lines[k].intercept - lines[j].intercept) / (lines[j].slope - lines[k].slope)
                if crossing > 0, crossing < last { cuts.append(crossing.rounded(.down)) }
            }
        }
        var total = 0.0
        var start = 0.0
        for end in (cuts.sorted() + [last]) where end >= start {
            let middle = (start + end) / 2
            let top = lines.max { $0.intercept + $0.slope * middle < $1.intercept + $1.slope * middle }!
            let n = end - start + 1
            total += n * top.intercept + top.slope * (start + end) * n / 2
            start = end + 1
        }
        return total
    }
}
