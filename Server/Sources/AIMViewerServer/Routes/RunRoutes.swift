import AIMReport
import AIMStore
import AIMViewerCore
import AIMViewerKit
import Foundation
import Hummingbird

/// `runs list|show|diff`, which only read (the file is opened read-only, and a missing one is a
/// 404, never created), and the save, the one route that writes.
enum RunRoutes {
    static func add(to router: Router<BasicRequestContext>, limits: ServerLimits, databasePath: String) {
        router.get("/api/runs") { request, _ in
            let query = request.uri.queryParameters
            let known = ["model", "hardware", "label", "tag", "since", "until", "limit"]
            if let unknown = query.map({ String($0.key) }).first(where: { !known.contains($0) }) {
                throw APIError(.badRequest, "unknown query parameter '\(unknown)' (known: \(known.joined(separator: ", ")))")
            }
            let limit = try query.get("limit").map { text -> Int in
                guard let value = Int(text), value > 0 else { throw APIError(.badRequest, "--limit must be at least 1") }
                return value
            } ?? 20
            let filter = RunFilter(model: query.get("model"), hardware: query.get("hardware"), label: query.get("label"),
                                   tag: query.get("tag"), since: try query.get("since").map { try date($0, flag: "--since") },
                                   until: try query.get("until").map { try date($0, flag: "--until") }, limit: limit)
            return APIResponse.json(try await Offload.run {
                try JSONRenderer.encode(try RunStore(readingAt: databasePath).list(filter))
            })
        }
        router.get("/api/runs/{id}") { _, context in
            let id = try context.parameters.require("id")
            return APIResponse.json(try await Offload.run {
                let run = try openForReading(databasePath, lookingFor: [id]).load(id)
                return try AnalysisOutput(StoredSchedules.reports(run)).render(.json)
            })
        }
        router.get("/api/runs/{id}/diff/{other}") { _, context in
            let (a, b) = (try context.parameters.require("id"), try context.parameters.require("other"))
            return APIResponse.json(try await Offload.run {
                let store = try openForReading(databasePath, lookingFor: [a, b])
                return try RunDiffOutput(StoredSchedules.document(try store.load(a)), StoredSchedules.document(try store.load(b))).json()
            })
        }
        // The explicit save: `analyze` with the run stored, as the command line stores it.
        router.post("/api/runs") { request, _ in
            let fields = try await Body.fields(request, limit: limits.maximumBodyBytes, table: FieldTables.save)
            if let formula = RequestBuilders.paperFormula(fields) {
                throw APIError(.unprocessableContent, PaperService.notStored(formula).message(naming: \.flag))
            }
            let analysis = try RequestBuilders.analysis(fields)
            let (label, tags) = (fields.string("label"), fields.strings("tag"))
            let id = try await Offload.run { () -> String in
                let store = try RunStore(path: databasePath)
                let outcome = try AnalysisService.analyze(analysis)
                let text = try AnalysisOutput(outcome.reports).render(.json)
                let provenance = RunProvenance(commandLine: ["serve", "POST", "/api/runs"], label: label, tags: tags,
                                               outputFormat: OutputFormat.json.rawValue, outputText: text)
                return try store.store(RunRecorder.content(analyze: outcome, request: analysis, provenance: provenance))
            }
            return APIResponse.json(try JSONRenderer.encode(SavedRun(id: id)), status: .created)
        }
    }

    struct SavedRun: Encodable {
        var id: String
    }

    static func openForReading(_ path: String, lookingFor runs: [String]) throws -> RunStore {
        do { return try RunStore(readingAt: path) } catch StoreError.noDatabase(let path, _) {
            throw StoreError.noDatabase(path: path, runs: runs)
        }
    }

    /// As `runs list --since/--until`: a day or an ISO 8601 time.
    static func date(_ text: String, flag: String) throws -> Date {
        if let date = ISO8601DateFormatter().date(from: text) { return date }
        let day = ISO8601DateFormatter()
        day.formatOptions = [.withFullDate]
        if let date = day.date(from: text) { return date }
        throw APIError(.badRequest, "\(flag) '\(text)' is not a date; use YYYY-MM-DD or 2026-11-24T18:00:00Z")
    }
}
