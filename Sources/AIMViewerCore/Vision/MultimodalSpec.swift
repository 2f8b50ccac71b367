import Foundation

/// What a multimodal config adds to its LLM: the vision tower with its projector, and the
/// processor rules that decide how many encoder passes and LLM tokens an image or frame becomes.
/// Read from the config (`MultimodalConfigReader`); attached to the LLM's `ModelConfig.vision`.
public struct MultimodalSpec: Sendable, Equatable, Codable {
    /// How a family treats the frames of a video.
    public enum VideoProcessing: String, Sendable, Codable {
        /// Each frame goes through the image rules (LLaVA-1.5, LLaVA-NeXT, PaliGemma) at its size.
        case asImages = "as_images"
        /// Each frame is one tile, its grid pooled 2x2 after the projector (LLaVA-OneVision).
        case pooledFrames = "pooled_frames"
        /// Each frame is one InternVL tile (no tiling, no thumbnail).
        case oneTile = "one_tile"
        /// Frames are patched `temporalPatchSize` at a time under the video pixel bounds (Qwen-VL).
        case temporalPatches = "temporal_patches"
    }

    /// The config's `model_type` (`llava`, `qwen2_5_vl`, `internvl_chat`…).
    public var modelType: String
    /// The tower as images use it (no pooling).
    public var tower: VisionTower
    public var images: ImageProcessing
    public var video: VideoProcessing
    /// Qwen's video pixel bounds (its video processor's own `min_pixels`/`max_pixels`).
    public var videoPixels: ClosedRange<Int>?
    /// The size `analyze` assumes when none is given: the tower's tile (LLaVA-NeXT: its largest
    /// square pinpoint; Qwen: 448x448, a choice, since it has no native one).
    public var defaultImageSize: ImageSize
    /// Parameters outside tower and projector (LLaVA-NeXT's `image_newline`, one LLM-width vector).
    public var extraParameters: Double
    /// How the projector's features are chosen, for reports (`vision_feature_layer -2 of 24, class token dropped`).
    public var featureSelection: String

    public init(modelType: String, tower: VisionTower, images: ImageProcessing, video: VideoProcessing,
                videoPixels: ClosedRange<Int>? = nil, defaultImageSize: ImageSize, extraParameters: Double = 0,
                featureSelection: String) {
        self.modelType = modelType
        self.tower = tower
        self.images = images
        self.video = video
        self.videoPixels = videoPixels
        self.defaultImageSize = defaultImageSize
        self.extraParameters = extraParameters
        self.featureSelection = featureSelection
    }

    /// The tower's parameters: patch embedding, positions, class token, norms and layers.
    public var towerParameters: Double { tower.parameters }

    /// The projector's parameters into an LLM of `llmWidth`, with the extra vectors.
    public func projectorParameters(llmWidth: Int) -> Double {
        tower.projector.parameters(visionWidth: Double(tower.width), llmWidth: Double(llmWidth)) + extraParameters
    }
}

/// Images or video frames of one request, in the user's terms.
public struct VisualInput: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable { case image, video }
    public var kind: Kind
    /// Images, or frames of the video.
    public var count: Int
    /// `nil`: the model's default size.
    public var size: ImageSize?

    public init(kind: Kind, count: Int, size: ImageSize? = nil) {
        self.kind = kind
        self.count = count
        self.size = size
    }
}

/// What the encoder runs and the LLM receives for one request: `sequences` passes of a `rows` x
/// `columns` patch grid (each pass a tile, a frame or a group of temporal frames), and `units`
/// prompt units (images, frames or temporal groups) of `tokensPerUnit` tokens each.
public struct VisualPlan: Sendable, Equatable, Codable {
    public var input: VisualInput
    public var sequences: Int
    public var rows: Int
    public var columns: Int
    public var units: Int
    public var tokensPerUnit: Int
    /// Pooling stride over each pass's grid after the projector (LLaVA-OneVision video: 2).
    public var poolingStride: Int
    /// How the count follows from the processor's rule, for reports.
    public var derivation: String

    public var patchesPerSequence: Int { rows * columns }
    public var tokensToLLM: Int { units * tokensPerUnit }
}

extension MultimodalSpec {
    /// The encoder passes and LLM tokens of `input` under this family's rules.
    public func plan(_ input: VisualInput) throws -> VisualPlan {
        guard input.count >= 1 else {
            throw ModelConfigError.inconsistent("a request needs at least one image or frame, got \(input.count)", source: modelType)
        }
        let size = input.size ?? (input.kind == .video && video != .asImages ? ImageSize.square(tower.imageSize) : defaultImageSize)
        guard size.width >= 1, size.height >= 1, size.width <= 16_384, size.height <= 16_384 else {
            throw ModelConfigError.inconsistent("an image size must be between 1x1 and 16384x16384 pixels, got \(size)", source: modelType)
        }
        let n = input.count, what = input.kind == .image ? (n == 1 ? "image" : "images") : (n == 1 ? "frame" : "frames")
        let side = tower.gridSide, tile = tower.imageSize, merge = tower.projector.merge
        if input.kind == .video {
            switch video {
            case .asImages: break
            case .pooledFrames:
                let stride = 2
                let pooled = (side + stride - 1) / stride
                return VisualPlan(input: input, sequences: n, rows: side, columns: side, units: n, tokensPerUnit: pooled * pooled,
                                  poolingStride: stride,
                                  derivation: "\(n) \(what) resized to \(tile)x\(tile): \(side)x\(side) patches each, pooled 2x2 to \(pooled)x\(pooled) = \(pooled * pooled) tokens")
            case .oneTile:
                let tokens = (side / merge) * (side / merge)
                return VisualPlan(input: input, sequences: n, rows: side, columns: side, units: n, tokensPerUnit: tokens,
                                  poolingStride: 1,
                                  derivation: "\(n) \(what) as one \(tile) px tile each: \(side)x\(side) patches, merged \(merge)x\(merge) to \(tokens) tokens")
            case .temporalPatches:
                let bounds = videoPixels ?? 3136...1_003_520
                let resized = ProcessorRules.smartResize(size, factor: tower.patchSize * merge,
                                                         minPixels: bounds.lowerBound, maxPixels: bounds.upperBound)
                let rows = resized.height / tower.patchSize, columns = resized.width / tower.patchSize
                let groups = (n + tower.temporalPatchSize - 1) / tower.temporalPatchSize
                let tokens = rows * columns / (merge * merge)
                return VisualPlan(input: input, sequences: groups, rows: rows, columns: columns, units: groups, tokensPerUnit: tokens,
                                  poolingStride: 1,
                                  derivation: "\(n) \(what) of \(size) resized to \(resized) (video pixels \(bounds.lowerBound)...\(bounds.upperBound)), patched \(tower.temporalPatchSize) frames at a time: \(groups) groups of \(rows)x\(columns) patches, merged \(merge)x\(merge) to \(tokens) tokens each")
            }
        }
        switch images {
        case .resize:
            let tokens = (side / merge) * (side / merge)
            let reduced = merge == 1 ? "" : " patches, \(tower.projector.kind == .poolNormLinear ? "average-pooled" : "merged") \(merge)x\(merge) to \(side / merge)x\(side / merge)"
            return VisualPlan(input: input, sequences: n, rows: side, columns: side, units: n, tokensPerUnit: tokens, poolingStride: 1,
                              derivation: "\(n) \(what) of \(size) resized to \(tile)x\(tile): \(side)x\(side)\(reduced) = \(tokens) tokens each")
        case let .anyResolution(pinpoints, maxTiles):
            guard let best = ProcessorRules.bestResolution(for: size, among: pinpoints) else {
                throw ModelConfigError.inconsistent("image_grid_pinpoints is empty", source: modelType)
            }
            let down = best.height / tile, across = best.width / tile
            let (features, newlines) = ProcessorRules.unpaddedFeatures(image: size, side: side, tilesDown: down, tilesAcross: across,
                                                                       maxTiles: maxTiles)
            let base = side * side, tokens = base + features + newlines
            return VisualPlan(input: input, sequences: n * (1 + down * across), rows: side, columns: side, units: n,
                              tokensPerUnit: tokens, poolingStride: 1,
                              derivation: "\(n) \(what) of \(size): best grid \(best) = base + \(across)x\(down) tiles of \(tile) px; \(base) base + \(features) tile + \(newlines) newline = \(tokens) tokens each")
        case let .dynamicResolution(minPixels, maxPixels):
            let resized = ProcessorRules.smartResize(size, factor: tower.patchSize * merge, minPixels: minPixels, maxPixels: maxPixels)
            let rows = resized.height / tower.patchSize, columns = resized.width / tower.patchSize
            let tokens = rows * columns / (merge * merge)
            return VisualPlan(input: input, sequences: n, rows: rows, columns: columns, units: n, tokensPerUnit: tokens, poolingStride: 1,
                              derivation: "\(n) \(what) of \(size) resized to \(resized): \(rows)x\(columns) patches, merged \(merge)x\(merge) to \(tokens) tokens each")
        case let .tiles(minTiles, maxTiles, thumbnail):
            let grid = ProcessorRules.internVLTiles(size, tile: tile, minTiles: minTiles, maxTiles: maxTiles, thumbnail: thumbnail)
            let perTile = (side / merge) * (side / merge)
            let extra = grid.tiles > grid.columns * grid.rows ? " + thumbnail" : ""
            return VisualPlan(input: input, sequences: n * grid.tiles, rows: side, columns: side, units: n,
                              tokensPerUnit: grid.tiles * perTile, poolingStride: 1,
                              derivation: "\(n) \(what) of \(size): \(grid.columns)x\(grid.rows) tiles of \(tile) px\(extra) = \(grid.tiles) x \(perTile) = \(grid.tiles * perTile) tokens each")
        case let .hdCrops(maxCrops):
            let hd = ProcessorRules.phi3HDSize(size, tile: tile, maxCrops: maxCrops)
            let down = hd.height / tile, across = hd.width / tile
            let merged = side / merge
            let tokens = ProcessorRules.phi3Tokens(rows: down, columns: across, side: merged)
            return VisualPlan(input: input, sequences: n * (1 + down * across), rows: side, columns: side, units: n,
                              tokensPerUnit: tokens, poolingStride: 1,
                              derivation: "\(n) \(what) of \(size): HD size \(hd) = \(across)x\(down) crops of \(tile) px + a global image, \(side)x\(side) patches each merged 2x2 to \(merged)x\(merged); \(down * across * merged * merged) crop + \(down * merged) newline + 1 separator + \(merged * merged + merged) global = \(tokens) tokens each")
        }
    }
}

/// A multimodal model's parameters by part.
public struct MultimodalParameters: Sendable, Equatable {
    public var modelType: String
    public var vision: Double
    public var projector: Double
    public var llm: Double
    public var total: Double { vision + projector + llm }
}

extension ModelConfig {
    /// The whole model's parameters split into tower, projector (with LLaVA-NeXT's newline vector)
    /// and LLM; `nil` for a text-only model.
    public var multimodalParameters: MultimodalParameters? {
        guard let vision else { return nil }
        return MultimodalParameters(modelType: vision.modelType, vision: vision.towerParameters,
                                    projector: vision.projectorParameters(llmWidth: hiddenSize), llm: parameterCount.total)
    }
}
