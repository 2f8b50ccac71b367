import AIMCatalog
import AIMReference
import AIMReport
import AIMViewerCore
import AIMViewerKit
import ArgumentParser
import Foundation

struct Calibrate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure this machine (or fit published measurements) and write a calibrated hardware profile.",
        discussion: """
            Without --from-measurements: times the reference engine's own kernels on this CPU \
            (streaming bandwidth over buffers far larger than the last-level cache, a grid of GEMM \
            shapes, softmax, RMSNorm, SwiGLU, residual add, RoPE, PageRank and merging over a range \
            of sizes) on one thread and on all threads, fits the calibration to them, and writes \
            this-machine-cpu.json (one thread: what the engine runs on) and \
            this-machine-cpu-all-threads.json to the user hardware directory, where crosscheck and \
            every --hardware option find them. Each point is timed several times; the run-to-run \
            spread is reported. --quick takes under 20 seconds, the default under 2 minutes.

            With --from-measurements DIR: fits the calibration to published kernel timings in the \
            LLMCompass CSV layout (matmul.csv, softmax.csv, layernorm.csv, gelu.csv) against the \
            roofs of --hardware, and writes that profile with the calibration added.

            With --from-serving DIR --engine NAME: fits an engine regime to serving tables in the \
            layout of HardwareProfiles/measured/tensorrt-llm-0.9 (throughput.csv, first-token.csv, \
            models.json) and prints every point's error in sample, leave-one-out and with its device \
            left out; --output writes the fitted regime (the file bundled as \
            Sources/AIMCatalog/EngineRegimes/tensorrt-llm.json). --quick skips the held-out refits.

            Both print every point (measured, pure roofline, calibrated, leave-one-out) and the error \
            per kernel class. docs/calibration.md explains the model and the fit.

            Examples:
              aim-viewer calibrate --quick
              aim-viewer calibrate --output ./my-cpu.json
              aim-viewer calibrate \\
                  --from-measurements HardwareProfiles/measured/llmcompass-a100 \\
                  --hardware a100-sxm4-80gb --name a100-sxm4-80gb-calibrated
              aim-viewer calibrate \\
                  --from-serving HardwareProfiles/measured/tensorrt-llm-0.9 \\
                  --engine tensorrt-llm
            """)

    @Flag(help: "Fewer shapes and shorter timings (under 20 s).") var quick = false
    @Option(help: ArgumentHelp("Fit published measurements in this directory instead of measuring this machine.", valueName: "dir"))
    var fromMeasurements: String?
    @Option(help: ArgumentHelp("Fit an engine regime to serving tables (throughput.csv, first-token.csv, models.json) in this directory.", valueName: "dir"))
    var fromServing: String?
    @Option(help: "With --from-serving: the engine regime to fit (tensorrt-llm).")
    var engine: String?
    @Option(help: ArgumentHelp("With --from-serving: the GEMM output tile whose waves over the SMs the regime prices, RxC or none (default: the regime's own, none for tensorrt-llm).", valueName: "RxC|none"))
    var gemmTile: String?
    @Flag(help: "With --from-serving: price the tables with the shipped regime --engine names, without fitting (held-out data: every point's error beside the roofline's).")
    var evaluate = false
    @Option(help: "With --from-measurements: the profile whose roofs the measurements are fitted against.")
    var hardware: String?
    @Option(help: ArgumentHelp("With --from-measurements: that profile as a file.", valueName: "path"))
    var hardwareFile: String?
    @Option(help: "With --from-measurements: the precision the measurements ran at (fp16, bf16, fp32, ...).")
    var precision: Precision = .fp16
    @Option(help: "Name of the written profile (default: this-machine-cpu, or the fitted profile's name + -calibrated).")
    var name: String?
    @Option(help: ArgumentHelp("Write the profile here instead of the user hardware directory.", valueName: "path"))
    var output: String?
    @Option(help: ArgumentHelp(OutputFormat.helpText + " json prints the profile instead of the report (nothing is written unless --output is given); calibrate has no csv form."))
    var format: OutputFormat = .table
    @Flag(help: .hidden) var json = false

    /// `--gemm-tile 128x256` or `none`.
    static func tile(_ text: String) throws -> GemmTile? {
        if text.lowercased() == "none" { return nil }
        let parts = text.lowercased().split(separator: "x").compactMap { Double($0) }
        guard parts.count == 2, parts.allSatisfy({ $0 >= 1 && $0 <= 4096 }) else {
            throw ValidationError("--gemm-tile takes ROWSxCOLUMNS (each 1 to 4096, e.g. 128x128) or none, got '\(text)'")
        }
        return GemmTile(rows: parts[0], columns: parts[1])
    }

    /// `--json` is the older spelling of `--format json`.
    var printsProfile: Bool { json || format == .json }

    func validate() throws {
        if fromServing != nil {
            if fromMeasurements != nil { throw ValidationError("give --from-serving or --from-measurements, not both") }
            if engine == nil { throw ValidationError("--from-serving needs the regime to fit: --engine tensorrt-llm") }
            if let gemmTile { _ = try Self.tile(gemmTile) }
            if evaluate, gemmTile != nil || output != nil || quick {
                throw ValidationError("--evaluate prices the tables with the shipped regime; --gemm-tile, --output and --quick belong to a fit")
            }
            if hardware != nil || hardwareFile != nil { throw ValidationError("--from-serving reads each point's device from its table (the gpu column); drop --hardware") }
        } else if engine != nil {
            throw ValidationError("--engine goes with --from-serving DIR")
        } else if evaluate || gemmTile != nil {
            throw ValidationError("--evaluate and --gemm-tile go with --from-serving DIR")
        }
        if format == .csv {
            throw ValidationError(FormatNotApplicable("calibrate", .csv, instead: "use --format table, markdown or json").description)
        }
        if fromMeasurements == nil, hardware != nil || hardwareFile != nil {
            throw ValidationError("--hardware and --hardware-file go with --from-measurements (this machine is measured otherwise)")
        }
        if fromMeasurements != nil, hardware == nil, hardwareFile == nil {
            throw ValidationError("--from-measurements needs the profile whose roofs to fit against: --hardware NAME (e.g. a100-sxm4-80gb) or --hardware-file PATH")
        }
        if hardware != nil, hardwareFile != nil { throw ValidationError("give --hardware or --hardware-file, not both") }
        if let name, name.isEmpty || name.contains("/") { throw ValidationError("--name must be a non-empty file name, got '\(name)'") }
    }

    func run() throws {
        if let output { try CatalogFiles.requireWritable(output, what: "the calibrated profile") }
        if let fromServing, evaluate {
            let fit = try CalibrationService.evaluateServing(directory: fromServing, engine: engine!)
            return print(ServingFitRenderer.text(fit, markdown: format == .markdown), terminator: "")
        }
        if let fromServing {
            let fit = try CalibrationService.fitServing(directory: fromServing, engine: engine!, leaveOneOut: !quick,
                                                        gemmTile: try gemmTile.map(Self.tile))
            if printsProfile, output == nil { return print(try JSONRenderer.encode(fit.regime), terminator: "") }
            print(ServingFitRenderer.text(fit, markdown: format == .markdown), terminator: "")
            if let output {
                try CatalogFiles.write(Data(try JSONRenderer.encode(fit.regime).utf8), to: output, what: "the fitted regime")
                print("wrote \(output)")
            }
            return
        }
        if let fromMeasurements {
            try fitPublished(directory: fromMeasurements)
        } else {
            try measureThisMachine()
        }
    }

    func fitPublished(directory: String) throws {
        let source: HardwareSource = hardwareFile.map { .file(path: $0) } ?? .profile(hardware!)
        let (profile, fit) = try CalibrationService.fitPublished(base: source, directory: directory, precision: precision, name: name)
        try emit(profiles: [profile], report: CalibrationRenderer.fitText(fit, profile: profile, markdown: format == .markdown))
    }

    func measureThisMachine() throws {
        let plan = quick ? MachineCalibration.Plan.quick : .standard
        let progress = ProgressReporter(total: plan.steps, label: "calibrate")
        let (result, measured, previous) = try CalibrationService.measureThisMachine(plan, name: name) { progress.update($0) }
        progress.finish()
        var report = CalibrationRenderer.machineText(result)
        report += "\n" + CalibrationRenderer.fitText(result.fit, profile: measured[0], markdown: format == .markdown)
        if let previous { report += CalibrationRenderer.comparison(previous: previous, current: measured[0]) }
        try emit(profiles: output != nil ? [measured[0]] : measured, report: report)
    }

    /// Writes each profile (to --output or the user directory) and prints the report, or the first
    /// profile's JSON with --format json.
    func emit(profiles: [HardwareProfile], report: String) throws {
        let written = (!printsProfile || output != nil)
            ? try CalibrationService.write(profiles, to: output, encode: JSONRenderer.encode) : []
        if printsProfile {
            print(try JSONRenderer.encode(profiles[0]), terminator: "")
        } else {
            print(report, terminator: "")
            for path in written { print("wrote \(path)") }
        }
    }
}

extension Precision: ExpressibleByArgument {}
