import AIMViewerCore

/// `--format csv`: one row per schedule, stage, layer and operator, with stable columns in SI units,
/// ready for a spreadsheet or pandas. Every column holds one type: `scope` says whether a row is a
/// decoder layer's operator (`layer`, with its index in `layer`) or one outside the layers such as
/// `lm_head` (`model`, `layer` empty), so `layer` reads as integers.
public enum CSVRenderer {
    public static let columns = [
        "convention", "schedule", "stage", "scope", "layer", "operator", "query_tokens", "context_tokens", "ops", "bytes",
        "load_weight_bytes", "load_activation_bytes", "store_activation_bytes", "load_kv_bytes",
        "store_kv_bytes", "interconnect_bytes", "intensity_ops_per_byte", "bound", "seconds",
    ]

    public static func render(_ report: AnalysisReport) -> String {
        var lines = [columns.joined(separator: ",")]
        for (label, analysis) in report.labelledAnalyses {
            for stage in Stage.allCases {
                let result = analysis.stage(stage)
                for layer in result.layers {
                    for op in layer.operators {
                        lines.append(row(analysis.convention, label, stage, layer.index, layer.queryTokens, layer.contextTokens, op))
                    }
                }
                let lastTokens = result.layers.last?.queryTokens ?? 0
                for op in result.modelOperators { lines.append(row(analysis.convention, label, stage, nil, lastTokens, lastTokens, op)) }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `layer` is `nil` for an operator outside the decoder layers.
    static func row(_ convention: Convention, _ label: String, _ stage: Stage, _ layer: Int?, _ query: Int, _ context: Int,
                    _ op: PricedOperator) -> String {
        let c = op.cost
        return [
            convention.rawValue, escape(label), stage.rawValue, layer == nil ? "model" : "layer", layer.map(String.init) ?? "",
            op.name.rawValue, "\(query)", "\(context)",
            Format.exact(c.ops), Format.exact(c.bytes), Format.exact(c.loadWeightBytes),
            Format.exact(c.loadActivationBytes), Format.exact(c.storeActivationBytes),
            Format.exact(c.loadKVBytes), Format.exact(c.storeKVBytes), Format.exact(c.interconnectBytes),
            op.intensityOpsPerByte.map { "\($0)" } ?? "", op.bound.rawValue, "\(op.seconds)",
        ].joined(separator: ",")
    }

    public static func escape(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
