/// Consecutive layers that see the same token count: how a report prints the `n` a formula saw
/// (`616 at layers 0-1, 328 at layers 2-31`) without one number per layer.
public struct TokenRun: Sendable, Equatable, Codable {
    public var firstLayer: Int
    public var lastLayer: Int
    public var tokens: Int

    public init(firstLayer: Int, lastLayer: Int, tokens: Int) {
        self.firstLayer = firstLayer
        self.lastLayer = lastLayer
        self.tokens = tokens
    }

    /// The schedule's counts folded into runs of equal counts, in layer order.
    public static func runs(_ tokensPerLayer: [Int]) -> [TokenRun] {
        var runs: [TokenRun] = []
        for (layer, tokens) in tokensPerLayer.enumerated() {
            if let last = runs.last, last.tokens == tokens, last.lastLayer == layer - 1 {
                runs[runs.count - 1].lastLayer = layer
            } else {
                runs.append(TokenRun(firstLayer: layer, lastLayer: layer, tokens: tokens))
            }
        }
        return runs
    }

    /// `616 at layers 0-1`, `328 at layer 5`.
    public var summary: String {
        firstLayer == lastLayer ? "\(tokens) at layer \(firstLayer)" : "\(tokens) at layers \(firstLayer)-\(lastLayer)"
    }
}
