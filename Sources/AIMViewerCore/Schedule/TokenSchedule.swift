/// How many tokens each decoder layer processes during prefill (`n_l`), after merging and pruning.
public struct TokenSchedule: Sendable, Equatable, Codable {
    public var tokensPerLayer: [Int]

    public init(tokensPerLayer: [Int]) throws {
        guard !tokensPerLayer.isEmpty else { throw ScheduleError.empty }
        if let index = tokensPerLayer.firstIndex(where: { $0 < 0 }) {
            throw ScheduleError.negativeTokens(layer: index, tokens: tokensPerLayer[index])
        }
        if let index = tokensPerLayer.firstIndex(where: { $0 > Self.maximumTokensPerLayer }) {
            throw ScheduleError.invalidParameter(
                "the token schedule has \(tokensPerLayer[index]) tokens at layer \(index); at most \(Self.maximumTokensPerLayer) are supported")
        }
        self.tokensPerLayer = tokensPerLayer
    }

    /// The same count at every layer.
    public static func uniform(tokens: Int, layerCount: Int) throws -> TokenSchedule {
        guard layerCount > 0 else { throw ScheduleError.empty }
        return try TokenSchedule(tokensPerLayer: Array(repeating: tokens, count: layerCount))
    }

    /// Far beyond any context window, and small enough that counts plus a billion generated tokens
    /// never overflow and every product stays finite.
    public static let maximumTokensPerLayer = 1_000_000_000_000

    public var layerCount: Int { tokensPerLayer.count }

    /// Checks the schedule against the model it will price.
    public func requireLayerCount(_ modelLayers: Int, modelName: String) throws {
        guard layerCount == modelLayers else {
            throw ScheduleError.wrongLength(scheduleLayers: layerCount, modelLayers: modelLayers, model: modelName)
        }
    }

    /// Σ n_l: the token-layers the schedule executes.
    public var tokenLayers: Int { tokensPerLayer.reduce(0, +) }
}

public enum ScheduleError: Error, Equatable, CustomStringConvertible, NamesRequestParameters {
    case empty
    case negativeTokens(layer: Int, tokens: Int)
    case wrongLength(scheduleLayers: Int, modelLayers: Int, model: String)
    case unparsable(source: String, line: Int, text: String)
    case invalidParameter(String)
    /// A request input outside its domain, worded by the front end that shows it.
    case invalid(ParameterMessage)

    public var description: String { message(naming: \.domainName) }

    public func message(naming name: (RequestParameter) -> String) -> String {
        switch self {
        case .empty:
            return "the token schedule is empty; give one token count per decoder layer"
        case let .negativeTokens(layer, tokens):
            return "the token schedule has \(tokens) tokens at layer \(layer); counts must be 0 or more"
        case let .wrongLength(scheduleLayers, modelLayers, model):
            return "the token schedule has \(scheduleLayers) layers but \(model) has \(modelLayers) decoder layers; give exactly \(modelLayers) counts"
        case let .unparsable(source, line, text):
            let shown = text.unicodeScalars.map { $0.properties.generalCategory == .control ? $0.escaped(asASCII: true) : String($0) }.joined()
            return "\(source): line \(line): '\(shown)' is not a non-negative integer token count"
        case let .invalidParameter(detail):
            return detail
        case let .invalid(message):
            return message.text(naming: name)
        }
    }
}
