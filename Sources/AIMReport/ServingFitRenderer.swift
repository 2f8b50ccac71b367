import AIMViewerCore

/// `calibrate --from-serving`: every point's measured figure beside the pure roofline, the fitted
/// regime, leave-one-out and leave-one-device-out, then the error summary and the fitted figures.
public enum ServingFitRenderer {
    public static func text(_ fit: ServingFit, markdown: Bool = false) -> String {
        var table = PlainTable(header: ["point", "measured", "roofline", "err", "fitted", "err", "leave-1-out", "leave-device-out"])
        for point in fit.points {
            let unit = point.kind == .throughput ? "tok/s" : "s"
            func value(_ v: Double) -> String {
                point.kind == .throughput ? Format.fixed(v, 0) + " " + unit : Format.si(v, unit)
            }
            table.append([
                point.label, value(point.measured), value(point.roofline), Format.signedPercent(point.rooflineErrorPercent),
                value(point.fitted), Format.signedPercent(point.errorPercent),
                point.leaveOneOutErrorPercent.map { Format.signedPercent($0) } ?? "-",
                point.leaveOneDeviceOutErrorPercent.map { Format.signedPercent($0) } ?? "-",
            ])
        }
        var lines = [markdown ? table.markdown : table.text, ""]
        lines += summaryLines(fit.summary, markdown: markdown)
        lines.append("")
        lines += regimeLines(fit.regime)
        return lines.joined(separator: "\n") + "\n"
    }

    /// Mean |error| per kind of figure: the roofline's, in sample, leave-one-out, leave-one-device-out.
    public static func summaryLines(_ summary: ServingFitSummary, markdown: Bool = false) -> [String] {
        var table = PlainTable(header: ["figure", "points", "roofline mean |err|", "fit mean |err|", "fit max |err|",
                                        "leave-1-out mean", "leave-device-out mean"])
        for (name, errors) in [("throughput", summary.throughput), ("first token", summary.firstToken)] {
            guard let errors else { continue }
            func percent(_ v: Double?) -> String { v.map { Format.fixed($0, 1) + "%" } ?? "-" }
            table.append([name, "\(errors.points)", percent(errors.rooflineMeanAbsolutePercent), percent(errors.meanAbsolutePercent),
                          percent(errors.maxAbsolutePercent), percent(errors.leaveOneOutMeanAbsolutePercent),
                          percent(errors.leaveOneDeviceOutMeanAbsolutePercent)])
        }
        return [markdown ? table.markdown : table.text]
    }

    public static func regimeLines(_ regime: EngineRegime) -> [String] {
        let m = regime.kernels.matmul
        var lines = [
            "\(regime.name) regime fitted on \(regime.fittedOn.joined(separator: ", "))",
            "  fusions: \(regime.fusions.sorted().map(\.rawValue).joined(separator: ", "))",
            "  GEMM: \(Format.fixed(m.peakFraction * 100, 1))% of the FP16/BF16 peak at large shapes, rows half-efficiency \(Format.fixed(m.halfEfficiencyRows, 0)), \(Format.fixed(m.bandwidthFraction * 100, 1))% of the memory bandwidth",
        ]
        if let tile = regime.gemmTile {
            lines.append("  GEMM tiles \(Format.fixed(tile.rows, 0))x\(Format.fixed(tile.columns, 0)) in waves over the profile's compute units (the idle share of the last wave lost)")
        }
        for (precision, fraction) in regime.peakFractionByPrecision.sorted(by: { $0.key < $1.key }) {
            lines.append("  GEMM at \(precision.rawValue): \(Format.fixed(fraction * 100, 1))% of its peak")
        }
        if let a = regime.promptAttention {
            lines.append("  prompt attention: \(Format.fixed(a.computeFraction * 100, 1))% of the \(regime.attentionPrecision?.rawValue ?? "GEMM") peak")
        }
        if let a = regime.decodeAttention {
            lines.append("  decode attention: \(Format.fixed(a.bandwidthFraction * 100, 1))% of the memory bandwidth")
        }
        lines.append("  overhead: \(Format.si(m.overheadSeconds, "s")) per kernel, \(Format.si(regime.stepOverheadSeconds, "s")) per step")
        if let ar = regime.allReduce {
            lines.append("  all-reduce: \(Format.si(ar.latencySeconds, "s")) per step, \(Format.fixed(ar.linkFraction * 100, 1))% of one direction of the link (one-shot or ring, the faster)")
        }
        return lines
    }
}
