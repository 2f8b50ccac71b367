import AIMCatalog
import AIMViewerCore
import AIMViewerKit
import Testing

/// `explore`'s serving sweep (issue 22): each configuration is the analysis `analyze` would make of
/// it, the largest fitting batch is the largest that fits, and the frontier is non-dominated.
struct ServingSweepTests {
    static func request() -> ServingSweepRequest {
        var request = ServingSweepRequest()
        request.hardware = [.profile("h100-sxm5-80gb"), .profile("a100-sxm4-40gb")]
        request.batchSizes = WholeValues([1, 4, 16, 32])
        request.generationLengths = WholeValues([64, 512])
        return request
    }

    @Test func everyPointIsTheAnalysisOfItsConfiguration() throws {
        let outcome = ServingSweepService.run(try ServingSweepService.prepare(Self.request()))
        let r = outcome.report.result
        #expect(r.points.count == 2 * 4 * 1 * 2 && !r.interrupted)
        let model = try ModelCatalog.preset(named: "qwen2-7b")
        let schedule = try AIMScheduler.schedule(.paperDefault, layerCount: model.layerCount)
        for point in r.points {
            var options = AnalysisOptions(convention: .exact)
            options.batchSize = point.batchSize
            let analyzer = try Analyzer(model: model, hardware: outcome.sweep.hardware[point.hardwareIndex], options: options)
            let pass = try analyzer.analyze(schedule, overheads: AIMOverheadSpec(.paperDefault))
            let generation = try analyzer.generation(after: pass, steps: point.generationLength)
            #expect(point.timeToFirstTokenSeconds == pass.prefill.totals.seconds)
            #expect(point.timePerOutputTokenSeconds == generation.decode.seconds / Double(point.generationLength))
            // Generated tokens of every sequence over prefill plus decode.
            let expected = Double(point.batchSize * point.generationLength) / (pass.prefill.totals.seconds + generation.decode.seconds)
            #expect(abs(point.outputTokensPerSecond - expected) <= 1e-9 * expected)
            #expect(point.memoryCapacityBytes == outcome.sweep.hardware[point.hardwareIndex].memoryCapacityBytes)
        }
    }

    @Test func theLargestBatchFitsAndTheNextSweptOneDoesNot() throws {
        let r = ServingSweepService.run(try ServingSweepService.prepare(Self.request())).report.result
        let largest = r.largestFittingBatches
        #expect(largest.count == 2 * 2)
        for entry in largest {
            let group = r.points.filter {
                $0.hardwareIndex == entry.hardwareIndex && $0.tensorParallel == entry.tensorParallel
                    && $0.promptIndex == entry.promptIndex && $0.generationLength == entry.generationLength
            }
            let batch = try #require(entry.batchSize)
            #expect(group.first { $0.batchSize == batch }?.fits == true)
            #expect(group.filter { $0.batchSize > batch }.allSatisfy { $0.fits == false })
        }
        // The 40 GB A100 holds the AIM prompt at batch 4 but not at 16 (about 49 GB); the H100 at 16.
        #expect(largest.filter { $0.hardwareIndex == 1 }.allSatisfy { $0.batchSize == 4 })
        #expect(largest.filter { $0.hardwareIndex == 0 }.allSatisfy { $0.batchSize == 16 })
    }

    @Test func theFrontierIsNonDominatedAndCoversEveryFittingPoint() throws {
        let r = ServingSweepService.run(try ServingSweepService.prepare(Self.request())).report.result
        let frontier = r.latencyThroughputFrontier
        #expect(!frontier.isEmpty)
        func dominates(_ a: ServingPoint, _ b: ServingPoint) -> Bool {
            a.timePerOutputTokenSeconds <= b.timePerOutputTokenSeconds && a.outputTokensPerSecond >= b.outputTokensPerSecond
                && (a.timePerOutputTokenSeconds < b.timePerOutputTokenSeconds || a.outputTokensPerSecond > b.outputTokensPerSecond)
        }
        for a in frontier {
            #expect(a.fits == true)
            #expect(!frontier.contains { dominates($0, a) })
        }
        for point in r.points where point.fits == true && !frontier.contains(point) {
            #expect(frontier.contains { dominates($0, point) || ($0.timePerOutputTokenSeconds == point.timePerOutputTokenSeconds
                && $0.outputTokensPerSecond == point.outputTokensPerSecond) })
        }
    }

    @Test func tokensPromptsAndRefusals() throws {
        var request = ServingSweepRequest()
        request.tokens = WholeValues([1024, 4096])
        request.tensorParallel = WholeValues([1, 3])
        let prepared = try ServingSweepService.prepare(request)
        #expect(prepared.sweep.prompts.map(\.label) == ["1024 tokens", "4096 tokens"])
        let r = ServingSweepService.run(prepared).report.result
        // tp 3 does not divide Qwen2-7B's hidden size: those points say so, the rest is priced.
        #expect(r.points.filter { $0.tensorParallel == 3 }.allSatisfy { $0.error?.contains("does not divide") == true })
        #expect(r.points.filter { $0.tensorParallel == 1 }.allSatisfy { $0.error == nil })
        var huge = ServingSweepRequest()
        huge.batchSizes = WholeValues(low: 1, step: 1, count: 1000)
        huge.generationLengths = WholeValues(low: 1, step: 1, count: 1000)
        #expect(throws: (any Error).self) { try ServingSweepService.prepare(huge) }
    }
}
