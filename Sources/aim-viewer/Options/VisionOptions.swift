import AIMViewerCore
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

    func resolve() throws -> VisionTower? {
        guard let vision else {
            if visionPooling != nil { throw ValidationError("--vision-pooling needs --vision") }
            return nil
        }
        guard var tower = VisionTower.preset(named: vision) else {
            let names = VisionTower.presets.map(\.name)
            throw ValidationError("unknown vision encoder '\(vision)'; choose one of \(names.joined(separator: ", "))")
        }
        switch visionPooling {
        case nil: break
        case "2x2": tower.poolingStride = 2
        case "none": tower.poolingStride = 1
        case let other?: throw ValidationError("--vision-pooling must be 2x2 or none, got '\(other)'")
        }
        return tower
    }
}
