import AIMCatalog
import AIMReport
import AIMStore
import AIMViewerCore
import ArgumentParser
import Foundation

struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Price one workload on several hardware targets, side by side.",
        discussion: """
            One row per target (two with a method: the baseline, then the method): prefill time, \
            decode time per token, tokens per second, the share of prefill time that is compute-bound, \
            the peak memory footprint against the device's capacity (with the smallest --tp that fits \
            when it does not), energy per request from the TDP (an upper bound), and the speedup against \
            the first target named. Sorted by the method's prefill time; stored as a run.

            --hardware takes profile names separated by commas, `all` (every datasheet profile), a vendor \
            (nvidia, amd, google, intel) or tag:NAME (tag:datacenter, tag:consumer, tag:llm-viewer).

            Examples:
              aim-viewer compare
              aim-viewer compare --hardware a100-sxm4-40gb,h100-sxm5-80gb,h200-sxm,mi300x
              aim-viewer compare --hardware all --model qwen2-72b --format markdown
              aim-viewer compare --hardware nvidia --schedule fastv --gen-len 512
              aim-viewer compare --hardware tag:consumer,l40s --hardware-file ./my-gpu.json --format csv
              aim-viewer compare --hardware all --html targets.html
            """)

    static let defaultTargets = "a100-sxm4-80gb,h100-sxm5-80gb,h200-sxm,mi300x,l40s,rtx-4090"

    @OptionGroup(title: "Model") var model: ModelOptions

    @Option(help: ArgumentHelp("Targets: names, all, a vendor or tag:NAME, comma-separated (default \(defaultTargets)).",
                               valueName: "list"))
    var hardware: String?

    @Option(help: ArgumentHelp("A profile file to compare as well (repeatable).", valueName: "path"))
    var hardwareFile: [String] = []

    @OptionGroup(title: "Schedule") var schedule: ScheduleOptions
    @OptionGroup(title: "Cost model") var cost: CostOptions

    @Option(name: .customLong("gen-len"), help: "Generated tokens per request (decode time, tokens/s, energy).")
    var generationLength: Int = 128

    @Option(help: "Output format: table, json, csv or markdown.") var format: OutputFormat = .table
    @Flag(help: "No colour, even on a terminal (NO_COLOR does the same).") var noColor = false
    @Option(help: ArgumentHelp("Also write a self-contained HTML report to this file.", valueName: "path")) var html: String?
    @OptionGroup(title: "Runs database") var store: StoreOptions

    func validate() throws {
        if cost.conventions.count != 1 { throw ValidationError("compare prices one convention; choose exact or llm-viewer") }
        if generationLength < 0 { throw ValidationError("--gen-len must be 0 or more, got \(generationLength)") }
    }

    func run() throws {
        if let html { try HTMLOutput.requireWritable(html) }
        let runStore = try store.openIfStoring()
        var targets = (hardware == nil && !hardwareFile.isEmpty) ? [] : try HardwareCatalog.select(hardware ?? Self.defaultTargets)
        for path in hardwareFile {
            let profile = try HardwareCatalog.load(file: path)
            if !targets.contains(where: { $0.name == profile.name }) { targets.append(profile) }
        }
        let modelConfig = try model.resolve()
        let schedules = try schedule.resolve(for: modelConfig)
        let options = cost.analysisOptions(cost.conventions[0])
        let comparison = try HardwareComparer.compare(HardwareComparer.Workload(
            model: modelConfig, options: options, baseline: schedules.baseline, method: schedules.method,
            methodLabel: schedules.methodLabel, overheads: schedules.overheads, generationLength: generationLength),
            on: targets)
        let report = CompareReport(model: modelConfig, options: options, workload: schedules.workload, comparison: comparison)
        let text: String
        switch format {
        case .table: text = CompareRenderer.table(report, style: .forStandardOutput(noColorFlag: noColor))
        case .markdown: text = CompareRenderer.table(report, markdown: true)
        case .json: text = try CompareRenderer.json(report)
        case .csv: text = CompareRenderer.csv(report)
        }
        print(text, terminator: "")
        guard html != nil || runStore != nil else { return }
        // The full analysis on the first target that could be priced rides along, for the HTML and the run.
        guard let anchor = targets.first(where: { target in comparison.targets.contains { $0.hardware == target.name && $0.error == nil } })
        else {
            printToStandardError("no target could be priced, so there is no report to write or run to store")
            throw ExitCode.failure
        }
        let anchorReport = try Workload(model: modelConfig, hardware: anchor, schedules: schedules)
            .report(options: options, generationLength: generationLength)
        if let html { try HTMLOutput.write(HTMLReport.render(anchorReport, comparison: report), to: html) }
        guard let runStore else { return }
        let content = RunContent(
            command: "compare", commandLine: Array(CommandLine.arguments.dropFirst()), toolVersion: AIMViewerVersion.current,
            label: store.label, tags: store.tag, model: modelConfig, hardware: anchor, options: options,
            conventions: [options.convention], workload: schedules.workload, overheads: schedules.overheads,
            generationLength: generationLength, outputFormat: format.rawValue, outputText: text,
            schedules: StoredSchedules.make(anchorReport), attachments: RunAttachments(comparison: comparison))
        let id = try runStore.store(content)
        printToStandardError("stored run \(id) in \(runStore.path)")
    }
}
