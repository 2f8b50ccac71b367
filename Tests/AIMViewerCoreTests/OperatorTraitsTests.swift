@testable import AIMViewerCore
import Testing

/// Every operator states its traits once; these pin them by hand.
struct OperatorTraitsTests {
    @Test func theGEMMsAreExactlyThePlainMatrixProducts() {
        let gemms = Set(OperatorName.allCases.filter { $0.gemmRole != nil })
        #expect(gemms == [.qProj, .kProj, .vProj, .qkvProj, .outProj, .gateProj, .upProj, .gateUpProj, .downProj, .qkMatmul,
                          .svMatmul, .router, .lmHead])
        for name in gemms { #expect(name.kernelClass == .matmul, "\(name)") }
        #expect(OperatorName.fusedAttention.gemmRole == nil && OperatorName.fusedAttention.kernelClass == .matmul)
    }

    /// Qwen2-7B, 100 prefill tokens: q_proj is 100 x 3584 x 3584, k_proj 100 x 512 x 3584 (4 KV heads
    /// of 128), down_proj 100 x 3584 x 18944, qk_matmul per head 100 x 100 x 128, the head one row.
    @Test func shapesByHandForQwen2_7B() {
        let shapes = MatmulShapes(model: Fixtures.qwen2_7b, options: AnalysisOptions(convention: .exact))
        let step = TokenStep.prefill(tokens: 100)
        func mnk(_ name: OperatorName) -> [Double]? { shapes.shape(of: name, step: step).map { [$0.m, $0.n, $0.k] } }
        #expect(mnk(.qProj) == [100, 3584, 3584])
        #expect(mnk(.kProj) == [100, 512, 3584])
        #expect(mnk(.outProj) == [100, 3584, 3584])
        #expect(mnk(.downProj) == [100, 3584, 18944])
        #expect(mnk(.qkMatmul) == [100, 100, 128])
        #expect(mnk(.svMatmul) == [100, 128, 100])
        #expect(mnk(.lmHead) == [1, 152064, 3584])
        #expect(mnk(.router) == nil, "no experts, no router GEMM")
        #expect(mnk(.softmax) == nil)
    }

    @Test func chartGroupsKeepTheirNamesAndEveryOperatorHasOne() {
        #expect(OperatorGroup.allCases.map(\.displayName)
                == ["attention projections", "attention core", "MLP", "norms and adds", "all-reduce", "AIM PageRank"])
        #expect(OperatorName.mlpAllReduce.chartGroup == .allReduce)
        #expect(OperatorName.sharedExpert.chartGroup == .mlp)
        #expect(OperatorName.lmHead.chartGroup == .normsAndAdds)
    }

    /// Only attention (and re-expanding cached MLA latents) reads the context; on a windowed layer
    /// it grows only up to the window, and the closed form prices all three kinds in pieces.
    @Test func onlyAttentionGrowsWithTheContextAndAWindowCapsIt() {
        let growing = OperatorName.allCases.filter { $0.decodeContextDependence != .independent }
        #expect(Set(growing) == [.qkMatmul, .softmax, .svMatmul, .fusedAttention, .kvBProj])
        #expect(OperatorName.qkMatmul.decodeContextDependence(window: 4096) == .cappedAffine(window: 4096))
        #expect(OperatorName.qkMatmul.decodeContextDependence(window: nil) == .affine)
        #expect(OperatorName.qProj.decodeContextDependence(window: 4096) == .independent)
        for dependence in [ContextDependence.affine, .independent, .cappedAffine(window: 4096)] {
            #expect(dependence.isPricedInClosedForm)
        }
        #expect(Analyzer.notAffine(.qkMatmul).description.contains("qk_matmul"))
    }

    /// Every operator the exact convention prices in a decode step is declared affine: the closed
    /// form equals the step-by-step sum.
    @Test func theClosedFormStillEqualsTheStepByStepSum() throws {
        let analyzer = try Analyzer(model: Fixtures.qwen2_7b, hardware: Fixtures.a100, options: AnalysisOptions(convention: .exact))
        let schedule = try TokenSchedule.uniform(tokens: 300, layerCount: 28)
        let closed = try analyzer.generation(schedule, steps: 257)
        let stepped = try analyzer.generationStepByStep(schedule, steps: 257)
        #expect(abs(closed.decode.seconds - stepped.decode.seconds) <= 1e-9 * stepped.decode.seconds)
        #expect(closed.decode.cost.ops == stepped.decode.cost.ops)
    }
}
