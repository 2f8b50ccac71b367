import AIMViewerCore
import Foundation

/// One priced schedule of a run: its role, the analysis and what rode along with it.
public struct StoredSchedule: Sendable, Equatable {
    /// `baseline`, `method`, or `single`.
    public var role: String
    public var label: String
    public var analysis: PassAnalysis
    public var generation: GenerationAnalysis?
    /// Under `exact`: the same schedule's prefill under `llm-viewer`.
    public var llmViewerPrefill: CostTotals?

    public init(role: String, label: String, analysis: PassAnalysis, generation: GenerationAnalysis? = nil,
                llmViewerPrefill: CostTotals? = nil) {
        self.role = role
        self.label = label
        self.analysis = analysis
        self.generation = generation
        self.llmViewerPrefill = llmViewerPrefill
    }
}

/// What some runs carry besides their schedules, stored as one JSON document (schema v2).
public struct RunAttachments: Sendable, Equatable, Codable {
    /// `analyze --vision`: the priced vision side.
    public var vision: VisionAnalysis?
    /// `compare`: every target's row.
    public var comparison: HardwareComparison?

    public init(vision: VisionAnalysis? = nil, comparison: HardwareComparison? = nil) {
        self.vision = vision
        self.comparison = comparison
    }

    public var isEmpty: Bool { vision == nil && comparison == nil }
}

/// Everything a run is: the full inputs (enough to recompute it), what it printed, and its results.
public struct RunContent: Sendable, Equatable {
    public var command: String
    public var commandLine: [String]
    public var toolVersion: String
    public var label: String?
    public var tags: [String]
    public var model: ModelConfig
    public var hardware: HardwareProfile
    /// The options of the first (reported) convention; `conventions` lists all that were priced.
    public var options: AnalysisOptions
    public var conventions: [Convention]
    public var workload: [String]
    public var overheads: AIMOverheadSpec?
    public var generationLength: Int?
    public var outputFormat: String
    /// Exactly what the command printed on stdout.
    public var outputText: String
    /// In pricing order: per convention, baseline before method.
    public var schedules: [StoredSchedule]
    public var attachments: RunAttachments

    public init(command: String, commandLine: [String], toolVersion: String, label: String?, tags: [String],
                model: ModelConfig, hardware: HardwareProfile, options: AnalysisOptions, conventions: [Convention],
                workload: [String], overheads: AIMOverheadSpec?, generationLength: Int?, outputFormat: String,
                outputText: String, schedules: [StoredSchedule], attachments: RunAttachments = RunAttachments()) {
        self.command = command
        self.commandLine = commandLine
        self.toolVersion = toolVersion
        self.label = label
        self.tags = tags
        self.model = model
        self.hardware = hardware
        self.options = options
        self.conventions = conventions
        self.workload = workload
        self.overheads = overheads
        self.generationLength = generationLength
        self.outputFormat = outputFormat
        self.outputText = outputText
        self.schedules = schedules
        self.attachments = attachments
    }

    /// The schedules priced under `convention`.
    public func schedules(_ convention: Convention) -> [StoredSchedule] {
        schedules.filter { $0.analysis.convention == convention }
    }
}

/// A stored run: its id and time beside its content.
public struct StoredRun: Sendable, Equatable {
    public var id: String
    public var createdAt: Date
    public var content: RunContent
}

/// One line of `runs list`.
public struct RunSummary: Sendable, Equatable, Codable {
    public var id: String
    public var createdAt: Date
    public var command: String
    public var label: String?
    public var tags: [String]
    public var modelName: String
    public var hardwareName: String
    public var convention: String
    /// The reported schedule's prefill (the method's when a method was compared).
    public var prefillOps: Double?
    public var prefillSeconds: Double?
    /// The options the run was priced with and its generation length: what tells apart runs of the
    /// same model and device (`nil` options only for a row whose stored options cannot be read).
    public var options: AnalysisOptions?
    public var generationLength: Int?
}

/// What `runs list` filters on; `nil` fields do not filter.
public struct RunFilter: Sendable, Equatable {
    public var model: String?
    public var hardware: String?
    public var label: String?
    public var tag: String?
    public var since: Date?
    public var until: Date?
    public var limit: Int
    /// Only runs priced with these options (`nil`: any).
    public var batchSize: Int?
    public var tensorParallel: Int?
    public var flashAttention: Bool?
    public var logitsForAllPositions: Bool?
    public var generationLength: Int?
    public var weightBits: Int?
    public var activationBits: Int?
    public var kvBits: Int?

    public init(model: String? = nil, hardware: String? = nil, label: String? = nil, tag: String? = nil,
                since: Date? = nil, until: Date? = nil, limit: Int = 20) {
        self.model = model
        self.hardware = hardware
        self.label = label
        self.tag = tag
        self.since = since
        self.until = until
        self.limit = limit
    }
}
