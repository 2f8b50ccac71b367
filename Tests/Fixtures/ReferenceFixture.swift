import Foundation

/// Reference data the tests check against, shipped in `Tests/Fixtures/reference/` so a clone with
/// nothing beside it passes `swift test`; an environment variable can point a test at another file.
public enum ReferenceFixture {
    /// A missing or unreadable fixture, named by its path and how to point the test elsewhere.
    public struct Missing: Error, CustomStringConvertible {
        public var path: String
        public var overrideVariable: String?
        public var reason: String
        public var description: String {
            var text = "reference fixture \(path) \(reason)"
            if let overrideVariable { text += "; set \(overrideVariable) to a file of the same format to use another" }
            return text
        }
    }

    /// The repository's `Tests/Fixtures/reference/` folder.
    public static var folder: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("reference")
    }

    /// The repository root (the folder holding `Package.swift`).
    public static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// `name` in the fixture folder, or the file `$overrideVariable` names when it is set.
    public static func url(_ name: String, overrideVariable: String? = nil) -> URL {
        if let overrideVariable, let path = ProcessInfo.processInfo.environment[overrideVariable], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        return folder.appendingPathComponent(name)
    }

    /// The bytes of `url`, or an error that names the file (never a Foundation error dump).
    public static func data(at url: URL, overrideVariable: String? = nil) throws -> Data {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw Missing(path: url.path, overrideVariable: overrideVariable, reason: "does not exist")
        }
        guard !isDirectory.boolValue else {
            throw Missing(path: url.path, overrideVariable: overrideVariable, reason: "is a directory, not a file")
        }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw Missing(path: url.path, overrideVariable: overrideVariable, reason: "cannot be read")
        }
        return data
    }

    /// The fixture `name` (or the `overrideVariable` file) as bytes.
    public static func data(_ name: String, overrideVariable: String? = nil) throws -> Data {
        try data(at: url(name, overrideVariable: overrideVariable), overrideVariable: overrideVariable)
    }

    /// A file of the repository itself (a shipped resource such as the datasheet table).
    public static func repositoryFile(_ relativePath: String) throws -> Data {
        try data(at: repositoryRoot.appendingPathComponent(relativePath))
    }
}
