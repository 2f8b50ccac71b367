/// The families of kernels a calibration measures separately: they reach different fractions of a
/// device's roofs and pay different fixed costs per call (a GEMM's tiling, a softmax's exponentials
/// and row reductions, a norm's two passes, an activation's transcendental per element, a plain
/// elementwise pass, PageRank's power iterations, merging's similarity and scatter).
public enum KernelClass: String, Sendable, Codable, CaseIterable, Comparable {
    case matmul, softmax, norm, activation, elementwise, pagerank, merge

    /// The curves tried, in order, for a class a profile has no curve for: PageRank is a softmax
    /// followed by passes over its matrix; every class falls back to the plain elementwise curve,
    /// then to the activation curve (a GPU calibration may have only one of the two).
    public var fallbacks: [KernelClass] {
        switch self {
        case .matmul: return []
        case .pagerank: return [.pagerank, .softmax, .elementwise, .activation]
        case .softmax, .norm, .activation, .elementwise, .merge: return [self, .elementwise, .activation]
        }
    }

    public static func < (lhs: KernelClass, rhs: KernelClass) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

extension OperatorName {
    /// Which calibrated curve prices this operator; `nil` for collectives, which the interconnect
    /// roof prices alone (no calibration measures a link).
    public var kernelClass: KernelClass? {
        switch self {
        case .qProj, .kProj, .vProj, .outProj, .gateProj, .upProj, .downProj, .qkMatmul, .svMatmul,
             .fusedAttention, .lmHead, .router, .sharedExpert, .patchEmbedding, .projector, .qkvProj, .gateUpProj,
             .qAProj, .qBProj, .kvAProj, .kvBProj, .ukAbsorb, .uvAbsorb:
            return .matmul
        case .softmax:
            return .softmax
        case .attnNorm, .mlpNorm, .finalNorm, .visionNorm, .qkNorm, .postAttnNorm, .postMLPNorm, .qANorm, .kvANorm:
            return .norm
        case .mlpAct:
            return .activation
        case .pagerank:
            return .pagerank
        case .tokenMerge:
            return .merge
        case .embedding, .rope, .attnAdd, .mlpAdd, .visionPooling:
            return .elementwise
        case .attnAllReduce, .mlpAllReduce:
            return nil
        }
    }
}
