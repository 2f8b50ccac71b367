import AIMViewerCore

/// The vision side of a request: which encoder turns the frames into the LLM's visual tokens, and
/// how its patch grid is pooled (the encoder's own default when `pooling` is nil).
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

    public var encoder: String
    public var pooling: Pooling?

    public init(encoder: String, pooling: Pooling? = nil) {
        self.encoder = encoder
        self.pooling = pooling
    }

    public func resolve() throws -> VisionTower {
        guard var tower = VisionTower.preset(named: encoder) else {
            let names = VisionTower.presets.map(\.name)
            let encoder = encoder
            throw RequestError(ParameterMessage { _ in
                "unknown vision encoder '\(encoder)'; choose one of \(names.joined(separator: ", "))"
            })
        }
        if let pooling { tower.poolingStride = pooling.stride }
        return tower
    }
}
