import AIMCatalog
import AIMViewerCore
import Foundation
import ReferenceFixtures
import Testing

/// The `llm-viewer` convention against totals produced by the published analyzer
/// (`Tests/Fixtures/reference/llm-viewer-cases.json`, or the file named by `AIM_LLMVIEWER_CASES`).
struct LLMViewerAcceptanceTests {
    struct ReferenceCase: CustomTestStringConvertible, Sendable {
        var name: String
        var fields: [String: JSONValue]
        var testDescription: String { name }
    }

    static var casesFile: URL { ReferenceFixture.url("llm-viewer-cases.json", overrideVariable: "AIM_LLMVIEWER_CASES") }

    /// More cases produced by running the published analyzer unmodified on options the shared file
    /// does not cover: flash attention, INT8, W4/KV8, tensor parallelism, batches, other profiles.
    static var moreCasesFile: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/llm-viewer-more-cases.json")
    }

    static func loadCases() throws -> [ReferenceCase] { try loadCases(from: casesFile) }
    static func loadMoreCases() throws -> [ReferenceCase] { try loadCases(from: moreCasesFile) }

    static func loadCases(from file: URL) throws -> [ReferenceCase] {
        let root = try JSONValue.parseObject(try ReferenceFixture.data(at: file, overrideVariable: "AIM_LLMVIEWER_CASES"))
        guard case .array(let items)? = root["cases"] else { return [] }
        return items.enumerated().map { index, item in
            guard case .object(let fields) = item else {
                return ReferenceCase(name: "case \(index) (not an object)", fields: [:])
            }
            if case .string(let name)? = fields["name"] { return ReferenceCase(name: name, fields: fields) }
            return ReferenceCase(name: "case \(index)", fields: fields)
        }
    }

    /// The reference's total names, mapped to ours.
    static let totals: [String: @Sendable (StageAnalysis) -> Double] = [
        "OPs": { $0.totals.cost.ops },
        "memory_access": { $0.totals.cost.bytes },
        "load_weight": { $0.totals.cost.loadWeightBytes },
        "load_act": { $0.totals.cost.loadActivationBytes },
        "store_act": { $0.totals.cost.storeActivationBytes },
        "load_kv_cache": { $0.totals.cost.loadKVBytes },
        "store_kv_cache": { $0.totals.cost.storeKVBytes },
        "inference_time": { $0.totals.seconds },
        "memory_consumption": { $0.memoryFootprint.totalBytes },
        "memory_consumption_tmp_act": { $0.memoryFootprint.activationBytes },
        "memory_consumption_weight": { $0.memoryFootprint.weightBytes },
        "memory_consumption_kv_cache": { $0.memoryFootprint.kvCacheBytes },
    ]

    @Test func referenceFileHasCases() throws {
        #expect(try Self.loadCases().count >= 3)
    }

    @Test(arguments: try loadCases())
    func matchesPublishedAnalyzer(_ reference: ReferenceCase) throws {
        try Self.check(reference)
    }

    @Test(arguments: try loadMoreCases())
    func matchesPublishedAnalyzerOnMoreOptions(_ reference: ReferenceCase) throws {
        try Self.check(reference)
    }

    static func check(_ reference: ReferenceCase) throws {
        let analysis = try analyze(reference)
        for stage in Stage.allCases {
            guard case .object(let expected)? = reference.fields[stage.rawValue] else {
                Issue.record("\(reference.name): no \(stage.rawValue) totals")
                continue
            }
            let ours = analysis.stage(stage)
            for (key, value) in expected.sorted(by: { $0.key < $1.key }) {
                guard let read = totals[key] else {
                    Issue.record("\(reference.name): unknown total '\(key)' in \(stage.rawValue)")
                    continue
                }
                guard case .number(let want) = value else {
                    Issue.record("\(reference.name): \(stage.rawValue).\(key) is not a number")
                    continue
                }
                let got = read(ours)
                let relative = want == 0 ? abs(got) : abs(got - want) / abs(want)
                #expect(relative <= 1e-9, "\(reference.name) \(stage.rawValue).\(key): got \(got), want \(want)")
            }
        }
    }

    static func analyze(_ reference: ReferenceCase) throws -> PassAnalysis {
        let fields = JSONFieldReader(fields: reference.fields, source: reference.name)
        guard case .object(let config)? = reference.fields["model_config"] else {
            throw FieldError.missing(key: "model_config", source: reference.name)
        }
        let model = try ModelConfig.decode(
            json: try JSONEncoder().encode(config.mapValues(EncodableJSON.init)), source: reference.name)
        let hardware = try HardwareCatalog.profile(named: try fields.string("hardware"))
        let options = try fields.optionalObject("options")
            ?? JSONFieldReader(fields: [:], source: reference.name)
        func int(_ keys: String..., default fallback: Int) throws -> Int {
            for key in keys { if let value = try options.optionalInt(key) { return value } }
            return fallback
        }
        func flag(_ keys: String...) throws -> Bool {
            for key in keys { if let value = try options.optionalBool(key) { return value } }
            return false
        }
        let activationBits = try int("a_bit", default: 16)
        let analysisOptions = AnalysisOptions(
            convention: .llmViewer,
            batchSize: try int("batch", "batchsize", default: 1),
            weightBits: try int("w_bit", default: 16),
            activationBits: activationBits,
            kvBits: try int("kv_bit", default: activationBits),
            tensorParallel: try int("tp_size", "tp", default: 1),
            flashAttention: try flag("flash_attention", "use_flashattention"),
            skipMLPAdd: try flag("skip_mlp_add", "skip_mlp_bias"))
        guard case .array(let counts)? = reference.fields["tokens_per_layer"] else {
            throw FieldError.missing(key: "tokens_per_layer", source: reference.name)
        }
        let schedule = try TokenSchedule(tokensPerLayer: counts.map {
            guard case .number(let n) = $0, let exact = Int(exactly: n) else { return -1 }
            return exact
        })
        return try Analyzer(model: model, hardware: hardware, options: analysisOptions).analyze(schedule)
    }
}

/// Re-encodes a decoded JSON value (the case's `model_config`) so it can be read as a config.json.
struct EncodableJSON: Encodable {
    var value: JSONValue
    init(_ value: JSONValue) { self.value = value }

    func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch value {
        case .null: try container.encodeNil()
        case .bool(let flag): try container.encode(flag)
        case .number(let number): try container.encode(number)
        case .string(let text): try container.encode(text)
        case .array(let items): try container.encode(items.map(EncodableJSON.init))
        case .object(let fields): try container.encode(fields.mapValues(EncodableJSON.init))
        }
    }
}
