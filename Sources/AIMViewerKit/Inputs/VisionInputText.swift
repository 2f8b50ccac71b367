import AIMViewerCore

/// The vision side's inputs as a user types them (`--images 2`, `--image-size 672x672`), checked
/// here so the command line and the server refuse the same text with the same words.
extension VisionRequest {
    /// Images in one prompt: 1 to 4096.
    public static func checkImages(_ images: Int) throws {
        if images < 1 { throw RequestError(ParameterMessage { "\($0(.images)) must be at least 1, got \(images)" }) }
        if images > 4096 { throw RequestError(ParameterMessage { "\($0(.images)) must be at most 4096, got \(images)" }) }
    }

    /// `672x672` (or `672X672`) as a size; both sides between 1 and 16384 pixels.
    public static func size(_ text: String, _ parameter: RequestParameter) throws -> ImageSize {
        let parts = text.lowercased().split(separator: "x", omittingEmptySubsequences: false)
        guard parts.count == 2, let width = Int(parts[0]), let height = Int(parts[1]),
              (1...16_384).contains(width), (1...16_384).contains(height) else {
            throw RequestError(ParameterMessage {
                "\($0(parameter)) must be WIDTHxHEIGHT in pixels, each 1 to 16384 (e.g. 672x672), got '\(text)'"
            })
        }
        return ImageSize(width: width, height: height)
    }
}
