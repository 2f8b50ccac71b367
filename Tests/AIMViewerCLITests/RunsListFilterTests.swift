import Foundation
import Testing

/// `runs list` tells apart runs that differ only in their options, and filters on them (issue 22).
struct RunsListFilterTests {
    @Test func optionsAreShownAndFiltered() throws {
        let database = FileManager.default.temporaryDirectory.appendingPathComponent("filters-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: database) }
        var ids: [String: String] = [:]
        for (name, arguments) in [("plain", ["analyze"]), ("flash", ["analyze", "--flash-attention", "--batch", "2", "--gen-len", "8"]),
                                  ("split", ["analyze", "--tp", "2", "--w-bit", "8", "--a-bit", "8", "--logits", "all"])] {
            let stored = try CLI.run(arguments + ["--db", database])
            #expect(stored.exitCode == 0, "\(stored.stderr)")
            ids[name] = try #require(stored.stderr.split(separator: " ").dropFirst(2).first.map(String.init))
        }
        func listed(_ filters: [String]) throws -> Set<String> {
            let result = try CLI.run(["runs", "list", "--db", database, "--format", "csv"] + filters)
            #expect(result.exitCode == 0, "\(filters): \(result.stderr)")
            return Set(result.stdout.split(separator: "\n").dropFirst().map { String($0.split(separator: ",")[0]) })
        }
        #expect(try listed([]) == Set(ids.values))
        #expect(try listed(["--flash-attention"]) == [ids["flash"]!])
        #expect(try listed(["--no-flash-attention"]) == [ids["plain"]!, ids["split"]!])
        #expect(try listed(["--batch", "2"]) == [ids["flash"]!])
        #expect(try listed(["--gen-len", "8"]) == [ids["flash"]!])
        #expect(try listed(["--gen-len", "0"]) == [ids["plain"]!, ids["split"]!])
        #expect(try listed(["--tp", "2"]) == [ids["split"]!])
        #expect(try listed(["--bits", "W8A8KV8"]) == [ids["split"]!])
        #expect(try listed(["--bits", "w16a16kv16", "--logits", "last"]) == [ids["plain"]!, ids["flash"]!])
        #expect(try listed(["--logits", "all"]) == [ids["split"]!])

        let table = try CLI.run(["runs", "list", "--db", database]).stdout
        #expect(table.contains("    options b2 flash gen8"), "\(table)")
        #expect(table.contains("    options tp2 W8A8KV8 logits-all"), "\(table)")
        let bad = try CLI.run(["runs", "list", "--db", database, "--bits", "8bit"])
        #expect(bad.exitCode != 0 && bad.stderr.contains("--bits '8bit' is not W<bits>A<bits>KV<bits>"), "\(bad.stderr)")
    }
}
