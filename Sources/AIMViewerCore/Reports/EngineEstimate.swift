/// One schedule priced as an engine regime runs it (`analyze --engine`), beside the pure roofline.
public struct EngineEstimate: Sendable, Equatable, Codable {
    public struct Stage: Sendable, Equatable, Codable {
        /// Per decoder layer, in layer order.
        public var layerSeconds: [Double]
        /// Each layer's operators' shares of their kernels' time, in the analysis's operator order.
        public var operatorSeconds: [[Double]]
        /// Embedding, final norm, head (with their shares in `modelOperatorShares`).
        public var modelOperatorSeconds: Double
        public var modelOperatorShares: [Double]
        /// Kernels launched in this forward step.
        public var kernels: Int
        /// Layers, model operators and the regime's fixed cost per step.
        public var seconds: Double
        public var rooflineSeconds: Double
    }

    public var engine: String
    /// "tensorrt-llm regime fitted on …, applied to …".
    public var provenance: String
    public var transferred: Bool
    public var fittedOn: [String]
    public var data: String
    public var hardware: String
    /// The peak GEMMs are priced at, and the one fused attention runs at.
    public var gemmPrecision: Precision
    public var gemmPeakOpsPerSecond: Double
    public var attentionPrecision: Precision
    public var prefill: Stage
    /// One decode step at `decodeContextTokens` entries per layer (the first layer's count).
    public var decode: Stage
    public var decodeContextTokens: Int
    public var stepOverheadSeconds: Double

    public init(engine: String, provenance: String, transferred: Bool, fittedOn: [String], data: String, hardware: String,
                gemmPrecision: Precision, gemmPeakOpsPerSecond: Double, attentionPrecision: Precision,
                prefill: Stage, decode: Stage, decodeContextTokens: Int, stepOverheadSeconds: Double) {
        self.engine = engine
        self.provenance = provenance
        self.transferred = transferred
        self.fittedOn = fittedOn
        self.data = data
        self.hardware = hardware
        self.gemmPrecision = gemmPrecision
        self.gemmPeakOpsPerSecond = gemmPeakOpsPerSecond
        self.attentionPrecision = attentionPrecision
        self.prefill = prefill
        self.decode = decode
        self.decodeContextTokens = decodeContextTokens
        self.stepOverheadSeconds = stepOverheadSeconds
    }
}

/// A whole request under an engine regime (`analyze --gen-len G --engine NAME`): the prompt's forward
/// step yields the first token, then `G − 1` decode steps yield the rest, as a serving benchmark
/// times it (docs/calibration.md, "Calibrated generation").
public struct CalibratedGeneration: Sendable, Equatable, Codable {
    public var engine: String
    public var outputTokens: Int
    public var batch: Int
    public var devices: Int
    public var timeToFirstTokenSeconds: Double
    /// The mean decode step: `(total − TTFT) / (G − 1)`; the single step at the prompt's context when `G ≤ 1`.
    public var timePerOutputTokenSeconds: Double
    public var firstStepSeconds: Double
    public var lastStepSeconds: Double
    public var totalSeconds: Double
    /// `batch · G / total`, the whole system.
    public var tokensPerSecond: Double
    /// `tokensPerSecond / devices`.
    public var tokensPerSecondPerDevice: Double
    /// How the decode steps were summed: `closed form` (every kernel's time a maximum of lines in the
    /// context) or `step by step`.
    public var summation: String

    public init(engine: String, outputTokens: Int, batch: Int, devices: Int, timeToFirstTokenSeconds: Double,
                timePerOutputTokenSeconds: Double, firstStepSeconds: Double, lastStepSeconds: Double, totalSeconds: Double,
                summation: String) {
        self.engine = engine
        self.outputTokens = outputTokens
        self.batch = batch
        self.devices = devices
        self.timeToFirstTokenSeconds = timeToFirstTokenSeconds
        self.timePerOutputTokenSeconds = timePerOutputTokenSeconds
        self.firstStepSeconds = firstStepSeconds
        self.lastStepSeconds = lastStepSeconds
        self.totalSeconds = totalSeconds
        tokensPerSecond = totalSeconds > 0 ? Double(batch * outputTokens) / totalSeconds : 0
        tokensPerSecondPerDevice = tokensPerSecond / Double(max(devices, 1))
        self.summation = summation
    }
}
