import AIMReport
import AIMViewerCore
import AIMViewerKit
import ArgumentParser

struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Price one workload on several hardware targets, side by side.",
        discussion: """
            One row per target and schedule (the baseline, then the method): prefill time, the mean \
            decode step, tokens per second of decoding alone (batch / decode step) and end to end \
            (prefill included), the share of prefill time that is compute-bound, the peak memory \
            footprint against the device's capacity (with the smallest --tp that fits when it does \
            not), energy per request from the TDP (an upper bound), and the speedup against the first \
            target. A profile with a calibration block also gets its calibrated estimate. Sorted by \
            the method's prefill time; stored as a run.

            --engine NAME adds a table: each device's time to first token, time per output token \
            and tokens per second (whole system and per device) as that engine regime runs the \
            request, whether the device is one the regime was fitted on or a transfer, and for a \
            device the regime cannot price (no link figure with --tp above 1) why.

            --hardware takes profile names separated by commas, `all` (every datasheet profile), a vendor \
            (nvidia, amd, google, intel) or tag:NAME (tag:datacenter, tag:consumer, tag:llm-viewer).

            Examples:
              aim-viewer compare
              aim-viewer compare --hardware a100-sxm4-40gb,h100-sxm5-80gb,h200-sxm,mi300x
              aim-viewer compare --hardware all --model qwen2-72b --format markdown
              aim-viewer compare --hardware nvidia --schedule fastv --gen-len 512
              aim-viewer compare --hardware tag:consumer,l40s \\
                  --hardware-file ./my-gpu.json --format csv
              aim-viewer compare --hardware all --html targets.html
              aim-viewer compare --model gpt-j-6b --engine tensorrt-llm --batch 32 \\
                  --hardware a100-sxm4-80gb,h100-sxm5-80gb,l40s,l4
              aim-viewer compare --model llava-onevision-7b --end-to-end
              aim-viewer compare --model qwen2.5-vl-7b --images 4 \\
                  --image-size 1280x720 --end-to-end
            """)

    @OptionGroup(title: "Model") var model: ModelOptions

    @Option(help: ArgumentHelp("Targets: names, all, a vendor or tag:NAME, comma-separated (default \(CompareRequest.defaultTargets)).",
                               valueName: "list"), completion: Completions.hardwareList)
    var hardware: String?

    @Option(help: ArgumentHelp("A profile file to compare as well (repeatable).", valueName: "path"), completion: .file(extensions: ["json"]))
    var hardwareFile: [String] = []

    @OptionGroup(title: "Schedule") var schedule: ScheduleOptions
    @OptionGroup(title: "Vision side") var vision: VisionOptions
    @Flag(help: "Add the vision tower and projector to each prefill (time to first token end to end; exact convention).")
    var endToEnd = false
    @OptionGroup(title: "Cost model") var cost: CostOptions
    @OptionGroup(title: "Cost model") var parallel: ParallelOptions

    @Option(name: .customLong("gen-len"), help: "Generated tokens per request (decode time, tokens/s, energy).")
    var generationLength: Int = 128

    @Option(help: ArgumentHelp("Also price each device's request as this engine runs it: tensorrt-llm or pytorch-eager (fitted devices, or transferred by their datasheet roofs).", valueName: "name"))
    var engine: String?

    @OptionGroup(title: "Output") var output: FormatOption
    @Flag(help: "No colour, even on a terminal (NO_COLOR does the same; accepted by every command).") var noColor = false
    @Option(help: ArgumentHelp("Also write a self-contained HTML report to this file.", valueName: "path"), completion: .file(extensions: ["html"]))
    var html: String?
    @OptionGroup(title: "Runs database") var store: StoreOptions

    func validate() throws {
        try cost.refusePaperConvention("compare", needs: "prices time, memory and energy on each device")
        if cost.conventions.count != 1 { throw ValidationError("compare prices one convention; choose exact or llm-viewer") }
    }

    func run() throws {
        if let html { try HTMLOutput.requireWritable(html) }
        let runStore = try store.openIfStoring()
        var request = CompareRequest()
        request.model = model.source
        request.targets = hardware
        request.extraTargets = hardwareFile.map { .file(path: $0) }
        request.schedule = try schedule.request()
        request.options = cost.analysisOptions(cost.conventions[0], parallel)
        request.generationLength = generationLength
        request.vision = try vision.request()
        request.endToEnd = endToEnd
        request.engine = engine
        let outcome = try CompareService.compare(request)
        let text = try output.render(outcome.report, style: .forStandardOutput(noColorFlag: noColor))
        print(text, terminator: "")
        guard html != nil || runStore != nil else { return }
        let anchor = try CompareService.anchorReport(outcome)
        if let html { try HTMLOutput.write(HTMLReport.render(anchor, comparison: outcome.report), to: html) }
        if let runStore {
            try store.store(RunRecorder.content(compare: outcome, anchor: anchor, provenance: store.provenance(output.format, text)),
                            in: runStore)
        }
    }
}
