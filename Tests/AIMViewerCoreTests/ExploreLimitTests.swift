import Foundation
import Testing
@testable import AIMViewerCore

/// The message of the `ScheduleError` that `body` throws ("" when it throws none or another error).
private func message(_ body: () throws -> Any) -> String {
    do {
        _ = try body()
        return ""
    } catch let error as ScheduleError {
        // Worded as the command line words it (the front ends map each input to their own name).
        return error.message(naming: { "--" + $0.rawValue.replacingOccurrences(of: "K", with: "-k").replacingOccurrences(of: "Step", with: "-step") })
    } catch {
        return "unexpected \(error)"
    }
}

@Suite struct ParameterRangeLimitTests {
    static let wholeOptions = ["--frames", "--merge-iterations", "--prune-start", "--fastv-k", "--pdrop-layers", "--vtw-layer",
                               "--fixed-tokens-per-frame"]
    static let decimalOptions = ["--merge-keep", "--prune-step", "--fastv-ratio", "--pdrop-lambda", "--keep-ratio"]

    /// The cases: each trapped converting a huge or infinite count (or 10^-places) to Int.
    @Test func unrepresentableRangesAreErrorsNamingTheOptionAndRange() throws {
        for (option, text) in [("--frames", "1...1e300"), ("--frames", "1...1e18:1e-10")] {
            let text2 = message { try ParameterRange.integers(text, option: option) }
            #expect(text2.contains(option) && text2.contains("'\(text)'"), "\(text): \(text2)")
        }
        for (option, text) in [("--prune-step", "0...1:1e-320"), ("--prune-step", "0.00000000000000000001...1"),
                               ("--x", "0...1e300:1e-300"), ("--x", "-1e308...1e308"), ("--x", "0...1:1e-300")] {
            let text2 = message { try ParameterRange.decimals(text, option: option) }
            #expect(text2.contains(option) && text2.contains("'\(text)'"), "\(text): \(text2)")
        }
    }

    @Test func aValueOutsideTheOptionsDomainGivesTheDomain() throws {
        #expect(message { try ParameterRange.integers("1000000000000000", option: "--prune-start" ) }
                == "--prune-start must be in 0...1000000000 (whole numbers), got 1000000000000000")
        #expect(message { try ParameterRange.integers("1...1e300", option: "--frames") }
                == "--frames must be in 1...1000000000000 (whole numbers), got 1e300 in '1...1e300'")
        #expect(message { try ParameterRange.decimals("0.5,2", option: "--fastv-ratio") }
                == "--fastv-ratio must be in [0, 1], got 2 in '0.5,2'")
        #expect(message { try ParameterRange.decimals("0", option: "--merge-keep") } == "--merge-keep must be in (0, 1], got 0")
        #expect(message { try ParameterRange.integers("63", option: "--merge-iterations") }.contains("0...62"))
        #expect(message { try ParameterRange.integers("0.5", option: "--prune-start") }
                == "--prune-start takes whole numbers, got 0.5")
        #expect(message { try ParameterRange.integers("1...9:0.5", option: "--frames") }.contains("takes whole numbers"))
    }

    /// Every option with huge, tiny, negative, nan, inf, hex and malformed values, and steps that make no progress.
    @Test func everyOptionRejectsBadValuesWithItsName() throws {
        let bad = ["1e300", "1e400", "-1e400", "1e-400", "1e-320", "-5", "nan", "NaN", "inf", "-infinity", "0x10", "0x1p-3",
                   "1..2", "1.2.3", "1e", "e5", "--1", "1_000", "", " ", ",", "1,", "1...", "...1", "1...2:", "1...2:0",
                   "1...2:-1", "2...1", "1...2...3", "1...2:nan", "1...2:1e-400"]
        for option in Self.wholeOptions {
            for text in bad + ["0.5", "1...3:0.5", "1e15", "1...1e12"] {
                let text2 = message { try ParameterRange.integers(text, option: option) }
                #expect(text2.hasPrefix(option), "\(option) '\(text)': \(text2)")
            }
        }
        for option in Self.decimalOptions {
            for text in bad + ["1.5", "0.5...0.5000000000000001:1e-17", "0...1:1e-17", "0...1:0.0000001", "0.000000000000000000001...0.1"] {
                let text2 = message { try ParameterRange.decimals(text, option: option) }
                #expect(text2.hasPrefix(option), "\(option) '\(text)': \(text2)")
            }
        }
    }

    /// low + step == low in floating point: the range would repeat one value.
    @Test func stepsThatMakeNoProgressAreErrors() throws {
        for text in ["1e20...1.0000000000001e20:1", "1...1.0000000000000002:1e-17", "0...1:1e-300"] {
            #expect(message { try ParameterRange.decimals(text, option: "--x") }.contains("resolution"), "\(text)")
        }
        // A range of one value needs no step.
        #expect(try ParameterRange.decimals("0.5...0.5:1e-300", option: "--x") == [0.5])
        #expect(try ParameterRange.integers("1...5:1e300", option: "--frames") == [1])
    }

    @Test func exponentsCountAsDecimalPlaces() throws {
        #expect(try ParameterRange.decimals("0...1:5e-1", option: "--prune-step") == [0, 0.5, 1])
        #expect(try ParameterRange.decimals("1e-3...3e-3", option: "--prune-step") == [0.001, 0.002, 0.003])
        #expect(try ParameterRange.decimals("0.1...0.3", option: "--prune-step") == [0.1, 0.2, 0.3])
        #expect(try ParameterRange.integers("1e1...1.2e1", option: "--frames") == [10, 11, 12])
        #expect(try ParameterRange.decimals("+.5,5.,-0", option: "--x") == [0.5, 5, 0])
    }

    /// The per-option limit is checked on the text: a range of 10^12 is refused without building it,
    /// and a range within the limit is computed per index.
    @Test func valueCountsAreCheckedBeforeAnythingIsBuilt() throws {
        let start = Date()
        #expect(message { try ParameterRange.integers("1...1e12", option: "--frames") }
                == "--frames range '1...1e12' has 1000000000000 values; at most 10000000 per option")
        #expect(message { try ParameterRange.decimals("0...1:0.0000001", option: "--prune-step") }.contains("10000001 values"))
        let lazy = try ParameterRange.parseWhole("1...10000000", option: "--frames")
        #expect(lazy.count == ParameterRange.maximumValues && lazy.last == 10_000_000 && lazy[4] == 5)
        let steps = try ParameterRange.parse("0...0.999999", option: "--prune-step")
        #expect(steps.count == 1_000_000 && steps[3] == 0.000003 && steps.last == 0.999999)
        #expect(Date().timeIntervalSince(start) < 0.5)
        // The lazy values are the listed values.
        #expect(Array(try ParameterRange.parse("0.05...0.5", option: "--prune-step"))
                == (try ParameterRange.decimals("0.05...0.5", option: "--prune-step")))
        #expect(Array(try ParameterRange.parseWhole("8...256:8", option: "--frames")) == Array(stride(from: 8, through: 256, by: 8)))
    }
}

@Suite struct MethodSweepTests {
    static let viewer = AnalysisOptions(convention: .llmViewer, skipMLPAdd: true)

    /// Index → preset in the order the old nested lists had (first parameter outermost).
    @Test func decodesInTheOrderOfTheNestedLists() throws {
        let iterations = [0, 2], starts = [10, 12, 14], steps = [0.1, 0.125]
        let sweep = MethodSweep(.aim(mergeIterations: WholeValues(iterations), pruneStarts: WholeValues(starts),
                                     pruneSteps: DecimalValues(steps), alignment: .model))
        let nested = iterations.flatMap { i in starts.flatMap { s in steps.map {
            MethodPreset.aim(mergeIterations: i, pruneStartLayer: s, pruneStep: $0, alignment: .model) } } }
        #expect(sweep.count == 12 && (0..<12).map { sweep[$0] } == nested)
        let fastV = MethodSweep(.fastV(k: WholeValues(low: 0, step: 2, count: 3), ratio: DecimalValues([0.25, 0.5])))
        #expect((0..<6).map { fastV[$0] } == [0, 2, 4].flatMap { k in [0.25, 0.5].map { MethodPreset.fastV(k: k, ratio: $0) } })
        let all = try MethodConfigurations([MethodSweep(.presets([.baseline])), sweep, fastV])
        #expect(all.count == 19 && all[0] == .baseline && all[1] == nested[0] && all[18] == .fastV(k: 4, ratio: 0.5))
        #expect(all.methodName(at: 13) == "fastv" && all.methodNames == ["baseline", "aim", "fastv"])
    }

    /// A streamed sweep gives exactly what the same configurations as a list give.
    @Test func streamedAndListedSweepsAgree() throws {
        let analyzer = try Analyzer(model: Fixtures.qwen2_7b, hardware: Fixtures.a100, options: AnalysisOptions())
        let sweep = MethodSweep(.aim(mergeIterations: WholeValues([1, 2]), pruneStarts: try ParameterRange.parseWhole("8...20:4", option: "--prune-start"),
                                     pruneSteps: try ParameterRange.parse("0.05...0.2:0.05", option: "--prune-step"), alignment: .analyzer))
        let streamed = ExploreSpace(frames: Array(1...60), tokensPerFrame: 196, textTokens: 100, configurations: try MethodConfigurations([sweep]))
        let listed = ExploreSpace(frames: Array(1...60), tokensPerFrame: 196, textTokens: 100, presets: Array(streamed.presets))
        let a = try Explorer(analyzers: [analyzer], space: streamed, budget: ExploreBudget(tflops: 30), hitLimit: 7).run(threads: 2)
        let b = try Explorer(analyzers: [analyzer], space: listed, budget: ExploreBudget(tflops: 30), hitLimit: 7).run(threads: 1)
        #expect(a.total == 1920 && a.frontiers == b.frontiers && a.topHits == b.topHits && a.fits == b.fits)
        #expect(a.bestPerMethod == b.bestPerMethod && a.mostFramesPerMethod == b.mostFramesPerMethod && a.cheapest == b.cheapest)
    }

    /// Counts never overflow: a product beyond Int is counted in Double and refused.
    @Test func productsBeyondIntAreRefusedNotTrapped() throws {
        let huge = WholeValues(low: 0, step: 1, count: 10_000_000)
        let sweep = MethodSweep(.aim(mergeIterations: huge, pruneStarts: huge,
                                     pruneSteps: DecimalValues(low: 0, step: 1e-7, count: 10_000_000), alignment: .analyzer))
        #expect(sweep.count == nil && sweep.size == 1e21)
        let text = message { try MethodConfigurations([sweep]) }
        #expect(text.contains("1e+21") && text.contains("10^11") && text.contains("estimated"), "\(text)")
    }

    /// 10^11 schedules at most (hardware x configurations x frames), refused at once with the count and
    /// an estimated time; a sweep within the limit is never built (stopping at once sweeps nothing).
    @Test func sweepsOverTheLimitAreRefusedAtOnce() throws {
        let analyzer = try Analyzer(model: Fixtures.qwen2_7b, hardware: Fixtures.a100, options: Self.viewer)
        let starts = WholeValues(low: 0, step: 1, count: 1_000_000)
        let steps = DecimalValues(low: 0, step: 1e-5, count: 100_000, scale: 1e5)
        let sweep = MethodSweep(.aim(mergeIterations: WholeValues([2]), pruneStarts: starts, pruneSteps: steps, alignment: .analyzer))
        let start = Date()
        let configurations = try MethodConfigurations([sweep])
        #expect(configurations.count == 100_000_000_000)
        let over = ExploreSpace(frames: [8, 16], tokensPerFrame: 196, textTokens: 100, configurations: configurations)
        let text = message { try Explorer(analyzers: [analyzer], space: over, budget: ExploreBudget()) }
        #expect(text.contains("200000000000 schedules (1 hardware target x 100000000000 method configurations x 2 frame counts)"), "\(text)")
        #expect(text.contains("more than the limit of 10^11") && text.contains("estimated"))
        let text2 = message { try ExploreLimit.check(targets: 3, configurations: 1e9, frames: 1000, cores: 2) }
        #expect(text2.contains("3000000000000 schedules") && text2.contains("about 35 days"), "\(text2)")
        // At the limit: accepted, validated per value (not per configuration), and streamed.
        let within = ExploreSpace(frames: [8], tokensPerFrame: 196, textTokens: 100, configurations: configurations)
        let explorer = try Explorer(analyzers: [analyzer], space: within, budget: ExploreBudget())
        let result = explorer.run(threads: 2, shouldStop: { true })
        #expect(result.total == 100_000_000_000 && result.swept == 0 && result.interrupted)
        #expect(Date().timeIntervalSince(start) < 1)
    }

    @Test func everyParameterValueIsValidatedOnce() throws {
        let analyzer = try Analyzer(model: Fixtures.qwen2_7b, hardware: Fixtures.a100, options: Self.viewer)
        // 0, 0.5, 1, 1.5: the range's end is outside [0, 1].
        let sweep = MethodSweep(.aim(mergeIterations: WholeValues([2]), pruneStarts: WholeValues([14]),
                                     pruneSteps: DecimalValues(low: 0, step: 0.5, count: 4), alignment: .analyzer))
        let space = ExploreSpace(frames: [8], tokensPerFrame: 196, textTokens: 100, configurations: try MethodConfigurations([sweep]))
        #expect(message { try Explorer(analyzers: [analyzer], space: space, budget: ExploreBudget()) }
                == "--prune-step must be in [0, 1], got 1.5")
        let fastV = MethodSweep(.fastV(k: WholeValues([2, -1]), ratio: DecimalValues([0.5])))
        #expect(message { try fastV.validate() } == "--fastv-k must be 0 or more, got -1")
    }

    @Test func hugeInputsElsewhereAreErrorsNotTraps() throws {
        #expect(MethodPreset.Defaults.fixedTokensPerFrame(tokensPerFrame: .max) == Int.max / 576 * 32 + Int.max % 576 * 32 / 576)
        #expect(MethodPreset.Defaults.fixedTokensPerFrame(tokensPerFrame: 196) == 10)
        let analyzer = try Analyzer(model: Fixtures.qwen2_7b, hardware: Fixtures.a100, options: Self.viewer)
        let space = ExploreSpace(frames: [32], tokensPerFrame: .max, textTokens: 100, presets: [.baseline])
        #expect(message { try Explorer(analyzers: [analyzer], space: space, budget: ExploreBudget()) }.contains("too large"))
        // A huge hit limit or thread count neither overflows nor allocates.
        let small = ExploreSpace(frames: [8, 16], tokensPerFrame: 196, textTokens: 100, presets: [.baseline])
        let result = try Explorer(analyzers: [analyzer], space: small, budget: ExploreBudget(), hitLimit: .max).run(threads: .max)
        #expect(result.swept == 2 && result.topHits.count == 2)
    }
}
