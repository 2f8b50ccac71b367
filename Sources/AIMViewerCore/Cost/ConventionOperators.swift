/// The operator formulas a convention selects: one value, no fork of the analyzer.
enum ConventionOperators: Sendable {
    case llmViewer(LLMViewerOperators)
    case exact(ExactOperators)

    @inline(__always)
    func forEachLayerOperator(_ step: TokenStep, pagerankTokens: Int?, _ body: (OperatorName, OperatorCost) -> Void) {
        switch self {
        case .llmViewer(let operators): operators.forEachLayerOperator(step, body)
        case .exact(let operators): operators.forEachLayerOperator(step, pagerankTokens: pagerankTokens, body)
        }
    }

    /// Operators outside the decoder layers, in execution order. `firstLayerTokens` enter layer 0,
    /// `lastLayerTokens` leave the last layer.
    func modelOperators(stage: Stage, firstLayerTokens: Int, lastLayerTokens: Int,
                        overheads: AIMOverheadSpec?) -> [(OperatorName, OperatorCost)] {
        switch self {
        case .llmViewer(let operators):
            return [(.lmHead, operators.head())]
        case .exact(let operators):
            var list: [(OperatorName, OperatorCost)] = []
            if stage == .prefill, let overheads { list.append((.tokenMerge, operators.tokenMerge(overheads))) }
            list.append((.embedding, operators.embedding(tokens: Double(firstLayerTokens))))
            list.append((.finalNorm, operators.finalNorm(tokens: Double(lastLayerTokens))))
            list.append((.lmHead, operators.head(stage: stage, lastLayerTokens: Double(lastLayerTokens))))
            return list
        }
    }

    /// Entries a decode step attends beyond the cached `n_l + i`: `exact` attends the new token too.
    var decodeAttendsNewToken: Int {
        if case .exact = self { return 1 }
        return 0
    }
}
