/// What carries the vision features into the LLM's width, as each family builds it. Its output
/// width is always the LLM's hidden size (a config stating another is refused when read).
public struct VisionProjector: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// LLaVA's `mlp{depth}x_gelu`: `w → L`, then `depth − 1` times GELU and `L → L`.
        case mlp
        /// PaliGemma's single `w → L` linear.
        case linear
        /// Qwen-VL's patch merger: a norm over each patch, 2x2 patches concatenated, `4w → 4w`, GELU, `4w → L`.
        case patchMerger = "patch_merger"
        /// InternVL's `mlp1`: pixel shuffle of 2x2 patches, LayerNorm over `4w`, `4w → L`, GELU, `L → L`.
        case pixelShuffleMLP = "pixel_shuffle_mlp"
        /// Gemma-3's multi-modal projector: `merge` x `merge` average pooling of the patch grid
        /// (64x64 → 16x16 = `mm_tokens_per_image`), RMSNorm over `w` (`mm_soft_emb_norm`), then
        /// `w → L` without a bias (`mm_input_projection_weight`).
        case poolNormLinear = "pool_norm_linear"
        /// Phi-3-vision's HD image embedding: each crop's 24x24 grid merged 2x2 into `4w` channels,
        /// a learned newline (`sub_GN`) after every row of merged tokens and one separator
        /// (`glb_GN`) between the crops and the global image, then `4w → L`, GELU, `L → L`.
        case hdMergeMLP = "hd_merge_mlp"
    }

    public var kind: Kind
    /// Linear layers of an `.mlp` projector (LLaVA's `mlp2x_gelu`: 2).
    public var depth: Int
    /// Patches per side merged into one LLM token (Qwen's `spatial_merge_size`, InternVL's
    /// `1 / downsample_ratio`); 1 for LLaVA and PaliGemma.
    public var merge: Int
    /// The norm of the patch merger's input (Qwen2-VL LayerNorm, Qwen2.5-VL RMSNorm).
    public var inputNorm: Architecture.Norm?

    public init(kind: Kind, depth: Int = 2, merge: Int = 1, inputNorm: Architecture.Norm? = nil) {
        self.kind = kind
        self.depth = depth
        self.merge = merge
        self.inputNorm = inputNorm
    }

    /// LLaVA-1.5's and LLaVA-OneVision's `mlp2x_gelu`.
    public static let llava = VisionProjector(kind: .mlp)

    /// `mlp2x_gelu`, `linear`, `patch merger 2x2`, `pixel shuffle 2x2 + MLP`.
    public var summary: String {
        switch kind {
        case .mlp: return "mlp\(depth)x_gelu"
        case .linear: return "linear"
        case .patchMerger: return "patch merger \(merge)x\(merge) (\(inputNorm == .rmsNorm ? "RMSNorm" : "LayerNorm"), 2-layer GELU MLP)"
        case .pixelShuffleMLP: return "pixel shuffle \(merge)x\(merge) + LayerNorm + 2-layer GELU MLP"
        case .poolNormLinear: return "average pool \(merge)x\(merge) + RMSNorm + linear (no bias)"
        case .hdMergeMLP: return "2x2 merge with newline and separator vectors + 2-layer GELU MLP"
        }
    }

    /// Parameters for a `visionWidth` tower feeding an LLM of width `llmWidth`.
    public func parameters(visionWidth w: Double, llmWidth l: Double) -> Double {
        let merged = w * Double(merge * merge)
        switch kind {
        case .mlp: return w * l + l + Double(depth - 1) * (l * l + l)
        case .linear: return w * l + l
        case .patchMerger:
            return (inputNorm == .rmsNorm ? w : 2 * w) + merged * merged + merged + merged * l + l
        case .pixelShuffleMLP: return 2 * merged + merged * l + l + l * l + l
        case .poolNormLinear: return w + w * l
        // glb_GN and sub_GN, then the two linears with their biases.
        case .hdMergeMLP: return 2 * merged + merged * l + l + l * l + l
        }
    }

    /// The projector's work over `patches` feature rows per sequence, `sequences` sequences,
    /// with `formulas` for the GEMMs (their batch is the sequence count). `tokensPerSequence` is
    /// what reaches the LLM per sequence when it is more than the merged patches (Phi-3-vision's
    /// newline and separator rows go through its MLP too); `nil`: patches / merge².
    func cost(patches: Double, visionWidth w: Double, llmWidth l: Double, formulas: ExactOperators,
              sequences: Double, activationBytes: Double, weightBytes: Double,
              tokensPerSequence: Double? = nil) -> OperatorCost {
        let merged = w * Double(merge * merge)
        let tokens = tokensPerSequence ?? patches / Double(merge * merge)
        func gelu(rows: Double, width: Double) -> OperatorCost {
            let elements = sequences * rows * width
            return OperatorCost(ops: elements * ElementCounts.geluPerElement, loadActivationBytes: elements * activationBytes,
                                storeActivationBytes: elements * activationBytes)
        }
        func norm(_ kind: Architecture.Norm, rows: Double, width: Double) -> OperatorCost {
            let count = sequences * rows
            let (perElement, perRow) = kind == .layerNorm
                ? (ElementCounts.layerNormPerElement, ElementCounts.layerNormPerRow)
                : (ElementCounts.rmsNormPerElement, ElementCounts.rmsNormPerRow)
            return OperatorCost(ops: count * (width * perElement + perRow),
                                loadWeightBytes: (kind == .layerNorm ? 2 : 1) * width * weightBytes,
                                loadActivationBytes: count * width * activationBytes,
                                storeActivationBytes: count * width * activationBytes)
        }
        var cost = OperatorCost.zero
        switch kind {
        case .mlp:
            cost = formulas.linear(input: w, output: l, tokens: patches, bias: true)
            for _ in 1..<max(depth, 1) {
                cost += gelu(rows: patches, width: l)
                cost += formulas.linear(input: l, output: l, tokens: patches, bias: true)
            }
        case .linear:
            cost = formulas.linear(input: w, output: l, tokens: patches, bias: true)
        case .patchMerger:
            cost = norm(inputNorm ?? .layerNorm, rows: patches, width: w)
            cost += formulas.linear(input: merged, output: merged, tokens: tokens, bias: true)
            cost += gelu(rows: tokens, width: merged)
            cost += formulas.linear(input: merged, output: l, tokens: tokens, bias: true)
        case .pixelShuffleMLP:
            // The shuffle is a permute made contiguous: every feature read and written once.
            let elements = sequences * patches * w
            cost = OperatorCost(loadActivationBytes: elements * activationBytes, storeActivationBytes: elements * activationBytes)
            cost += norm(.layerNorm, rows: tokens, width: merged)
            cost += formulas.linear(input: merged, output: l, tokens: tokens, bias: true)
            cost += gelu(rows: tokens, width: l)
            cost += formulas.linear(input: l, output: l, tokens: tokens, bias: true)
        case .poolNormLinear:
            // The pooling reads every patch feature and writes one per merge x merge block.
            let pooled = sequences * tokens * w
            cost = OperatorCost(ops: pooled * ElementCounts.averagePoolPerOutput(kernel: merge),
                                loadActivationBytes: sequences * patches * w * activationBytes,
                                storeActivationBytes: pooled * activationBytes)
            cost += norm(.rmsNorm, rows: tokens, width: w)
            cost += formulas.linear(input: w, output: l, tokens: tokens, bias: false)
        case .hdMergeMLP:
            // The 2x2 merge and the newline/separator concatenation are copies: every merged row
            // (separators included) read and written once at 4w.
            let elements = sequences * tokens * merged
            cost = OperatorCost(loadActivationBytes: elements * activationBytes, storeActivationBytes: elements * activationBytes)
            cost += formulas.linear(input: merged, output: l, tokens: tokens, bias: true)
            cost += gelu(rows: tokens, width: l)
            cost += formulas.linear(input: l, output: l, tokens: tokens, bias: true)
        }
        return cost
    }
}
