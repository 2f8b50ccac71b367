/// The operator formulas of the `llm-viewer` convention: LLM-Viewer's `flexible_analyzer.py` with
/// `configs/Llama.py`, as shipped in the AIM repository, quirks kept on purpose so that published
/// numbers reproduce to the last bit (cost-model.md, "Convention llm-viewer").
///
/// Quirks, each marked `QUIRK` where it lives:
/// - attention is not split by tensor parallelism, and `d_h = d / h` even when `head_dim` is stated;
/// - prefill `qk_matmul` loads Q sized with the key/value heads;
/// - `mlp_act` counts the hidden size, not the intermediate size;
/// - `fused_attention` stores O sized like the score matrix, twice;
/// - the head prices one token without the factor 2 or the batch in its activations.
public struct LLMViewerOperators: Sendable {
    let batch: Double
    let hidden: Double
    let heads: Double
    let keyValueHeads: Double
    let headDim: Double
    let vocabulary: Double
    let weightBytes: Double
    let activationBytes: Double
    let kvBytes: Double
    let skipMLPAdd: Bool
    let flashAttention: Bool
    /// FlashAttention-2 row-block size from the chip's on-chip buffer, as LLM-Viewer sizes it.
    let flashBlockRows: Double
    /// `(input channels, output channels)` of the seven projections, with tensor parallelism applied.
    let qProj: (Double, Double)
    let kvProj: (Double, Double)
    let outProj: (Double, Double)
    let upProj: (Double, Double)
    let downProj: (Double, Double)

    public init(model: ModelConfig, options: AnalysisOptions, onChipBufferBytes: Double) {
        let d = model.hiddenSize, f = model.intermediateSize, t = options.tensorParallel
        batch = Double(options.batchSize)
        hidden = Double(d)
        heads = Double(model.attentionHeads)
        keyValueHeads = Double(model.keyValueHeads)
        headDim = Double(d / model.attentionHeads)  // QUIRK: head_dim is ignored
        vocabulary = Double(model.vocabularySize)
        weightBytes = options.weightBytes
        activationBytes = options.activationBytes
        kvBytes = options.kvBytes
        skipMLPAdd = options.skipMLPAdd
        flashAttention = options.flashAttention
        flashBlockRows = min((onChipBufferBytes / (options.kvBytes * headDim)).rounded(.up), headDim)
        qProj = (Double(d), Double(d / t))
        kvProj = (Double(d), Double(d * model.keyValueHeads / model.attentionHeads / t))
        outProj = (Double(d / t), Double(d))
        upProj = (Double(d), Double(f / t))
        downProj = (Double(f / t), Double(d))
    }

    /// Calls `body` with every operator of one layer, in LLM-Viewer's order; `mlp_add` is left out
    /// when `skipMLPAdd` is set, so layer sums, totals and footprint all respect it.
    @inline(__always)
    public func forEachLayerOperator(_ step: TokenStep, _ body: (OperatorName, OperatorCost) -> Void) {
        let q = Double(step.queryTokens)
        body(.qProj, linear(qProj, tokens: q, storesKV: false))
        body(.kProj, linear(kvProj, tokens: q, storesKV: true))
        body(.vProj, linear(kvProj, tokens: q, storesKV: true))
        body(.outProj, linear(outProj, tokens: q, storesKV: false))
        body(.gateProj, linear(upProj, tokens: q, storesKV: false))
        body(.upProj, linear(upProj, tokens: q, storesKV: false))
        body(.downProj, linear(downProj, tokens: q, storesKV: false))
        if flashAttention {
            body(.fusedAttention, fusedAttention(step))
        } else {
            body(.qkMatmul, qkMatmul(step))
            body(.svMatmul, svMatmul(step))
            body(.softmax, softmax(step))
        }
        let norm = self.norm(tokens: q)
        body(.attnNorm, norm)
        body(.mlpNorm, norm)
        let add = residualAdd(tokens: q)
        body(.attnAdd, add)
        if !skipMLPAdd { body(.mlpAdd, add) }
        body(.mlpAct, mlpActivation(tokens: q))
    }

    /// A projection `(ic, oc)` over `q` tokens: `2·ic·oc·b·q` ops; k/v store their output as KV cache.
    /// A layer that processes no token loads no weights either (LLM-Viewer asserts `q > 0`).
    @inline(__always)
    func linear(_ shape: (Double, Double), tokens q: Double, storesKV: Bool) -> OperatorCost {
        let (ic, oc) = shape
        return OperatorCost(
            ops: ic * oc * batch * q * 2,
            loadWeightBytes: q > 0 ? ic * oc * weightBytes : 0,
            loadActivationBytes: ic * batch * q * activationBytes,
            storeActivationBytes: storesKV ? 0 : oc * batch * q * activationBytes,
            storeKVBytes: storesKV ? oc * batch * q * kvBytes : 0)
    }

    /// Q·Kᵀ: `2·q·c·d_h·h·b` ops.
    @inline(__always)
    func qkMatmul(_ step: TokenStep) -> OperatorCost {
        let q = Double(step.queryTokens), c = Double(step.contextTokens)
        // QUIRK: prefill loads Q with the key/value head count; decode with all heads.
        let queryHeads = step.stage == .prefill ? keyValueHeads : heads
        return OperatorCost(
            ops: q * c * headDim * heads * batch * 2,
            loadActivationBytes: q * headDim * batch * queryHeads * activationBytes,
            storeActivationBytes: q * c * batch * heads * activationBytes,
            loadKVBytes: c * headDim * batch * keyValueHeads * kvBytes)
    }

    /// S·V: `2·q·c·d_h·h·b` ops.
    @inline(__always)
    func svMatmul(_ step: TokenStep) -> OperatorCost {
        let q = Double(step.queryTokens), c = Double(step.contextTokens)
        return OperatorCost(
            ops: q * headDim * c * heads * batch * 2,
            loadActivationBytes: q * c * batch * heads * activationBytes,
            storeActivationBytes: q * headDim * batch * heads * activationBytes,
            loadKVBytes: c * headDim * batch * keyValueHeads * kvBytes)
    }

    /// Softmax over the scores: max, subtract, exp, sum, divide = 5 ops per score.
    @inline(__always)
    func softmax(_ step: TokenStep) -> OperatorCost {
        let scores = batch * heads * Double(step.queryTokens) * Double(step.contextTokens)
        return OperatorCost(
            ops: scores * 5,
            loadActivationBytes: scores * activationBytes,
            storeActivationBytes: scores * activationBytes)
    }

    /// FlashAttention-2 as LLM-Viewer prices it: the three attention operators in one kernel, K and V
    /// re-read once per row block of queries.
    @inline(__always)
    func fusedAttention(_ step: TokenStep) -> OperatorCost {
        let q = Double(step.queryTokens), c = Double(step.contextTokens)
        let blocks = (q / flashBlockRows).rounded(.up)
        let matmulOps = q * c * headDim * heads * batch * 2
        return OperatorCost(
            ops: matmulOps + matmulOps + batch * heads * q * c * 5,
            loadActivationBytes: q * headDim * batch * heads * activationBytes,
            storeActivationBytes: q * c * batch * heads * activationBytes * 2,  // QUIRK: O sized q·c
            loadKVBytes: blocks * c * headDim * batch * keyValueHeads * kvBytes * 2)
    }

    /// RMSNorm/LayerNorm as LLM-Viewer counts it: sum, sub, pow, sum, div, mul, add = 7 ops per element.
    @inline(__always)
    func norm(tokens q: Double) -> OperatorCost {
        let elements = batch * hidden * q
        return OperatorCost(
            ops: elements * 7,
            loadActivationBytes: elements * activationBytes,
            storeActivationBytes: elements * activationBytes)
    }

    /// Residual add: one op per element, one input loaded (QUIRK: the second input is not counted).
    @inline(__always)
    func residualAdd(tokens q: Double) -> OperatorCost {
        let elements = batch * hidden * q
        return OperatorCost(
            ops: elements,
            loadActivationBytes: elements * activationBytes,
            storeActivationBytes: elements * activationBytes)
    }

    /// Gated activation: 2 ops per element over the hidden size (QUIRK: should be the intermediate size).
    @inline(__always)
    func mlpActivation(tokens q: Double) -> OperatorCost {
        let elements = batch * hidden * q
        return OperatorCost(
            ops: elements * 2,
            loadActivationBytes: elements * activationBytes * 2,
            storeActivationBytes: elements * activationBytes)
    }

    /// Bytes of one layer's weights, which stay resident whatever the layer processes.
    public var layerWeightBytes: Double {
        let projections = [qProj, kvProj, kvProj, outProj, upProj, upProj, downProj]
        return projections.reduce(0) { $0 + $1.0 * $1.1 * weightBytes }
    }

    /// The head, added once per stage after the footprint is taken: `b·d·V` ops
    /// (QUIRK: one token, no factor 2, no batch in the activations).
    public func head() -> OperatorCost {
        OperatorCost(
            ops: batch * hidden * vocabulary,
            loadWeightBytes: hidden * vocabulary * weightBytes,
            loadActivationBytes: hidden * activationBytes,
            storeActivationBytes: vocabulary * activationBytes)
    }
}
