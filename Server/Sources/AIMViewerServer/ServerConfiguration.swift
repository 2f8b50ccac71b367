import AIMStore
import Foundation

/// How the server runs: where it listens, which runs database it reads and writes on a save, and
/// the bounds on the work one request may ask for.
public struct ServerConfiguration: Sendable {
    public static let defaultPort = 8321
    public static let loopbackHost = "127.0.0.1"

    public var host = ServerConfiguration.loopbackHost
    public var port = ServerConfiguration.defaultPort
    public var databasePath = RunStore.defaultPath()
    /// The largest request body (and so the largest upload): a config.json or a profile is a few KB.
    public var maximumBodyBytes = 1 << 20
    /// The largest explore sweep one request may ask for (schedules: targets x configurations x
    /// frame counts); the command line takes up to 10^11.
    public var maximumExploreSchedules = 2_000_000
    /// The most operations the reference engine may execute for one crosscheck request.
    public var maximumCrosscheckOperations = 2e11
    /// Threads one explore request may use.
    public var exploreThreads = max(1, min(2, ProcessInfo.processInfo.activeProcessorCount))

    public init() {}

    /// Loopback addresses only reach this machine; anything else exposes the server to the network.
    public var isLoopback: Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }
}
