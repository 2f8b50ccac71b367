import Foundation
import Hummingbird

/// The page and its script and style, read from the target's resources once: no CDN, no network.
enum PageRoutes {
    struct Asset: Sendable {
        var contentType: String
        var bytes: ByteBuffer
    }

    static let assets: [String: Asset] = {
        var assets: [String: Asset] = [:]
        let types = ["html": "text/html; charset=utf-8", "js": "text/javascript; charset=utf-8", "css": "text/css; charset=utf-8",
                     "json": "application/json; charset=utf-8", "svg": "image/svg+xml"]
        guard let directory = Bundle.module.resourceURL?.appendingPathComponent("Web"),
              let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return [:] }
        for name in names {
            let url = directory.appendingPathComponent(name)
            guard let type = types[url.pathExtension], let data = try? Data(contentsOf: url) else { continue }
            assets[name] = Asset(contentType: type, bytes: ByteBuffer(bytes: data))
        }
        return assets
    }()

    static func add(to router: Router<BasicRequestContext>) {
        router.get("/") { _, _ in try response("index.html") }
        router.get("/assets/{name}") { _, context in try response(try context.parameters.require("name")) }
        router.get("/api/openapi.json") { _, _ in APIResponse.json(try OpenAPIDocument.text) }
    }

    static func response(_ name: String) throws -> Response {
        guard let asset = assets[name] else { throw APIError(.notFound, "no such page asset '\(name)'") }
        return Response(status: .ok, headers: [.contentType: asset.contentType], body: ResponseBody(byteBuffer: asset.bytes))
    }
}
