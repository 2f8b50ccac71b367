import AIMViewerKit
import ArgumentParser

/// The vision side of the request: which encoder turns the frames into the LLM's visual tokens.
struct VisionOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Also price the vision encoder and projector (exact convention): siglip-so400m (LLaVA-OneVision) or clip-vit-l-336 (LLaVA-1.5).",
        valueName: "name"))
    var vision: String?

    @Option(help: ArgumentHelp("Pooling of each frame's patch grid after the projector: 2x2 or none (default: 2x2 for siglip-so400m, none for clip-vit-l-336).",
                               valueName: "2x2|none"))
    var visionPooling: String?

    func request() throws -> VisionRequest? {
        guard let vision else {
            if visionPooling != nil { throw ValidationError("--vision-pooling needs --vision") }
            return nil
        }
        guard let pooling = visionPooling else { return VisionRequest(encoder: vision) }
        guard let parsed = VisionRequest.Pooling(rawValue: pooling) else {
            throw ValidationError("--vision-pooling must be 2x2 or none, got '\(pooling)'")
        }
        return VisionRequest(encoder: vision, pooling: parsed)
    }
}
