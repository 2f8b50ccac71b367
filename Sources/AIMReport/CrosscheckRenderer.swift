import AIMViewerCore
import Foundation

/// `aim-viewer crosscheck` output: per layer, tokens and ops of the engine beside the analyzer, then
/// the verdicts (ops equal, the measured one-layer shift, time, mask vs gather).
public enum CrosscheckRenderer {
    public static func text(_ result: CrosscheckResult, perOperator: Bool, markdown: Bool = false) -> String {
        let w = result.workload
        var lines: [String] = [
            "Crosscheck: reference engine vs the exact convention (Float32, dense attention, batch 1)",
            "model \(result.model.name): \(result.model.layerCount) layers, width \(result.model.hiddenSize), \(result.model.attentionHeads) heads / \(result.model.keyValueHeads) KV, MLP \(result.model.intermediateSize); hardware \(result.hardware.name)",
            "workload: \(w.frames) frames x \(w.tokensPerFrame) tokens, \(w.mergeIterations) merge rounds, text \(w.systemTokens) + \(w.questionTokens), prune from layer \(w.pruneStartLayer) by \(Format.number(w.pruneStep)), seed \(w.seed)",
            "",
        ]
        var table = PlainTable(header: [
            "layer", "executed", "sched model", "sched analyzer", "mask rows/live", "counted GOPs", "exact GOPs",
            "mask vs gather keep",
        ])
        for layer in result.layers {
            table.append([
                "\(layer.index)", "\(layer.executedTokens)", "\(layer.modelAlignedTokens)", "\(layer.analyzerAlignedTokens)",
                "\(layer.maskModeRows)/\(layer.maskModeLiveTokens)", Format.fixed(layer.countedOps / 1e9, 4),
                Format.fixed(layer.pricedOps / 1e9, 4), keepVerdict(layer),
            ])
        }
        lines.append(markdown ? table.markdown : table.text)
        lines += ["", "Time per layer: measured in the engine, predicted by the pure roofline and by the calibrated estimate on \(result.hardware.name):"]
        var times = PlainTable(header: ["layer"] + timeColumns)
        for layer in result.layers {
            times.append(timeRow("\(layer.index)", layer.measuredSeconds, layer.predictedSeconds, layer.calibratedSeconds))
        }
        times.append(timeRow("all", result.measuredSeconds, result.predictedSeconds, result.calibratedSeconds))
        lines.append(markdown ? times.markdown : times.text)
        lines += ["", "Time per operator, summed over the forward pass:"]
        let operatorTable = operatorTimes(result)
        lines.append(markdown ? operatorTable.markdown : operatorTable.text)
        if perOperator {
            var ops = PlainTable(header: ["layer", "operator", "counted ops", "exact ops", "counted bytes", "exact bytes",
                                          "measured ms", "roofline ms", "calibrated ms"])
            for row in result.operators {
                ops.append([row.layer.map(String.init) ?? "-", row.name.rawValue, Format.exact(row.counted.ops),
                            Format.exact(row.priced.ops), Format.exact(row.counted.bytes), Format.exact(row.priced.bytes),
                            Format.fixed(row.measuredSeconds * 1e3, 4), Format.fixed(row.predictedSeconds * 1e3, 4),
                            row.calibratedSeconds.map { Format.fixed($0 * 1e3, 4) } ?? "-"])
            }
            lines += ["", markdown ? ops.markdown : ops.text]
        }
        lines.append("")
        lines += verdicts(result)
        return lines.joined(separator: "\n") + "\n"
    }

    static func keepVerdict(_ layer: CrosscheckResult.Layer) -> String {
        switch layer.keepSetsDiffer {
        case nil: return "-"
        case false?: return "same"
        case true?: return "differ (+\(layer.keptOnlyByMask.count) mask, +\(layer.keptOnlyByGather.count) gather)"
        }
    }

    static func verdicts(_ result: CrosscheckResult) -> [String] {
        var lines: [String] = []
        let mismatches = result.mismatches
        if mismatches.isEmpty {
            lines.append("ops: all \(result.operators.count) operator counts equal the exact convention's.")
        } else {
            lines.append("ops: \(mismatches.count) of \(result.operators.count) operator counts DIFFER from the exact convention:")
            for row in mismatches {
                lines.append("  \(row.layer.map { "layer \($0)" } ?? "model") \(row.name.rawValue): counted \(Format.exact(row.counted.ops)), exact \(Format.exact(row.priced.ops))")
            }
        }
        let change = (result.executedScheduleOps / result.analyzerScheduleOps - 1) * 100
        switch result.measuredShift {
        case 1?:
            lines.append("shift: measured 1 layer: the engine (like the published model) applies rho_l after layer l, so each layer runs the token count the published analyzer gives the layer before it. Executed schedule \(Format.fixed(result.executedScheduleOps / 1e9, 4)) GOPs vs analyzer-aligned \(Format.fixed(result.analyzerScheduleOps / 1e9, 4)) GOPs (\(Format.signedPercent(change, 2))).")
        case let k?:
            lines.append("shift: measured \(k) layer(s) between the executed and the analyzer-aligned schedule (\(Format.signedPercent(change, 2)) ops).")
        case nil:
            lines.append("shift: the executed schedule matches no shift of 0 to 3 layers of the analyzer-aligned schedule.")
        }
        lines += timeVerdicts(result)
        let differing = result.layers.filter { $0.keepSetsDiffer == true }.map(\.index)
        let pruning = result.layers.filter { $0.keepSetsDiffer != nil }.count
        if differing.isEmpty {
            lines.append("modes: mask and gather keep the same tokens after all \(pruning) pruning layers; \(result.modeLogitDifference.map { "final logits differ by \(String(format: "%.1e", $0)) (relative, summation order)" } ?? "no final logits (pruning left no position for the head)").")
        } else {
            lines.append("modes: mask and gather keep different tokens after \(differing.count) of the \(pruning) pruning layers (layer \(differing.map(String.init).joined(separator: ", "))): in mask mode the uniform start counts dead positions and dead rows vote.")
        }
        return lines
    }

    /// Each operator's measured, roofline and calibrated time over all layers, slowest first.
    static func operatorTimes(_ result: CrosscheckResult) -> PlainTable {
        var totals: [OperatorName: (measured: Double, roofline: Double, calibrated: Double?)] = [:]
        for row in result.operators {
            var total = totals[row.name] ?? (0, 0, row.calibratedSeconds.map { _ in 0 })
            total.measured += row.measuredSeconds
            total.roofline += row.predictedSeconds
            total.calibrated = total.calibrated.map { $0 + (row.calibratedSeconds ?? 0) }
            totals[row.name] = total
        }
        var table = PlainTable(header: ["operator"] + timeColumns)
        for (name, total) in totals.sorted(by: { $0.value.measured > $1.value.measured }) {
            table.append(timeRow(name.rawValue, total.measured, total.roofline, total.calibrated))
        }
        return table
    }

    static let timeColumns = ["measured ms", "roofline ms", "roofline err", "calibrated ms", "calibrated err"]

    /// Measured time beside both predictions and their errors (`-` where there is no calibration).
    static func timeRow(_ label: String, _ measured: Double, _ roofline: Double, _ calibrated: Double?) -> [String] {
        [label, Format.fixed(measured * 1e3, 3), Format.fixed(roofline * 1e3, 3), Format.change(roofline, from: measured),
         calibrated.map { Format.fixed($0 * 1e3, 3) } ?? "-", Format.change(calibrated, from: measured)]
    }

    /// The calibration targets: within 25% on every layer and 15% on the whole forward pass.
    public static let layerTarget = 0.25
    public static let forwardTarget = 0.15

    static func timeVerdicts(_ result: CrosscheckResult) -> [String] {
        var lines = ["time: measured \(Format.fixed(result.measuredSeconds * 1e3, 3)) ms; pure roofline \(Format.fixed(result.predictedSeconds * 1e3, 3)) ms (\(Format.change(result.predictedSeconds, from: result.measuredSeconds))) on \(result.hardware.name)."]
        guard let calibrated = result.calibratedSeconds else {
            lines.append("calibrated: \(result.hardware.name) has no calibration; run `aim-viewer calibrate` (it writes this-machine-cpu, which crosscheck then uses) or pass --hardware-file with a calibrated profile.")
            return lines
        }
        let layerErrors = result.layers.compactMap { layer in layer.calibratedSeconds.map { abs($0 / layer.measuredSeconds - 1) } }
        let worst = layerErrors.max() ?? 0
        let whole = abs(calibrated / result.measuredSeconds - 1)
        let met = worst <= layerTarget && whole <= forwardTarget
        lines.append("calibrated: \(Format.fixed(calibrated * 1e3, 3)) ms (\(Format.change(calibrated, from: result.measuredSeconds)) whole forward); per layer |err| mean \(Format.fixed(layerErrors.reduce(0, +) / Double(max(layerErrors.count, 1)) * 100, 1))%, max \(Format.fixed(worst * 100, 1))%: targets (\(Format.number(layerTarget * 100))% per layer, \(Format.number(forwardTarget * 100))% whole forward) \(met ? "met" : "NOT met").")
        lines.append(Format.wrap("calibration used: \(result.calibrationFields.joined(separator: ", ")) of \(result.hardware.name)."))
        return lines
    }

    public static func csv(_ result: CrosscheckResult) -> String {
        var lines = ["layer,operator,counted_ops,exact_ops,counted_bytes,exact_bytes,measured_seconds,roofline_seconds,calibrated_seconds"]
        for row in result.operators {
            lines.append([row.layer.map(String.init) ?? "", row.name.rawValue, Format.exact(row.counted.ops),
                          Format.exact(row.priced.ops), Format.exact(row.counted.bytes), Format.exact(row.priced.bytes),
                          "\(row.measuredSeconds)", "\(row.predictedSeconds)",
                          row.calibratedSeconds.map { "\($0)" } ?? ""].joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public static func json(_ result: CrosscheckResult) throws -> String {
        try JSONRenderer.encode(CrosscheckDocument(result))
    }
}

/// The JSON form of a crosscheck (docs/reference-engine.md).
struct CrosscheckDocument: Encodable {
    struct Layer: Encodable {
        var index, executedTokens, modelAlignedTokens, analyzerAlignedTokens, maskModeRows, maskModeLiveTokens: Int
        var countedOps, exactOps, measuredSeconds, rooflineSeconds: Double
        var calibratedSeconds: Double?
        var keepSetsDiffer: Bool?
        var keptOnlyByMask, keptOnlyByGather: [Int]
    }
    struct Operator: Encodable {
        var layer: Int?
        var name: String
        var counted, exact: OperatorCost
        var measuredSeconds, rooflineSeconds: Double
        var calibratedSeconds: Double?
        var opsAgree: Bool
    }
    var model: ModelConfig
    var hardware: String
    var workload: EngineWorkload
    var layers: [Layer]
    var operators: [Operator]
    var mismatches: Int
    var measuredShift: Int?
    var executedScheduleOps, analyzerScheduleOps, measuredSeconds, rooflineSeconds: Double
    var modeLogitDifference: Double?
    var calibratedSeconds: Double?
    var calibrationFields: [String]

    init(_ r: CrosscheckResult) {
        model = r.model
        hardware = r.hardware.name
        workload = r.workload
        layers = r.layers.map {
            Layer(index: $0.index, executedTokens: $0.executedTokens, modelAlignedTokens: $0.modelAlignedTokens,
                  analyzerAlignedTokens: $0.analyzerAlignedTokens, maskModeRows: $0.maskModeRows,
                  maskModeLiveTokens: $0.maskModeLiveTokens, countedOps: $0.countedOps, exactOps: $0.pricedOps,
                  measuredSeconds: $0.measuredSeconds, rooflineSeconds: $0.predictedSeconds,
                  calibratedSeconds: $0.calibratedSeconds, keepSetsDiffer: $0.keepSetsDiffer, keptOnlyByMask: $0.keptOnlyByMask, keptOnlyByGather: $0.keptOnlyByGather)
        }
        operators = r.operators.map {
            Operator(layer: $0.layer, name: $0.name.rawValue, counted: $0.counted, exact: $0.priced,
                     measuredSeconds: $0.measuredSeconds, rooflineSeconds: $0.predictedSeconds,
                     calibratedSeconds: $0.calibratedSeconds, opsAgree: $0.opsAgree)
        }
        mismatches = r.mismatches.count
        measuredShift = r.measuredShift
        executedScheduleOps = r.executedScheduleOps
        analyzerScheduleOps = r.analyzerScheduleOps
        measuredSeconds = r.measuredSeconds
        rooflineSeconds = r.predictedSeconds
        modeLogitDifference = r.modeLogitDifference
        calibratedSeconds = r.calibratedSeconds
        calibrationFields = r.calibrationFields
    }
}
