import AIMViewerCore

/// `compare --engine`: each device's request as the regime runs it, in a table of its own beneath
/// the roofline's (which stays as it was): fitted or transferred per device, or why not priced.
enum CompareEngineTable {
    static func lines(_ report: CompareReport, style: TerminalStyle, markdown: Bool) -> [String] {
        let comparison = report.comparison
        guard let engine = comparison.engine else { return [] }
        var lines: [String] = []
        let heading = "Under the \(engine.name) regime (fitted on \(engine.fittedOn.isEmpty ? "no device" : engine.fittedOn.joined(separator: ", ")); \(engine.data))"
        lines.append(markdown ? "## " + heading : Format.wrap(heading))
        var table = PlainTable(header: ["target", "TTFT", "time/tok", "e2e tok/s", "tok/s/dev", "regime"])
        var refused: [String] = []
        for target in comparison.targets {
            if let error = target.error {
                table.append([target.hardware + ": " + style.red("not priced, see below")])
                refused.append("\(target.hardware): \(error)")
                continue
            }
            guard let figures = target.engine, figures.error == nil else {
                table.append([target.hardware + ": " + style.red("not priced, see below")])
                refused.append("\(target.hardware): \(target.engine?.error ?? "no engine figures")")
                continue
            }
            let label = figures.transferred == true ? "transferred"
                : figures.fittedDevice.map { $0 == target.hardware ? "fitted" : "fitted (\($0))" } ?? "fitted"
            table.append([target.hardware])
            for schedule in target.schedules {
                guard let g = schedule.engine else { continue }
                table.append([
                    "  " + schedule.label, Format.si(g.timeToFirstTokenSeconds, "s"), Format.si(g.timePerOutputTokenSeconds, "s"),
                    g.outputTokens > 0 ? Format.number(g.tokensPerSecond) : "-",
                    g.outputTokens > 0 ? Format.number(g.tokensPerSecondPerDevice) : "-", label,
                ])
            }
        }
        lines.append(markdown ? table.markdown : table.text)
        for note in refused { lines.append(Format.wrap("Not priced under \(engine.name): " + note)) }
        lines.append(Format.wrap("""
            TTFT: the prompt's forward step under the regime (its kernels, overheads and all-reduces); time/tok: \
            the mean of the \(max(comparison.generationLength - 1, 0)) decode steps after it; tok/s: batch x \
            \(comparison.generationLength) generated tokens over the whole request, and that over --tp per device. \
            fitted: the device's datasheet roofs are one the regime was fitted on (the name in brackets when the \
            profile is that device under another name); transferred: the regime's fractions applied to this \
            device's roofs (docs/calibration.md gives the held-out error of a transfer).
            """))
        return lines
    }

    static let csvHeader = ["engine", "engine_transferred", "engine_ttft_seconds", "engine_time_per_output_token_seconds",
                            "engine_total_seconds", "engine_tokens_per_second", "engine_tokens_per_second_per_device", "engine_error"]

    /// The engine's columns of one row (appended only under `--engine`, so the roofline's CSV keeps its columns).
    static func csvCells(_ target: HardwareComparison.TargetResult, _ schedule: HardwareComparison.ScheduleResult?) -> [String] {
        guard let figures = target.engine else { return Array(repeating: "", count: csvHeader.count) }
        if let error = figures.error {
            return [figures.engine, "", "", "", "", "", "", CSVRenderer.escape(error)]
        }
        guard let g = schedule?.engine else { return [figures.engine] + Array(repeating: "", count: csvHeader.count - 1) }
        return [figures.engine, figures.transferred.map { $0 ? "true" : "false" } ?? "", Format.exact(g.timeToFirstTokenSeconds),
                Format.exact(g.timePerOutputTokenSeconds), Format.exact(g.totalSeconds), Format.exact(g.tokensPerSecond),
                Format.exact(g.tokensPerSecondPerDevice), ""]
    }
}
