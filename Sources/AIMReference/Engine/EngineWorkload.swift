import AIMViewerCore

/// The engine's own limits on a workload (it runs dense attention in Float32 on this machine).
extension EngineWorkload {
    public func validate() throws {
        func require(_ condition: Bool, _ message: String) throws {
            if !condition { throw ReferenceError.invalidParameter(message) }
        }
        try require(frames >= 1, "--frames must be at least 1, got \(frames)")
        try require(tokensPerFrame >= 1, "--tokens-per-frame must be at least 1, got \(tokensPerFrame)")
        try require(systemTokens >= 0 && questionTokens >= 0, "text token counts must be 0 or more")
        try require(systemTokens <= Self.maximumTokens && questionTokens <= Self.maximumTokens,
                    "--system-tokens and --question-tokens must be at most \(Self.maximumTokens) each, got \(systemTokens) and \(questionTokens)")
        try require(mergeIterations >= 0, "--merge-iterations must be 0 or more, got \(mergeIterations)")
        try require(mergeIterations < Int.bitWidth - 1 && tokensPerFrame >> mergeIterations >= 1,
                    "--merge-iterations \(mergeIterations) asks for more merges than a frame of \(tokensPerFrame) tokens has (at most \(Int.bitWidth - 1 - tokensPerFrame.leadingZeroBitCount) rounds)")
        try require(pruneStartLayer >= 0, "--prune-start must be 0 or more, got \(pruneStartLayer)")
        try require(pruneStep.isFinite && pruneStep >= 0 && pruneStep <= 1, "--prune-step must be in [0, 1], got \(pruneStep)")
        try require(pagerankIterations >= 0 && pagerankIterations <= 100, "PageRank iterations must be in 0...100")
        try require(temperature.isFinite && temperature > 0, "the PageRank temperature must be positive, got \(temperature)")
        let visual = frames.multipliedReportingOverflow(by: tokensPerFrame)
        try require(!visual.overflow && visual.partialValue <= Self.maximumTokens && visual.partialValue + textTokens <= Self.maximumTokens,
                    "the engine runs at most 65 536 tokens (dense N×N attention); use fewer frames or tokens per frame")
    }
}
