/// The calibrated time of an analysed pass, beside the pure roofline time it was priced with.
public struct CalibratedEstimate: Sendable, Equatable, Codable {
    public struct Stage: Sendable, Equatable, Codable {
        /// Per decoder layer, in layer order.
        public var layerSeconds: [Double]
        /// Embedding, merge, final norm, head.
        public var modelOperatorSeconds: Double
        public var seconds: Double
        public var rooflineSeconds: Double
    }

    public var hardware: String
    public var prefill: Stage
    /// One decode step at the schedule's context.
    public var decode: Stage
    /// The profile fields used (`calibration.matmul`, `calibration.streaming.softmax`, ...).
    public var fieldsUsed: [String]
    public var method: String
}

extension Analyzer {
    /// The calibrated estimate of `pass` (priced by this analyzer), or `nil` when the profile has no
    /// `calibration`.
    public func calibratedEstimate(_ pass: PassAnalysis) -> CalibratedEstimate? {
        guard let calibration = hardware.calibration else { return nil }
        let calibrated = CalibratedRoofline(roofline: roofline, calibration: calibration)
        let shapes = MatmulShapes(model: model, options: options)
        func stage(_ analysis: StageAnalysis) -> CalibratedEstimate.Stage {
            let layerSeconds = analysis.layers.map { layer -> Double in
                let step = TokenStep(stage: analysis.stage, queryTokens: layer.queryTokens, contextTokens: layer.contextTokens)
                return layer.operators.reduce(0) { sum, op in
                    sum + calibrated.seconds(op.name, op.cost, shape: shapes.shape(of: op.name, step: step))
                }
            }
            let lastTokens = analysis.layers.last?.queryTokens ?? 0
            let headStep = TokenStep(stage: analysis.stage, queryTokens: lastTokens, contextTokens: lastTokens)
            let model = analysis.modelOperators.reduce(0) { sum, op in
                sum + calibrated.seconds(op.name, op.cost, shape: shapes.shape(of: op.name, step: headStep))
            }
            return .init(layerSeconds: layerSeconds, modelOperatorSeconds: model,
                         seconds: layerSeconds.reduce(0, +) + model, rooflineSeconds: analysis.totals.seconds)
        }
        return CalibratedEstimate(hardware: hardware.name, prefill: stage(pass.prefill), decode: stage(pass.decode),
                                  fieldsUsed: calibrated.fieldsUsed, method: calibration.method)
    }
}
