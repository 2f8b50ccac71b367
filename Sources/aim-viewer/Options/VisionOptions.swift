import AIMViewerCore
import AIMViewerKit
import ArgumentParser

extension VisionLayerPolicy: ExpressibleByArgument {}

/// The vision side of the request: a multimodal model's own tower on the images or frames asked
/// for, or a hand-chosen encoder preset (`--vision`).
struct VisionOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Also price a vision encoder preset and projector (exact convention): siglip-so400m (LLaVA-OneVision) or clip-vit-l-336 (LLaVA-1.5). A multimodal model (e.g. --model llava-1.5-7b) prices its own tower without it.",
        valueName: "name"))
    var vision: String?

    @Option(help: ArgumentHelp("Pooling of each frame's patch grid after the projector, with --vision: 2x2 or none (default: 2x2 for siglip-so400m, none for clip-vit-l-336).",
                               valueName: "2x2|none"))
    var visionPooling: String?

    @Option(help: "Images in the prompt, for a multimodal model (instead of --frames video frames); tokens per image follow the model's processor.")
    var images: Int?

    @Option(help: ArgumentHelp("Size of each image (default: the model's resolution).", valueName: "WxH"))
    var imageSize: String?

    @Option(help: ArgumentHelp("Size of each video frame (default: the model's resolution).", valueName: "WxH"))
    var frameSize: String?

    @Option(help: ArgumentHelp("Vision layers run: all (as Hugging Face runs the tower, even past vision_feature_layer) or feature-layer (stop at the layer whose output is used).",
                               valueName: "all|feature-layer"))
    var visionLayers: VisionLayerPolicy = .all

    func validate() throws {
        try CommandLineAdvice.usage {
            if let images { try VisionRequest.checkImages(images) }
            _ = try imageSize.map { try VisionRequest.size($0, .imageSize) }
            _ = try frameSize.map { try VisionRequest.size($0, .frameSize) }
        }
    }

    func request() throws -> VisionRequest? {
        var request: VisionRequest
        if let vision {
            request = VisionRequest(encoder: vision)
            if let pooling = visionPooling {
                guard let parsed = VisionRequest.Pooling(rawValue: pooling) else {
                    throw ValidationError("--vision-pooling must be 2x2 or none, got '\(pooling)'")
                }
                request.pooling = parsed
            }
        } else {
            if visionPooling != nil { throw ValidationError("--vision-pooling needs --vision") }
            request = VisionRequest()
        }
        request.images = images
        request.imageSize = try CommandLineAdvice.usage { try imageSize.map { try VisionRequest.size($0, .imageSize) } }
        request.frameSize = try CommandLineAdvice.usage { try frameSize.map { try VisionRequest.size($0, .frameSize) } }
        request.layers = visionLayers
        if vision == nil, images == nil, imageSize == nil, frameSize == nil, visionLayers == .all { return nil }
        return request
    }
}
