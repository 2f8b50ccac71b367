import AIMViewerCore

/// The text formats every printed result comes in; every command that prints a result takes
/// `--format` with these, described by one help text.
public enum OutputFormat: String, CaseIterable, Sendable {
    case table, json, csv, markdown

    public static let helpText = "Output format: table, json, csv or markdown."
}

/// How a result may be shown beyond its format: colour on a terminal, and how much detail.
public struct RenderSettings: Sendable {
    public var style: TerminalStyle
    public var detail: DetailLevel

    public init(style: TerminalStyle = .plain, detail: DetailLevel = DetailLevel()) {
        self.style = style
        self.detail = detail
    }
}

/// A result type shown in every output format. Each requirement is one format, so a new format is
/// one new requirement the compiler makes every result type answer; a result with no sensible form
/// in a format throws `FormatNotApplicable` saying what to use instead.
public protocol RenderableResult {
    func table(_ settings: RenderSettings) throws -> String
    func markdown(_ settings: RenderSettings) throws -> String
    func json() throws -> String
    func csv(_ settings: RenderSettings) throws -> String
}

extension RenderableResult {
    /// The one place a format is chosen.
    public func render(_ format: OutputFormat, _ settings: RenderSettings = RenderSettings()) throws -> String {
        switch format {
        case .table: return try table(settings)
        case .markdown: return try markdown(settings)
        case .json: return try json()
        case .csv: return try csv(settings)
        }
    }
}

/// A result that has no form in the format asked for.
public struct FormatNotApplicable: Error, CustomStringConvertible {
    public var result: String
    public var format: OutputFormat
    public var instead: String

    public init(_ result: String, _ format: OutputFormat, instead: String) {
        self.result = result
        self.format = format
        self.instead = instead
    }

    public var description: String { "\(result) has no \(format.rawValue) form; \(instead)" }
}
