import AIMViewerCore

/// The tokens one layer runs on: hidden states in ascending position order, each row's original
/// position (RoPE and the causal mask use it), and which rows are hidden as keys (mask mode only).
struct SequenceState {
    var hidden: Matrix
    var positions: [Int]
    var hiddenAsKey: [Bool]
}

/// What a layer hands to the pruner when asked: the importance of every row it ran on.
struct LayerOutput {
    var importance: [Double]?
}

extension ReferenceModel {
    /// Runs decoder layer `l` on `state` in place, recording every kernel. With `pagerank`, also
    /// scores every row by AIM's PageRank from this layer's attention logits.
    func runLayer(_ l: Int, _ state: inout SequenceState, pagerank: (temperature: Double, iterations: Int)?,
                  counters: inout ExecutionCounters) -> LayerOutput {
        let weights = layers[l]
        let n = state.hidden.rows, d = config.hiddenSize, f = config.intermediateSize
        let headDim = config.headDim, heads = config.attentionHeads, kvHeads = config.keyValueHeads
        let queryWidth = heads * headDim, keyValueWidth = kvHeads * headDim
        func record(_ name: OperatorName, _ cost: OperatorCost, _ seconds: Double) {
            counters.record(name, layer: l, cost: cost, seconds: seconds)
        }
        func linear(_ name: OperatorName, _ x: Matrix, _ w: PackedMatrix, _ bias: [Float]?, outputIsKV: Bool = false) -> Matrix {
            let (y, seconds) = timed { () -> Matrix in
                var y = Matrix(rows: x.rows, columns: w.n)
                x.storage.withUnsafeBufferPointer { xp in
                    y.storage.withUnsafeMutableBufferPointer { yp in
                        MatrixMultiply.multiply(m: x.rows, a: xp.baseAddress!, aRowStride: x.columns, b: w,
                                                c: yp.baseAddress!, cRowStride: w.n)
                    }
                }
                if let bias { Elementwise.addBias(&y, bias) }
                return y
            }
            record(name, KernelCosts.linear(m: x.rows, k: x.columns, n: w.n, bias: bias != nil, outputIsKV: outputIsKV), seconds)
            return y
        }

        // Attention block.
        let (normed, normSeconds) = timed { Elementwise.rmsNorm(state.hidden, weight: weights.attentionNorm) }
        record(.attnNorm, KernelCosts.rmsNorm(rows: n, width: d), normSeconds)
        var q = linear(.qProj, normed, weights.query, weights.queryBias)
        var k = linear(.kProj, normed, weights.key, weights.keyBias)
        let v = linear(.vProj, normed, weights.value, weights.valueBias, outputIsKV: true)
        let ((), ropeSeconds) = timed {
            Elementwise.rope(&q, headDim: headDim, positions: state.positions, table: rotary)
            Elementwise.rope(&k, headDim: headDim, positions: state.positions, table: rotary)
        }
        record(.rope, KernelCosts.rope(rows: n, queryWidth: queryWidth, keyWidth: keyValueWidth, headDim: headDim), ropeSeconds)

        var attended = Matrix(rows: n, columns: queryWidth)
        var scores = [Float](repeating: 0, count: n * n)
        var squares = pagerank.map { _ in [Double](repeating: 0, count: n) }
        var packedKeys: PackedMatrix?, packedValues: PackedMatrix?
        let hiddenAsKey = state.hiddenAsKey
        for head in 0..<heads {
            let group = head / (heads / kvHeads)
            let firstOfGroup = head % (heads / kvHeads) == 0
            let ((), qkSeconds) = timed {
                if firstOfGroup {
                    packedKeys = k.storage.withUnsafeBufferPointer {
                        PackedMatrix(k: headDim, n: n, source: $0.baseAddress! + group * headDim, kStride: 1, nStride: keyValueWidth)
                    }
                }
                q.storage.withUnsafeBufferPointer { qp in
                    scores.withUnsafeMutableBufferPointer { sp in
                        MatrixMultiply.multiply(m: n, a: qp.baseAddress! + head * headDim, aRowStride: queryWidth,
                                                b: packedKeys!, c: sp.baseAddress!, cRowStride: n)
                    }
                }
            }
            record(.qkMatmul, KernelCosts.scores(queries: n, keys: n, headDim: headDim, keyIsNewToHead: firstOfGroup), qkSeconds)

            if let pagerank {
                let ((), pagerankSeconds) = timed {
                    let pi = PageRankImportance.stationary(
                        logits: scores.map(Double.init), positions: n, hidden: hiddenAsKey,
                        temperature: pagerank.temperature, iterations: pagerank.iterations)
                    for j in 0..<n { squares![j] += pi[j] * pi[j] }
                }
                record(.pagerank, KernelCosts.pagerankHead(positions: n, iterations: pagerank.iterations), pagerankSeconds)
            }

            let ((), softmaxSeconds) = timed {
                scores.withUnsafeMutableBufferPointer { sp in
                    Elementwise.maskedSoftmax(sp.baseAddress!, rows: n, columns: n,
                                              visibleKeys: { 0 ..< $0 + 1 }, isHidden: { hiddenAsKey[$0] })
                }
            }
            record(.softmax, KernelCosts.softmax(scores: n * n), softmaxSeconds)

            let ((), svSeconds) = timed {
                if firstOfGroup {
                    packedValues = v.storage.withUnsafeBufferPointer {
                        PackedMatrix(k: n, n: headDim, source: $0.baseAddress! + group * headDim, kStride: keyValueWidth, nStride: 1)
                    }
                }
                scores.withUnsafeBufferPointer { sp in
                    attended.storage.withUnsafeMutableBufferPointer { op in
                        MatrixMultiply.multiply(m: n, a: sp.baseAddress!, aRowStride: n, b: packedValues!,
                                                c: op.baseAddress! + head * headDim, cRowStride: queryWidth)
                    }
                }
            }
            record(.svMatmul, KernelCosts.weightedValues(queries: n, keys: n, headDim: headDim, valueIsNewToHead: firstOfGroup), svSeconds)
        }
        var importance: [Double]?
        if let pagerank = squares {
            let (rms, rmsSeconds) = timed { pagerank.map { ($0 / Double(heads)).squareRoot() } }
            record(.pagerank, KernelCosts.pagerankRMS(positions: n, heads: heads), rmsSeconds)
            importance = rms
        }

        let projected = linear(.outProj, attended, weights.output, weights.outputBias)
        let ((), addSeconds) = timed { Elementwise.addInPlace(&state.hidden, projected) }
        record(.attnAdd, KernelCosts.residualAdd(elements: n * d), addSeconds)

        // MLP block.
        let (mlpInput, mlpNormSeconds) = timed { Elementwise.rmsNorm(state.hidden, weight: weights.mlpNorm) }
        record(.mlpNorm, KernelCosts.rmsNorm(rows: n, width: d), mlpNormSeconds)
        let gate = linear(.gateProj, mlpInput, weights.gate, weights.gateBias)
        let up = linear(.upProj, mlpInput, weights.up, weights.upBias)
        let (activated, actSeconds) = timed { Elementwise.swiGLU(gate: gate, up: up) }
        record(.mlpAct, KernelCosts.swiGLU(elements: n * f), actSeconds)
        let down = linear(.downProj, activated, weights.down, weights.downBias)
        let ((), mlpAddSeconds) = timed { Elementwise.addInPlace(&state.hidden, down) }
        record(.mlpAdd, KernelCosts.residualAdd(elements: n * d), mlpAddSeconds)
        return LayerOutput(importance: importance)
    }
}
