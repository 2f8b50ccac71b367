import AIMViewerCore
import Foundation

/// `compare` in every output format. The terminal table fits 100 columns: one row per target
/// (the baseline's row, then the method's indented under it), numbers with SI prefixes.
public enum CompareRenderer {
    public static func table(_ report: CompareReport, style: TerminalStyle = .plain, markdown: Bool = false) -> String {
        let comparison = report.comparison
        var lines: [String] = []
        let heading = "\(report.model.name) on \(comparison.targets.count) targets · convention \(report.options.convention.rawValue)"
            + " · W\(report.options.weightBits)A\(report.options.activationBits)KV\(report.options.kvBits)"
            + (report.options.tensorParallel > 1 ? " · tp \(report.options.tensorParallel)" : "")
            + (report.options.batchSize > 1 ? " · batch \(report.options.batchSize)" : "")
        lines.append(markdown ? "# " + heading : style.bold(heading))
        let facts = report.workload + [
            "request: prefill + \(comparison.generationLength) generated tokens; sorted by \(comparison.methodLabel) \(comparison.visionIncluded == true ? "time to first token (vision + prefill)" : "prefill time"); speedup against \(comparison.referenceName) (\(referencePhrase(comparison.referenceChoice)))",
        ]
        lines.append(facts.map { (markdown ? "- " : "") + Format.wrap($0) }.joined(separator: "\n"))
        var table = PlainTable(header: ["target", comparison.visionIncluded == true ? "TTFT" : "prefill", "decode/tok", "dec tok/s", "e2e tok/s", "compute", "memory",
                                        "energy<=", "speedup"])
        let fastest = comparison.targets.first?.hardware
        for target in comparison.targets {
            let name = target.hardware == fastest && target.error == nil ? style.green(target.hardware) : target.hardware
            if target.error != nil {
                table.append([name + ": " + style.red("not priced, see below")])
                continue
            }
            // The target's name spans a line of its own, each schedule an indented row beneath it.
            table.append([name])
            for (index, schedule) in target.schedules.enumerated() {
                let isMethod = index == target.schedules.count - 1
                table.append([
                    "  " + schedule.label,
                    Format.si(schedule.prefillSeconds, "s"), Format.si(schedule.decodeSecondsPerToken, "s"),
                    Format.number(schedule.decodeTokensPerSecond), schedule.outputTokensPerSecond.map(Format.number) ?? "-",
                    Format.fixed(100 * schedule.prefillComputeBoundShare, 0) + "%",
                    footprint(schedule.peakFootprintBytes, target, style: style),
                    schedule.energyJoulesUpperBound.map { Format.si($0, "J") } ?? "-",
                    isMethod ? target.speedupVersusReference.map(Format.ratio) ?? "-" : "",
                ])
            }
        }
        lines.append(markdown ? table.markdown : table.text)
        for target in comparison.targets {
            if let error = target.error { lines.append(Format.wrap("\(target.hardware) cannot be priced: \(error)")) }
        }
        let misfits = comparison.targets.filter { $0.fits == false }
        if !misfits.isEmpty {
            let notes = misfits.map { target in
                "\(target.hardware): " + (target.smallestFittingTensorParallel.map { "fits with --tp \($0)" }
                    ?? "no --tp up to \(HardwareComparer.largestTensorParallel) fits")
            }
            let flag = markdown ? "Does not fit" : "DOES NOT FIT"
            let text = Format.wrap(flag + " in device memory (marked NO): " + notes.joined(separator: "; "))
            lines.append(markdown ? text : style.red(flag) + text.dropFirst(flag.count))
        }
        if let calibrated = calibratedNote(report) { lines.append(calibrated) }
        lines += CompareEngineTable.lines(report, style: style, markdown: markdown)
        lines.append(Format.wrap("""
            decode/tok: mean decode step; dec tok/s: generated tokens per second of decoding alone (batch / decode/tok); \
            e2e tok/s: generated tokens over the whole request, prefill included. \
            memory: peak footprint over the request / device capacity. compute: share of prefill time in compute-bound operators (the rest is memory- or interconnect-bound). \
            energy: request time x TDP, an upper bound (a device seldom draws its full board power). \
            Times are the pure roofline (a lower bound).
            """))
        return lines.joined(separator: "\n\n") + "\n"
    }

    static func referencePhrase(_ choice: HardwareComparison.ReferenceChoice?) -> String {
        switch choice {
        case .named, nil: return "the first named"
        case .firstOfSelection: return "the first of the selection; name a target first in --hardware to choose"
        case .firstOfDefaults: return "the first of the default targets"
        }
    }

    /// The calibrated estimate of every target whose profile has a `calibration` block: the table's
    /// times are the pure roofline, which such a profile is fitted to correct.
    static func calibratedNote(_ report: CompareReport) -> String? {
        let notes = report.comparison.targets.compactMap { target -> String? in
            let priced = target.schedules.compactMap { s -> String? in
                guard let prefill = s.calibratedPrefillSeconds else { return nil }
                return "\(s.label) prefill \(Format.si(prefill, "s")) (roofline \(Format.si(s.prefillSeconds, "s")))"
                    + (s.calibratedDecodeStepSeconds.map { ", decode step at the prompt's context \(Format.si($0, "s"))" } ?? "")
            }
            return priced.isEmpty ? nil : "\(target.hardware): " + priced.joined(separator: "; ")
        }
        guard !notes.isEmpty else { return nil }
        return Format.wrap("Calibrated estimate (from the profile's calibration block): " + notes.joined(separator: ". ") + ".")
    }

    static func footprint(_ bytes: Double, _ target: HardwareComparison.TargetResult, style: TerminalStyle) -> String {
        guard let capacity = target.memoryCapacityBytes else { return Format.si(bytes, "B") + " / ?" }
        let text = "\(Format.number(bytes / 1e9))/\(Format.number(capacity / 1e9)) GB"
        return bytes <= capacity ? text : style.red(text + " NO")
    }

    public static func json(_ report: CompareReport) throws -> String {
        struct Document: Encodable {
            var model: ModelConfig
            var options: AnalysisOptions
            var workload: [String]
            var comparison: HardwareComparison
        }
        return try JSONRenderer.encode(Document(model: report.model, options: report.options, workload: report.workload,
                                                comparison: report.comparison))
    }

    /// One row per target and schedule, in base units (seconds, bytes, joules) for plotting.
    public static func csv(_ report: CompareReport) -> String {
        let header = ["rank", "hardware", "schedule", "precision", "prefill_seconds", "prefill_ops", "decode_seconds_per_token",
                      "decode_tokens_per_second", "output_tokens_per_second", "prefill_compute_bound_share", "decode_compute_bound_share",
                      "peak_footprint_bytes", "memory_capacity_bytes", "fits", "smallest_fitting_tp", "request_seconds",
                      "energy_joules_upper_bound", "tdp_watts", "speedup_vs_reference", "calibrated_prefill_seconds",
                      "calibrated_decode_step_seconds", "error"]
        let engine = report.comparison.engine != nil
        var lines = [(header + (engine ? CompareEngineTable.csvHeader : [])).joined(separator: ",")]
        for (rank, target) in report.comparison.targets.enumerated() {
            let common = [String(rank + 1), CSVRenderer.escape(target.hardware)]
            let tail = [target.memoryCapacityBytes.map(Format.exact) ?? "", target.fits.map { $0 ? "true" : "false" } ?? "",
                        target.smallestFittingTensorParallel.map(String.init) ?? ""]
            if let error = target.error {
                lines.append((common + Array(repeating: "", count: 10) + tail
                              + ["", "", target.thermalDesignPowerWatts.map(Format.exact) ?? "", "", "", "", CSVRenderer.escape(error)]
                              + (engine ? CompareEngineTable.csvCells(target, nil) : []))
                    .joined(separator: ","))
                continue
            }
            for s in target.schedules {
                let row = common + [CSVRenderer.escape(s.label), target.precision ?? "", Format.exact(s.prefillSeconds),
                                    Format.exact(s.prefillOps), Format.exact(s.decodeSecondsPerToken),
                                    Format.exact(s.decodeTokensPerSecond), s.outputTokensPerSecond.map(Format.exact) ?? "",
                                    Format.exact(s.prefillComputeBoundShare),
                                    Format.exact(s.decodeComputeBoundShare), Format.exact(s.peakFootprintBytes)]
                    + tail + [Format.exact(s.requestSeconds), s.energyJoulesUpperBound.map(Format.exact) ?? "",
                              target.thermalDesignPowerWatts.map(Format.exact) ?? "",
                              s.label == report.comparison.methodLabel ? target.speedupVersusReference.map(Format.exact) ?? "" : "",
                              s.calibratedPrefillSeconds.map(Format.exact) ?? "", s.calibratedDecodeStepSeconds.map(Format.exact) ?? "", ""]
                    + (engine ? CompareEngineTable.csvCells(target, s) : [])
                lines.append(row.joined(separator: ","))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
