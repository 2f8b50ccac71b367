/// The reference engine against the analyzer on the same request: tokens per layer, counted versus
/// priced operations per operator (they must be equal), measured versus roofline time, and the
/// one-layer shift between the published analyzer and model, measured.
public struct CrosscheckResult: Sendable {
    public struct Layer: Sendable, Equatable {
        public var index: Int
        /// Rows the gather-mode engine ran on (= live tokens).
        public var executedTokens: Int
        /// Rows the mask-mode engine ran on (the whole prompt) and its live tokens.
        public var maskModeRows: Int
        public var maskModeLiveTokens: Int
        public var analyzerAlignedTokens: Int
        public var modelAlignedTokens: Int
        public var countedOps: Double
        public var pricedOps: Double
        public var measuredSeconds: Double
        public var predictedSeconds: Double
        /// With the profile's calibration; `nil` when it has none.
        public var calibratedSeconds: Double?
        /// Whether the two modes kept different positions after this layer (`nil`: neither pruned).
        public var keepSetsDiffer: Bool?
        public var keptOnlyByMask: [Int]
        public var keptOnlyByGather: [Int]

        public init(index: Int, executedTokens: Int, maskModeRows: Int, maskModeLiveTokens: Int, analyzerAlignedTokens: Int, modelAlignedTokens: Int, countedOps: Double, pricedOps: Double, measuredSeconds: Double, predictedSeconds: Double, calibratedSeconds: Double?, keepSetsDiffer: Bool?, keptOnlyByMask: [Int], keptOnlyByGather: [Int]) {
            self.index = index
            self.executedTokens = executedTokens
            self.maskModeRows = maskModeRows
            self.maskModeLiveTokens = maskModeLiveTokens
            self.analyzerAlignedTokens = analyzerAlignedTokens
            self.modelAlignedTokens = modelAlignedTokens
            self.countedOps = countedOps
            self.pricedOps = pricedOps
            self.measuredSeconds = measuredSeconds
            self.predictedSeconds = predictedSeconds
            self.calibratedSeconds = calibratedSeconds
            self.keepSetsDiffer = keepSetsDiffer
            self.keptOnlyByMask = keptOnlyByMask
            self.keptOnlyByGather = keptOnlyByGather
        }
    }

    public struct OperatorRow: Sendable, Equatable {
        /// `nil` for operators outside the layers.
        public var layer: Int?
        public var name: OperatorName
        public var counted: OperatorCost
        public var priced: OperatorCost
        public var measuredSeconds: Double
        public var predictedSeconds: Double
        public var calibratedSeconds: Double?

        public init(layer: Int?, name: OperatorName, counted: OperatorCost, priced: OperatorCost, measuredSeconds: Double, predictedSeconds: Double, calibratedSeconds: Double?) {
            self.layer = layer
            self.name = name
            self.counted = counted
            self.priced = priced
            self.measuredSeconds = measuredSeconds
            self.predictedSeconds = predictedSeconds
            self.calibratedSeconds = calibratedSeconds
        }
        public var opsAgree: Bool { CrosscheckResult.agree(counted.ops, priced.ops) }
    }

    public var model: ModelConfig
    public var hardware: HardwareProfile
    public var options: AnalysisOptions
    /// The analyzer's pricing of the schedule the engine executed (with AIM's merge and PageRank
    /// operators), and of the analyzer-aligned schedule alone.
    public var executedAnalysis: PassAnalysis
    public var analyzerAlignedAnalysis: PassAnalysis
    public var workload: EngineWorkload
    public var layers: [Layer]
    public var operators: [OperatorRow]
    /// Operators whose counted and priced ops differ (the command fails when not empty).
    public var mismatches: [OperatorRow] { operators.filter { !$0.opsAgree } }
    /// The shift `k` for which the engine's tokens at layer `l` equal the analyzer-aligned schedule
    /// at `l − k` on every layer (measured; `nil` if no shift of 0...3 explains them).
    public var measuredShift: Int?
    /// Prefill ops of the schedule the engine executed versus the analyzer-aligned schedule the
    /// paper reports (both priced under `exact` at the engine's Float32, without merge and PageRank).
    public var executedScheduleOps: Double
    public var analyzerScheduleOps: Double
    public var measuredSeconds: Double
    public var predictedSeconds: Double
    /// The whole forward pass with the profile's calibration, and the fields it used.
    public var calibratedSeconds: Double?
    public var calibrationFields: [String]
    /// Largest difference of the head's logits between the modes, relative to the largest logit:
    /// 0 up to rounding when the keep sets agree (live tokens compute the same values either way).
    /// `nil` when pruning left no position for the head (no logits to compare).
    public var modeLogitDifference: Double?

    public init(model: ModelConfig, hardware: HardwareProfile, options: AnalysisOptions, executedAnalysis: PassAnalysis, analyzerAlignedAnalysis: PassAnalysis, workload: EngineWorkload, layers: [Layer], operators: [OperatorRow], measuredShift: Int?, executedScheduleOps: Double, analyzerScheduleOps: Double, measuredSeconds: Double, predictedSeconds: Double, calibratedSeconds: Double?, calibrationFields: [String], modeLogitDifference: Double?) {
        self.model = model
        self.hardware = hardware
        self.options = options
        self.executedAnalysis = executedAnalysis
        self.analyzerAlignedAnalysis = analyzerAlignedAnalysis
        self.workload = workload
        self.layers = layers
        self.operators = operators
        self.measuredShift = measuredShift
        self.executedScheduleOps = executedScheduleOps
        self.analyzerScheduleOps = analyzerScheduleOps
        self.measuredSeconds = measuredSeconds
        self.predictedSeconds = predictedSeconds
        self.calibratedSeconds = calibratedSeconds
        self.calibrationFields = calibrationFields
        self.modeLogitDifference = modeLogitDifference
    }

    public static func agree(_ a: Double, _ b: Double) -> Bool {
        a == b || abs(a - b) <= 1e-12 * max(abs(a), abs(b))
    }
}
