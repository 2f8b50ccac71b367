import AIMViewerCore
import Foundation

/// What a run of the reference engine will hold in memory, estimated before anything is allocated.
///
/// The token limit alone does not bound memory: one layer at 65 000 tokens holds a 17 GB score
/// matrix. Refusing a run the machine cannot hold, with the figure it would need, beats being
/// killed by the kernel halfway.
public enum EngineMemory {
    /// The most a crosscheck may use: 8 GiB, or 60% of this machine's memory when that is less.
    public static var limitBytes: Double {
        min(8 * 1_073_741_824, 0.6 * Double(ProcessInfo.processInfo.physicalMemory))
    }

    /// Peak bytes of `workload` on `config` (Float32 weights and activations, Double merge rows and
    /// PageRank transition): weights and the packed head, the RoPE table, the merged visual rows, and
    /// the largest layer's working set (activations, one head's scores, PageRank's transition).
    public static func estimatedPeakBytes(config: ModelConfig, workload: EngineWorkload) -> Double {
        let d = Double(config.hiddenSize), inter = Double(config.intermediateSize)
        let headDim = Double(config.headDim)
        let queryWidth = Double(config.attentionHeads) * headDim, kvWidth = Double(config.keyValueHeads) * headDim
        let vocabulary = Double(config.vocabularySize), layers = Double(config.layerCount)
        let float = 4.0, double = 8.0

        let perLayerWeights = d * (queryWidth + 2 * kvWidth) + queryWidth * d + 3 * d * inter + 2 * d
        // The embedding table, and the head packed from it (a copy even when tied).
        let weights = (layers * perLayerWeights + 2 * vocabulary * d) * float

        let visualAfterMerge = Double(workload.frames) * Double(max(1, workload.tokensPerFrame >> workload.mergeIterations))
        let prompt = visualAfterMerge + Double(workload.textTokens)
        let rope = prompt * headDim * 2 * float
        let visualRows = visualAfterMerge * d * double + Double(workload.tokensPerFrame) * d * double * 2

        let activations = prompt * (8 * max(d, queryWidth) + 2 * kvWidth + 3 * inter) * float
        let scores = prompt * prompt * float
        let transition = config.layerCount > 1 ? prompt * prompt * double : 0
        return weights + rope + visualRows + activations + scores + transition
    }

    /// Refuses a run whose estimate exceeds `limitBytes`, saying what it would need and what to cut.
    public static func requireFits(config: ModelConfig, workload: EngineWorkload) throws {
        let needed = estimatedPeakBytes(config: config, workload: workload)
        let limit = limitBytes
        guard needed <= limit else {
            throw ReferenceError.invalidParameter(
                "the reference engine would need about \(gigabytes(needed)) of memory for \(config.name) on this request, more than its limit of \(gigabytes(limit)) (8 GiB, or 60% of this machine's memory); use fewer frames or tokens per frame, more --merge-iterations, or fewer --layers")
        }
    }

    static func gigabytes(_ bytes: Double) -> String { String(format: "%.1f GB", bytes / 1e9) }
}
