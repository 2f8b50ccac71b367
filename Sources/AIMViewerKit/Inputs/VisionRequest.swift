import AIMViewerCore

/// The vision side of a request: a hand-chosen encoder preset (`encoder`, with its pooling), or the
/// images and frames a multimodal model's own tower prices, in the user's terms.
public struct VisionRequest: Sendable {
    public enum Pooling: String, Sendable, CaseIterable {
        case twoByTwo = "2x2"
        case none

        var stride: Int {
            switch self {
            case .twoByTwo: return 2
            case .none: return 1
            }
        }
    }

    /// A `--vision` preset; `nil`: the model's own tower, if it has one.
    public var encoder: String?
    public var pooling: Pooling?
    /// Images in the prompt (instead of video frames); `nil`: the request's frames are video.
    public var images: Int?
    /// `nil`: the model's default resolution.
    public var imageSize: ImageSize?
    public var frameSize: ImageSize?
    public var layers: VisionLayerPolicy = .all

    public init(encoder: String? = nil, pooling: Pooling? = nil) {
        self.encoder = encoder
        self.pooling = pooling
    }

    /// Whether anything here asks for the model's own tower.
    var namesInputs: Bool { images != nil || imageSize != nil || frameSize != nil || layers != .all }

    /// The preset `encoder` names, with the pooling asked for.
    public func resolve() throws -> VisionTower? {
        guard let encoder else { return nil }
        guard var tower = VisionTower.preset(named: encoder) else {
            let names = VisionTower.presets.map(\.name)
            throw RequestError(ParameterMessage { _ in
                "unknown vision encoder '\(encoder)'; choose one of \(names.joined(separator: ", "))"
            })
        }
        if let pooling { tower.poolingStride = pooling.stride }
        return tower
    }
}

/// The vision side a workload prices: the tower, and what it runs on.
public struct ResolvedVision: Sendable {
    public var tower: VisionTower
    /// Images or frames in the request.
    public var frames: Int
    /// The model's own processing of them; `nil` for a `--vision` preset on square frames.
    public var plan: VisualPlan?
    public var layers: VisionLayerPolicy
    /// Facts for the report: the derivation, the feature layer, an override of the token count.
    public var notes: [String]
}
