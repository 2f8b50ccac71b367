import AIMViewerCore
import Foundation

/// `--format json`: the schema documented in docs/json-schema.md. Numbers are SI units (operations,
/// bytes, seconds); keys are sorted so output is stable.
public enum JSONRenderer {
    public static func render(_ report: AnalysisReport) throws -> String {
        try encode(ReportDocument(report))
    }

    /// Both conventions of the same workload: `{"exact": ..., "llmViewer": ...}`.
    public static func render(exact: AnalysisReport, llmViewer: AnalysisReport) throws -> String {
        try encode(["exact": ReportDocument(exact), "llmViewer": ReportDocument(llmViewer)])
    }

    /// Pretty, key-sorted JSON with dates in ISO 8601: the one way every command prints JSON.
    /// JSON has no infinity or NaN; a document holding one is refused with the path of the value
    /// (inputs are validated so that none arises: reaching this is a defect to report).
    public static func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        do {
            return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
        } catch EncodingError.invalidValue(let invalid, let context) {
            throw NonFiniteOutput(path: context.codingPath.map(\.stringValue).joined(separator: "."), value: "\(invalid)")
        }
    }
}

/// A number that cannot be written (infinite or NaN), with where it sits in the document.
public struct NonFiniteOutput: Error, CustomStringConvertible {
    public var path: String
    public var value: String
    public var description: String {
        "the result holds a non-finite number (\(value)) at '\(path)', which no output format can show; nothing was written. This is a defect: please report it with the command line"
    }
}

struct ReportDocument: Encodable {
    struct Inputs: Encodable {
        var model: ModelConfig
        var hardware: HardwareProfile
        var options: AnalysisOptions
        var workload: [String]
    }

    var inputs: Inputs
    var convention: String
    var precision: String
    var peakOpsPerSecond: Double
    // One schedule: its document at the top level. A comparison: baseline, method, reduction.
    var single: ScheduleDocument?
    var baseline: ScheduleDocument?
    var method: ScheduleDocument?
    var reduction: Reduction?
    var architecture: String
    var parameters: ParameterDocument
    var vision: VisionDocument?
    /// Per schedule label, when the profile has a calibration.
    var calibrated: [String: CalibratedEstimate]?
    /// The largest footprint against the device's capacity, when the profile states one.
    var memoryFit: MemoryFitDocument?

    struct MemoryFitDocument: Encodable {
        var peakFootprintBytes: Double
        var capacityBytes: Double
        var fits: Bool
        var smallestFittingTensorParallel: Int?
    }
    /// Per schedule label, with `--engine`.
    var engine: [String: EngineEstimate]?

    struct ParameterDocument: Encodable {
        var total: Double
        var activePerToken: Double
    }

    /// The vision side with the LLM-only and end-to-end time to first token of each schedule.
    struct VisionDocument: Encodable {
        var analysis: VisionAnalysis
        var llmPrefillSeconds: [String: Double]
        var timeToFirstTokenSeconds: [String: Double]
    }

    init(_ report: AnalysisReport) {
        architecture = report.model.architecture.summary(headDim: report.model.headDim)
        let counts = report.model.parameterCount
        parameters = ParameterDocument(total: counts.total, activePerToken: counts.active)
        memoryFit = report.memoryFit.map {
            MemoryFitDocument(peakFootprintBytes: $0.peakFootprintBytes, capacityBytes: $0.capacityBytes, fits: $0.fits,
                              smallestFittingTensorParallel: $0.smallestFittingTensorParallel)
        }
        if let vision = report.vision {
            var llm: [String: Double] = [:], endToEnd: [String: Double] = [:]
            for (label, analysis) in report.labelledAnalyses {
                llm[label] = analysis.prefill.totals.seconds
                endToEnd[label] = analysis.prefill.totals.seconds + vision.totals.seconds
            }
            self.vision = VisionDocument(analysis: vision, llmPrefillSeconds: llm, timeToFirstTokenSeconds: endToEnd)
        }
        if !report.calibrated.isEmpty {
            calibrated = Dictionary(uniqueKeysWithValues: zip(report.labelledAnalyses.map(\.label), report.calibrated))
        }
        if !report.engine.isEmpty {
            engine = Dictionary(uniqueKeysWithValues: zip(report.labelledAnalyses.map(\.label), report.engine))
        }
        inputs = Inputs(model: report.model, hardware: report.hardware,
                        options: report.options, workload: report.workload)
        convention = report.options.convention.rawValue
        let first = report.labelledAnalyses[0].analysis
        precision = first.precision.rawValue
        peakOpsPerSecond = first.peakOpsPerSecond
        for entry in report.entries {
            let document = ScheduleDocument(label: entry.label, entry.analysis, generation: entry.generation,
                                            llmViewer: entry.llmViewerPrefill)
            switch entry.role {
            case "baseline": baseline = document
            case "method": method = document
            default: single = document
            }
        }
        if case .comparison(_, let comparison) = report.result {
            reduction = comparison.reduction
        }
    }

    enum CodingKeys: String, CodingKey {
        case inputs, convention, precision, peakOpsPerSecond, baseline, method, reduction, architecture, parameters, vision
        case calibrated, memoryFit, engine
        case label, tokensPerLayer, prefill, decode, aimOverheads, generation, llmViewerPrefill
    }

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(inputs, forKey: .inputs)
        try container.encode(convention, forKey: .convention)
        try container.encode(precision, forKey: .precision)
        try container.encode(peakOpsPerSecond, forKey: .peakOpsPerSecond)
        try container.encode(architecture, forKey: .architecture)
        try container.encode(parameters, forKey: .parameters)
        try container.encodeIfPresent(vision, forKey: .vision)
        try container.encodeIfPresent(calibrated, forKey: .calibrated)
        try container.encodeIfPresent(memoryFit, forKey: .memoryFit)
        try container.encodeIfPresent(engine, forKey: .engine)
        if let single {
            try container.encode(single.label, forKey: .label)
            try container.encode(single.tokensPerLayer, forKey: .tokensPerLayer)
            try container.encode(single.prefill, forKey: .prefill)
            try container.encode(single.decode, forKey: .decode)
            try container.encodeIfPresent(single.aimOverheads, forKey: .aimOverheads)
            try container.encodeIfPresent(single.generation, forKey: .generation)
            try container.encodeIfPresent(single.llmViewerPrefill, forKey: .llmViewerPrefill)
        }
        try container.encodeIfPresent(baseline, forKey: .baseline)
        try container.encodeIfPresent(method, forKey: .method)
        try container.encodeIfPresent(reduction, forKey: .reduction)
    }
}

struct ScheduleDocument: Encodable {
    var label: String
    var tokensPerLayer: [Int]
    var prefill: StageDocument
    var decode: StageDocument
    var aimOverheads: OverheadSummary?
    var generation: GenerationAnalysis?
    var llmViewerPrefill: CostFields?

    init(label: String, _ analysis: PassAnalysis, generation: GenerationAnalysis?, llmViewer: CostTotals?) {
        self.label = label
        tokensPerLayer = analysis.schedule.tokensPerLayer
        prefill = StageDocument(analysis.prefill)
        decode = StageDocument(analysis.decode)
        aimOverheads = analysis.overheads
        self.generation = generation
        llmViewerPrefill = llmViewer.map { CostFields($0.cost, seconds: $0.seconds) }
    }
}

/// An operator cost's own fields (`ops`, the traffic classes) plus the derived `bytes` and `seconds`.
struct CostFields: Encodable {
    var cost: OperatorCost
    var seconds: Double

    init(_ cost: OperatorCost, seconds: Double) {
        self.cost = cost
        self.seconds = seconds
    }

    enum CodingKeys: String, CodingKey { case bytes, seconds }

    func encode(to encoder: Encoder) throws {
        try cost.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(cost.bytes, forKey: .bytes)
        try container.encode(seconds, forKey: .seconds)
    }
}

struct OperatorDocument: Encodable {
    var name: String
    var cost: CostFields
    var intensityOpsPerByte: Double?
    var bound: String

    init(_ op: PricedOperator) {
        name = op.name.rawValue
        cost = CostFields(op.cost, seconds: op.seconds)
        intensityOpsPerByte = op.intensityOpsPerByte
        bound = op.bound.rawValue
    }

    enum CodingKeys: String, CodingKey { case name, intensityOpsPerByte, bound }

    func encode(to encoder: Encoder) throws {
        try cost.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encodeIfPresent(intensityOpsPerByte, forKey: .intensityOpsPerByte)
        try container.encode(bound, forKey: .bound)
    }
}

struct LayerDocument: Encodable {
    var index: Int
    var queryTokens: Int
    var contextTokens: Int
    var totals: CostFields
    var operators: [OperatorDocument]

    enum CodingKeys: String, CodingKey { case index, queryTokens, contextTokens, operators }

    func encode(to encoder: Encoder) throws {
        try totals.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(index, forKey: .index)
        try container.encode(queryTokens, forKey: .queryTokens)
        try container.encode(contextTokens, forKey: .contextTokens)
        try container.encode(operators, forKey: .operators)
    }
}

struct StageDocument: Encodable {
    var totals: CostFields
    var memoryFootprintBytes: Double
    var memoryFootprint: MemoryFootprint
    var head: OperatorDocument
    var modelOperators: [OperatorDocument]
    var layers: [LayerDocument]

    init(_ stage: StageAnalysis) {
        totals = CostFields(stage.totals.cost, seconds: stage.totals.seconds)
        memoryFootprintBytes = stage.memoryFootprint.totalBytes
        memoryFootprint = stage.memoryFootprint
        head = OperatorDocument(stage.head)
        modelOperators = stage.modelOperators.map(OperatorDocument.init)
        layers = stage.layers.map { layer in
            LayerDocument(
                index: layer.index, queryTokens: layer.queryTokens, contextTokens: layer.contextTokens,
                totals: CostFields(layer.totals.cost, seconds: layer.totals.seconds),
                operators: layer.operators.map(OperatorDocument.init))
        }
    }

    enum CodingKeys: String, CodingKey { case memoryFootprintBytes, memoryFootprint, head, modelOperators, layers }

    func encode(to encoder: Encoder) throws {
        try totals.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(memoryFootprintBytes, forKey: .memoryFootprintBytes)
        try container.encode(memoryFootprint, forKey: .memoryFootprint)
        try container.encode(head, forKey: .head)
        try container.encode(modelOperators, forKey: .modelOperators)
        try container.encode(layers, forKey: .layers)
    }
}
