import AIMViewerCore
import Foundation

/// `aim-viewer calibrate` output: every measured point beside the pure roofline and the fitted
/// calibration (with its leave-one-out prediction), then the error per kernel class.
public enum CalibrationRenderer {
    public static func fitText(_ fit: CalibrationFit, profile: HardwareProfile, markdown: Bool = false) -> String {
        var table = PlainTable(header: ["point", "measured", "roofline", "err", "calibrated", "err", "leave-1-out"])
        for point in fit.points {
            table.append([
                String(point.measurement.label.prefix(44)), Format.si(point.measurement.seconds, "s"),
                Format.si(point.rooflineSeconds, "s"), Format.signedPercent(point.rooflineErrorPercent),
                Format.si(point.fittedSeconds, "s"), Format.signedPercent(point.errorPercent),
                point.leaveOneOutErrorPercent.map { Format.signedPercent($0) } ?? "-",
            ])
        }
        var lines = [markdown ? table.markdown : table.text, ""]
        lines += summary(fit.calibration, fit: fit)
        lines.append("")
        lines += fields(fit.calibration, profile: profile)
        return lines.joined(separator: "\n") + "\n"
    }

    /// Error per class: the pure roofline's, the fit's on its own points, and leave-one-out.
    static func summary(_ calibration: Calibration, fit: CalibrationFit) -> [String] {
        var table = PlainTable(header: ["class", "points", "roofline mean |err|", "fit mean |err|", "fit max |err|",
                                        "leave-1-out mean", "leave-1-out max"])
        for kernelClass in KernelClass.allCases {
            guard let error = calibration.fitError[kernelClass] else { continue }
            let roofline = fit.points.filter { $0.measurement.kernelClass == kernelClass }.map { abs($0.rooflineErrorPercent) }
            table.append([
                kernelClass.rawValue, "\(error.points)",
                Format.fixed(roofline.reduce(0, +) / Double(max(roofline.count, 1)), 1) + "%",
                Format.fixed(error.meanAbsolutePercent, 1) + "%", Format.fixed(error.maxAbsolutePercent, 1) + "%",
                error.leaveOneOutMeanAbsolutePercent.map { Format.fixed($0, 1) + "%" } ?? "-",
                error.leaveOneOutMaxAbsolutePercent.map { Format.fixed($0, 1) + "%" } ?? "-",
            ])
        }
        return ["Error against the measurements (relative to the measured time):", table.text]
    }

    /// The fitted parameters as a reader checks them.
    public static func fields(_ calibration: Calibration, profile: HardwareProfile) -> [String] {
        let gemm = calibration.matmul
        var lines = [
            "Calibration of \(profile.name) (roofs: \(Format.si(profile.memoryBandwidthBytesPerSecond, "B/s")), peaks \(profile.peakOpsPerSecond.sorted { $0.key < $1.key }.map { "\($0.key.rawValue) \(Format.si($0.value, "OP/s"))" }.joined(separator: ", "))):",
            "  matmul: overhead \(Format.si(gemm.overheadSeconds, "s")), \(Format.fixed(gemm.peakFraction * 100, 1))% of peak at large shapes, half at m = \(Format.number(gemm.halfEfficiencyRows)) rows, \(gemm.halfEfficiencyDepth.map { "n = \(Format.number(gemm.halfEfficiencyColumns)), k = \(Format.number($0))" } ?? "n, k = \(Format.number(gemm.halfEfficiencyColumns))"); memory roof \(Format.fixed(gemm.bandwidthFraction * 100, 1))% of bandwidth",
        ]
        for (kernelClass, curve) in calibration.streaming.sorted(by: { $0.key < $1.key }) {
            let points = curve.curve.map { "\(Format.si($0.bytes, "B")) \(Format.fixed($0.bandwidthFraction * 100, 1))%" }
            lines.append(Format.wrap("\(kernelClass.rawValue): overhead \(Format.si(curve.overheadSeconds, "s")), \(Format.fixed(curve.computeFraction * 100, 1))% of peak; bandwidth fraction by bytes moved: \(points.joined(separator: ", "))", width: 98)
                .split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
        }
        let missing = KernelClass.allCases.filter { $0 != .matmul && calibration.streaming[$0] == nil }
        if !missing.isEmpty {
            lines.append("  no curve of its own (priced by a fallback): \(missing.map { "\($0.rawValue) -> \($0.fallbacks.first { calibration.streaming[$0] != nil }?.rawValue ?? "none")" }.joined(separator: ", "))")
        }
        return lines
    }

}

extension CalibrationRenderer {
    /// What `calibrate` measured on this machine, with the run-to-run spread of each headline figure.
    public static func machineText(_ result: MachineCalibrationResult) -> String {
        func rate(_ r: MeasuredRate, _ unit: String) -> String {
            "\(Format.si(r.perSecond, unit)) (spread \(Format.fixed(r.spread * 100, 1))%)"
        }
        let spreads = result.spreads.sorted()
        let median = spreads.isEmpty ? 0 : spreads[spreads.count / 2]
        return [
            "Calibrated \(result.processor) in \(Format.fixed(result.elapsedSeconds, 1)) s:",
            "  memory bandwidth (STREAM triad, buffers far beyond the last-level cache): one thread \(rate(result.bandwidthOneThread, "B/s")), \(result.threads) threads \(rate(result.bandwidthAllThreads, "B/s"))",
            "  Float32 GEMM peak (the engine's kernel): one thread \(rate(result.peakOneThread, "FLOP/s")), \(result.threads) threads \(rate(result.peakAllThreads, "FLOP/s"))",
            "  per-call overhead (a 1x16x16 GEMM): \(Format.si(result.callOverheadSeconds, "s"))",
            "  \(result.measurements.count) kernel timings; run-to-run spread (slowest - fastest) / median: median \(Format.fixed(median * 100, 1))%, worst \(Format.fixed((spreads.last ?? 0) * 100, 1))%",
            "",
        ].joined(separator: "\n") + "\n"
    }

    /// The change against the profile this run replaces: how repeatable calibration is across runs.
    public static func comparison(previous: HardwareProfile, current: HardwareProfile) -> String {
        func change(_ figure: (HardwareProfile) -> Double?) -> String { Format.change(figure(current), from: figure(previous)) }
        return "Against the previous \(previous.name): bandwidth \(change(\.memoryBandwidthBytesPerSecond)), fp32 peak \(change { $0.peakOpsPerSecond[.fp32] }), GEMM overhead \(change { $0.calibration?.matmul.overheadSeconds }).\n"
    }
}
