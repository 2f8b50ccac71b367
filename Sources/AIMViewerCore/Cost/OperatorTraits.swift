/// What each operator is, beyond its cost formula, stated once per operator: the kernel family a
/// calibration prices it with (`kernelClass`, Calibration/KernelClass.swift), the GEMM it is (if it is
/// one plain GEMM), the chart group reports stack it in, and how its decode cost grows with the
/// context. Every trait is a `switch` with no `default:`, so a new operator does not compile until
/// each is stated, and none can silently get no shape or the wrong group.
extension OperatorName {
    /// The GEMM this operator is, so the calibrated estimate can evaluate its efficiency at its
    /// shape (MatmulShapes); `nil` for operators that are not one plain GEMM (fused attention, the
    /// shared expert's two GEMMs and gate, the vision side, elementwise work).
    public var gemmRole: GEMMRole? {
        switch self {
        case .qProj: return .queryProjection
        case .qkvProj: return .fusedQKVProjection
        case .gateUpProj: return .fusedMLPIn
        case .kProj, .vProj: return .keyValueProjection
        case .outProj: return .outputProjection
        case .gateProj, .upProj: return .mlpIn
        case .downProj: return .mlpOut
        case .qkMatmul: return .attentionScores
        case .svMatmul: return .attentionValues
        case .router: return .router
        case .lmHead: return .head
        case .tokenMerge, .embedding, .attnNorm, .rope, .softmax, .fusedAttention, .attnAllReduce, .attnAdd, .mlpNorm,
             .mlpAct, .sharedExpert, .mlpAllReduce, .mlpAdd, .pagerank, .finalNorm, .patchEmbedding, .visionNorm,
             .visionPooling, .projector, .qkNorm, .postAttnNorm, .postMLPNorm:
            return nil
        // MLA's GEMMs have the latent's shapes, which MatmulShapes does not state: shape-free.
        case .qAProj, .qANorm, .qBProj, .kvAProj, .kvANorm, .kvBProj, .ukAbsorb, .uvAbsorb:
            return nil
        }
    }

    /// The group a report's per-layer chart stacks this operator's time in.
    public var chartGroup: OperatorGroup {
        switch self {
        case .qProj, .kProj, .vProj, .qkvProj, .outProj, .qAProj, .qANorm, .qBProj, .kvAProj, .kvANorm, .kvBProj, .ukAbsorb,
             .uvAbsorb:
            return .attentionProjections
        case .rope, .qkMatmul, .softmax, .svMatmul, .fusedAttention: return .attentionCore
        case .gateProj, .upProj, .gateUpProj, .mlpAct, .downProj, .router, .sharedExpert: return .mlp
        case .attnAllReduce, .mlpAllReduce: return .allReduce
        case .pagerank: return .aimPageRank
        case .tokenMerge, .embedding, .attnNorm, .attnAdd, .mlpNorm, .mlpAdd, .finalNorm, .lmHead, .patchEmbedding,
             .visionNorm, .visionPooling, .projector, .qkNorm, .postAttnNorm, .postMLPNorm:
            return .normsAndAdds
        }
    }

    /// How one decode step's ops and bytes depend on the context `c` it attends: what lets
    /// `--gen-len` sum thousands of steps in closed form.
    public var decodeContextDependence: ContextDependence {
        switch self {
        case .qkMatmul, .softmax, .svMatmul, .fusedAttention, .kvBProj:
            // Scores, softmax and the weighted sum are linear in the keys attended; the KV cache read
            // is too, and so is re-expanding every cached latent (decompressed MLA decode).
            return .affine
        case .tokenMerge, .embedding, .attnNorm, .qProj, .kProj, .vProj, .rope, .outProj, .attnAllReduce, .attnAdd,
             .qAProj, .qANorm, .qBProj, .kvAProj, .kvANorm, .ukAbsorb, .uvAbsorb,
             .mlpNorm, .router, .gateProj, .upProj, .mlpAct, .downProj, .sharedExpert, .mlpAllReduce, .mlpAdd,
             .pagerank, .finalNorm, .lmHead, .patchEmbedding, .visionNorm, .visionPooling, .projector, .qkvProj,
             .qkNorm, .postAttnNorm, .gateUpProj, .postMLPNorm:
            return .independent
        }
    }
}

extension OperatorName {
    /// The same on a layer whose queries attend at most `window` keys: what grows with the context
    /// grows only up to the window, then stays flat (`nil`: a full-attention layer).
    public func decodeContextDependence(window: Int?) -> ContextDependence {
        guard let window, decodeContextDependence == .affine else { return decodeContextDependence }
        return .cappedAffine(window: window)
    }
}

/// The GEMMs of a layer by what they multiply, each with its own `m × n × k` (MatmulShapes).
public enum GEMMRole: Sendable, CaseIterable {
    case queryProjection, keyValueProjection, outputProjection, mlpIn, mlpOut
    /// q, k and v in one GEMM (`n = q + 2·kv` width) and gate with up in one (`n = 2·intermediate`).
    case fusedQKVProjection, fusedMLPIn
    case attentionScores, attentionValues, router, head
}

/// The stacks of a per-layer time chart, in the order drawn.
public enum OperatorGroup: String, Sendable, CaseIterable {
    case attentionProjections = "attention projections"
    case attentionCore = "attention core"
    case mlp = "MLP"
    case normsAndAdds = "norms and adds"
    case allReduce = "all-reduce"
    case aimPageRank = "AIM PageRank"

    public var displayName: String { rawValue }
}

/// How a decode step's cost varies with the context `c` it attends.
public enum ContextDependence: Sendable, Equatable {
    /// The same at every step (projections, MLP, norms).
    case independent
    /// `a + b·c` (dense attention over every cached key).
    case affine
    /// `a + b·min(c, window)`: attention over a sliding window, flat past the knee.
    case cappedAffine(window: Int)

    /// Whether the closed-form sum over decode steps prices it exactly: one line per roof, or two
    /// pieces split at the knee where the window fills.
    public var isPricedInClosedForm: Bool {
        switch self {
        case .independent, .affine, .cappedAffine: return true
        }
    }
}
