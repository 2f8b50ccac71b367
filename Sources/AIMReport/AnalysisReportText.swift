import AIMViewerCore

/// The lines every rendering of an analysis starts with, in one place so the formats agree.
extension AnalysisReport {
    /// The architecture the config was read as, and its size: `gptj (LayerNorm, …), 6.05B parameters`.
    public var architectureLine: String {
        let counts = model.parameterCount
        var line = "architecture: \(model.architecture.summary(headDim: model.headDim)), "
            + "\(Format.number(counts.total / 1e9))B parameters"
        if counts.active < counts.total { line += " (\(Format.number(counts.active / 1e9))B active per token)" }
        let prediction = model.weights().multiTokenPrediction
        if prediction > 0 {
            line += "; \(model.architecture.multiTokenPredictionLayers) multi-token-prediction layer(s) of "
                + "\(Format.number(prediction / 1e9))B not counted or priced (a speculative-decoding module)"
        }
        if options.convention == .exact, let window = model.architecture.attentionWindow {
            line += options.kvCache == .rolling
                ? "; windowed layers attend and cache at most \(window.tokens) entries (rolling KV cache)"
                : "; windowed layers attend at most \(window.tokens) keys and keep every KV entry (full KV cache)"
        }
        if options.convention == .exact, model.architecture.latentAttention != nil {
            line += "; MLA " + (options.latentAttention == .engine ? "decompressed for prefill, absorbed for decode"
                                : "\(options.latentAttention.rawValue) in both stages")
        }
        if let split = model.multimodalParameters {
            line += "; with its \(split.modelType) vision side \(Format.number(split.total / 1e9))B "
                + "(vision \(Format.number(split.vision / 1e9))B + projector \(Format.number(split.projector / 1e9))B + LLM \(Format.number(split.llm / 1e9))B)"
        }
        if options.convention == .llmViewer, !model.architecture.isPlainLLaMA {
            line += "; llm-viewer prices it LLaMA-shaped, as LLM-Viewer does"
        }
        return line
    }

    /// A one-line header: model, device, precision, convention and options that change the numbers.
    public var headline: String {
        let analysis = labelledAnalyses[0].analysis
        var parts = [
            "\(model.name) on \(hardware.name)",
            "\(analysis.precision.rawValue) peak \(Format.number(analysis.peakOpsPerSecond / 1e12)) TOPS",
            "convention \(options.convention.rawValue)",
        ]
        if options.batchSize != 1 { parts.append("batch \(options.batchSize)") }
        if options.tensorParallel != 1 { parts.append("tp \(options.tensorParallel)") }
        parts.append("W\(options.weightBits)A\(options.activationBits)KV\(options.kvBits)")
        if options.flashAttention { parts.append("flash attention") }
        if options.convention == .exact, options.kvCache == .full, model.architecture.attentionWindow != nil {
            parts.append("full KV cache on windowed layers")
        }
        if options.convention == .exact, options.latentAttention != .engine, model.architecture.latentAttention != nil {
            parts.append("MLA \(options.latentAttention.rawValue)")
        }
        if options.skipMLPAdd, options.convention == .llmViewer { parts.append("mlp_add skipped") }
        if options.logitsForAllPositions, options.convention == .exact { parts.append("logits for all positions") }
        return parts.joined(separator: " · ")
    }
}
