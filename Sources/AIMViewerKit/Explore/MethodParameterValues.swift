import AIMViewerCore

/// The values each method parameter takes in a sweep (one value, a list or a range, already
/// parsed by the front end); `nil`: the method's published default. `analyze` uses one value each,
/// `explore` sweeps them.
public struct MethodParameterValues: Sendable {
    public var mergeKeep: DecimalValues?
    public var mergeIterations: WholeValues?
    public var pruneStart: WholeValues?
    public var pruneStep: DecimalValues?
    public var alignment: PruneAlignment = .analyzer
    public var fastvK: WholeValues?
    public var fastvRatio: DecimalValues?
    public var pdropLayers: [Int]?
    public var pdropLambda: DecimalValues?
    public var vtwLayer: WholeValues?
    public var fixedTokensPerFrame: WholeValues?
    public var keepRatio: DecimalValues?

    public init() {}

    /// Every configuration of `method` for a model of `layerCount` layers and frames of
    /// `tokensPerFrame`, as the product of each parameter's values: checked per value, never built whole.
    public func sweep(_ method: MethodKind, layerCount: Int, tokensPerFrame: Int) throws -> MethodSweep {
        switch method {
        case .baseline:
            return MethodSweep(.presets([.baseline]))
        case .aim:
            let paper = AIMScheduleParameters.paperDefault
            let iterations: WholeValues
            if let mergeKeep {
                guard mergeIterations == nil else {
                    throw RequestError(ParameterMessage { "give \($0(.mergeKeep)) or \($0(.mergeIterations)), not both" })
                }
                // Only powers of two are reachable (at most 63 distinct), so the first miss ends a long range.
                var reached: [Int] = []
                for keep in mergeKeep { reached.append(try AIMScheduler.mergeIterations(forKeep: keep)) }
                iterations = WholeValues(reached)
            } else {
                iterations = mergeIterations ?? WholeValues([paper.mergeIterations])
            }
            return MethodSweep(.aim(mergeIterations: iterations, pruneStarts: pruneStart ?? WholeValues([paper.pruneStartLayer]),
                                    pruneSteps: pruneStep ?? DecimalValues([paper.pruneStep]), alignment: alignment))
        case .fastv:
            return MethodSweep(.fastV(k: fastvK ?? WholeValues([MethodPreset.Defaults.fastVK]),
                                      ratio: fastvRatio ?? DecimalValues([MethodPreset.Defaults.fastVRatio])))
        case .pdrop:
            return MethodSweep(.pyramidDrop(
                boundaries: pdropLayers ?? MethodPreset.pyramidDropBoundaries(layerCount: layerCount),
                lambda: pdropLambda ?? DecimalValues([MethodPreset.Defaults.pyramidDropLambda])))
        case .vtw:
            return MethodSweep(.visualTokenWithdrawal(
                layer: vtwLayer ?? WholeValues([MethodPreset.Defaults.withdrawalLayer(layerCount: layerCount)])))
        case .fixed:
            return MethodSweep(.fixed(tokensPerFrame: fixedTokensPerFrame
                ?? WholeValues([MethodPreset.Defaults.fixedTokensPerFrame(tokensPerFrame: tokensPerFrame)])))
        case .uniformKeep:
            return MethodSweep(.uniformKeep(ratio: keepRatio ?? DecimalValues([MethodPreset.Defaults.uniformKeepRatio])))
        }
    }
}
