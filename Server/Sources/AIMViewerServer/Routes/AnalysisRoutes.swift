import AIMReport
import AIMViewerCore
import AIMViewerKit
import Foundation
import Hummingbird

/// `analyze`, `compare`, `explore`, `crosscheck`: a body of the command's options, answered with
/// the document its `--format json` prints (the same renderer, so one schema).
enum AnalysisRoutes {
    static func add(to router: Router<BasicRequestContext>, limits: ServerLimits) {
        router.post("/api/analyze") { request, _ in
            let fields = try await Body.fields(request, limit: limits.maximumBodyBytes, table: FieldTables.analyze)
            let analyze = try RequestBuilders.analyze(fields)
            return APIResponse.json(try await Offload.run { try analyzeJSON(analyze) })
        }
        router.post("/api/compare") { request, _ in
            let fields = try await Body.fields(request, limit: limits.maximumBodyBytes, table: FieldTables.compare)
            let compare = try RequestBuilders.compare(fields)
            return APIResponse.json(try await Offload.run { try CompareService.compare(compare).report.json() })
        }
        router.post("/api/explore") { request, context in
            try await explore(request, context: context, limits: limits) { try $0.report.json() }
        }
        router.post("/api/crosscheck") { request, _ in
            let fields = try await Body.fields(request, limit: limits.maximumBodyBytes, table: FieldTables.crosscheck)
            let crosscheck = try RequestBuilders.crosscheck(fields)
            try CrosscheckBound.check(crosscheck, limit: limits.maximumCrosscheckOperations)
            return APIResponse.json(try await Offload.run { try CrosscheckOutput(try CrosscheckService.run(crosscheck)).json() })
        }
    }

    /// The document `analyze --format json` prints: the analyzer's, or a paper formula's.
    static func analyzeJSON(_ request: RequestBuilders.Analyze) throws -> String {
        switch request {
        case .analysis(let analysis): return try AnalysisOutput(try AnalysisService.analyze(analysis).reports).render(.json)
        case .paper(let paper): return try PaperService.analyze(paper).report.render(.json)
        }
    }

    /// An explore sweep, refused above the server's size before anything is built, and stopped
    /// (answering what it found, marked interrupted) when the client closes the connection.
    static func explore(_ request: Request, context: BasicRequestContext, limits: ServerLimits,
                        render: @escaping @Sendable (ExploreOutcome) throws -> String) async throws -> Response {
        let stop = StopFlag()
        let logger = context.logger
        return try await request.body.consumeWithInboundCloseHandler { body in
            let buffer: ByteBuffer
            do {
                buffer = try await body.collect(upTo: limits.maximumBodyBytes)
            } catch {
                throw APIError(.contentTooLarge, "the request body is over the limit of \(limits.maximumBodyBytes) bytes")
            }
            let fields = try RequestFields(Data(buffer.readableBytesView), table: FieldTables.explore)
            let explore = try RequestBuilders.explore(fields, threads: limits.exploreThreads)
            let text = try await Offload.run {
                let prepared = try ExploreService.prepare(explore)
                guard prepared.total <= limits.maximumExploreSchedules else {
                    throw APIError(.unprocessableContent, "explore: this sweep has \(prepared.total) schedules, more than the server's limit of \(limits.maximumExploreSchedules) per request; give fewer values per option, or run `aim-viewer explore` on the command line (up to 10^11)")
                }
                let outcome = try ExploreService.run(prepared, shouldStop: { stop.isRaised })
                let result = outcome.report.result
                if result.interrupted {
                    logger.notice("explore: the client went away; stopped after \(result.swept) of \(result.total) schedules")
                }
                return try render(outcome)
            }
            return APIResponse.json(text)
        } onInboundClosed: {
            stop.raise()
        }
    }
}

/// Raised from the connection's side, read by the sweep's workers.
final class StopFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var raised = false
    func raise() { lock.withLock { raised = true } }
    var isRaised: Bool { lock.withLock { raised } }
}

/// The reference engine really executes what it counts: a request is refused when its estimated
/// operations exceed the server's bound, before any weight is made.
enum CrosscheckBound {
    static func check(_ request: CrosscheckRequest, limit: Double) throws {
        guard let source = request.model else { return }  // tiny-qwen2: small by construction
        let config = try source.resolve()
        let layers = Double(min(request.layers ?? config.layerCount, config.layerCount))
        let tokens = Double(request.systemTokens + request.frames * request.tokensPerFrame + request.questionTokens)
        let perLayerParameters = config.parameterCount.active / Double(max(config.layerCount, 1))
        let hidden = Double(config.hiddenSize)
        let operations = 2 * perLayerParameters * layers * tokens + 4 * layers * tokens * tokens * hidden
        guard operations <= limit else {
            throw APIError(.unprocessableContent, "crosscheck: this request would execute about \(String(format: "%.1e", operations)) operations in the reference engine, more than the server's limit of \(String(format: "%.0e", limit)); use fewer --layers or --frames, or run `aim-viewer crosscheck` on the command line")
        }
    }
}
