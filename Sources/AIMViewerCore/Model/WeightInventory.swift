/// Parameter elements of one decoder layer and of the rest of the model, as held by one device under
/// tensor parallelism `t` (heads, MLP and expert widths and the vocabulary split by `t`; norms,
/// output biases, routers and position tables replicated).
///
/// One source for the footprint the `exact` convention reports and for the parameter counts users
/// check against model cards (`t = 1`).
public struct WeightInventory: Sendable, Equatable {
    /// q, k, v and output projections with their biases.
    public var attention: Double
    /// The layer's norm weights (and LayerNorm biases).
    public var norms: Double
    /// The dense MLP; 0 in an expert layer.
    public var denseMLP: Double
    /// One routed expert; 0 without experts.
    public var oneExpert: Double
    public var expertCount: Double
    public var expertsPerToken: Double
    /// Router and shared expert (with its gate): run by every token of an expert layer.
    public var alwaysRunMLP: Double
    /// Embedding table, learned positions, the OPT projections, final norm and untied head.
    public var outsideLayers: Double
    public var layerCount: Double

    /// All of one layer's weights, every expert included: what must be resident.
    public var layerTotal: Double { attention + norms + denseMLP + expertCount * oneExpert + alwaysRunMLP }
    /// The weights one token runs through in one layer (its `k` experts only).
    public var layerActive: Double { attention + norms + denseMLP + expertsPerToken * oneExpert + alwaysRunMLP }

    public var total: Double { layerCount * layerTotal + outsideLayers }
    public var active: Double { layerCount * layerActive + outsideLayers }
}

extension ModelConfig {
    /// The model's weights per device under `tensorParallel` (which must divide the split sizes).
    public func weights(tensorParallel t: Int = 1) -> WeightInventory {
        let arch = architecture
        let d = Double(hiddenSize), tp = Double(t)
        let queryWidth = Double(attentionHeads / t * headDim), keyValueWidth = Double(keyValueHeads / t * headDim)
        let attention = d * queryWidth + 2 * d * keyValueWidth + queryWidth * d
            + (qkvBias ? queryWidth + 2 * keyValueWidth : 0) + (outputProjectionBias ? d : 0)
            + (arch.mechanisms.queryKeyNorm ? 2 * Double(headDim) : 0)
        let normVector = arch.norm.weights(width: d)
        let norms = Double((arch.sharedNorm ? 1 : 2) + (arch.mechanisms.postNorms ? 2 : 0)) * normVector

        var dense = 0.0, oneExpert = 0.0, alwaysRun = 0.0, expertCount = 0.0, perToken = 0.0
        if let experts = arch.experts {
            oneExpert = Self.mlpWeights(hidden: d, intermediate: Double(experts.expertIntermediateSize) / tp,
                                        gated: arch.mlp == .gated, bias: mlpBias)
            expertCount = Double(experts.expertCount)
            perToken = Double(experts.expertsPerToken)
            alwaysRun = d * expertCount
            if experts.sharedExpertIntermediateSize > 0 {
                alwaysRun += Self.mlpWeights(hidden: d, intermediate: Double(experts.sharedExpertIntermediateSize) / tp,
                                             gated: arch.mlp == .gated, bias: mlpBias)
                    + (experts.sharedExpertGate ? d : 0)
            }
        } else {
            dense = Self.mlpWeights(hidden: d, intermediate: Double(intermediateSize) / tp, gated: arch.mlp == .gated,
                                    bias: mlpBias)
        }

        let embeddingWidth = Double(arch.embeddingProjection ?? hiddenSize)
        let vocabulary = Double(vocabularySize) / tp
        let table = vocabulary * embeddingWidth
        let projections = arch.embeddingProjection == nil ? 0 : 2 * embeddingWidth * d
        let head = (tieWordEmbeddings ? 0 : table) + (arch.headBias ? vocabulary : 0)
        let outside = table + Double(arch.learnedPositions) * d + projections + (arch.finalNorm ? normVector : 0) + head
        return WeightInventory(
            attention: attention, norms: norms, denseMLP: dense, oneExpert: oneExpert, expertCount: expertCount,
            expertsPerToken: perToken, alwaysRunMLP: alwaysRun, outsideLayers: outside, layerCount: Double(layerCount))
    }

    /// Parameters of the whole model (`t = 1`): all of them, and those one token runs through.
    public var parameterCount: (total: Double, active: Double) {
        let inventory = weights()
        return (inventory.total, inventory.active)
    }

    /// A gated MLP has gate, up and down (biases on gate and up of `i`, on down of `d`); a plain MLP
    /// has up and down.
    static func mlpWeights(hidden d: Double, intermediate i: Double, gated: Bool, bias: Bool) -> Double {
        gated ? 3 * d * i + (bias ? 2 * i + d : 0) : 2 * d * i + (bias ? i + d : 0)
    }
}
