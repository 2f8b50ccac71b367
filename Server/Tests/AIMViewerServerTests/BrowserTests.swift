import Foundation
import Testing

/// The page in a real browser (Tests/Browser/browser_test.py: headless Chromium through
/// chromedriver and selenium). Skipped, saying why, where those are not installed; `.ci/run`
/// installs them so CI always runs it.
@Suite struct BrowserTests {
    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    static func onPath(_ name: String) -> Bool {
        (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
            .contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(name)") }
    }

    static var seleniumInstalled: Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import selenium"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }

    static var available: Bool { onPath("chromium") && onPath("chromedriver") && seleniumInstalled }

    @Test(.enabled(if: BrowserTests.available,
                   "chromium, chromedriver or python's selenium is not installed: apt-get install chromium chromium-driver; pip install selenium (.ci/run does)"))
    func thePageRendersThePapersFiguresAndFollowsItsControls() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        var arguments = ["python3", Self.packageRoot.appendingPathComponent("Tests/Browser/browser_test.py").path,
                         "--server", Binaries.server.path]
        if let folder = ProcessInfo.processInfo.environment["AIM_VIEWER_SCREENSHOTS"], !folder.isEmpty {
            arguments += ["--screenshots", folder]
        }
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        print(text)
        #expect(process.terminationStatus == 0, "\(text)")
    }
}
