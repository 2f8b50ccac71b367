/// The operator formulas of the `exact` convention: every defect of `llm-viewer` corrected
/// (cost-model.md, "Convention exact"; the differences are listed in docs/conventions.md).
///
/// Per device under tensor parallelism `t`: attention heads, KV heads, the MLP, the experts and the
/// head are split by `t`, and each attention and MLP block ends in an all-reduce priced on the
/// interconnect. Per-element op counts come from `ElementCounts`. The layer follows the model's
/// `Architecture`: RMSNorm or LayerNorm, full, partial or no RoPE, a gated, plain or routed MLP.
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
    let qkvBias: Bool
    let outputBias: Bool
    let mlpBias: Bool
    let layerNorm: Bool
    /// OLMo's LayerNorm without weight or bias.
    let nonParametricNorm: Bool
    let sharedNorm: Bool
    let gatedMLP: Bool
    let causal: Bool
    let headBias: Bool
    let hasFinalNorm: Bool
    /// Ops per element of the MLP activation (SiLU, GELU or ReLU).
    let activationOpsPerElement: Double
    /// Rotated channels per head; 0 with learned positions.
    let rotaryDimensions: Double
    let learnedPositions: Bool
    /// OPT's embedding width when it is projected in and out of the layers; 0 otherwise.
    let embeddingProjection: Double
    let experts: MixtureOfExperts?
    let expertIntermediatePerDevice: Double
    let sharedExpertIntermediatePerDevice: Double
    let weights: WeightInventory
    /// FlashAttention-2 query rows per tile: `min(ceil(M / (4·d_h)), d_h)` with `M` the per-SM shared
    /// memory in activation elements (FlashAttention's rule); 0 when not using flash attention.
    let flashBlockRows: Double
    let pagerankIterations: Double
    /// Later families' layer mechanisms (LayerMechanisms), unpacked for the hot path.
    let queryKeyNorm: Bool
    let postNorms: Bool
    let fusedQKV: Bool
    let fusedGateUp: Bool
    let embeddingScale: Bool
    /// Extra ops on every attention score (ALiBi's bias, soft-capping) and on every logit.
    let extraOpsPerScore: Double
    let extraOpsPerLogit: Double
    /// Each layer's window and MLP kind, by layer index.
    let layerPlans: [LayerPlan]
    let kvCache: KVCacheLayout
    /// DeepSeek's latent attention with the form each stage runs; `nil` for q/k/v attention.
    let latent: LatentAttentionShape?

    public init(model: ModelConfig, options: AnalysisOptions, onChipMemoryPerSMBytes: Double?) throws {
        let t = options.tensorParallel
        let arch = model.architecture
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
        qkvBias = model.qkvBias
        outputBias = model.outputProjectionBias
        mlpBias = model.mlpBias
        layerNorm = arch.norm != .rmsNorm
        nonParametricNorm = arch.norm == .nonParametricLayerNorm
        let mechanisms = arch.mechanisms
        queryKeyNorm = mechanisms.queryKeyNorm
        postNorms = mechanisms.postNorms
        fusedQKV = mechanisms.fusedQKV
        fusedGateUp = mechanisms.fusedGateUp
        embeddingScale = mechanisms.embeddingScale
        extraOpsPerScore = (mechanisms.alibi ? ElementCounts.alibiPerScore : 0)
            + (mechanisms.attentionSoftCap == nil ? 0 : ElementCounts.softCapPerElement)
        extraOpsPerLogit = mechanisms.finalLogitSoftCap == nil ? 0 : ElementCounts.softCapPerElement
        sharedNorm = arch.sharedNorm
        gatedMLP = arch.mlp == .gated
        causal = arch.causal
        headBias = arch.headBias
        hasFinalNorm = arch.finalNorm
        switch arch.activation {
        case .silu: activationOpsPerElement = ElementCounts.siluPerElement
        case .gelu: activationOpsPerElement = ElementCounts.geluPerElement
        case .relu: activationOpsPerElement = ElementCounts.reluPerElement
        }
        rotaryDimensions = Double(arch.rotaryDimensions ?? 0)
        learnedPositions = arch.learnedPositions > 0
        embeddingProjection = Double(arch.embeddingProjection ?? 0)
        experts = arch.experts
        expertIntermediatePerDevice = Double(arch.experts?.expertIntermediateSize ?? 0) / Double(t)
        sharedExpertIntermediatePerDevice = Double(arch.experts?.sharedExpertIntermediateSize ?? 0) / Double(t)
        weights = model.weights(tensorParallel: t)
        pagerankIterations = Double(options.pagerankIterations)
        layerPlans = model.layerPlans()
        kvCache = options.kvCache
        latent = arch.latentAttention.map {
            LatentAttentionShape($0, headsPerDevice: Double(model.attentionHeads / t), form: options.latentAttention)
        }
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

    /// The plan of layer `layer` (a layer past the model's, as a vision tower's, is full attention).
    @inline(__always)
    func plan(_ layer: Int) -> LayerPlan {
        layer < layerPlans.count ? layerPlans[layer] : LayerPlan(windowTokens: .infinity, routed: experts != nil)
    }

    /// Calls `body` with every operator of layer `layer` in execution order. `pagerankTokens` is the
    /// token count PageRank scores after this layer when AIM prunes here (gather mode), else `nil`.
    @inline(__always)
    public func forEachLayerOperator(_ step: TokenStep, layer: Int, pagerankTokens: Int? = nil,
                                     _ body: (OperatorName, OperatorCost) -> Void) {
        let q = Double(step.queryTokens)
        let plan = plan(layer)
        body(.attnNorm, norm(tokens: q))
        if let latent {
            forEachLatentAttentionOperator(latent, step, body)
        } else {
            // k goes to the q/k norm or RoPE when there is one, else straight into the cache.
            let kStored = rotaryDimensions == 0 && !queryKeyNorm
            let qProj = linear(input: hidden, output: queryWidth, tokens: q, bias: qkvBias)
            let kProj = linear(input: hidden, output: keyValueWidth, tokens: q, bias: qkvBias, storesKV: kStored)
            let vProj = linear(input: hidden, output: keyValueWidth, tokens: q, bias: qkvBias, storesKV: true)
            if fusedQKV {
                body(.qkvProj, qProj + kProj + vProj)
            } else {
                body(.qProj, qProj)
                body(.kProj, kProj)
                body(.vProj, vProj)
            }
            if queryKeyNorm { body(.qkNorm, headNorm(tokens: q, kStored: rotaryDimensions == 0)) }
            if rotaryDimensions > 0 { body(.rope, rope(tokens: q)) }
            if flashAttention {
                body(.fusedAttention, fusedAttention(step, window: plan.windowTokens))
            } else {
                let keys = Self.keysScored(step, window: plan.windowTokens)
                body(.qkMatmul, qkMatmul(step, keys: keys))
                body(.softmax, softmax(step, keys: keys))
                body(.svMatmul, svMatmul(step, keys: keys))
            }
            body(.outProj, linear(input: queryWidth, output: hidden, tokens: q, bias: outputBias))
        }
        if tensorParallel > 1 { body(.attnAllReduce, allReduce(tokens: q)) }
        if postNorms { body(.postAttnNorm, norm(tokens: q)) }
        body(.attnAdd, residualAdd(tokens: q))
        if !sharedNorm { body(.mlpNorm, norm(tokens: q)) }
        if plan.routed, let experts {
            forEachExpertOperator(experts, tokens: q, body)
        } else {
            forEachMLPOperator(intermediate: intermediatePerDevice, rows: q, body)
        }
        if tensorParallel > 1 { body(.mlpAllReduce, allReduce(tokens: q)) }
        if postNorms { body(.postMLPNorm, norm(tokens: q)) }
        body(.mlpAdd, residualAdd(tokens: q))
        if let pagerankTokens, step.stage == .prefill { body(.pagerank, pagerank(tokens: Double(pagerankTokens))) }
    }

    /// A dense MLP over `rows` token rows: gate, up, activation (with the gating product), down; a
    /// plain MLP has no gate.
    @inline(__always)
    func forEachMLPOperator(intermediate: Double, rows q: Double, _ body: (OperatorName, OperatorCost) -> Void) {
        let up = linear(input: hidden, output: intermediate, tokens: q, bias: mlpBias)
        if gatedMLP, fusedGateUp {
            body(.gateUpProj, up + linear(input: hidden, output: intermediate, tokens: q, bias: mlpBias))
        } else {
            if gatedMLP { body(.gateProj, linear(input: hidden, output: intermediate, tokens: q, bias: mlpBias)) }
            body(.upProj, up)
        }
        body(.mlpAct, activation(tokens: q, intermediate: intermediate))
        body(.downProj, linear(input: intermediate, output: hidden, tokens: q, bias: mlpBias))
    }

    /// A routed MLP: the router, then the chosen experts as one batch of `q·k` token rows whose
    /// weight traffic is the experts the step touches (`MixtureOfExperts.expectedExpertsTouched`),
    /// the combination of each token's `k` outputs priced in `down_proj`, then the shared expert.
    @inline(__always)
    func forEachExpertOperator(_ experts: MixtureOfExperts, tokens q: Double,
                               _ body: (OperatorName, OperatorCost) -> Void) {
        let k = Double(experts.expertsPerToken)
        let touched = experts.expectedExpertsTouched(tokens: batch * q)
        let i = expertIntermediatePerDevice
        body(.router, router(experts, tokens: q))
        let rows = q * k
        func expert(_ input: Double, _ output: Double) -> OperatorCost {
            var cost = linear(input: input, output: output, tokens: rows, bias: mlpBias)
            cost.loadWeightBytes *= touched
            return cost
        }
        if gatedMLP { body(.gateProj, expert(hidden, i)) }
        body(.upProj, expert(hidden, i))
        body(.mlpAct, activation(tokens: rows, intermediate: i))
        var down = expert(i, hidden)
        down.ops += batch * q * k * hidden * ElementCounts.expertCombinePerElement
        body(.downProj, down)
        if sharedExpertIntermediatePerDevice > 0 {
            var shared = OperatorCost.zero
            forEachMLPOperator(intermediate: sharedExpertIntermediatePerDevice, rows: q) { _, cost in shared += cost }
            if experts.sharedExpertGate { shared += sharedExpertGate(tokens: q) }
            body(.sharedExpert, shared)
        }
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

    /// RMSNorm or LayerNorm over `q` rows of `d`: reads the input and the weight (and LayerNorm's
    /// bias), writes the output.
    @inline(__always)
    func norm(tokens q: Double) -> OperatorCost {
        guard q > 0 else { return .zero }
        let rows = batch * q
        let (perElement, perRow) = layerNorm
            ? (ElementCounts.layerNormPerElement, ElementCounts.layerNormPerRow)
            : (ElementCounts.rmsNormPerElement, ElementCounts.rmsNormPerRow)
        return OperatorCost(
            ops: rows * (hidden * (perElement - (nonParametricNorm ? ElementCounts.layerNormAffinePerElement : 0)) + perRow),
            loadWeightBytes: (nonParametricNorm ? 0 : layerNorm ? 2 : 1) * hidden * weightBytes,
            loadActivationBytes: rows * hidden * activationBytes,
            storeActivationBytes: rows * hidden * activationBytes)
    }

    /// RMSNorm over each head's `d_h` channels of q and k (Qwen3's and Gemma-3's q/k norms): reads
    /// q, k and the two weight vectors, writes q back and k on to RoPE (or, without RoPE, into the cache).
    @inline(__always)
    func headNorm(tokens q: Double, kStored: Bool) -> OperatorCost {
        guard q > 0 else { return .zero }
        let queryElements = queryWidth * batch * q, keyElements = keyValueWidth * batch * q
        let rows = (queryElements + keyElements) / headDim
        return OperatorCost(
            ops: (queryElements + keyElements) * ElementCounts.rmsNormPerElement + rows * ElementCounts.rmsNormPerRow,
            loadWeightBytes: 2 * headDim * weightBytes,
            loadActivationBytes: (queryElements + keyElements) * activationBytes,
            storeActivationBytes: (queryElements + (kStored ? 0 : keyElements)) * activationBytes,
            storeKVBytes: kStored ? keyElements * kvBytes : 0)
    }

    /// Rotary embedding of q and k over the first `rotaryDimensions` channels of each head (all of
    /// them for LLaMA, 64 of 256 for GPT-J): reads q, k and the cos/sin rows, writes q back and k
    /// into the KV cache; the unrotated channels pass through in place.
    @inline(__always)
    func rope(tokens q: Double) -> OperatorCost {
        guard q > 0 else { return .zero }
        let share = rotaryDimensions / headDim
        let rotated = (queryWidth + keyValueWidth) * batch * q * share
        return OperatorCost(
            ops: rotated * ElementCounts.ropePerElement,
            loadActivationBytes: (queryWidth + keyValueWidth) * batch * q * activationBytes
                + 2 * q * rotaryDimensions * activationBytes,
            storeActivationBytes: queryWidth * batch * q * activationBytes,
            storeKVBytes: keyValueWidth * batch * q * kvBytes)
    }

    /// Keys a dense kernel scores for each query: all `c`, or on a windowed layer those the
    /// queries' windows reach (`WindowedAttention.denseKeys`).
    @inline(__always)
    static func keysScored(_ step: TokenStep, window: Double) -> Double {
        let c = Double(step.contextTokens)
        return window.isFinite ? WindowedAttention.denseKeys(queries: Double(step.queryTokens), context: c, window: window) : c
    }

    /// Q·Kᵀ with a dense kernel: every one of the `q·c` scores is computed and stored (`c` the keys
    /// scored).
    @inline(__always)
    func qkMatmul(_ step: TokenStep, keys c: Double) -> OperatorCost {
        let q = Double(step.queryTokens)
        return OperatorCost(
            ops: 2 * q * c * headDim * headsPerDevice * batch,
            loadActivationBytes: q * queryWidth * batch * activationBytes,
            storeActivationBytes: q * c * headsPerDevice * batch * activationBytes,
            loadKVBytes: c * keyValueWidth * batch * kvBytes)
    }

    /// Softmax over the dense score matrix, with ALiBi's bias and Gemma-2's soft-capping applied to
    /// each score on the way in (one pass: a kernel fuses them into the softmax).
    @inline(__always)
    func softmax(_ step: TokenStep, keys c: Double) -> OperatorCost {
        let scores = Double(step.queryTokens) * c * headsPerDevice * batch
        return OperatorCost(
            ops: scores * (ElementCounts.softmaxPerScore + extraOpsPerScore),
            loadActivationBytes: scores * activationBytes,
            storeActivationBytes: scores * activationBytes)
    }

    /// P·V with a dense kernel.
    @inline(__always)
    func svMatmul(_ step: TokenStep, keys c: Double) -> OperatorCost {
        let q = Double(step.queryTokens)
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
    /// query tile up to the diagonal (and from its window's start on a windowed layer); no score
    /// matrix reaches memory.
    @inline(__always)
    func fusedAttention(_ step: TokenStep, window: Double) -> OperatorCost {
        let q = Double(step.queryTokens), c = Double(step.contextTokens)
        // An encoder attends every key from every query tile.
        let pairs: Double, keys: Double
        if !causal {
            pairs = q * c * headsPerDevice * batch
            keys = (q / flashBlockRows).rounded(.up) * c
        } else if window.isFinite {
            pairs = WindowedAttention.pairs(queries: q, context: c, window: window) * headsPerDevice * batch
            keys = WindowedAttention.keysRead(queries: q, context: c, blockRows: flashBlockRows, window: window)
        } else {
            pairs = Self.causalPairs(queries: q, context: c) * headsPerDevice * batch
            keys = Self.causalKeysRead(queries: q, context: c, blockRows: flashBlockRows)
        }
        return OperatorCost(
            ops: 4 * pairs * headDim + pairs * (ElementCounts.softmaxPerScore + extraOpsPerScore),
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

    /// The MLP activation over `intermediate` channels: SwiGLU's `act(gate) · up` (two inputs read)
    /// or a plain GELU/ReLU.
    @inline(__always)
    func activation(tokens q: Double, intermediate: Double) -> OperatorCost {
        let elements = batch * q * intermediate
        return OperatorCost(
            ops: elements * (activationOpsPerElement + (gatedMLP ? ElementCounts.gatingPerElement : 0)),
            loadActivationBytes: (gatedMLP ? 2 : 1) * elements * activationBytes,
            storeActivationBytes: elements * activationBytes)
    }

    /// Router: `d → E` logits (weights replicated on every device), softmax over the experts, and a
    /// top-k choice of `k` compares per expert; writes each token's `k` choices and weights.
    @inline(__always)
    func router(_ experts: MixtureOfExperts, tokens q: Double) -> OperatorCost {
        let e = Double(experts.expertCount), k = Double(experts.expertsPerToken)
        let rows = batch * q
        return OperatorCost(
            ops: 2 * hidden * e * rows + rows * e * (ElementCounts.softmaxPerScore + k * ElementCounts.routerComparePerExpertChoice),
            loadWeightBytes: hidden * e * weightBytes,
            loadActivationBytes: rows * hidden * activationBytes,
            storeActivationBytes: rows * 2 * k * activationBytes)
    }

    /// Qwen2-MoE's shared-expert gate: `d → 1`, a sigmoid, and the scaling of the shared output.
    @inline(__always)
    func sharedExpertGate(tokens q: Double) -> OperatorCost {
        let rows = batch * q
        return OperatorCost(
            ops: rows * (2 * hidden + ElementCounts.sigmoidPerElement + hidden),
            loadWeightBytes: hidden * weightBytes,
            loadActivationBytes: 2 * rows * hidden * activationBytes,
            storeActivationBytes: rows * hidden * activationBytes)
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
        Self.pagerank(sequences: batch, heads: headsPerDevice, tokens: n, activationBytes: activationBytes,
                      iterations: pagerankIterations)
    }

    /// PageRank over `heads` heads of `n` tokens for `sequences` sequences (also what `calibrate`
    /// sizes its PageRank measurements with, so the fitted curve prices this very count).
    public static func pagerank(sequences batch: Double, heads: Double, tokens n: Double, activationBytes: Double,
                                iterations: Double) -> OperatorCost {
        let scores = batch * heads * n * n
        return OperatorCost(
            ops: scores * (ElementCounts.pagerankTemperaturePerScore + ElementCounts.softmaxPerScore)
                + scores * ElementCounts.pagerankIterationPerScore * iterations
                + batch * n * (heads * ElementCounts.pagerankRMSPerHeadToken + 1),
            loadActivationBytes: scores * activationBytes + scores * 4 * iterations,
            storeActivationBytes: scores * 4 + batch * n * 4)
    }

    // MARK: Outside the layers

    /// Embedding lookup: `q` rows of the table gathered and written out; learned positions add a
    /// row each, and OPT's `project_in` maps the embedding width to the layers' width.
    public func embedding(tokens q: Double) -> OperatorCost {
        let rows = batch * q
        let tableWidth = embeddingProjection > 0 ? embeddingProjection : hidden
        var cost = OperatorCost(ops: embeddingScale ? rows * tableWidth * ElementCounts.embeddingScalePerElement : 0,
                                loadWeightBytes: rows * tableWidth * weightBytes,
                                storeActivationBytes: rows * tableWidth * activationBytes)
        if embeddingProjection > 0 {
            cost += linear(input: embeddingProjection, output: hidden, tokens: q, bias: false)
        }
        if learnedPositions { cost += positionAdd(tokens: q) }
        return cost
    }

    /// Adding the learned position rows for `q` positions (shared by every sequence of the batch).
    func positionAdd(tokens q: Double) -> OperatorCost {
        let elements = batch * q * hidden
        return OperatorCost(
            ops: elements * ElementCounts.positionAddPerElement, loadWeightBytes: q * hidden * weightBytes,
            loadActivationBytes: elements * activationBytes, storeActivationBytes: elements * activationBytes)
    }

    /// The final norm before the head.
    public func finalNorm(tokens q: Double) -> OperatorCost { norm(tokens: q) }

    /// The head: `2·d·V/t` per position for the last position of each sequence (prefill and decode),
    /// or for every position with `--logits all`; OPT's `project_out` first, GPT-J's bias after.
    public func head(stage: Stage, lastLayerTokens q: Double) -> OperatorCost {
        let positions = batch * (stage == .prefill && logitsForAllPositions ? q : min(q, 1))
        guard positions > 0 else { return .zero }
        let width = embeddingProjection > 0 ? embeddingProjection : hidden
        var cost = OperatorCost(
            ops: 2 * positions * width * vocabularyPerDevice
                + (headBias ? positions * vocabularyPerDevice : 0) + positions * vocabularyPerDevice * extraOpsPerLogit,
            loadWeightBytes: (width + (headBias ? 1 : 0)) * vocabularyPerDevice * weightBytes,
            loadActivationBytes: positions * width * activationBytes,
            storeActivationBytes: positions * vocabularyPerDevice * activationBytes)
        if embeddingProjection > 0 {
            cost += linear(input: hidden, output: embeddingProjection, tokens: positions / batch, bias: false)
        }
        return cost
    }

    // MARK: Footprint

    /// One layer's resident weights on one device, every expert included (`WeightInventory`), for
    /// a model whose layers are all alike (a vision tower).
    public var layerWeightBytes: Double { weights.layerTotal * weightBytes }

    /// Every decoder layer's resident weights on one device (dense and expert layers each counted).
    public var layersWeightBytes: Double {
        weights.denseLayerCount * (weights.denseLayerTotal * weightBytes)
            + weights.expertLayerCount * (weights.expertLayerTotal * weightBytes)
    }

    /// Embedding table, positions, projections, final norm and head on one device; a tied head
    /// shares the table.
    public var modelWeightBytes: Double { weights.outsideLayers * weightBytes }

    /// KV-cache bytes layer `layer` holds after `entries` positions: a rolling cache keeps at most a
    /// windowed layer's window; MLA caches the latent and the rotary key, shared by every head.
    public func kvCacheBytes(entries: Double, layer: Int) -> Double {
        let window = plan(layer).windowTokens
        let held = kvCache == .rolling && window.isFinite ? min(entries, window) : entries
        if let latent { return held * latent.cachedElements * batch * kvBytes }
        return 2 * held * keyValueWidth * batch * kvBytes
    }

    /// The residual stream that stays live across a layer for `q` tokens.
    public func residualBytes(tokens q: Double) -> Double { batch * q * hidden * activationBytes }
}
