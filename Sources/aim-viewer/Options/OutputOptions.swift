import AIMReport
import ArgumentParser

extension OutputFormat: ExpressibleByArgument {}

/// `--format` alone, for commands whose results have no per-layer detail.
struct FormatOption: ParsableArguments {
    @Option(help: ArgumentHelp(OutputFormat.helpText)) var format: OutputFormat = .table

    /// Colour only on a terminal and without NO_COLOR (`--no-color` sets it), for every command alike.
    func render(_ result: some RenderableResult, style: TerminalStyle = .forStandardOutput(noColorFlag: false)) throws -> String {
        try result.render(format, RenderSettings(style: style))
    }
}

/// How an analysis is printed: the format, and how much detail.
struct OutputOptions: ParsableArguments {
    @Option(help: ArgumentHelp(OutputFormat.helpText)) var format: OutputFormat = .table

    @Flag(help: "Show every layer.")
    var perLayer = false

    @Flag(help: "Show every operator of every layer.")
    var perOp = false

    var detail: DetailLevel { DetailLevel(perLayer: perLayer, perOperator: perOp) }

    func render(_ result: some RenderableResult, style: TerminalStyle = .forStandardOutput(noColorFlag: false)) throws -> String {
        try result.render(format, RenderSettings(style: style, detail: detail))
    }
}
