import Foundation

/// A stored run as the renderers see it: who and when, and its reports (one per convention).
public struct RunDocument: Sendable {
    public var id: String
    public var createdAt: Date
    public var label: String?
    public var tags: [String]
    public var commandLine: [String]
    public var reports: [AnalysisReport]

    public init(id: String, createdAt: Date, label: String?, tags: [String], commandLine: [String], reports: [AnalysisReport]) {
        self.id = id
        self.createdAt = createdAt
        self.label = label
        self.tags = tags
        self.commandLine = commandLine
        self.reports = reports
    }

    /// The schedule a run is about: the method when it compared one with its baseline.
    public var reportedAnalysis: (label: String, analysis: PassAnalysis) {
        reports[0].labelledAnalyses.last!
    }
}
