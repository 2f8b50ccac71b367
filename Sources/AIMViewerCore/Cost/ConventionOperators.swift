/// One layer's operator formulas, so hot loops can be specialised per convention.
protocol LayerFormulas: Sendable {
    func forEachLayerOperator(_ step: TokenStep, layer: Int, pagerankTokens: Int?, _ body: (OperatorName, OperatorCost) -> Void)
}

extension LLMViewerOperators: LayerFormulas {
    /// LLM-Viewer prices every layer alike.
    @inline(__always)
    func forEachLayerOperator(_ step: TokenStep, layer: Int, pagerankTokens: Int?, _ body: (OperatorName, OperatorCost) -> Void) {
        forEachLayerOperator(step, body)
    }
}

extension ExactOperators: LayerFormulas {}

/// The operator formulas a convention selects: one value, no fork of the analyzer.
enum ConventionOperators: Sendable {
    case llmViewer(LLMViewerOperators)
    case exact(ExactOperators)

    @inline(__always)
    func forEachLayerOperator(_ step: TokenStep, layer: Int, pagerankTokens: Int?, _ body: (OperatorName, OperatorCost) -> Void) {
        switch self {
        case .llmViewer(let operators): operators.forEachLayerOperator(step, body)
        case .exact(let operators): operators.forEachLayerOperator(step, layer: layer, pagerankTokens: pagerankTokens, body)
        }
    }

    /// Calls `body` with the operators outside the decoder layers, in execution order.
    /// `firstLayerTokens` enter layer 0, `lastLayerTokens` leave the last layer.
    @inline(__always)
    func forEachModelOperator(stage: Stage, firstLayerTokens: Int, lastLayerTokens: Int,
                              overheads: AIMOverheadSpec?, _ body: (OperatorName, OperatorCost) -> Void) {
        switch self {
        case .llmViewer(let operators):
            body(.lmHead, operators.head())
        case .exact(let operators):
            if stage == .prefill, let overheads { body(.tokenMerge, operators.tokenMerge(overheads)) }
            body(.embedding, operators.embedding(tokens: Double(firstLayerTokens)))
            if operators.hasFinalNorm { body(.finalNorm, operators.finalNorm(tokens: Double(lastLayerTokens))) }
            body(.lmHead, operators.head(stage: stage, lastLayerTokens: Double(lastLayerTokens)))
        }
    }

    /// Entries a decode step attends beyond the cached `n_l + i`: `exact` attends the new token too.
    var decodeAttendsNewToken: Int {
        if case .exact = self { return 1 }
        return 0
    }
}
