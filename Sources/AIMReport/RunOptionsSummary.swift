import AIMViewerCore

/// What tells stored runs apart beyond model and device, in a few characters for `runs list`:
/// only the options that differ from the defaults (`b4 tp2 W8A8KV8 flash logits-all gen512`).
public enum RunOptionsSummary {
    public static func text(_ options: AnalysisOptions?, generationLength: Int?) -> String {
        guard let options else { return "?" }
        var parts: [String] = []
        if options.batchSize != 1 { parts.append("b\(options.batchSize)") }
        if options.tensorParallel != 1 { parts.append("tp\(options.tensorParallel)") }
        if options.weightBits != 16 || options.activationBits != 16 || options.kvBits != 16 {
            parts.append("W\(options.weightBits)A\(options.activationBits)KV\(options.kvBits)")
        }
        if options.flashAttention { parts.append("flash") }
        if options.logitsForAllPositions { parts.append("logits-all") }
        if let generationLength, generationLength > 0 { parts.append("gen\(generationLength)") }
        return parts.joined(separator: " ")
    }
}
