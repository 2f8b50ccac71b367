/// The priced vision side of one request: every frame through the encoder, the projector and the
/// pooling, before the LLM sees a token.
public struct VisionAnalysis: Sendable, Equatable, Codable {
    public var tower: VisionTower
    public var frames: Int
    /// One encoder layer over all frames (every layer is the same shape).
    public var encoderLayer: LayerAnalysis
    /// Patch embedding, the encoder's norm, the projector and the pooling, in execution order.
    public var otherOperators: [PricedOperator]
    /// The encoder's layers, the weights and the other operators together.
    public var totals: CostTotals
    /// Encoder and projector weights on one device.
    public var weightBytes: Double
    /// Tokens handed to the LLM: `frames · tower.tokensPerFrame`.
    public var tokensToLLM: Int

    /// Encoder layers only.
    public var encoderTotals: CostTotals { encoderLayer.totals.scaled(by: Double(tower.layerCount)) }
}

extension Analyzer {
    /// Prices `tower` on `frames` frames with this analyzer's device, precision and batch (`exact`
    /// only: LLM-Viewer priced no vision side). Frames of one request run as one batch.
    public func analyzeVision(_ tower: VisionTower, frames: Int) throws -> VisionAnalysis {
        guard options.convention == .exact else {
            throw AnalysisError.invalid(ParameterMessage { "\($0(.vision)) is priced under the exact convention only; LLM-Viewer has no vision encoder. Use \($0(.convention)) exact" })
        }
        guard frames >= 1 else { throw AnalysisError.invalid(ParameterMessage { "\($0(.vision)) needs at least one frame, got \(frames)" }) }
        let encoder = try tower.encoderConfig
        var visionOptions = options
        // The encoder sees every frame of every request as one batch; bound that product itself so
        // the error names the frames, not a --batch the user never gave.
        let (images, overflow) = options.batchSize.multipliedReportingOverflow(by: frames)
        guard !overflow, images <= AnalysisOptions.maximumBatchSize else {
            throw AnalysisError.invalid(ParameterMessage { "\($0(.vision)) encodes \($0(.batch)) \(options.batchSize) x \($0(.frames)) \(frames) images in one batch, more than the \(AnalysisOptions.maximumBatchSize) aim-viewer prices; use fewer frames or a smaller batch" })
        }
        visionOptions.batchSize = images
        try visionOptions.validate(for: encoder)
        let formulas = try ExactOperators(model: encoder, options: visionOptions,
                                          onChipMemoryPerSMBytes: hardware.onChipMemoryPerSMBytes)
        let sequence = tower.sequenceLength, patches = Double(tower.patchesPerFrame)
        let layer = analyzeEncoderLayer(formulas, tokens: sequence)

        let width = Double(tower.width), llmWidth = Double(model.hiddenSize)
        let pixelsPerPatch = 3 * Double(tower.patchSize * tower.patchSize)
        var patchEmbedding = formulas.linear(input: pixelsPerPatch, output: width, tokens: patches, bias: true)
        patchEmbedding += formulas.positionAdd(tokens: Double(sequence))
        var operators: [(OperatorName, OperatorCost)] = [(.patchEmbedding, patchEmbedding), (.visionNorm, formulas.norm(tokens: Double(sequence)))]
        var projector = formulas.linear(input: width, output: llmWidth, tokens: patches, bias: true)
        projector += formulas.activation(tokens: patches, intermediate: llmWidth)
        projector += formulas.linear(input: llmWidth, output: llmWidth, tokens: patches, bias: true)
        operators.append((.projector, projector))
        if tower.poolingStride > 1 {
            let batch = Double(visionOptions.batchSize)
            let outputs = batch * Double(tower.tokensPerFrame) * llmWidth
            operators.append((.visionPooling, OperatorCost(
                ops: outputs * ElementCounts.averagePool2x2PerOutput,
                loadActivationBytes: batch * patches * llmWidth * options.activationBytes,
                storeActivationBytes: outputs * options.activationBytes)))
        }
        let priced = operators.map { PricedOperator(name: $0.0, cost: $0.1, roofline: roofline) }
        var totals = layer.totals.scaled(by: Double(tower.layerCount))
        for op in priced { totals.add(op.cost, seconds: op.seconds) }
        let weights = Double(tower.layerCount) * formulas.layerWeightBytes
            + (pixelsPerPatch * width + width + Double(sequence) * width + 2 * width
               + width * llmWidth + llmWidth + llmWidth * llmWidth + llmWidth) * options.weightBytes
        return VisionAnalysis(tower: tower, frames: frames, encoderLayer: layer, otherOperators: priced, totals: totals,
                              weightBytes: weights, tokensToLLM: frames * tower.tokensPerFrame)
    }

    func analyzeEncoderLayer(_ formulas: ExactOperators, tokens: Int) -> LayerAnalysis {
        var priced: [PricedOperator] = []
        var totals = CostTotals.zero
        formulas.forEachLayerOperator(.prefill(tokens: tokens), layer: 0) { name, cost in
            let op = PricedOperator(name: name, cost: cost, roofline: roofline)
            totals.add(cost, seconds: op.seconds)
            priced.append(op)
        }
        return LayerAnalysis(index: 0, queryTokens: tokens, contextTokens: tokens, operators: priced, totals: totals)
    }
}
