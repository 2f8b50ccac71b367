/// The operator formulas of the `exact` convention: every defect of `llm-viewer` corrected
/// (cost-model.md, "Convention exact"; the differences are listed in docs/conventions.md).
///
/// Per device under tensor parallelism `t`: attention heads, KV heads, the MLP and the head are
/// split by `t`, and each attention and MLP block ends in an all-reduce priced on the interconnect.
/// Per-element op counts come from `ElementCounts`.
public struct ExactOperators: Sendable {
    let batch: Double
    let hidden: Double
    let headDim: Double
    let headsPerDevice: Double
    let queryWidth: Double  // h/t · d_h
    let keyValueWidth: Double  // h_kv/t · d_h
    let intermediatePerDevice: Double
    let vocabularyPerDevice: Double
    let vocabulary: Double
    let weightBytes: Double
    let activationBytes: Double
    let kvBytes: Double
    let tensorParallel: Double
    let flashAttention: Bool
    let logitsForAllPositions: Bool
    let tiedEmbeddings: Bool
    let qkvBias: Bool
    let outputBias: Bool
    let mlpBias: Bool
    /// FlashAttention-2 query rows per tile: `min(ceil(M / (4·d_h)), d_h)` with `M` the per-SM shared
    /// memory in activation elements (FlashAttention's rule); 0 when not using flash attention.
    let flashBlockRows: Double
    let pagerankIterations: Double

    public init(model: ModelConfig, options: AnalysisOptions, onChipMemoryPerSMBytes: Double?) throws {
        let t = options.tensorParallel
        batch = Double(options.batchSize)
        hidden = Double(model.hiddenSize)
        headDim = Double(model.headDim)
        headsPerDevice = Double(model.attentionHeads / t)
        queryWidth = Double(model.attentionHeads / t * model.headDim)
        keyValueWidth = Double(model.keyValueHeads / t * model.headDim)
        intermediatePerDevice = Double(model.intermediateSize / t)
        vocabulary = Double(model.vocabularySize)
        vocabularyPerDevice = Double(model.vocabularySize) / Double(t)
        weightBytes = options.weightBytes
        activationBytes = options.activationBytes
        kvBytes = options.kvBytes
        tensorParallel = Double(t)
        flashAttention = options.flashAttention
        logitsForAllPositions = options.logitsForAllPositions
        tiedEmbeddings = model.tieWordEmbeddings
        qkvBias = model.qkvBias
        outputBias = model.outputProjectionBias
        mlpBias = model.mlpBias
        pagerankIterations = Double(options.pagerankIterations)
        if options.flashAttention {
            guard let perSM = onChipMemoryPerSMBytes else {
                throw AnalysisError.invalidOption(
                    "--flash-attention under the exact convention sizes FlashAttention-2 tiles from the profile's 'onChipMemoryPerSMBytes', which this profile lacks; add it to the profile or use --convention llm-viewer")
            }
            let elements = perSM / options.activationBytes
            flashBlockRows = min((elements / (4 * headDim)).rounded(.up), headDim)
        } else {
            flashBlockRows = 0
        }
    }

    /// Calls `body` with every operator of one layer in execution order. `pagerankTokens` is the
    /// token count PageRank scores after this layer when AIM prunes here (gather mode), else `nil`.
    @inline(__always)
    public func forEachLayerOperator(_ step: TokenStep, pagerankTokens: Int? = nil,
                                     _ body: (OperatorName, OperatorCost) -> Void) {
        let q = Double(step.queryTokens)
        body(.attnNorm, rmsNorm(tokens: q))
        body(.qProj, linear(input: hidden, output: queryWidth, tokens: q, bias: qkvBias))
        body(.kProj, linear(input: hidden, output: keyValueWidth, tokens: q, bias: qkvBias))
        body(.vProj, linear(input: hidden, output: keyValueWidth, tokens: q, bias: qkvBias, storesKV: true))
        body(.rope, rope(tokens: q))
        if flashAttention {
            body(.fusedAttention, fusedAttention(step))
        } else {
            body(.qkMatmul, qkMatmul(step))
            body(.softmax, softmax(step))
            body(.svMatmul, svMatmul(step))
        }
        body(.outProj, linear(input: queryWidth, output: hidden, tokens: q, bias: outputBias))
        if tensorParallel > 1 { body(.attnAllReduce, allReduce(tokens: q)) }
        body(.attnAdd, residualAdd(tokens: q))
        body(.mlpNorm, rmsNorm(tokens: q))
        body(.gateProj, linear(input: hidden, output: intermediatePerDevice, tokens: q, bias: mlpBias))
        body(.upProj, linear(input: hidden, output: intermediatePerDevice, tokens: q, bias: mlpBias))
        body(.mlpAct, swiGLU(tokens: q))
        body(.downProj, linear(input: intermediatePerDevice, output: hidden, tokens: q, bias: mlpBias))
        if tensorParallel > 1 { body(.mlpAllReduce, allReduce(tokens: q)) }
        body(.mlpAdd, residualAdd(tokens: q))
        if let pagerankTokens, step.stage == .prefill { body(.pagerank, pagerank(tokens: Double(pagerankTokens))) }
    }

    // MARK: Layer operators

    /// A projection over `q` tokens: `2·ic·oc·b·q` ops plus one per output element for a bias. The k
    /// projection's output goes to RoPE; the v projection's straight into the KV cache.
    @inline(__always)
    func linear(input ic: Double, output oc: Double, tokens q: Double, bias: Bool, storesKV: Bool = false) -> OperatorCost {
        guard q > 0 else { return .zero }
        let outputs = oc * batch * q
        return OperatorCost(
            ops: 2 * ic * outputs + (bias ? outputs * ElementCounts.biasPerElement : 0),
            loadWeightBytes: (ic * oc + (bias ? oc : 0)) * weightBytes,
            loadActivationBytes: ic * batch * q * activationBytes,
            storeActivationBytes: storesKV ? 0 : outputs * activationBytes,
            storeKVBytes: storesKV ? outputs * kvBytes : 0)
    }

    /// RMSNorm over `q` rows of `d`: reads the input and the weight vector, writes the output.
    @inline(__always)
    func rmsNorm(tokens q: Double) -> OperatorCost {
        guard q > 0 else { return .zero }
        let rows = batch * q
        return OperatorCost(
            ops: rows * (hidden * ElementCounts.rmsNormPerElement + ElementCounts.rmsNormPerRow),
            loadWeightBytes: hidden * weightBytes,
            loadActivationBytes: rows * hidden * activationBytes,
            storeActivationBytes: rows * hidden * activationBytes)
    }

    /// Rotary embedding of q and k: reads both and the cos/sin rows, writes q back and the rotated k
    /// into the KV cache.
    @inline(__always)
    func rope(tokens q: Double) -> OperatorCost {
        guard q > 0 else { return .zero }
        let rotated = (queryWidth + keyValueWidth) * batch * q
        return OperatorCost(
            ops: rotated * ElementCounts.ropePerElement,
            loadActivationBytes: rotated * activationBytes + 2 * q * headDim * activationBytes,
            storeActivationBytes: queryWidth * batch * q * activationBytes,
            storeKVBytes: keyValueWidth * batch * q * kvBytes)
    }

    /// Q·Kᵀ with a dense kernel: every one of the `q·c` scores is computed and stored.
    @inline(__always)
    func qkMatmul(_ step: TokenStep) -> OperatorCost {
        let q = Double(step.queryTokens), c = Double(step.contextTokens)
        return OperatorCost(
            ops: 2 * q * c * headDim * headsPerDevice * batch,
            loadActivationBytes: q * queryWidth * batch * activationBytes,
            storeActivationBytes: q * c * headsPerDevice * batch * activationBytes,
            loadKVBytes: c * keyValueWidth * batch * kvBytes)
    }

    /// Softmax over the dense score matrix.
    @inline(__always)
    func softmax(_ step: TokenStep) -> OperatorCost {
        let scores = Double(step.queryTokens) * Double(step.contextTokens) * headsPerDevice * batch
        return OperatorCost(
            ops: scores * ElementCounts.softmaxPerScore,
            loadActivationBytes: scores * activationBytes,
            storeActivationBytes: scores * activationBytes)
    }

    /// P·V with a dense kernel.
    @inline(__always)
    func svMatmul(_ step: TokenStep) -> OperatorCost {
        let q = Double(step.queryTokens), c = Double(step.contextTokens)
        return OperatorCost(
            ops: 2 * q * c * headDim * headsPerDevice * batch,
            loadActivationBytes: q * c * headsPerDevice * batch * activationBytes,
            storeActivationBytes: q * queryWidth * batch * activationBytes,
            loadKVBytes: c * keyValueWidth * batch * kvBytes)
    }

    /// Causal (query, key) pairs when the `q` queries are the last `q` of `c` positions:
    /// `q·(c − q) + q·(q + 1) / 2` (prefill: `n(n+1)/2`; one decode step: `c`).
    @inline(__always)
    static func causalPairs(queries q: Double, context c: Double) -> Double {
        q * (c - q) + q * (q + 1) / 2
    }

    /// Keys a causal FlashAttention-2 kernel reads: query tile `i` of `T = ceil(q / Br)` stops at its
    /// diagonal, so it reads `c − q + min((i + 1)·Br, q)` keys.
    @inline(__always)
    static func causalKeysRead(queries q: Double, context c: Double, blockRows: Double) -> Double {
        guard q > 0 else { return 0 }
        let tiles = (q / blockRows).rounded(.up)
        return tiles * (c - q) + blockRows * tiles * (tiles - 1) / 2 + q
    }

    /// FlashAttention-2: masked tiles skipped, Q read once, O written once, K and V read once per
    /// query tile up to the diagonal; no score matrix reaches memory.
    @inline(__always)
    func fusedAttention(_ step: TokenStep) -> OperatorCost {
        let q = Double(step.queryTokens), c = Double(step.contextTokens)
        let pairs = Self.causalPairs(queries: q, context: c) * headsPerDevice * batch
        let keys = Self.causalKeysRead(queries: q, context: c, blockRows: flashBlockRows)
        return OperatorCost(
            ops: 4 * pairs * headDim + pairs * ElementCounts.softmaxPerScore,
            loadActivationBytes: q * queryWidth * batch * activationBytes,
            storeActivationBytes: q * queryWidth * batch * activationBytes,
            loadKVBytes: 2 * keys * keyValueWidth * batch * kvBytes)
    }

    /// Residual add: reads both inputs, writes the sum.
    @inline(__always)
    func residualAdd(tokens q: Double) -> OperatorCost {
        let elements = batch * q * hidden
        return OperatorCost(
            ops: elements * ElementCounts.residualAddPerElement,
            loadActivationBytes: 2 * elements * activationBytes,
            storeActivationBytes: elements * activationBytes)
    }

    /// SwiGLU: `SiLU(gate) · up` over the intermediate size.
    @inline(__always)
    func swiGLU(tokens q: Double) -> OperatorCost {
        let elements = batch * q * intermediatePerDevice
        return OperatorCost(
            ops: elements * (ElementCounts.siluPerElement + ElementCounts.gatingPerElement),
            loadActivationBytes: 2 * elements * activationBytes,
            storeActivationBytes: elements * activationBytes)
    }

    /// Ring all-reduce of the block output across `t` devices: each device adds `(t − 1)/t` of the
    /// elements and sends and receives `2·(t − 1)/t` of the bytes each way, i.e. `4·(t − 1)/t` of
    /// them over the (bidirectional) interconnect bandwidth.
    @inline(__always)
    func allReduce(tokens q: Double) -> OperatorCost {
        let elements = batch * q * hidden
        let share = (tensorParallel - 1) / tensorParallel
        return OperatorCost(
            ops: elements * share * ElementCounts.allReduceAddsPerElement,
            loadActivationBytes: elements * activationBytes,
            storeActivationBytes: elements * activationBytes,
            interconnectBytes: 4 * share * elements * activationBytes)
    }

    /// AIM's PageRank importance over `N` kept tokens (gather mode), aim-method.md section 2:
    /// re-softmax of the logits at temperature tau, `iterations` vector-matrix products per head
    /// (the float32 transition matrix re-read each time), then RMS over heads.
    @inline(__always)
    func pagerank(tokens n: Double) -> OperatorCost {
        let scores = batch * headsPerDevice * n * n
        return OperatorCost(
            ops: scores * (ElementCounts.pagerankTemperaturePerScore + ElementCounts.softmaxPerScore)
                + scores * ElementCounts.pagerankIterationPerScore * pagerankIterations
                + batch * n * (headsPerDevice * ElementCounts.pagerankRMSPerHeadToken + 1),
            loadActivationBytes: scores * activationBytes + scores * 4 * pagerankIterations,
            storeActivationBytes: scores * 4 + batch * n * 4)
    }

    // MARK: Outside the layers

    /// Embedding lookup: `q` rows of the table gathered and written out; no arithmetic.
    public func embedding(tokens q: Double) -> OperatorCost {
        OperatorCost(loadWeightBytes: batch * q * hidden * weightBytes,
                     storeActivationBytes: batch * q * hidden * activationBytes)
    }

    /// The final RMSNorm before the head.
    public func finalNorm(tokens q: Double) -> OperatorCost { rmsNorm(tokens: q) }

    /// The head: `2·d·V/t` per position for the last position of each sequence (prefill and decode),
    /// or for every position with `--logits all`.
    public func head(stage: Stage, lastLayerTokens q: Double) -> OperatorCost {
        let positions = batch * (stage == .prefill && logitsForAllPositions ? q : min(q, 1))
        guard positions > 0 else { return .zero }
        return OperatorCost(
            ops: 2 * positions * hidden * vocabularyPerDevice,
            loadWeightBytes: hidden * vocabularyPerDevice * weightBytes,
            loadActivationBytes: positions * hidden * activationBytes,
            storeActivationBytes: positions * vocabularyPerDevice * activationBytes)
    }

    // MARK: Footprint

    /// One layer's resident weights on one device: projections, biases, two norm vectors.
    public var layerWeightBytes: Double {
        let projections = hidden * queryWidth + 2 * hidden * keyValueWidth + queryWidth * hidden
            + 3 * hidden * intermediatePerDevice
        let biases = (qkvBias ? queryWidth + 2 * keyValueWidth : 0) + (outputBias ? hidden : 0)
            + (mlpBias ? 2 * intermediatePerDevice + hidden : 0)
        return (projections + biases + 2 * hidden) * weightBytes
    }

    /// Embedding table, final norm and head on one device; a tied head shares the table.
    public var modelWeightBytes: Double {
        let table = vocabularyPerDevice * hidden
        return (table + (tiedEmbeddings ? 0 : table) + hidden) * weightBytes
    }

    /// KV-cache bytes one layer holds for `entries` positions.
    public func kvCacheBytes(entries: Double) -> Double {
        2 * entries * keyValueWidth * batch * kvBytes
    }

    /// The residual stream that stays live across a layer for `q` tokens.
    public func residualBytes(tokens q: Double) -> Double { batch * q * hidden * activationBytes }
}
