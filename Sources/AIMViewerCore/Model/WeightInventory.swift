/// Parameter elements of one decoder layer and of the rest of the model, as held by one device under
/// tensor parallelism `t` (heads, MLP and expert widths and the vocabulary split by `t`; norms,
/// output biases, routers and position tables replicated).
///
/// One source for the footprint the `exact` convention reports and for the parameter counts users
/// check against model cards (`t = 1`).
public struct WeightInventory: Sendable, Equatable {
    /// q, k, v and output projections with their biases (MLA: its low-rank projections and norms).
    public var attention: Double
    /// The layer's norm weights (and LayerNorm biases).
    public var norms: Double
    /// The MLP of a dense layer; 0 when every layer is routed.
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
    /// Layers whose MLP is routed (the others are dense).
    public var expertLayerCount: Double
    /// DeepSeek-V3's multi-token-prediction modules: in the checkpoint, not in the main model
    /// (not in `total`, `active` or the footprint); 0 without them.
    public var multiTokenPrediction: Double = 0
    /// The input embedding table (part of `outsideLayers`): a token reads one row of it, which is
    /// why DeepSeek counts its activated parameters without it.
    public var inputEmbedding: Double = 0

    /// All of one dense layer's weights.
    public var denseLayerTotal: Double { attention + norms + denseMLP }
    /// All of one expert layer's weights, every expert included: what must be resident.
    public var expertLayerTotal: Double { attention + norms + expertCount * oneExpert + alwaysRunMLP }
    /// The weights one token runs through in one expert layer (its `k` experts only).
    public var expertLayerActive: Double { attention + norms + expertsPerToken * oneExpert + alwaysRunMLP }
    /// One layer of a model whose layers are all alike (what a vision encoder's tower repeats).
    public var layerTotal: Double { expertLayerCount > 0 ? expertLayerTotal : denseLayerTotal }

    var denseLayerCount: Double { layerCount - expertLayerCount }
    /// Every decoder layer's weights.
    public var layersTotal: Double { denseLayerCount * denseLayerTotal + expertLayerCount * expertLayerTotal }
    public var layersActive: Double { denseLayerCount * denseLayerTotal + expertLayerCount * expertLayerActive }

    public var total: Double { layersTotal + outsideLayers }
    public var active: Double { layersActive + outsideLayers }
}

extension ModelConfig {
    /// The model's weights per device under `tensorParallel` (which must divide the split sizes).
    public func weights(tensorParallel t: Int = 1) -> WeightInventory {
        let arch = architecture
        let d = Double(hiddenSize), tp = Double(t)
        let queryWidth = Double(attentionHeads / t * headDim), keyValueWidth = Double(keyValueHeads / t * headDim)
        let attention = arch.latentAttention.map { $0.weights(hidden: d, headsPerDevice: Double(attentionHeads / t)) }
            ?? d * queryWidth + 2 * d * keyValueWidth + queryWidth * d
            + (qkvBias ? queryWidth + 2 * keyValueWidth : 0) + (outputProjectionBias ? d : 0)
            + (arch.mechanisms.queryKeyNorm ? 2 * Double(headDim) : 0)
        let normVector = arch.norm.weights(width: d)
        let norms = Double((arch.sharedNorm ? 1 : 2) + (arch.mechanisms.postNorms ? 2 : 0)) * normVector

        var dense = 0.0, oneExpert = 0.0, alwaysRun = 0.0, expertCount = 0.0, perToken = 0.0, expertLayers = 0.0
        if arch.experts == nil || !(arch.experts?.denseLayers.isEmpty ?? true) {
            dense = Self.mlpWeights(hidden: d, intermediate: Double(intermediateSize) / tp, gated: arch.mlp == .gated,
                                    bias: mlpBias)
        }
        if let experts = arch.experts {
            expertLayers = Double(layerCount - Set(experts.denseLayers).count)
            oneExpert = Self.mlpWeights(hidden: d, intermediate: Double(experts.expertIntermediateSize) / tp,
                                        gated: arch.mlp == .gated, bias: mlpBias)
            expertCount = Double(experts.expertCount)
            perToken = Double(experts.expertsPerToken)
            alwaysRun = d * expertCount + (experts.routerBias ? expertCount : 0)
            if experts.sharedExpertIntermediateSize > 0 {
                alwaysRun += Self.mlpWeights(hidden: d, intermediate: Double(experts.sharedExpertIntermediateSize) / tp,
                                             gated: arch.mlp == .gated, bias: mlpBias)
                    + (experts.sharedExpertGate ? d : 0)
            }
        }

        let embeddingWidth = Double(arch.embeddingProjection ?? hiddenSize)
        let vocabulary = Double(vocabularySize) / tp
        let table = vocabulary * embeddingWidth
        let projections = arch.embeddingProjection == nil ? 0 : 2 * embeddingWidth * d
        let head = (tieWordEmbeddings ? 0 : table) + (arch.headBias ? vocabulary : 0)
        let outside = table + Double(arch.learnedPositions) * d + projections + (arch.finalNorm ? normVector : 0) + head
        return WeightInventory(
            attention: attention, norms: norms, denseMLP: dense, oneExpert: oneExpert, expertCount: expertCount,
            expertsPerToken: perToken, alwaysRunMLP: alwaysRun, outsideLayers: outside, layerCount: Double(layerCount),
            expertLayerCount: expertLayers,
            multiTokenPrediction: Double(arch.multiTokenPredictionLayers) * multiTokenPredictionLayerWeights(
                hidden: d, layer: expertLayers > 0 ? attention + norms + expertCount * oneExpert + alwaysRun
                    : attention + norms + dense),
            inputEmbedding: table)
    }

    /// Parameters of the whole model (`t = 1`): all of them, and those one token runs through.
    public var parameterCount: (total: Double, active: Double) {
        let inventory = weights()
        return (inventory.total, inventory.active)
    }

    /// One DeepSeek-V3 prediction module: its decoder layer, the two norms of the incoming hidden
    /// state and token embedding (`enorm`, `hnorm`), the `2d → d` projection (`eh_proj`) and its own
    /// final norm (`shared_head.norm`); the embedding and head are the main model's.
    func multiTokenPredictionLayerWeights(hidden d: Double, layer: Double) -> Double {
        layer + 3 * d + 2 * d * d
    }

    /// A gated MLP has gate, up and down (biases on gate and up of `i`, on down of `d`); a plain MLP
    /// has up and down.
    static func mlpWeights(hidden d: Double, intermediate i: Double, gated: Bool, bias: Bool) -> Double {
        gated ? 3 * d * i + (bias ? 2 * i + d : 0) : 2 * d * i + (bias ? i + d : 0)
    }
}
