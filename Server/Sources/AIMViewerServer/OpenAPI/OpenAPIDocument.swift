import AIMReport
import AIMViewerKit

/// The API described as OpenAPI 3.1, built from the same field tables the body reader enforces
/// and the same route list the tests walk, so the description is what the server does.
enum OpenAPIDocument {
    /// One documented operation.
    struct Operation: Sendable {
        var method: String
        var path: String
        var summary: String
        /// The command whose `--format json` document the answer is.
        var answers: String
        var body: [FieldSpec]?
        var query: [(String, String)] = []
        var success = "200"
    }

    static let operations: [Operation] = [
        Operation(method: "get", path: "/api/models", summary: "The model presets.", answers: "aim-viewer models list --format json"),
        Operation(method: "get", path: "/api/models/{name}", summary: "One preset as the analyzer reads it.",
                  answers: "aim-viewer models show NAME --format json"),
        Operation(method: "post", path: "/api/models/show", summary: "An uploaded config.json as the analyzer reads it.",
                  answers: "aim-viewer models show --model-config PATH --format json", body: FieldTables.modelUpload),
        Operation(method: "get", path: "/api/hardware", summary: "The hardware profiles.", answers: "aim-viewer hardware list --format json"),
        Operation(method: "get", path: "/api/hardware/{name}", summary: "One profile with its sources.",
                  answers: "aim-viewer hardware show NAME --format json"),
        Operation(method: "post", path: "/api/hardware/show", summary: "An uploaded profile as the analyzer reads it.",
                  answers: "aim-viewer hardware show --hardware-file PATH --format json", body: FieldTables.hardwareUpload),
        Operation(method: "post", path: "/api/analyze", summary: "Price a token schedule (by default AIM vs its baseline) layer by layer. Stores nothing.",
                  answers: "aim-viewer analyze --format json --no-store", body: FieldTables.analyze),
        Operation(method: "post", path: "/api/compare", summary: "One workload on several hardware targets. Stores nothing.",
                  answers: "aim-viewer compare --format json --no-store", body: FieldTables.compare),
        Operation(method: "post", path: "/api/explore", summary: "Sweep schedules and methods against a budget (at most the server's limit of schedules; stopped when the client goes away). Stores nothing.",
                  answers: "aim-viewer explore --format json --no-store", body: FieldTables.explore),
        Operation(method: "post", path: "/api/crosscheck", summary: "Run AIM in the reference engine and check the analyzer against it (bounded work). Stores nothing.",
                  answers: "aim-viewer crosscheck --format json --no-store", body: FieldTables.crosscheck),
        Operation(method: "get", path: "/api/runs", summary: "Stored runs, newest first (read-only).", answers: "aim-viewer runs list --format json",
                  query: [("model", "Only runs of this model."), ("hardware", "Only runs on this profile."), ("label", "Only runs with this label."),
                          ("tag", "Only runs with this tag."), ("since", "At or after this time (YYYY-MM-DD or ISO 8601)."),
                          ("until", "Before this time."), ("limit", "At most this many runs (default 20).")]),
        Operation(method: "post", path: "/api/runs", summary: "Save: analyze and store the run (the one route that writes the runs database).",
                  answers: "aim-viewer analyze --label L --tag T (stored); the answer is {\"id\": RUN_ID}", body: FieldTables.save, success: "201"),
        Operation(method: "get", path: "/api/runs/{id}", summary: "A stored run re-rendered from its stored numbers.",
                  answers: "aim-viewer runs show ID --format json"),
        Operation(method: "get", path: "/api/runs/{id}/diff/{other}", summary: "Two runs side by side with B / A ratios.",
                  answers: "aim-viewer runs diff A B --format json"),
        Operation(method: "post", path: "/api/view/analyze", summary: "For the page: the analyze document and its charts as SVG.",
                  answers: "{\"document\": <aim-viewer analyze --format json>, \"charts\": {name: svg}}", body: FieldTables.analyze),
        Operation(method: "post", path: "/api/view/compare", summary: "For the page: the compare document and its chart.",
                  answers: "{\"document\": <aim-viewer compare --format json>, \"charts\": {name: svg}}", body: FieldTables.compare),
        Operation(method: "post", path: "/api/view/explore", summary: "For the page: the explore document, the frontier and the methods at equal cost.",
                  answers: "{\"document\": <aim-viewer explore --format json>, \"charts\": {name: svg}}", body: FieldTables.explore),
        Operation(method: "get", path: "/api/openapi.json", summary: "This document.", answers: "OpenAPI 3.1"),
    ]

    static var text: String {
        get throws { try JSONRenderer.encode(document) }
    }

    static var document: Value {
        var paths: [String: [String: Value]] = [:]
        for operation in operations {
            var entry: [String: Value] = [
                "summary": .string(operation.summary),
                "description": .string("Answers with the document of `\(operation.answers)`; errors are {\"error\": message, \"status\": code} with the command line's message: 400 malformed or contradictory request, 404 unknown model, profile or run, 413 body over the limit, 422 an input outside what can be priced."),
                "responses": .object([
                    operation.success: .object(["description": .string(operation.answers),
                                                "content": .object(["application/json": .object(["schema": .object(["type": .string("object")])])])]),
                    "4XX": .object(["description": .string("The command line's error message."),
                                    "content": .object(["application/json": .object(["schema": .object(["$ref": .string("#/components/schemas/Error")])])])]),
                ]),
            ]
            var parameters: [Value] = operation.path.split(separator: "/").filter { $0.hasPrefix("{") }.map { name in
                .object(["name": .string(String(name.dropFirst().dropLast())), "in": .string("path"), "required": .bool(true),
                         "schema": .object(["type": .string("string")])])
            }
            parameters += operation.query.map { name, help in
                .object(["name": .string(name), "in": .string("query"), "required": .bool(false), "description": .string(help),
                         "schema": .object(["type": .string(name == "limit" ? "integer" : "string")])])
            }
            if !parameters.isEmpty { entry["parameters"] = .array(parameters) }
            if let body = operation.body {
                entry["requestBody"] = .object(["required": .bool(false), "content": .object([
                    "application/json": .object(["schema": schema(body)]),
                ])])
            }
            paths[operation.path, default: [:]][operation.method] = .object(entry)
        }
        return .object([
            "openapi": .string("3.1.0"),
            "info": .object(["title": .string("aim-viewer local server"), "version": .string(AIMViewerVersion.current),
                             "description": .string("The application layer of aim-viewer over HTTP. Request bodies carry the command's options: each field is the long option's name without the dashes, with the same values and defaults (an upload's content where the option names a file). Answers are the documents the command prints with --format json.")]),
            "paths": .object(paths.mapValues(Value.object)),
            "components": .object(["schemas": .object(["Error": .object([
                "type": .string("object"), "required": .array([.string("error"), .string("status")]),
                "properties": .object(["error": .object(["type": .string("string")]), "status": .object(["type": .string("integer")])]),
            ])])]),
        ])
    }

    static func schema(_ fields: [FieldSpec]) -> Value {
        var properties: [String: Value] = [:]
        for field in fields {
            var property: [String: Value]
            switch field.kind {
            case .integer: property = ["type": .string("integer")]
            case .number: property = ["type": .string("number")]
            case .boolean: property = ["type": .string("boolean")]
            case .string: property = ["type": .string("string")]
            case .choice(let choices): property = ["type": .string("string"), "enum": .array(choices.map(Value.string))]
            case .values:
                property = ["oneOf": .array([.object(["type": .string("number")]),
                                             .object(["type": .string("array"), "items": .object(["type": .string("number")])]),
                                             .object(["type": .string("string"), "description": .string("a list or range as on the command line: 1,0.5,0.25 or 8...256:8")])])]
            case .integers:
                property = ["oneOf": .array([.object(["type": .string("array"), "items": .object(["type": .string("integer")])]),
                                             .object(["type": .string("string"), "description": .string("n,n,...")])])]
            case .object: property = ["type": .string("object")]
            case .objects:
                property = ["oneOf": .array([.object(["type": .string("object")]),
                                             .object(["type": .string("array"), "items": .object(["type": .string("object")])])])]
            case .strings:
                property = ["oneOf": .array([.object(["type": .string("string")]),
                                             .object(["type": .string("array"), "items": .object(["type": .string("string")])])])]
            }
            property["description"] = .string(field.help)
            properties[field.name] = .object(property)
        }
        return .object(["type": .string("object"), "additionalProperties": .bool(false), "properties": .object(properties)])
    }

    /// A JSON value to encode.
    indirect enum Value: Encodable, Sendable {
        case string(String)
        case bool(Bool)
        case array([Value])
        case object([String: Value])

        func encode(to encoder: Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .string(let text): try container.encode(text)
            case .bool(let flag): try container.encode(flag)
            case .array(let items): try container.encode(items)
            case .object(let fields): try container.encode(fields)
            }
        }
    }
}
