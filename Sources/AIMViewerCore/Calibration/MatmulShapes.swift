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
    }

    /// `nil` for operators that are not one plain GEMM (fused attention, the shared expert, the
    /// vision side): the calibrated estimate then uses the shape-free `peakFraction`.
    public func shape(of name: OperatorName, step: TokenStep) -> MatmulShape? {
        let q = Double(step.queryTokens), c = Double(step.contextTokens)
        let rows = batch * q
        guard let role = name.gemmRole else { return nil }
        switch role {
        case .queryProjection: return MatmulShape(m: rows, n: queryWidth, k: hidden)
        case .keyValueProjection: return MatmulShape(m: rows, n: keyValueWidth, k: hidden)
        case .fusedQKVProjection: return MatmulShape(m: rows, n: queryWidth + 2 * keyValueWidth, k: hidden)
        case .fusedMLPIn: return MatmulShape(m: expertRows(rows), n: 2 * mlpWidth, k: hidden)
        case .outputProjection: return MatmulShape(m: rows, n: hidden, k: queryWidth)
        case .mlpIn: return MatmulShape(m: expertRows(rows), n: mlpWidth, k: hidden)
        case .mlpOut: return MatmulShape(m: expertRows(rows), n: hidden, k: mlpWidth)
        case .attentionScores: return MatmulShape(m: q, n: c, k: headDim)
        case .attentionValues: return MatmulShape(m: q, n: headDim, k: c)
        case .router: return experts.map { MatmulShape(m: rows, n: Double($0.expertCount), k: hidden) }
        case .head:
            let positions = batch * (step.stage == .prefill && logitsForAllPositions ? q : min(q, 1))
            return MatmulShape(m: positions, n: vocabulary, k: headWidth)
        }
    }

    var mlpWidth: Double { experts == nil ? intermediate : expertIntermediate }

    /// Rows one expert's GEMM sees: the `rows · k` routed rows spread over the experts touched.
    func expertRows(_ rows: Double) -> Double {
        guard let experts else { return rows }
        let touched = experts.expectedExpertsTouched(tokens: rows)
        return touched > 0 ? rows * Double(experts.expertsPerToken) / touched : 0
    }
}
