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

/// Prices one analysed operator with the calibration, at the GEMM shape its step gives it.
public struct OperatorCalibrator: Sendable {
    public let calibrated: CalibratedRoofline
    let shapes: MatmulShapes

    /// `layer`: the decoder layer the operator ran in (its window and MLP kind shape its GEMMs);
    /// `nil` for the operators outside the layers.
    public func seconds(_ op: PricedOperator, step: TokenStep, layer: Int? = nil) -> Double {
        calibrated.seconds(op.name, op.cost, shape: shapes.shape(of: op.name, step: step, layer: layer))
    }

    /// The step a layer ran in, and the step of the operators outside the layers (the head sees the
    /// last layer's tokens).
    public static func step(_ stage: Stage, layer: LayerAnalysis) -> TokenStep {
        TokenStep(stage: stage, queryTokens: layer.queryTokens, contextTokens: layer.contextTokens)
    }

    public static func modelStep(_ analysis: StageAnalysis) -> TokenStep {
        let last = analysis.layers.last?.queryTokens ?? 0
        return TokenStep(stage: analysis.stage, queryTokens: last, contextTokens: last)
    }
}

extension Analyzer {
    /// `nil` when the profile has no `calibration`.
    public var operatorCalibrator: OperatorCalibrator? {
        hardware.calibration.map {
            OperatorCalibrator(calibrated: CalibratedRoofline(roofline: roofline, calibration: $0),
                               shapes: MatmulShapes(model: model, options: options))
        }
    }

    /// The calibrated estimate of `pass` (priced by this analyzer), or `nil` when the profile has no
    /// `calibration`.
    public func calibratedEstimate(_ pass: PassAnalysis) -> CalibratedEstimate? {
        guard let calibrator = operatorCalibrator else { return nil }
        func stage(_ analysis: StageAnalysis) -> CalibratedEstimate.Stage {
            let layerSeconds = analysis.layers.map { layer -> Double in
                let step = OperatorCalibrator.step(analysis.stage, layer: layer)
                return layer.operators.reduce(0) { $0 + calibrator.seconds($1, step: step, layer: layer.index) }
            }
            let modelStep = OperatorCalibrator.modelStep(analysis)
            let model = analysis.modelOperators.reduce(0) { $0 + calibrator.seconds($1, step: modelStep) }
            return .init(layerSeconds: layerSeconds, modelOperatorSeconds: model,
                         seconds: layerSeconds.reduce(0, +) + model, rooflineSeconds: analysis.totals.seconds)
        }
        return CalibratedEstimate(hardware: hardware.name, prefill: stage(pass.prefill), decode: stage(pass.decode),
                                  fieldsUsed: calibrator.calibrated.fieldsUsed, method: calibrator.calibrated.calibration.method)
    }
}
