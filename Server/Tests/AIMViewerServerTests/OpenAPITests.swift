import Foundation
import Testing

/// The OpenAPI document describes every route the server answers, with the fields it accepts.
@Suite struct OpenAPITests {
    let server = TestServer()

    @Test func everyDocumentedOperationIsARoute() async throws {
        try await server.test { client in
            let answer = try await client.get("/api/openapi.json")
            #expect(answer.status == 200)
            let document = try #require(answer.json as? [String: Any])
            #expect(document["openapi"] as? String == "3.1.0")
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            #expect(paths.count == 17)
            for (path, methods) in paths {
                let concrete = path.replacingOccurrences(of: "{name}", with: "nvidia_A100")
                    .replacingOccurrences(of: "{id}", with: "zzzz0000").replacingOccurrences(of: "{other}", with: "zzzz0001")
                for method in methods.keys {
                    let reply = method == "get" ? try await client.get(concrete) : try await client.post(concrete, "{\"nonsense\": 1}")
                    // A route exists when it answers with its own error or document, not the router's bare 404.
                    let own = reply.errorMessage != nil || reply.status == 200
                    #expect(own, "\(method) \(path): \(reply.status) \(reply.text.prefix(200))")
                    if method == "post" {
                        #expect(reply.status == 400 && reply.errorMessage?.contains("unknown field 'nonsense'") == true,
                                "\(path) accepted an unknown field")
                    }
                }
            }
            // Each body field is described with its help.
            let analyze = try #require(((paths["/api/analyze"]?["post"] as? [String: Any])?["requestBody"] as? [String: Any]))
            let text = String(decoding: try JSONSerialization.data(withJSONObject: analyze), as: UTF8.self)
            for field in ["prune-step", "tp", "model-config", "hardware-file", "gen-len", "flash-attention", "w-bit",
                          "engine", "dtype", "kv-dtype", "context", "flops-unit", "kv-cache", "mla-attention",
                          "images", "image-size", "frame-size", "vision-layers"] {
                #expect(text.contains("\"\(field)\""), "\(field) is not documented")
            }
            // Every convention the command line's analyze accepts, and the formats by name, as enums.
            let schema = try #require(((analyze["content"] as? [String: Any])?["application/json"] as? [String: Any])?["schema"] as? [String: Any])
            let properties = try #require(schema["properties"] as? [String: [String: Any]])
            #expect(properties["convention"]?["enum"] as? [String] == ["exact", "llm-viewer", "both", "fastv-paper", "pdrop-paper"])
            #expect(properties["dtype"]?["enum"] as? [String] == ["fp16", "bf16", "fp8", "int8", "int4", "fp4"])
            #expect((properties["engine"]?["description"] as? String)?.contains("tensorrt-llm") == true)
        }
    }

    @Test func thePageAndItsAssetsComeFromTheBinary() async throws {
        try await server.test { client in
            let page = try await client.get("/")
            #expect(page.status == 200)
            #expect(page.contentType?.hasPrefix("text/html") == true)
            #expect(page.text.contains("/assets/app.js"))
            #expect(!page.text.contains("http://") && !page.text.contains("https://"))  // nothing from the network
            let script = try await client.get("/assets/app.js")
            #expect(script.contentType?.hasPrefix("text/javascript") == true)
            #expect(!script.text.contains("http"))
            let reply1 = try await client.get("/assets/style.css")
            #expect(reply1.status == 200)
        }
    }
}
