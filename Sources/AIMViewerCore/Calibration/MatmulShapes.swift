/// The GEMM shape of each matrix-product operator of a model, per device: what the calibrated
/// estimate's efficiency curve is evaluated at. Shapes follow the model, not the counting
/// convention, so both conventions are calibrated alike.
public struct MatmulShapes: Sendable {
    let batch: Double
    let hidden: Double
    let headDim: Double
    let queryWidth: Double
    let keyValueWidth: Double
    let intermediate: Double
    let vocabulary: Double
    let headWidth: Double
    let logitsForAllPositions: Bool
    let experts: MixtureOfExperts?
    let expertIntermediate: Double
    let layerPlans: [LayerPlan]

    public init(model: ModelConfig, options: AnalysisOptions) {
        let t = options.tensorParallel
        batch = Double(options.batchSize)
        hidden = Double(model.hiddenSize)
        headDim = Double(model.headDim)
        queryWidth = Double(model.attentionHeads / t * model.headDim)
        keyValueWidth = Double(model.keyValueHeads / t * model.headDim)
        intermediate = Double(model.intermediateSize / t)
        vocabulary = Double(model.vocabularySize) / Double(t)
        headWidth = Double(model.architecture.embeddingProjection ?? model.hiddenSize)
        logitsForAllPositions = options.logitsForAllPositions
        experts = model.architecture.experts
        expertIntermediate = Double(model.architecture.experts?.expertIntermediateSize ?? 0) / Double(t)
        layerPlans = model.layerPlans()
    }

    /// `nil` for operators that are not one plain GEMM (fused attention, the shared expert, the
    /// vision side): the calibrated estimate then uses the shape-free `peakFraction`.
    /// `layer` sets the keys a windowed layer's dense kernel scores and whether its MLP is routed;
    /// `nil` (the operators outside the layers) is a full-attention layer of the model's MLP kind.
    public func shape(of name: OperatorName, step: TokenStep, layer: Int? = nil) -> MatmulShape? {
        let q = Double(step.queryTokens)
        let plan = layer.flatMap { $0 < layerPlans.count ? layerPlans[$0] : nil }
        let window = plan?.windowTokens ?? .infinity
        let c = window.isFinite ? WindowedAttention.denseKeys(queries: q, context: Double(step.contextTokens), window: window)
            : Double(step.contextTokens)
        let routed = plan?.routed ?? (experts != nil)
        let rows = batch * q
        guard let role = name.gemmRole else { return nil }
        switch role {
        case .queryProjection: return MatmulShape(m: rows, n: queryWidth, k: hidden)
        case .keyValueProjection: return MatmulShape(m: rows, n: keyValueWidth, k: hidden)
        case .fusedQKVProjection: return MatmulShape(m: rows, n: queryWidth + 2 * keyValueWidth, k: hidden)
        case .fusedMLPIn: return routed ? MatmulShape(m: expertRows(rows), n: 2 * expertIntermediate, k: hidden)
            : MatmulShape(m: rows, n: 2 * intermediate, k: hidden)
        case .outputProjection: return MatmulShape(m: rows, n: hidden, k: queryWidth)
        case .mlpIn: return routed ? MatmulShape(m: expertRows(rows), n: expertIntermediate, k: hidden)
            : MatmulShape(m: rows, n: intermediate, k: hidden)
        case .mlpOut: return routed ? MatmulShape(m: expertRows(rows), n: hidden, k: expertIntermediate)
            : MatmulShape(m: rows, n: hidden, k: intermediate)
        case .attentionScores: return MatmulShape(m: q, n: c, k: headDim)
        case .attentionValues: return MatmulShape(m: q, n: headDim, k: c)
        case .router: return routed ? experts.map { MatmulShape(m: rows, n: Double($0.expertCount), k: hidden) } : nil
        case .head:
            let positions = batch * (step.stage == .prefill && logitsForAllPositions ? q : min(q, 1))
            return MatmulShape(m: positions, n: vocabulary, k: headWidth)
        }
    }

    /// Rows one expert's GEMM sees: the `rows · k` routed rows spread over the experts touched.
    func expertRows(_ rows: Double) -> Double {
        guard let experts else { return rows }
        let touched = experts.expectedExpertsTouched(tokens: rows)
        return touched > 0 ? rows * Double(experts.expertsPerToken) / touched : 0
    }
}
