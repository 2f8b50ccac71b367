/// Every per-element operation count the `exact` convention chooses, in one place (and in
/// docs/conventions.md). An "op" is one floating-point add, multiply, compare, exp, divide or sqrt.
public enum ElementCounts {
    /// RMSNorm per element: square, accumulate, multiply by 1/rms, multiply by the weight.
    public static let rmsNormPerElement = 4.0
    /// RMSNorm per row: add epsilon, reciprocal square root.
    public static let rmsNormPerRow = 2.0
    /// SiLU per element: negate-exp, add 1, divide, multiply by x.
    public static let siluPerElement = 4.0
    /// LayerNorm per element: accumulate, subtract the mean, square, accumulate, scale by 1/σ,
    /// multiply by the weight, add the bias.
    public static let layerNormPerElement = 7.0
    /// The two of those a non-parametric LayerNorm (OLMo) does not do: weight multiply, bias add.
    public static let layerNormAffinePerElement = 2.0
    /// LayerNorm per row: divide for the mean and the variance, add epsilon, reciprocal square root.
    public static let layerNormPerRow = 4.0
    /// GELU (tanh form) per element: x³ (2), ·0.044715, +x, ·sqrt(2/π), tanh, +1, ·x, ·0.5.
    public static let geluPerElement = 9.0
    /// ReLU per element: one compare.
    public static let reluPerElement = 1.0
    /// A learned position row added to an embedding, per element.
    public static let positionAddPerElement = 1.0
    /// Router top-k: one compare per expert for each of the `k` choices.
    public static let routerComparePerExpertChoice = 1.0
    /// Combining a token's experts: scale each chosen expert's output and accumulate, per element.
    public static let expertCombinePerElement = 2.0
    /// Shared-expert gate: sigmoid per token (negate-exp, add 1, divide).
    public static let sigmoidPerElement = 3.0
    /// 2x2 average pooling per output element: three adds and a multiply by 1/4.
    public static let averagePool2x2PerOutput = 4.0
    /// k x k average pooling per output element: k² − 1 adds and a multiply by 1/k² (2x2: 4).
    public static func averagePoolPerOutput(kernel: Int) -> Double { Double(kernel * kernel) }
    /// SwiGLU gating: multiply SiLU(gate) by up.
    public static let gatingPerElement = 1.0
    /// Rotary embedding per rotated element: x·cos + rotate_half(x)·sin.
    public static let ropePerElement = 3.0
    /// Soft-capping `cap · tanh(x / cap)` per score or logit: divide, tanh, multiply.
    public static let softCapPerElement = 3.0
    /// ALiBi per score: the head's slope times the query-key distance, added to the score.
    public static let alibiPerScore = 2.0
    /// Gemma's embedding scaling: one multiply by `sqrt(hidden_size)` per element.
    public static let embeddingScalePerElement = 1.0
    /// Softmax per score: max, subtract, exp, sum, divide (the 1/sqrt(d_h) scale is folded into Q).
    public static let softmaxPerScore = 5.0
    /// Residual add per element.
    public static let residualAddPerElement = 1.0
    /// A bias add per output element.
    public static let biasPerElement = 1.0
    /// Tensor-parallel all-reduce: one add per element per peer contribution, `(t − 1) / t` of the
    /// elements on each device in a ring.
    public static let allReduceAddsPerElement = 1.0

    // AIM's own overheads (aim-method.md).
    /// Bipartite merging, per token and channel: the row norms (square, accumulate, divide).
    public static let mergeNormPerElement = 3.0
    /// Bipartite merging, per token and channel: the scatter-mean into destinations.
    public static let mergeAveragePerElement = 1.0
    /// PageRank: dividing the logits by tau, per score.
    public static let pagerankTemperaturePerScore = 1.0
    /// PageRank: one power iteration is a vector-matrix product, 2 ops per score.
    public static let pagerankIterationPerScore = 2.0
    /// PageRank: root-mean-square over heads, per head and token (square, accumulate) plus one sqrt per token.
    public static let pagerankRMSPerHeadToken = 2.0
}
