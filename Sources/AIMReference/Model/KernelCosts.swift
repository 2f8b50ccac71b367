import AIMViewerCore

/// The cost of one kernel call from the shapes it ran on, in Float32 (4 bytes per element). Op
/// counts per element come from `ElementCounts`, so the engine and the `exact` convention agree on
/// what an op is; everything else here is what the engine's loops really do.
enum KernelCosts {
    static let elementBytes = 4.0
    static let wideBytes = 8.0  // the Double buffers of merging and PageRank

    /// `x[m, k] · W[k, n] (+ bias)`: the weights and the input read once, the output written once
    /// (into the KV cache for the value projection).
    static func linear(m: Int, k: Int, n: Int, bias: Bool, outputIsKV: Bool = false) -> OperatorCost {
        let (m, k, n) = (Double(m), Double(k), Double(n))
        let outputs = m * n
        return OperatorCost(
            ops: 2 * m * k * n + (bias ? outputs * ElementCounts.biasPerElement : 0),
            loadWeightBytes: (k * n + (bias ? n : 0)) * elementBytes,
            loadActivationBytes: m * k * elementBytes,
            storeActivationBytes: outputIsKV ? 0 : outputs * elementBytes,
            storeKVBytes: outputIsKV ? outputs * elementBytes : 0)
    }

    static func rmsNorm(rows: Int, width: Int) -> OperatorCost {
        let (r, w) = (Double(rows), Double(width))
        return OperatorCost(
            ops: r * (w * ElementCounts.rmsNormPerElement + ElementCounts.rmsNormPerRow),
            loadWeightBytes: w * elementBytes, loadActivationBytes: r * w * elementBytes,
            storeActivationBytes: r * w * elementBytes)
    }

    /// Rotating q (`queryWidth`) and k (`keyWidth`) of `rows` tokens, reading a cos and a sin row each.
    static func rope(rows: Int, queryWidth: Int, keyWidth: Int, headDim: Int) -> OperatorCost {
        let r = Double(rows), rotated = Double(queryWidth + keyWidth) * r
        return OperatorCost(
            ops: rotated * ElementCounts.ropePerElement,
            loadActivationBytes: rotated * elementBytes + 2 * r * Double(headDim) * elementBytes,
            storeActivationBytes: r * Double(queryWidth) * elementBytes,
            storeKVBytes: r * Double(keyWidth) * elementBytes)
    }

    /// One head's `q·kᵀ` over `queries × keys`, `headDim` deep.
    static func scores(queries: Int, keys: Int, headDim: Int, keyIsNewToHead: Bool) -> OperatorCost {
        let (q, c, d) = (Double(queries), Double(keys), Double(headDim))
        return OperatorCost(
            ops: 2 * q * c * d, loadActivationBytes: q * d * elementBytes,
            storeActivationBytes: q * c * elementBytes,
            loadKVBytes: keyIsNewToHead ? c * d * elementBytes : 0)
    }

    static func softmax(scores: Int) -> OperatorCost {
        let s = Double(scores)
        return OperatorCost(ops: s * ElementCounts.softmaxPerScore, loadActivationBytes: s * elementBytes,
                            storeActivationBytes: s * elementBytes)
    }

    /// One head's `P·v`.
    static func weightedValues(queries: Int, keys: Int, headDim: Int, valueIsNewToHead: Bool) -> OperatorCost {
        let (q, c, d) = (Double(queries), Double(keys), Double(headDim))
        return OperatorCost(
            ops: 2 * q * c * d, loadActivationBytes: q * c * elementBytes,
            storeActivationBytes: q * d * elementBytes,
            loadKVBytes: valueIsNewToHead ? c * d * elementBytes : 0)
    }

    /// `x += y` over `elements`.
    static func residualAdd(elements: Int) -> OperatorCost {
        let e = Double(elements)
        return OperatorCost(ops: e * ElementCounts.residualAddPerElement, loadActivationBytes: 2 * e * elementBytes,
                            storeActivationBytes: e * elementBytes)
    }

    static func swiGLU(elements: Int) -> OperatorCost {
        let e = Double(elements)
        return OperatorCost(ops: e * (ElementCounts.siluPerElement + ElementCounts.gatingPerElement),
                            loadActivationBytes: 2 * e * elementBytes, storeActivationBytes: e * elementBytes)
    }

    /// One head of PageRank over `n` positions: the tau-softmax, `iterations` passes over the Double
    /// transition matrix; `rms` adds the per-token root mean square over `heads` (once per layer).
    static func pagerankHead(positions n: Int, iterations: Int) -> OperatorCost {
        let scores = Double(n) * Double(n)
        return OperatorCost(
            ops: scores * (ElementCounts.pagerankTemperaturePerScore + ElementCounts.softmaxPerScore)
                + scores * ElementCounts.pagerankIterationPerScore * Double(iterations),
            loadActivationBytes: scores * elementBytes + scores * wideBytes * Double(iterations),
            storeActivationBytes: scores * wideBytes)
    }

    static func pagerankRMS(positions n: Int, heads: Int) -> OperatorCost {
        let n = Double(n)
        return OperatorCost(ops: n * (Double(heads) * ElementCounts.pagerankRMSPerHeadToken + 1),
                            storeActivationBytes: n * wideBytes)
    }

    /// One round of bipartite merging of `t` tokens of width `c`.
    static func mergeRound(tokens t: Int, width c: Int, removed: Int) -> OperatorCost {
        let sources = Double((t + 1) / 2), destinations = Double(t / 2)
        let (t, c) = (Double(t), Double(c))
        return OperatorCost(
            ops: t * c * ElementCounts.mergeNormPerElement + 2 * sources * destinations * c
                + t * c * ElementCounts.mergeAveragePerElement,
            loadActivationBytes: 2 * t * c * elementBytes + sources * destinations * wideBytes,
            storeActivationBytes: sources * destinations * wideBytes + (t - Double(removed)) * c * elementBytes)
    }
}
