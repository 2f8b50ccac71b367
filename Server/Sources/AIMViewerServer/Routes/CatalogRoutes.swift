import AIMCatalog
import AIMReport
import AIMViewerCore
import Hummingbird

/// `models list|show`, `hardware list|show`: the documents `--format json` prints.
enum CatalogRoutes {
    static func add(to router: Router<BasicRequestContext>, limits: ServerLimits) {
        router.get("/api/models") { _, _ in
            APIResponse.json(try JSONRenderer.encode(try ModelCatalog.presetNames.map { ModelListEntry(try ModelCatalog.preset(named: $0)) }))
        }
        router.get("/api/models/{name}") { _, context in
            let name = try context.parameters.require("name")
            return APIResponse.json(try JSONRenderer.encode(try ModelCatalog.preset(named: name)))
        }
        // `models show --model-config`: an uploaded config.json as the analyzer reads it.
        router.post("/api/models/show") { request, _ in
            let fields = try await Body.fields(request, limit: limits.maximumBodyBytes, table: FieldTables.modelUpload)
            guard let upload = try fields.uploads("model-config").first else {
                throw APIError(.badRequest, "give a preset name (GET /api/models/NAME) or --model-config (the config.json's content)")
            }
            return APIResponse.json(try JSONRenderer.encode(try RequestBuilders.uploadedModel(upload)))
        }
        router.get("/api/hardware") { _, _ in
            APIResponse.json(try JSONRenderer.encode(try HardwareCatalog.all()))
        }
        router.get("/api/hardware/{name}") { _, context in
            let name = try context.parameters.require("name")
            return APIResponse.json(try JSONRenderer.encode(try HardwareCatalog.profile(named: name)))
        }
        router.post("/api/hardware/show") { request, _ in
            let fields = try await Body.fields(request, limit: limits.maximumBodyBytes, table: FieldTables.hardwareUpload)
            guard let upload = try fields.uploads("hardware-file").first else {
                throw APIError(.badRequest, "give a profile name (GET /api/hardware/NAME) or --hardware-file (the profile's content)")
            }
            return APIResponse.json(try JSONRenderer.encode(try RequestBuilders.uploadedHardware(upload)))
        }
    }
}
