import AIMViewerCore

/// How pruned tokens leave the computation.
public enum PruneMode: String, Sendable, Codable, CaseIterable {
    /// As the published model code: pruned tokens stay in the sequence as queries but are hidden as
    /// keys. Saves no compute; the faithful reference for which tokens AIM keeps.
    case mask
    /// Pruned tokens are removed (rows gathered): what saves compute and what the analyzer prices.
    case gather
}

/// Everything one engine pass executed.
public struct EngineRun: Sendable {
    public var mode: PruneMode
    /// Prompt length before pruning: system + merged visual + question tokens.
    public var promptTokens: Int
    public var visualTokensBeforeMerge: Int
    public var visualTokensAfterMerge: Int
    /// Rows each layer really ran on (mask mode: always the whole prompt).
    public var rowsPerLayer: [Int]
    /// Live (not pruned) tokens entering each layer.
    public var liveTokensPerLayer: [Int]
    /// Positions kept after layer `l`, or `nil` where nothing was pruned.
    public var keptAfterLayer: [[Int]?]
    public var counters: ExecutionCounters
    /// The head's logits for the last position (a fingerprint of the whole computation).
    public var lastLogits: [Float]
    public var seconds: Double
}

/// A Qwen2-style decoder that runs AIM for real: merge each frame, embed the prompt, run every
/// layer, prune after each layer by PageRank, apply the head to the last position.
public struct ReferenceEngine: Sendable {
    public let model: ReferenceModel

    public init(model: ReferenceModel) { self.model = model }

    public func run(_ workload: EngineWorkload, mode: PruneMode) throws -> EngineRun {
        try workload.validate()
        let config = model.config
        var counters = ExecutionCounters(layerCount: config.layerCount)
        let start = ContinuousClock.now

        // 1. Visual features per frame, merged before the LLM.
        var visualRows: [[Double]] = []
        for frame in 0..<workload.frames {
            var random = SeededRandom(seed: workload.seed, stream: 0x1_0000 + UInt64(frame))
            var tokens = random.matrix(rows: workload.tokensPerFrame, columns: config.hiddenSize, scale: 1).doubleRows
            for round in stride(from: 1, through: workload.mergeIterations, by: 1) {
                let current = tokens.count
                let request = BipartiteMerge.requestedRemoval(tokensPerFrame: workload.tokensPerFrame, round: round)
                let (merged, seconds) = try timed { try BipartiteMerge.merge(tokens, remove: request) }
                if merged.removed > 0 {
                    counters.record(.tokenMerge, layer: nil,
                                    cost: KernelCosts.mergeRound(tokens: current, width: config.hiddenSize, removed: merged.removed),
                                    seconds: seconds)
                }
                tokens = merged.tokens
            }
            visualRows += tokens
        }

        // 2. The prompt: text rows from the embedding table, visual rows as merged.
        let prompt = workload.systemTokens + visualRows.count + workload.questionTokens
        guard prompt <= model.rotary.positions else {
            throw ReferenceError.invalidShape("the prompt has \(prompt) tokens but the model was built for \(model.rotary.positions) positions")
        }
        var idRandom = SeededRandom(seed: workload.seed, stream: 0x2_0000)
        let tokenIDs = (0..<workload.textTokens).map { _ in Int(idRandom.next() % UInt64(config.vocabularySize)) }
        let (hidden, embedSeconds) = timed { () -> Matrix in
            var hidden = Matrix(rows: prompt, columns: config.hiddenSize)
            for row in 0..<prompt {
                let isSystem = row < workload.systemTokens
                let visualIndex = row - workload.systemTokens
                for column in 0..<config.hiddenSize {
                    let value: Float
                    if isSystem {
                        value = model.embedding[tokenIDs[row], column]
                    } else if visualIndex < visualRows.count {
                        value = Float(visualRows[visualIndex][column])
                    } else {
                        value = model.embedding[tokenIDs[row - visualRows.count], column]
                    }
                    hidden[row, column] = value
                }
            }
            return hidden
        }
        let width = Double(config.hiddenSize), bytes = KernelCosts.elementBytes
        counters.record(.embedding, layer: nil, cost: OperatorCost(
            loadWeightBytes: Double(workload.textTokens) * width * bytes,
            loadActivationBytes: Double(visualRows.count) * width * bytes,
            storeActivationBytes: Double(prompt) * width * bytes), seconds: embedSeconds)

        // 3. The layers, pruning after each where the retention asks for fewer tokens.
        let protected = Set(Array(0..<workload.systemTokens) + Array(prompt - workload.questionTokens ..< prompt))
        var state = SequenceState(hidden: hidden, positions: Array(0..<prompt),
                                  hiddenAsKey: [Bool](repeating: false, count: prompt))
        var live = Array(0..<prompt)
        var rowsPerLayer: [Int] = [], livePerLayer: [Int] = []
        var kept: [[Int]?] = []
        for layer in 0..<config.layerCount {
            rowsPerLayer.append(state.hidden.rows)
            livePerLayer.append(live.count)
            let rho = AIMScheduler.retention(layer: layer, start: workload.pruneStartLayer, step: workload.pruneStep)
            let keep = PageRankImportance.keepCount(positions: prompt, protected: protected.count, retention: rho)
            let prunes = layer + 1 < config.layerCount && keep < live.count
            let output = model.runLayer(layer, &state,
                                        pagerank: prunes ? (workload.temperature, workload.pagerankIterations) : nil,
                                        counters: &counters)
            guard prunes, let importance = output.importance else {
                kept.append(nil)
                continue
            }
            let rowProtected = Set(state.positions.indices.filter { protected.contains(state.positions[$0]) })
            let rowDead = Set(state.positions.indices.filter { state.hiddenAsKey[$0] })
            let keptRows = PageRankImportance.selectKeep(importance: importance, dead: rowDead,
                                                         protected: rowProtected, keep: keep)
            live = keptRows.map { state.positions[$0] }
            kept.append(live)
            switch mode {
            case .gather:
                state = SequenceState(hidden: state.hidden.gatheringRows(keptRows), positions: live,
                                      hiddenAsKey: [Bool](repeating: false, count: keptRows.count))
            case .mask:
                let keptSet = Set(keptRows)
                state.hiddenAsKey = state.positions.indices.map { !keptSet.contains($0) }
            }
        }

        // 4. Final norm over the last layer's rows, the head on the last position. When pruning left
        // no row (no text tokens, every visual token pruned) there is no position to predict from:
        // no head runs, as the analyzer prices none.
        let rows = state.hidden.rows
        let (normed, normSeconds) = timed { Elementwise.rmsNorm(state.hidden, weight: model.finalNorm) }
        counters.record(.finalNorm, layer: nil, cost: KernelCosts.rmsNorm(rows: rows, width: config.hiddenSize), seconds: normSeconds)
        let (logits, headSeconds) = timed { () -> [Float] in
            guard rows > 0 else { return [] }
            var logits = [Float](repeating: 0, count: config.vocabularySize)
            normed.storage.withUnsafeBufferPointer { np in
                logits.withUnsafeMutableBufferPointer { lp in
                    MatrixMultiply.multiply(m: 1, a: np.baseAddress! + (rows - 1) * config.hiddenSize,
                                            aRowStride: config.hiddenSize, b: model.head, c: lp.baseAddress!,
                                            cRowStride: config.vocabularySize)
                }
            }
            return logits
        }
        if rows > 0 {
            counters.record(.lmHead, layer: nil, cost: KernelCosts.linear(m: 1, k: config.hiddenSize, n: config.vocabularySize, bias: false),
                            seconds: headSeconds)
        }
        let elapsed = start.duration(to: .now).components
        return EngineRun(
            mode: mode, promptTokens: prompt, visualTokensBeforeMerge: workload.frames * workload.tokensPerFrame,
            visualTokensAfterMerge: visualRows.count, rowsPerLayer: rowsPerLayer, liveTokensPerLayer: livePerLayer,
            keptAfterLayer: kept, counters: counters, lastLogits: logits,
            seconds: Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18)
    }
}
