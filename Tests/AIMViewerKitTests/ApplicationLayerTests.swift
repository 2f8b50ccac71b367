import AIMReport
import AIMStore
import AIMViewerCore
import AIMViewerKit
import Foundation
import Testing

/// The application layer called directly, as every front end calls it: no binary spawned.
struct ApplicationLayerTests {
    /// The AIM paper's workload (the default request) reproduces the published llm-viewer prefill:
    /// 99.63 TFLOPs for the baseline, 14.76 for AIM.
    @Test func theDefaultRequestIsThePapersWorkload() throws {
        let outcome = try AnalysisService.analyze(AnalysisRequest())
        #expect(outcome.reports.count == 1)
        let report = outcome.reports[0]
        #expect(report.options.convention == .exact)
        let published = report.llmViewerReference.map { ($0.cost.ops / 1e12 * 100).rounded() / 100 }
        #expect(published == [99.63, 14.76])
        #expect(outcome.workload.schedules.methodLabel == "AIM")
        #expect(outcome.workload.model.name == "qwen2-7b")
    }

    @Test func bothConventionsAreTwoReportsExactFirst() throws {
        var request = AnalysisRequest()
        request.conventions = [.exact, .llmViewer]
        request.generationLength = 16
        let reports = try AnalysisService.analyze(request).reports
        #expect(reports.map(\.options.convention) == [.exact, .llmViewer])
        #expect(reports.allSatisfy { $0.generations.count == 2 && $0.generations[0].steps == 16 })
        #expect(reports[1].llmViewerReference.isEmpty, "llm-viewer needs no reference beside itself")
    }

    /// A message names inputs once; the command line and the domain word them differently.
    @Test func messagesAreWordedByTheirFrontEnd() throws {
        var request = AnalysisRequest()
        request.options.tensorParallel = 3
        let error = try #require(throws: AnalysisError.self) { try AnalysisService.analyze(request) }
        let flags = error.message(naming: { $0 == .tensorParallel ? "--tp" : $0.rawValue })
        #expect(flags.hasPrefix("--tp 3 does not divide"), "\(flags)")
        #expect(error.description.hasPrefix("the tensor-parallel degree 3 does not divide"), "\(error.description)")
        #expect(!error.description.contains("--"))
    }

    @Test func contradictoryInputsAreRequestErrors() throws {
        var request = AnalysisRequest()
        request.schedule.mergeIterations = 1
        request.schedule.mergeKeep = 0.5
        let both = try #require(throws: RequestError.self) { try AnalysisService.analyze(request) }
        #expect(both.message(naming: \.rawValue) == "give mergeIterations or mergeKeep, not both")

        var vision = AnalysisRequest()
        vision.vision = VisionRequest(encoder: "siglip-so400m")
        vision.schedule.tokensPerFrame = 100
        let disagreement = try #require(throws: RequestError.self) { try AnalysisService.analyze(vision) }
        #expect(disagreement.description.contains("the visual tokens per frame 100 disagrees with the vision encoder siglip-so400m"))
    }

    /// One list of methods, derived from the presets: every kind names its preset and back.
    @Test func methodKindsRoundTripThroughThePresets() throws {
        for kind in MethodKind.allCases {
            var request = ScheduleRequest()
            request.method = kind
            #expect(try request.preset(layerCount: 28).kind == kind)
            #expect(MethodKind(name: kind.rawValue.uppercased()) == kind)
        }
        #expect(MethodKind(name: "prumerge") == .fixed)
        #expect(try MethodKind.list("all") == MethodKind.reductions)
        #expect(try MethodKind.list("fastv, aim,fastv") == [.fastv, .aim])
        #expect(throws: ScheduleError.self) { try MethodKind.list("fastvv") }
        #expect(!MethodKind.reductions.contains(.baseline))
    }

    @Test func compareHasAnAnchorOnlyWhenATargetWasPriced() throws {
        var request = CompareRequest()
        request.targets = "a100-sxm4-80gb,h100-sxm5-80gb"
        request.generationLength = 8
        let outcome = try CompareService.compare(request)
        #expect(outcome.report.comparison.targets.count == 2)
        let anchor = try CompareService.anchorReport(outcome)
        #expect(anchor.hardware.name == outcome.anchorProfile?.name)
        #expect(anchor.generations.first?.steps == 8)
        var negative = CompareRequest()
        negative.generationLength = -1
        #expect(throws: RequestError.self) { try CompareService.compare(negative) }
    }

    @Test func exploreFindsThePapersFramesWithinTheBaselineBudget() throws {
        var request = ExploreRequest()
        request.frames = WholeValues(low: 1, step: 1, count: 256)
        request.budget = ExploreBudget(tflops: 99.63)
        request.options = AnalysisOptions(convention: .llmViewer)
        request.maximizeFrames = true
        request.threads = 2
        let prepared = try ExploreService.prepare(request)
        #expect(prepared.total == 256)
        let outcome = try ExploreService.run(prepared)
        #expect(outcome.report.result.mostFramesPerMethod.first?["aim"]?.frames == 192)
        #expect(outcome.leading?.schedule.label.hasSuffix("frames 192") == true)
    }

    /// A run recorded by the application layer, stored, read back and recomputed: nothing changes.
    @Test func aRecordedRunIsReproducedByRerun() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kit-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        var request = AnalysisRequest()
        request.schedule.method = .fastv
        let outcome = try AnalysisService.analyze(request)
        let text = try AnalysisOutput(outcome.reports).render(.table)
        let content = RunRecorder.content(analyze: outcome, request: request,
                                          provenance: RunProvenance(commandLine: ["analyze", "--schedule", "fastv"],
                                                                    outputFormat: "table", outputText: text))
        #expect(content.schedules.map(\.role) == ["baseline", "method"])
        let store = try RunStore(path: path)
        let id = try store.store(content)
        let stored = try RunStore(readingAt: path).load(id)
        #expect(stored.content.outputText == text)
        let rerun = try RerunComparison.rerun(stored)
        #expect(rerun.changes.isEmpty && rerun.scheduleCount == 2)
        #expect(try AnalysisOutput(StoredSchedules.reports(stored)).render(.table) == text)
    }

    @Test func everyResultSaysWhichFormatsItHasNoFormIn() throws {
        let outcome = try AnalysisService.analyze(AnalysisRequest())
        let document = RunDocument(id: "abcd1234", createdAt: Date(), label: nil, tags: [], commandLine: [],
                                   reports: outcome.reports)
        let diff = RunDiffOutput(document, document)
        let refused = try #require(throws: FormatNotApplicable.self) { try diff.render(.csv) }
        #expect(refused.description.contains("runs diff has no csv form"))
        #expect(try diff.render(.json).hasPrefix("{"))
        #expect(throws: FormatNotApplicable.self) { try RunExportOutput([document]).render(.table) }
        for format in OutputFormat.allCases {
            #expect(try !AnalysisOutput(outcome.reports).render(format).isEmpty)
        }
    }
}
