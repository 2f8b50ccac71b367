import Testing
@testable import AIMViewerCore

@Suite struct MethodPresetTests {
    /// V = 2 frames x 5 = 10 visual tokens, P = 3 text tokens, 4 layers.
    func counts(_ preset: MethodPreset, layers: Int = 4) throws -> [Int] {
        try preset.schedule(frames: 2, tokensPerFrame: 5, textTokens: 3, layerCount: layers).tokensPerLayer
    }

    @Test func schedulesByHand() throws {
        #expect(try counts(.baseline) == [13, 13, 13, 13])
        #expect(try counts(.fastV(k: 2, ratio: 0.5)) == [13, 13, 8, 8])
        #expect(try counts(.fastV(k: 0, ratio: 0.75)) == [5, 5, 5, 5])           // int(0.25 x 10) = 2
        #expect(try counts(.pyramidDrop(boundaries: [1, 2], lambda: 0.5)) == [13, 8, 5, 5])  // 10, 5, int(2.5) = 2
        #expect(try counts(.visualTokenWithdrawal(layer: 2)) == [13, 13, 3, 3])
        #expect(try counts(.fixed(tokensPerFrame: 2)) == [7, 7, 7, 7])
        #expect(try counts(.fixed(tokensPerFrame: 9)) == [13, 13, 13, 13])        // never more than the frame has
        #expect(try counts(.uniformKeep(ratio: 0.25)) == [5, 5, 5, 5])
        // AIM: merge 5 → 3 (one round), V = 6; prune from layer 1 by 0.5: 9, int(0.5·6 + 3) = 6, 3, 3.
        #expect(try counts(.aim(mergeIterations: 1, pruneStartLayer: 1, pruneStep: 0.5, alignment: .analyzer)) == [9, 6, 3, 3])
        #expect(try counts(.aim(mergeIterations: 1, pruneStartLayer: 1, pruneStep: 0.5, alignment: .model)) == [9, 9, 6, 3])
        // PyramidDrop's default boundaries are 8/16/24 of 32 layers.
        #expect(MethodPreset.pyramidDropBoundaries(layerCount: 32) == [8, 16, 24])
    }

    @Test func theAIMPresetIsTheAIMScheduler() throws {
        let paper = AIMScheduleParameters.paperDefault
        let preset = MethodPreset.aim(mergeIterations: paper.mergeIterations, pruneStartLayer: paper.pruneStartLayer,
                                      pruneStep: paper.pruneStep, alignment: paper.alignment)
        #expect(try preset.schedule(frames: 32, tokensPerFrame: 196, textTokens: 100, layerCount: 28)
                == (try AIMScheduler.schedule(paper, layerCount: 28)))
    }

    @Test func parametersOutsideTheirDomainAreErrors() {
        for preset in [MethodPreset.fastV(k: -1, ratio: 0.5), .fastV(k: 2, ratio: 1.5), .pyramidDrop(boundaries: [], lambda: 0.5),
                       .pyramidDrop(boundaries: [8, 4], lambda: 0.5), .pyramidDrop(boundaries: [8], lambda: 2),
                       .visualTokenWithdrawal(layer: -3), .fixed(tokensPerFrame: -1), .uniformKeep(ratio: .nan),
                       .aim(mergeIterations: 1, pruneStartLayer: 0, pruneStep: 1.5, alignment: .analyzer)] {
            #expect(throws: ScheduleError.self, "\(preset)") { try preset.validate() }
        }
    }
}

@Suite struct ParameterRangeTests {
    @Test func valuesListsAndRanges() throws {
        #expect(try ParameterRange.integers("32", option: "--frames") == [32])
        #expect(try ParameterRange.integers("8...12", option: "--frames") == [8, 9, 10, 11, 12])
        #expect(try ParameterRange.integers("8...256:8", option: "--frames").count == 32)
        #expect(try ParameterRange.decimals("1,0.5,0.25", option: "--merge-keep") == [1, 0.5, 0.25])
        #expect(try ParameterRange.decimals("0.05...0.2:0.05", option: "--prune-step") == [0.05, 0.1, 0.15, 0.2])
        #expect(try ParameterRange.decimals("0.05...0.5", option: "--prune-step").count == 46)  // steps of 0.01
        #expect(try ParameterRange.decimals("0.1...0.3", option: "--x") == [0.1, 0.2, 0.3])  // not 0.30000000000000004
    }

    @Test func emptyInvertedAndMalformedRangesAreErrors() {
        for text in ["", "256...8", "a...b", "1...3:0", "1,,2", "0.5", "1...1e9"] where text != "0.5" {
            #expect(throws: ScheduleError.self, "\(text)") { try ParameterRange.integers(text, option: "--frames") }
        }
        #expect(throws: ScheduleError.self) { try ParameterRange.integers("0.5", option: "--frames") }
    }
}

@Suite struct ParetoFrontierTests {
    @Test func keepsOnlyNonDominatedPointsSortedByCost() {
        var frontier = ParetoFrontier<String>()
        frontier.insert(cost: 5, information: 10, "a")
        frontier.insert(cost: 3, information: 4, "b")
        frontier.insert(cost: 4, information: 4, "dominated by b")
        frontier.insert(cost: 8, information: 12, "c")
        frontier.insert(cost: 6, information: 13, "d dominates c")
        frontier.insert(cost: 3, information: 4, "equal to b: first kept")
        frontier.insert(cost: 3, information: 5, "same cost as b, more information")
        #expect(frontier.points.map(\.point) == ["same cost as b, more information", "a", "d dominates c"])
    }
}

@Suite struct ExplorerTests {
    static let viewer = AnalysisOptions(convention: .llmViewer, skipMLPAdd: true)

    static func aimPaper(_ alignment: PruneAlignment = .analyzer) -> MethodPreset {
        .aim(mergeIterations: 2, pruneStartLayer: 14, pruneStep: 0.125, alignment: alignment)
    }

    /// The AIM paper: under the 32-frame baseline's 99.63 TFLOPs, AIM fits 192 frames (99.27 TFLOPs).
    @Test func thePapersOneHundredNinetyTwoFrames() throws {
        let analyzer = try Analyzer(model: Fixtures.qwen2_7b, hardware: Fixtures.a100, options: Self.viewer)
        let space = ExploreSpace(frames: Array(1...512), tokensPerFrame: 196, textTokens: 100, presets: [Self.aimPaper(), .baseline])
        let result = try Explorer(analyzers: [analyzer], space: space, budget: ExploreBudget(tflops: 99.63)).run(threads: 2)
        let aim = try #require(result.mostFramesPerMethod[0]["aim"])
        #expect(aim.frames == 192)
        #expect((aim.ops / 1e12 * 100).rounded() / 100 == 99.27)
        #expect(result.mostFramesPerMethod[0]["baseline"]?.frames == 32)
        #expect(result.swept == 1024 && !result.interrupted)
    }

    @Test func sweepTotalsEqualFullAnalysesWithOverheads() throws {
        let analyzer = try Analyzer(model: Fixtures.qwen2_7b, hardware: Fixtures.a100, options: AnalysisOptions())
        let space = ExploreSpace(frames: [7, 32], tokensPerFrame: 196, textTokens: 100,
                                 presets: [Self.aimPaper(), Self.aimPaper(.model), .fastV(k: 2, ratio: 0.5)])
        let explorer = try Explorer(analyzers: [analyzer], space: space, budget: ExploreBudget())
        var buffer: [Int] = []
        for (p, preset) in space.presets.enumerated() {
            for frames in space.frames {
                let point = explorer.price(hardware: 0, preset: p, frames: frames, buffer: &buffer)
                let schedule = try preset.schedule(frames: frames, tokensPerFrame: 196, textTokens: 100, layerCount: 28)
                let full = try analyzer.analyze(schedule, overheads: preset.overheads(frames: frames, tokensPerFrame: 196, textTokens: 100))
                #expect(point.ops == full.prefill.totals.cost.ops)
                #expect(point.seconds == full.prefill.totals.seconds)
            }
        }
    }

    @Test func threadsDoNotChangeTheAnswer() throws {
        let analyzer = try Analyzer(model: Fixtures.qwen2_7b, hardware: Fixtures.a100, options: AnalysisOptions())
        let presets = (0...2).flatMap { i in [10, 14].map { MethodPreset.aim(mergeIterations: i, pruneStartLayer: $0, pruneStep: 0.1, alignment: .analyzer) } }
        let space = ExploreSpace(frames: Array(1...300), tokensPerFrame: 196, textTokens: 100, presets: presets + [.uniformKeep(ratio: 0.3)])
        let explorer = try Explorer(analyzers: [analyzer], space: space, budget: ExploreBudget(tflops: 40), hitLimit: 5)
        let one = explorer.run(threads: 1), two = explorer.run(threads: 2)
        #expect(one.frontiers == two.frontiers)
        #expect(one.bestPerMethod == two.bestPerMethod && one.mostFramesPerMethod == two.mostFramesPerMethod)
        #expect(one.topHits == two.topHits && one.topHits.count == 5 && one.fits == two.fits)
        // Every frontier point fits and none dominates another.
        for (a, b) in zip(one.frontiers[0], one.frontiers[0].dropFirst()) {
            #expect(a.ops < b.ops && a.visualTokenLayers < b.visualTokenLayers)
        }
        #expect(one.frontiers[0].allSatisfy { $0.ops <= 40e12 })
    }

    @Test func nothingFitsReportsTheCheapest() throws {
        let analyzer = try Analyzer(model: Fixtures.qwen2_7b, hardware: Fixtures.a100, options: AnalysisOptions())
        let space = ExploreSpace(frames: [8, 16], tokensPerFrame: 196, textTokens: 100, presets: [.baseline])
        let result = try Explorer(analyzers: [analyzer], space: space, budget: ExploreBudget(tflops: 0.001)).run()
        #expect(result.fits == 0 && result.frontiers[0].isEmpty)
        #expect(result.cheapest[0]?.frames == 8)
    }

    @Test func stoppingEarlyKeepsWhatWasFound() throws {
        let analyzer = try Analyzer(model: Fixtures.qwen2_7b, hardware: Fixtures.a100, options: AnalysisOptions())
        let space = ExploreSpace(frames: Array(1...20_000), tokensPerFrame: 196, textTokens: 100, presets: [Self.aimPaper()])
        let result = try Explorer(analyzers: [analyzer], space: space, budget: ExploreBudget())
            .run(threads: 1, shouldStop: { true })
        #expect(result.interrupted && result.swept < result.total)
        let some = try Explorer(analyzers: [analyzer], space: space, budget: ExploreBudget())
        #expect(throws: ScheduleError.self) {
            try Explorer(analyzers: [analyzer], space: ExploreSpace(frames: [], tokensPerFrame: 196, textTokens: 100, presets: [.baseline]),
                         budget: ExploreBudget())
        }
        #expect(throws: ScheduleError.self) {
            try Explorer(analyzers: [analyzer], space: space, budget: ExploreBudget(tflops: -1))
        }
        _ = some
    }
}
