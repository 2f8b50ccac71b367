import AIMViewerCore

/// A preset in `models list --format json`: its configuration as the analyzer reads it, with the
/// parameter counts the table shows (total, and active per token for mixture-of-experts models).
public struct ModelListEntry: Encodable {
    var config: ModelConfig
    var parameters: ModelParameterCounts

    struct ModelParameterCounts: Encodable {
        var total: Double
        var activePerToken: Double
    }

    public init(_ config: ModelConfig) {
        self.config = config
        parameters = ModelParameterCounts(total: config.parameterCount.total, activePerToken: config.parameterCount.active)
    }

    /// The configuration's own keys, then `parameters` beside them (one flat object per model).
    public func encode(to encoder: Encoder) throws {
        try config.encode(to: encoder)
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(parameters, forKey: .parameters)
    }

    enum Key: String, CodingKey { case parameters }
}
