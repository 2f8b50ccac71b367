/// The operators a serving engine runs as one kernel. Each fusion removes launches (one fixed cost
/// per kernel instead of several) and the traffic of the tensors passed between the fused operators.
public enum KernelFusion: String, Sendable, Codable, CaseIterable, Comparable {
    /// q, k and v projections as one GEMM over the concatenated weight.
    case qkvProjection
    /// Gate and up projections as one GEMM (SwiGLU).
    case gatedMLPInput
    /// The activation (and the gating product) in the epilogue of the GEMM before it.
    case activationInGEMM
    /// Rotary embedding applied inside the attention kernel.
    case ropeInAttention
    /// Scores, softmax and weighted sum of the prompt as one kernel (FMHA).
    case promptAttention
    /// The same for one decode step (masked multi-head / XQA).
    case decodeAttention
    /// Each residual add in the same kernel as the norm after it.
    case normWithResidual

    public static func < (lhs: KernelFusion, rhs: KernelFusion) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// The kernel an operator runs in under a set of fusions: operators with the same kernel are priced
/// as one call.
public enum FusedKernel: Hashable, Sendable {
    /// One GEMM (possibly over several operators' weights).
    case gemm(OperatorName)
    /// A fused attention kernel.
    case attention
    /// A memory-streaming kernel (norms, adds, activation, rope, embedding); fused ones share the name
    /// of their first operator.
    case streaming(OperatorName)
    /// A tensor-parallel collective.
    case allReduce(OperatorName)
    /// An operator the regime does not fuse, priced by its own kernel class.
    case own(OperatorName)
    /// Work absorbed into another kernel's epilogue: no launch, no traffic of its own, only its ops.
    case epilogue(of: OperatorName)
}

extension Set where Element == KernelFusion {
    /// The kernel `name` runs in during `stage`. An exhaustive switch: a new operator states how each
    /// engine runs it before it compiles.
    public func kernel(of name: OperatorName, stage: Stage) -> FusedKernel {
        let attentionFused = contains(stage == .prefill ? .promptAttention : .decodeAttention)
        switch name {
        case .qProj, .kProj, .vProj:
            return contains(.qkvProjection) ? .gemm(.qProj) : .gemm(name)
        case .qkvProj:
            // Already one GEMM in the checkpoint: the same kernel a fused QKV would be.
            return contains(.qkvProjection) ? .gemm(.qProj) : .gemm(name)
        case .gateProj, .upProj:
            return contains(.gatedMLPInput) ? .gemm(.upProj) : .gemm(name)
        case .gateUpProj:
            return contains(.gatedMLPInput) ? .gemm(.upProj) : .gemm(name)
        case .outProj, .downProj, .lmHead, .router:
            return .gemm(name)
        case .qAProj, .qBProj, .kvAProj, .kvBProj, .ukAbsorb, .uvAbsorb:
            // Multi-head latent attention's own GEMMs: no engine table fuses them here.
            return .gemm(name)
        case .qANorm, .kvANorm:
            return .streaming(name)
        case .mlpAct:
            return contains(.activationInGEMM) ? .epilogue(of: .upProj) : .streaming(name)
        case .rope:
            return contains(.ropeInAttention) && attentionFused ? .attention : .streaming(name)
        case .qkMatmul, .softmax, .svMatmul:
            return attentionFused ? .attention : .own(name)
        case .fusedAttention:
            return .attention
        case .attnAdd:
            return contains(.normWithResidual) ? .streaming(.mlpNorm) : .streaming(name)
        case .mlpNorm:
            return .streaming(.mlpNorm)
        case .mlpAdd, .attnNorm, .finalNorm, .embedding, .qkNorm, .postAttnNorm, .postMLPNorm:
            return .streaming(name)
        case .attnAllReduce, .mlpAllReduce:
            return .allReduce(name)
        case .sharedExpert, .pagerank, .tokenMerge, .patchEmbedding, .visionNorm, .visionPooling, .projector:
            return .own(name)
        }
    }
}
