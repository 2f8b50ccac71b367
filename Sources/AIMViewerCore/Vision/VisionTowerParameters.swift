extension VisionTower {
    /// Norms outside the layers: CLIP's `pre_layrnorm` and `post_layernorm`, SigLIP's
    /// `post_layernorm`; Qwen's ViT and InternViT have none (Qwen's merger norm is the projector's).
    public var outerNorms: Int {
        switch kind {
        case .clip: return 2
        case .siglip: return 1
        case .qwen2VL, .qwen25VL, .internViT: return 0
        }
    }

    /// Parameters of one layer: q/k/v/o with their biases, the MLP with biases, two norms, and
    /// InternViT's two layer-scale vectors.
    public var layerParameters: Double {
        let w = Double(width), i = Double(intermediateSize)
        let attention = 4 * w * w + (qkvBias ? 3 * w : 0) + w
        let mlpWeights = mlp == .gated ? 3 * w * i + 2 * i + w : 2 * w * i + i + w
        return attention + mlpWeights + 2 * normParameters + (kind == .internViT ? 2 * w : 0)
    }

    /// One norm's weight (and LayerNorm's bias).
    public var normParameters: Double { Double(norm == .layerNorm ? 2 : 1) * Double(width) }

    /// The whole tower as its checkpoint holds it: the patch embedding (a convolution, with a bias
    /// for SigLIP and InternViT), learned positions for the square tile and the class token, every
    /// layer (those after the feature layer included: they are in the weights), the outer norms.
    public var parameters: Double {
        let w = Double(width)
        let patch = Double(pixelsPerPatch) * w + (patchBias ? w : 0)
        let positions = rotaryPositions ? 0 : Double(sequenceLength) * w
        let classEmbedding = classToken ? w : 0
        return patch + positions + classEmbedding + Double(layerCount) * layerParameters + Double(outerNorms) * normParameters
    }
}
