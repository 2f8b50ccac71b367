import Foundation
import Hummingbird
import Logging

/// The local server: the JSON API (`/api/...`, described at `/api/openapi.json`) and the page
/// (`/`), both on the application layer the command line calls.
public enum AIMServer {
    public static func router(_ configuration: ServerConfiguration) -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: APIErrorMiddleware())
        let limits = ServerLimits(configuration)
        CatalogRoutes.add(to: router, limits: limits)
        AnalysisRoutes.add(to: router, limits: limits)
        RunRoutes.add(to: router, limits: limits, databasePath: configuration.databasePath)
        ViewRoutes.add(to: router, limits: limits)
        PageRoutes.add(to: router)
        return router
    }

    /// The application on `configuration`'s address; `onRunning` gets the port it listens on (the
    /// one asked for, or the one the system chose for port 0).
    public static func application(_ configuration: ServerConfiguration, logger: Logger? = nil,
                                   onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        var logger = logger ?? Logger(label: "aim-viewer-server")
        if logger.logLevel > .info || ProcessInfo.processInfo.environment["LOG_LEVEL"] == nil { logger.logLevel = .notice }
        return Application(
            router: router(configuration),
            configuration: ApplicationConfiguration(address: .hostname(configuration.host, port: configuration.port),
                                                    serverName: "aim-viewer"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? configuration.port) },
            logger: logger)
    }
}

/// What the routes need of the configuration.
struct ServerLimits: Sendable {
    var maximumBodyBytes: Int
    var maximumExploreSchedules: Int
    var maximumCrosscheckOperations: Double
    var exploreThreads: Int

    init(_ configuration: ServerConfiguration) {
        maximumBodyBytes = configuration.maximumBodyBytes
        maximumExploreSchedules = configuration.maximumExploreSchedules
        maximumCrosscheckOperations = configuration.maximumCrosscheckOperations
        exploreThreads = configuration.exploreThreads
    }
}
