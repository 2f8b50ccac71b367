import AIMViewerCore

/// `analyze` under a paper convention: the same model, schedule and generation length as an
/// `AnalysisRequest`, counted by a paper formula, with the `exact` convention's FLOPs of the same
/// schedules beside it.
public struct PaperRequest: Sendable {
    public var model: ModelSource = .default
    /// Only the exact count needs a device (its precision's peak); the formula's count does not.
    public var hardware: HardwareSource = .default
    /// Every method preset and explicit schedule, resolved as `analyze` resolves them.
    public var schedule = ScheduleRequest()
    /// A `--vision` preset is refused (the formulas count the LLM's layers only); a multimodal
    /// model's images or frames set its visual tokens, its tower uncounted (the report says so).
    public var vision: VisionRequest?
    public var formula: PaperFormula = .fastV
    public var unit: FLOPsUnit = .macs
    /// Also count this many generated tokens with the formula's decode term.
    public var generationLength: Int?
    /// The options of the exact count. The head is always priced at every prefill position (what a
    /// profiler sees on a full forward pass, the setting a FLOPs figure of a paper implies).
    public var exactOptions = AnalysisOptions(convention: .exact)
    /// `--engine` and `--context` price time, which a formula has none of: refused when given.
    public var engine: String?
    public var decodeContext: Int?

    public init() {}

    /// The exact convention's options as the paper setting implies them.
    public var resolvedExactOptions: AnalysisOptions {
        var options = exactOptions
        options.convention = .exact
        options.logitsForAllPositions = true
        return options
    }

    /// Inputs a paper formula has no meaning for, refused by name rather than silently ignored.
    public func validate() throws {
        let convention = formula.rawValue
        if vision?.encoder != nil {
            throw RequestError(ParameterMessage {
                "\($0(.convention)) \(convention) counts the LLM's decoder layers only, not a vision encoder; drop \($0(.vision)) and give the visual tokens with \($0(.tokensPerFrame))"
            })
        }
        if engine != nil || decodeContext != nil {
            throw RequestError(ParameterMessage {
                "\($0(.engine)) and \($0(.decodeContext)) price time as an engine runs the model, but \($0(.convention)) \(convention) gives operation counts only (no bytes, no time); drop them, or use \($0(.convention)) exact"
            })
        }
        if exactOptions.tensorParallel != 1 {
            throw RequestError(ParameterMessage {
                "\($0(.convention)) \(convention) counts the whole model, not one tensor-parallel shard; drop \($0(.tensorParallel))"
            })
        }
        if exactOptions.batchSize != 1 {
            throw RequestError(ParameterMessage {
                "\($0(.convention)) \(convention) counts one sequence, as the papers do; drop \($0(.batch))"
            })
        }
    }

    /// The analysis request whose workload (model, device, schedules) this request shares.
    var analysisRequest: AnalysisRequest {
        var request = AnalysisRequest()
        request.model = model
        request.hardware = hardware
        request.schedule = schedule
        // A multimodal model's own images or frames decide its visual tokens (its tower is not counted).
        request.vision = vision
        request.options = resolvedExactOptions
        request.conventions = [.exact]
        request.generationLength = generationLength
        return request
    }
}
