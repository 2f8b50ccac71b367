/// Which encoder layers a request runs: Hugging Face runs every layer and then reads the feature
/// layer's hidden state (`vision_feature_layer` -2 leaves the last layer's work unused); an
/// optimised engine may stop at the feature layer.
public enum VisionLayerPolicy: String, Sendable, Codable, CaseIterable {
    /// Every layer, as Hugging Face `transformers` runs the tower.
    case all
    /// Up to the feature layer only.
    case featureLayer = "feature-layer"
}

/// Encoder layers that cost the same, with the layer indices they stand for (Qwen2.5-VL: the
/// windowed layers and the full-attention ones).
public struct VisionLayerGroup: Sendable, Equatable, Codable {
    public var layer: LayerAnalysis
    public var layers: [Int]
    /// `full` or `windows of N patches`.
    public var attention: String

    public var totals: CostTotals { layer.totals.scaled(by: Double(layers.count)) }
}

/// The priced vision side of one request: every tile or frame through the encoder, the projector
/// and the pooling, before the LLM sees a token.
public struct VisionAnalysis: Sendable, Equatable, Codable {
    public var tower: VisionTower
    /// Images or frames in the request.
    public var frames: Int
    /// Sequences through the encoder (tiles, frames or temporal groups), each `sequenceLength` rows.
    public var sequences: Int
    public var sequenceLength: Int
    /// The layers run, grouped by cost; the first is the one `encoderLayer` names.
    public var layerGroups: [VisionLayerGroup]
    /// Patch embedding, the encoder's norms, the projector and the pooling.
    public var otherOperators: [PricedOperator]
    /// The encoder's layers, the weights and the other operators together.
    public var totals: CostTotals
    /// Encoder and projector weights on one device.
    public var weightBytes: Double
    /// Tokens handed to the LLM.
    public var tokensToLLM: Int
    /// What was run and why, for reports: the processor's derivation, the feature layer, the
    /// layers run or skipped.
    public var notes: [String]

    /// Images or video frames.
    public var inputKind: VisualInput.Kind
    /// Which layers ran and whether some were unused or skipped; `nil` when every layer feeds the features.
    public var layerNote: String?

    /// `32 frames`, `1 image`: what the request showed the tower.
    public var inputDescription: String {
        if inputKind == .image { return frames == 1 ? "1 image" : "\(frames) images" }
        return "\(frames) frames"
    }

    /// The first group's layer (every layer of a tower without windows).
    public var encoderLayer: LayerAnalysis { layerGroups[0].layer }
    public var layersRun: Int { layerGroups.map(\.layers.count).reduce(0, +) }

    /// Encoder layers only.
    public var encoderTotals: CostTotals {
        var totals = CostTotals.zero
        for group in layerGroups { totals += group.totals }
        return totals
    }

    public init(tower: VisionTower, frames: Int, sequences: Int, sequenceLength: Int, layerGroups: [VisionLayerGroup],
                otherOperators: [PricedOperator], totals: CostTotals, weightBytes: Double, tokensToLLM: Int, notes: [String],
                inputKind: VisualInput.Kind = .video, layerNote: String? = nil) {
        self.inputKind = inputKind
        self.layerNote = layerNote
        self.tower = tower
        self.frames = frames
        self.sequences = sequences
        self.sequenceLength = sequenceLength
        self.layerGroups = layerGroups
        self.otherOperators = otherOperators
        self.totals = totals
        self.weightBytes = weightBytes
        self.tokensToLLM = tokensToLLM
        self.notes = notes
    }

    private enum CodingKeys: String, CodingKey {
        case tower, frames, sequences, sequenceLength, layerGroups, encoderLayer, otherOperators, totals, weightBytes
        case tokensToLLM, notes, inputKind, layerNote
    }

    /// Runs stored before towers were read from configs hold one `encoderLayer` for every layer.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        tower = try c.decode(VisionTower.self, forKey: .tower)
        frames = try c.decode(Int.self, forKey: .frames)
        if let groups = try c.decodeIfPresent([VisionLayerGroup].self, forKey: .layerGroups), !groups.isEmpty {
            layerGroups = groups
        } else {
            let layer = try c.decode(LayerAnalysis.self, forKey: .encoderLayer)
            layerGroups = [VisionLayerGroup(layer: layer, layers: Array(0..<tower.layerCount), attention: "full")]
        }
        sequences = try c.decodeIfPresent(Int.self, forKey: .sequences) ?? frames
        sequenceLength = try c.decodeIfPresent(Int.self, forKey: .sequenceLength) ?? tower.sequenceLength
        otherOperators = try c.decode([PricedOperator].self, forKey: .otherOperators)
        totals = try c.decode(CostTotals.self, forKey: .totals)
        weightBytes = try c.decode(Double.self, forKey: .weightBytes)
        tokensToLLM = try c.decode(Int.self, forKey: .tokensToLLM)
        notes = try c.decodeIfPresent([String].self, forKey: .notes) ?? []
        inputKind = try c.decodeIfPresent(VisualInput.Kind.self, forKey: .inputKind) ?? .video
        layerNote = try c.decodeIfPresent(String.self, forKey: .layerNote)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(tower, forKey: .tower)
        try c.encode(frames, forKey: .frames)
        try c.encode(sequences, forKey: .sequences)
        try c.encode(sequenceLength, forKey: .sequenceLength)
        try c.encode(layerGroups, forKey: .layerGroups)
        try c.encode(encoderLayer, forKey: .encoderLayer)
        try c.encode(otherOperators, forKey: .otherOperators)
        try c.encode(totals, forKey: .totals)
        try c.encode(weightBytes, forKey: .weightBytes)
        try c.encode(tokensToLLM, forKey: .tokensToLLM)
        try c.encode(notes, forKey: .notes)
        try c.encode(inputKind, forKey: .inputKind)
        try c.encodeIfPresent(layerNote, forKey: .layerNote)
    }
}

extension Analyzer {
    /// Prices `tower` on `frames` square frames at its own resolution (the `--vision` presets).
    public func analyzeVision(_ tower: VisionTower, frames: Int) throws -> VisionAnalysis {
        let side = tower.gridSide
        let pooled = (side / tower.projector.merge + tower.poolingStride - 1) / tower.poolingStride
        let plan = VisualPlan(input: VisualInput(kind: .video, count: frames), sequences: frames, rows: side, columns: side,
                              units: frames, tokensPerUnit: pooled * pooled, poolingStride: tower.poolingStride,
                              derivation: "\(frames) frames at \(tower.imageSize) px: \(side)x\(side) patches each")
        return try analyzeVision(tower, plan: plan, layers: .all, notes: [])
    }

    /// Prices `tower` over `plan`'s encoder passes with this analyzer's device, precision and batch
    /// (`exact` only: LLM-Viewer priced no vision side). The passes of one request run as one batch.
    public func analyzeVision(_ tower: VisionTower, plan: VisualPlan, layers policy: VisionLayerPolicy,
                              notes: [String]) throws -> VisionAnalysis {
        guard options.convention == .exact else {
            throw AnalysisError.invalid(ParameterMessage { "\($0(.vision)) is priced under the exact convention only; LLM-Viewer has no vision encoder. Use \($0(.convention)) exact" })
        }
        guard plan.sequences >= 1 else { throw AnalysisError.invalid(ParameterMessage { "\($0(.vision)) needs at least one frame, got \(plan.sequences)" }) }
        let sequence = plan.patchesPerSequence + (tower.classToken ? 1 : 0)
        let encoder = try tower.encoderConfig(sequenceLength: sequence)
        var visionOptions = options
        // The encoder sees every pass of every request as one batch; bound that product itself so
        // the error names the frames, not a --batch the user never gave.
        let (images, overflow) = options.batchSize.multipliedReportingOverflow(by: plan.sequences)
        guard !overflow, images <= AnalysisOptions.maximumBatchSize else {
            let count = plan.input.count, kind: RequestParameter = plan.input.kind == .image ? .images : .frames
            let passes = plan.sequences == count ? "" : " (\(plan.sequences) tiles or frame groups)"
            throw AnalysisError.invalid(ParameterMessage { "\($0(.vision)) encodes \($0(.batch)) \(options.batchSize) x \($0(kind)) \(count)\(passes) in one batch, more than the \(AnalysisOptions.maximumBatchSize) aim-viewer prices; use fewer frames or images or a smaller batch" })
        }
        visionOptions.batchSize = images
        try visionOptions.validate(for: encoder)
        let formulas = try ExactOperators(model: encoder, options: visionOptions,
                                          onChipMemoryPerSMBytes: hardware.onChipMemoryPerSMBytes)
        let patches = Double(plan.patchesPerSequence), batch = Double(visionOptions.batchSize)
        let run = policy == .all ? tower.layerCount : tower.featureLayers
        let groups = layerGroups(tower, formulas: formulas, plan: plan, sequence: sequence, layersRun: run,
                                 flash: visionOptions.flashAttention)

        let width = Double(tower.width), llmWidth = Double(model.hiddenSize)
        var patchEmbedding = formulas.linear(input: Double(tower.pixelsPerPatch), output: width, tokens: patches, bias: tower.patchBias)
        if !tower.rotaryPositions { patchEmbedding += formulas.positionAdd(tokens: Double(sequence)) }
        var operators: [(OperatorName, OperatorCost)] = [(.patchEmbedding, patchEmbedding)]
        switch tower.kind {
        case .clip:
            // pre_layrnorm over the sequence; post_layernorm over the class token only.
            var norms = formulas.norm(tokens: Double(sequence))
            norms += formulas.norm(tokens: 1)
            operators.append((.visionNorm, norms))
        case .siglip:
            operators.append((.visionNorm, formulas.norm(tokens: Double(sequence))))
        case .qwen2VL, .qwen25VL, .internViT:
            break
        }
        // Phi-3-vision's newline and separator rows go through its MLP with the merged patches.
        let projected = tower.projector.kind == .hdMergeMLP ? Double(plan.tokensToLLM) / Double(plan.sequences) : nil
        operators.append((.projector, tower.projector.cost(
            patches: patches, visionWidth: width, llmWidth: llmWidth, formulas: formulas, sequences: batch,
            activationBytes: options.activationBytes, weightBytes: options.weightBytes, tokensPerSequence: projected)))
        if plan.poolingStride > 1 {
            let side = (plan.rows + plan.poolingStride - 1) / plan.poolingStride
            let across = (plan.columns + plan.poolingStride - 1) / plan.poolingStride
            let outputs = batch * Double(side * across) * llmWidth
            operators.append((.visionPooling, OperatorCost(
                ops: outputs * ElementCounts.averagePool2x2PerOutput,
                loadActivationBytes: batch * patches * llmWidth * options.activationBytes,
                storeActivationBytes: outputs * options.activationBytes)))
        }
        let priced = operators.map { PricedOperator(name: $0.0, cost: $0.1, roofline: roofline) }
        var totals = CostTotals.zero
        for group in groups { totals += group.totals }
        for op in priced { totals.add(op.cost, seconds: op.seconds) }
        let weights = (tower.parameters + tower.projector.parameters(visionWidth: width, llmWidth: llmWidth)) * options.weightBytes
        var layerNote: String?
        let unused = tower.layerCount - tower.featureLayers
        if run < tower.layerCount {
            let skipped = run + 1 == tower.layerCount ? "layer \(tower.layerCount)" : "layers \(run + 1)-\(tower.layerCount)"
            layerNote = "\(skipped) of \(tower.layerCount) skipped as --vision-layers feature-layer asks (their output is unused; Hugging Face runs them)"
        } else if unused > 0 {
            layerNote = "all \(tower.layerCount) layers run as Hugging Face does; the last \(unused == 1 ? "one is" : "\(unused) are") unused (--vision-layers feature-layer skips \(unused == 1 ? "it" : "them"))"
        }
        return VisionAnalysis(tower: tower, frames: plan.input.count, sequences: plan.sequences, sequenceLength: sequence,
                              layerGroups: groups, otherOperators: priced, totals: totals, weightBytes: weights,
                              tokensToLLM: plan.tokensToLLM, notes: notes, inputKind: plan.input.kind, layerNote: layerNote)
    }

    /// The layers run, grouped: one group for a tower that attends the whole image at every layer;
    /// Qwen2.5-VL's windowed and full-attention layers apart.
    func layerGroups(_ tower: VisionTower, formulas: ExactOperators, plan: VisualPlan, sequence: Int, layersRun: Int,
                     flash: Bool) -> [VisionLayerGroup] {
        let all = Array(0..<layersRun)
        let full = analyzeVisionLayer(tower, formulas, tokens: sequence, windows: nil)
        guard let window = tower.window else { return [VisionLayerGroup(layer: full, layers: all, attention: "full")] }
        let lengths = window.windowLengths(rows: plan.rows, columns: plan.columns, merge: tower.projector.merge)
        let windowed = analyzeVisionLayer(tower, formulas, tokens: sequence, windows: lengths)
        let fullLayers = all.filter(window.fullAttentionLayers.contains)
        let windowedLayers = all.filter { !window.fullAttentionLayers.contains($0) }
        let largest = lengths.max() ?? 0
        return [VisionLayerGroup(layer: windowed, layers: windowedLayers, attention: "\(lengths.count) windows of up to \(largest) patches"),
                VisionLayerGroup(layer: full, layers: fullLayers, attention: "full")].filter { !$0.layers.isEmpty }
    }

    /// One encoder layer: the LLM's layer operators, bidirectional; with `windows`, the attention
    /// core summed over the windows' own lengths; InternViT's layer scale priced with each residual add.
    func analyzeVisionLayer(_ tower: VisionTower, _ formulas: ExactOperators, tokens: Int, windows: [Int]?) -> LayerAnalysis {
        var priced: [PricedOperator] = []
        var totals = CostTotals.zero
        formulas.forEachLayerOperator(.prefill(tokens: tokens), layer: 0) { name, cost in
            var cost = cost
            if let windows, let windowed = Self.windowedAttention(name, formulas, windows: windows) { cost = windowed }
            if tower.kind == .internViT, name == .attnAdd || name == .mlpAdd {
                let elements = formulas.batch * Double(tokens) * formulas.hidden
                cost += OperatorCost(ops: elements, loadWeightBytes: formulas.hidden * formulas.weightBytes)
            }
            let op = PricedOperator(name: name, cost: cost, roofline: roofline)
            totals.add(cost, seconds: op.seconds)
            priced.append(op)
        }
        return LayerAnalysis(index: 0, queryTokens: tokens, contextTokens: windows?.max() ?? tokens, operators: priced, totals: totals)
    }

    /// The attention core of a windowed layer: each window attends only itself, so its scores,
    /// softmax and weighted sum are those of a sequence of its own length. `nil` for the operators
    /// that do not attend (they see every row either way).
    static func windowedAttention(_ name: OperatorName, _ formulas: ExactOperators, windows: [Int]) -> OperatorCost? {
        func sum(_ cost: (TokenStep, Double) -> OperatorCost) -> OperatorCost {
            var total = OperatorCost.zero
            for length in windows { total += cost(.prefill(tokens: length), Double(length)) }
            return total
        }
        switch name {
        case .qkMatmul: return sum { formulas.qkMatmul($0, keys: $1) }
        case .softmax: return sum { formulas.softmax($0, keys: $1) }
        case .svMatmul: return sum { formulas.svMatmul($0, keys: $1) }
        // Bidirectional: every window's queries read its own keys whatever the window argument.
        case .fusedAttention: return sum { step, _ in formulas.fusedAttention(step, window: .infinity) }
        case .tokenMerge, .embedding, .attnNorm, .qProj, .kProj, .vProj, .qkvProj, .qkNorm, .rope, .outProj, .attnAllReduce,
             .postAttnNorm, .attnAdd, .mlpNorm, .router, .gateProj, .upProj, .gateUpProj, .mlpAct, .downProj, .sharedExpert,
             .mlpAllReduce, .postMLPNorm, .mlpAdd, .pagerank, .finalNorm, .lmHead, .patchEmbedding, .visionNorm,
             .visionPooling, .projector, .qAProj, .qANorm, .qBProj, .kvAProj, .kvANorm, .kvBProj, .ukAbsorb, .uvAbsorb:
            return nil
        }
    }
}
