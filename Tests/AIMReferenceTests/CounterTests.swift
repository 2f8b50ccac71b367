import AIMViewerCore
import Testing
@testable import AIMReference

/// What the engine records for one layer, computed by hand from the shapes it runs on.
@Suite struct CounterTests {
    /// tiny-qwen2: d = 256, 4 heads of 64, 2 KV heads, MLP 704, q/k/v biases. One frame of 8 tokens
    /// merged once (8 → 4), 2 + 2 text tokens: 8 prompt tokens, no pruning.
    @Test func oneLayerByHand() throws {
        var config = ReferenceModel.tinyQwen2Config()
        config.layerCount = 1
        let workload = EngineWorkload(frames: 1, tokensPerFrame: 8, systemTokens: 2, questionTokens: 2,
                                      mergeIterations: 1, pruneStartLayer: 5, pruneStep: 0.5)
        let model = try ReferenceModel(config: config, seed: 3, maxPositions: 16)
        let run = try ReferenceEngine(model: model).run(workload, mode: .gather)
        #expect(run.promptTokens == 8 && run.visualTokensAfterMerge == 4)
        let ops = Dictionary(uniqueKeysWithValues: run.counters.operators(layer: 0).map { ($0.name, $0.tally.cost.ops) })
        let n = 8.0
        #expect(ops[.attnNorm] == n * (4 * 256 + 2))                  // 8208
        #expect(ops[.qProj] == 2 * n * 256 * 256 + n * 256)           // 1 050 624
        #expect(ops[.kProj] == 2 * n * 256 * 128 + n * 128)           // 525 312
        #expect(ops[.vProj] == 2 * n * 256 * 128 + n * 128)
        #expect(ops[.rope] == n * (256 + 128) * 3)                    // 9216
        #expect(ops[.qkMatmul] == 4 * 2 * n * n * 64)                 // 32 768
        #expect(ops[.softmax] == 4 * n * n * 5)                       // 1280
        #expect(ops[.svMatmul] == 4 * 2 * n * n * 64)
        #expect(ops[.outProj] == 2 * n * 256 * 256)                   // no output bias in Qwen2
        #expect(ops[.attnAdd] == n * 256)
        #expect(ops[.gateProj] == 2 * n * 256 * 704)
        #expect(ops[.mlpAct] == n * 704 * 5)
        #expect(ops[.downProj] == 2 * n * 704 * 256)
        #expect(ops[.pagerank] == nil)
        // One merge round of 8 tokens of width 256: norms 3tc, similarity 2·4·4·c, average tc.
        let mergeOps: Double = 3 * 8 * 256 + 2 * 4 * 4 * 256 + 8 * 256
        #expect(run.counters.model[.tokenMerge]?.cost.ops == mergeOps)
        let headOps: Double = 2 * 256 * 4096
        #expect(run.counters.model[.lmHead]?.cost.ops == headOps)
        // The value projection writes the KV cache; k reaches it through RoPE.
        let costs = Dictionary(uniqueKeysWithValues: run.counters.operators(layer: 0).map { ($0.name, $0.tally.cost) })
        #expect(costs[.vProj]?.storeKVBytes == n * 128 * 4)
        #expect(costs[.rope]?.storeKVBytes == n * 128 * 4)
        #expect(costs[.qkMatmul]?.loadKVBytes == n * 128 * 4)  // each KV head read once for its 2 query heads
    }

    /// PageRank after a pruning layer: `h·n²·(1 + 5 + 2·iterations) + n·(2h + 1)`.
    @Test func pagerankOpsByHand() throws {
        var config = ReferenceModel.tinyQwen2Config()
        config.layerCount = 2
        let workload = EngineWorkload(frames: 1, tokensPerFrame: 8, systemTokens: 1, questionTokens: 1,
                                      mergeIterations: 0, pruneStartLayer: 0, pruneStep: 0.5)
        let model = try ReferenceModel(config: config, seed: 3, maxPositions: 16)
        let run = try ReferenceEngine(model: model).run(workload, mode: .gather)
        // 10 tokens, 2 protected: after layer 0 keep int(0.5·8 + 2) = 6.
        #expect(run.rowsPerLayer == [10, 6])
        #expect(run.keptAfterLayer[0]?.count == 6)
        #expect(run.keptAfterLayer[0]?.contains(0) == true && run.keptAfterLayer[0]?.contains(9) == true)
        let pagerank = run.counters.layers[0][.pagerank]?.cost.ops
        let expected: Double = 4 * 100 * (1 + 5 + 2 * 5) + 10 * (2 * 4 + 1)
        #expect(pagerank == expected)
        #expect(run.counters.layers[1][.pagerank] == nil)  // nothing is pruned after the last layer
    }

    @Test func mergeByHand() throws {
        // Sources rows 0 and 2, destinations rows 1 and 3. Row 0 is parallel to row 1 (cosine 1),
        // row 2 is closest to row 3 (cosine 0.8). r = 1 merges row 0 into row 1.
        let x: [[Double]] = [[2, 0], [1, 0], [0, 1], [0.6, 0.8]]
        let result = try BipartiteMerge.merge(x, remove: 1)
        #expect(result.removed == 1 && result.mergedSources == [0])
        #expect(result.tokens == [[0, 1], [1.5, 0], [0.6, 0.8]])
        // Two sources into one destination: (B + s1 + s2) / 3, kept-source order by similarity.
        // Similarities: row 0 → row 1: 1; row 2 → row 1: 0.9988; row 4 → row 3: 0.995.
        let y: [[Double]] = [[1, 0], [3, 0], [2, 0.1], [0, 5], [0.1, 1]]
        let both = try BipartiteMerge.merge(y, remove: 2)
        #expect(both.mergedSources == [0, 2])
        #expect(both.tokens.count == 3)
        #expect(both.tokens[0] == [0.1, 1])  // row 4, the kept source
        #expect(both.tokens[1][0] == 2 && abs(both.tokens[1][1] - 0.1 / 3) < 1e-15)  // (3 + 1 + 2) / 3, (0 + 0 + 0.1) / 3
        #expect(both.tokens[2] == [0, 5])  // received nothing
    }
}

/// Inputs that do not fit: clear errors, never traps.
@Suite struct EngineBadInputTests {
    @Test func shapesAndParameters() throws {
        let config = ReferenceModel.tinyQwen2Config()
        #expect(throws: ReferenceError.self) {
            try EngineWorkload(frames: 0, pruneStartLayer: 1, pruneStep: 0.5).validate()
        }
        #expect(throws: ReferenceError.self) {
            try EngineWorkload(tokensPerFrame: 3, mergeIterations: 2, pruneStartLayer: 1, pruneStep: 0.5).validate()
        }
        #expect(throws: ReferenceError.self) {
            try EngineWorkload(pruneStartLayer: 1, pruneStep: 1.5).validate()
        }
        #expect(throws: ReferenceError.self) { try BipartiteMerge.merge([[1], [2]], remove: 3) }
        #expect(throws: ReferenceError.self) {
            try PageRankImportance.keepSet(importance: [1, 2], dead: [], protected: [0, 1, 2], retention: 0.5)
        }
        #expect(throws: ReferenceError.self) {
            try PageRankImportance.keepSet(importance: [1, 2], dead: [], protected: [0], retention: -0.1)
        }
        #expect(throws: ReferenceError.self) {
            try PageRankImportance.importance(logits: [[1, 2, 3]], positions: 2)
        }
        var odd = config
        odd.statedHeadDim = 63
        #expect(throws: ReferenceError.self) { try ReferenceModel(config: odd, seed: 1, maxPositions: 8) }
        var grouped = config
        grouped.keyValueHeads = 3
        #expect(throws: ReferenceError.self) { try ReferenceModel(config: grouped, seed: 1, maxPositions: 8) }
    }

    @Test func promptLongerThanTheModelWasBuiltFor() throws {
        var config = ReferenceModel.tinyQwen2Config()
        config.layerCount = 1
        let model = try ReferenceModel(config: config, seed: 1, maxPositions: 8)
        let workload = EngineWorkload(frames: 1, tokensPerFrame: 16, mergeIterations: 0, pruneStartLayer: 0, pruneStep: 0)
        #expect(throws: ReferenceError.self) { try ReferenceEngine(model: model).run(workload, mode: .gather) }
    }
}
