/// DeepSeek's multi-head latent attention as one device runs it (its `h` heads of `t`), in the
/// form each stage takes (`LatentAttentionForm`): the sizes in elements the formulas read.
struct LatentAttentionShape: Sendable {
    /// Heads on this device.
    let heads: Double
    /// `q_lora_rank`; 0 for a direct `q_proj`.
    let queryRank: Double
    /// `kv_lora_rank`.
    let latent: Double
    let nope: Double
    let rope: Double
    let value: Double
    let form: LatentAttentionForm

    init(_ attention: LatentAttention, headsPerDevice: Double, form: LatentAttentionForm) {
        heads = headsPerDevice
        queryRank = Double(attention.queryLoraRank ?? 0)
        latent = Double(attention.kvLoraRank)
        nope = Double(attention.nopeHeadDim)
        rope = Double(attention.ropeHeadDim)
        value = Double(attention.valueHeadDim)
        self.form = form
    }

    var queryKey: Double { nope + rope }
    /// The latent and the rotary key: what one token caches per layer.
    var cachedElements: Double { latent + rope }
}

extension ExactOperators {
    /// One MLA block up to `o_proj` (cost-model.md, "Multi-head latent attention"). Both forms share
    /// the projections into the latent and the cache writes; the decompressed form expands the
    /// latent with `kv_b_proj` and runs `h`-head attention with `d_nope + d_rope` query/key and
    /// `d_v` value channels; the absorbed form folds `kv_b_proj`'s key half into the query
    /// (`uk_absorb`), attends the cached latent as one shared key/value head of
    /// `kv_lora_rank + d_rope` channels, and applies the value half to the output (`uv_absorb`).
    @inline(__always)
    func forEachLatentAttentionOperator(_ mla: LatentAttentionShape, _ step: TokenStep,
                                        _ body: (OperatorName, OperatorCost) -> Void) {
        let q = Double(step.queryTokens), c = Double(step.contextTokens)
        let h = mla.heads
        if mla.queryRank > 0 {
            body(.qAProj, linear(input: hidden, output: mla.queryRank, tokens: q, bias: false))
            body(.qANorm, widthNorm(width: mla.queryRank, tokens: q, cachesOutput: false))
            body(.qBProj, linear(input: mla.queryRank, output: h * mla.queryKey, tokens: q, bias: false))
        } else {
            body(.qProj, linear(input: hidden, output: h * mla.queryKey, tokens: q, bias: false))
        }
        body(.kvAProj, linear(input: hidden, output: mla.cachedElements, tokens: q, bias: false))
        body(.kvANorm, widthNorm(width: mla.latent, tokens: q, cachesOutput: true))
        body(.rope, latentRope(mla, tokens: q))
        if mla.form.absorbs(step.stage) {
            body(.ukAbsorb, perHeadProjection(heads: h, input: mla.nope, output: mla.latent, tokens: q))
            let width = mla.cachedElements
            if flashAttention {
                let pairs = (causal ? Self.causalPairs(queries: q, context: c) : q * c) * h * batch
                let keys = Self.causalKeysRead(queries: q, context: c, blockRows: flashBlockRows)
                body(.fusedAttention, OperatorCost(
                    ops: 2 * pairs * width + 2 * pairs * mla.latent + pairs * ElementCounts.softmaxPerScore,
                    loadActivationBytes: q * h * width * batch * activationBytes,
                    storeActivationBytes: q * h * mla.latent * batch * activationBytes,
                    loadKVBytes: keys * width * batch * kvBytes))
            } else {
                body(.qkMatmul, OperatorCost(
                    ops: 2 * q * c * width * h * batch,
                    loadActivationBytes: q * h * width * batch * activationBytes,
                    storeActivationBytes: q * c * h * batch * activationBytes,
                    loadKVBytes: c * width * batch * kvBytes))
                body(.softmax, latentSoftmax(scores: q * c * h * batch))
                body(.svMatmul, OperatorCost(
                    ops: 2 * q * c * mla.latent * h * batch,
                    loadActivationBytes: q * c * h * batch * activationBytes,
                    storeActivationBytes: q * h * mla.latent * batch * activationBytes,
                    loadKVBytes: c * mla.latent * batch * kvBytes))
            }
            body(.uvAbsorb, perHeadProjection(heads: h, input: mla.latent, output: mla.value, tokens: q))
        } else {
            // kv_b_proj expands every attended latent: the fresh ones in a prefill, the cached ones
            // again in a decode step.
            var expand = linear(input: mla.latent, output: h * (mla.nope + mla.value), tokens: c, bias: false)
            if step.stage == .decode {
                expand.loadKVBytes = expand.loadActivationBytes / activationBytes * kvBytes
                expand.loadActivationBytes = 0
            }
            body(.kvBProj, expand)
            if flashAttention {
                let pairs = (causal ? Self.causalPairs(queries: q, context: c) : q * c) * h * batch
                let keys = Self.causalKeysRead(queries: q, context: c, blockRows: flashBlockRows)
                body(.fusedAttention, OperatorCost(
                    ops: 2 * pairs * mla.queryKey + 2 * pairs * mla.value + pairs * ElementCounts.softmaxPerScore,
                    loadActivationBytes: q * h * mla.queryKey * batch * activationBytes
                        + keys * h * (mla.queryKey + mla.value) * batch * activationBytes,
                    storeActivationBytes: q * h * mla.value * batch * activationBytes))
            } else {
                body(.qkMatmul, OperatorCost(
                    ops: 2 * q * c * mla.queryKey * h * batch,
                    loadActivationBytes: (q + c) * h * mla.queryKey * batch * activationBytes,
                    storeActivationBytes: q * c * h * batch * activationBytes))
                body(.softmax, latentSoftmax(scores: q * c * h * batch))
                body(.svMatmul, OperatorCost(
                    ops: 2 * q * c * mla.value * h * batch,
                    loadActivationBytes: (q * c * h + c * h * mla.value) * batch * activationBytes,
                    storeActivationBytes: q * h * mla.value * batch * activationBytes))
            }
        }
        body(.outProj, linear(input: h * mla.value, output: hidden, tokens: q, bias: false))
    }

    /// RMSNorm over `width` channels (`q_a_layernorm`, `kv_a_layernorm`); the latent's norm writes
    /// its output into the KV cache.
    @inline(__always)
    func widthNorm(width: Double, tokens q: Double, cachesOutput: Bool) -> OperatorCost {
        let rows = batch * q
        return OperatorCost(
            ops: rows * (width * ElementCounts.rmsNormPerElement + ElementCounts.rmsNormPerRow),
            loadWeightBytes: width * weightBytes, loadActivationBytes: rows * width * activationBytes,
            storeActivationBytes: cachesOutput ? 0 : rows * width * activationBytes,
            storeKVBytes: cachesOutput ? rows * width * kvBytes : 0)
    }

    /// RoPE on each head's `d_rope` query channels and the one shared rotary key, which goes into
    /// the cache.
    @inline(__always)
    func latentRope(_ mla: LatentAttentionShape, tokens q: Double) -> OperatorCost {
        let rows = batch * q
        let rotated = (mla.heads + 1) * mla.rope * rows
        return OperatorCost(
            ops: rotated * ElementCounts.ropePerElement,
            loadActivationBytes: rotated * activationBytes + 2 * q * mla.rope * activationBytes,
            storeActivationBytes: mla.heads * mla.rope * rows * activationBytes,
            storeKVBytes: mla.rope * rows * kvBytes)
    }

    /// A batched per-head product (`input → output` per head, `h` weight slices of `kv_b_proj`).
    @inline(__always)
    func perHeadProjection(heads h: Double, input: Double, output: Double, tokens q: Double) -> OperatorCost {
        let rows = batch * q
        return OperatorCost(
            ops: 2 * rows * h * input * output, loadWeightBytes: h * input * output * weightBytes,
            loadActivationBytes: rows * h * input * activationBytes, storeActivationBytes: rows * h * output * activationBytes)
    }

    @inline(__always)
    func latentSoftmax(scores: Double) -> OperatorCost {
        OperatorCost(ops: scores * ElementCounts.softmaxPerScore, loadActivationBytes: scores * activationBytes,
                     storeActivationBytes: scores * activationBytes)
    }
}
