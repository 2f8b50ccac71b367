import Foundation
import Testing

/// Terminal output fits 100 columns: tables, and prose wrapped at spaces.
struct TerminalWidthTests {
    @Test(arguments: [
        ["analyze", "--no-store"], ["analyze", "--per-layer", "--vision", "siglip-so400m", "--no-store"],
        ["analyze", "--model", "qwen2-57b-a14b", "--no-store"], ["hardware", "list"], ["models", "list"],
        ["explore", "--methods", "all", "--budget-tflops", "50", "--no-store"],
        ["compare", "--hardware", "all", "--model", "qwen2-72b", "--no-store"],
        ["compare", "--hardware", "a100-sxm4-80gb-calibrated,jetson-agx-orin-64gb,tag:consumer", "--model", "mixtral-8x7b", "--no-store"],
        ["analyze", "--per-op", "--no-store"], ["analyze", "--per-layer", "--per-op", "--tp", "2", "--no-store"],
        ["analyze", "--convention", "both", "--no-store"], ["analyze", "--convention", "both", "--flash-attention", "--no-store"],
        ["analyze", "--gen-len", "64", "--hardware", "a100-sxm4-80gb-calibrated", "--no-store"],
        ["analyze", "--model", "mixtral-8x7b", "--hardware", "a100-sxm4-40gb", "--no-store"],
        ["analyze", "--schedule", "fastv", "--convention", "fastv-paper", "--per-layer", "--no-store"],
        ["models", "show", "mixtral-8x7b"], ["models", "show", "qwen2-7b"],
        ["explore", "--budget-tflops", "99.63", "--maximize", "frames", "--no-store"],
        ["explore", "--batch", "1,4,16,64", "--tp", "1,2,3", "--gen-len", "128,1024", "--hardware", "a100-sxm4-80gb-calibrated,l4",
         "--methods", "aim,fastv", "--no-store"],
        ["explore", "--tokens", "1024...8192:1024", "--batch", "1...32", "--no-store"],
    ])
    func fitsOneHundredColumns(_ arguments: [String]) throws {
        let result = try CLI.run(arguments)
        #expect(result.exitCode == 0, "\(result.stderr)")
        let wide = result.stdout.split(separator: "\n").map(String.init).filter { $0.count > 100 }
        #expect(wide.isEmpty, "\(arguments): \(wide.first ?? "")")
        #expect(!result.stdout.contains("\u{1B}["), "no colour when stdout is a pipe")
    }

    /// `hardware show` of every bundled profile: SI units, sources and notes wrapped.
    @Test func everyHardwareProfileShowFitsOneHundredColumns() throws {
        let list = try CLI.run(["hardware", "list", "--format", "csv"])
        let names: [String] = list.stdout.components(separatedBy: "\n").dropFirst().filter { !$0.isEmpty }
            .map { $0.components(separatedBy: ",")[0] }
        #expect(names.count > 20)
        for name in names {
            let result = try CLI.run(["hardware", "show", name])
            #expect(result.exitCode == 0, "\(name): \(result.stderr)")
            let wide: [String] = result.stdout.components(separatedBy: "\n").filter { $0.count > 100 }
            #expect(wide.isEmpty, "hardware show \(name): \(wide.first ?? "")")
            #expect(!result.stdout.contains("00000000.0"), "\(name): raw numbers belong in --format csv/json")
        }
    }

    /// The runs commands over stored runs that differ in their options.
    @Test func runsCommandsFitOneHundredColumns() throws {
        let database = FileManager.default.temporaryDirectory.appendingPathComponent("width-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: database) }
        var ids: [String] = []
        for arguments in [["analyze", "--label", "baseline-run", "--tag", "sweep"],
                          ["analyze", "--gen-len", "512", "--flash-attention", "--tp", "2", "--batch", "4", "--w-bit", "8", "--a-bit", "8"],
                          ["compare", "--hardware", "a100-sxm4-80gb-calibrated"]] {
            let stored = try CLI.run(arguments + ["--db", database])
            #expect(stored.exitCode == 0, "\(stored.stderr)")
            ids.append(try #require(stored.stderr.split(separator: " ").dropFirst(2).first.map(String.init)))
        }
        for arguments in [["runs", "list"], ["runs", "show", ids[1]], ["runs", "diff", ids[0], ids[1]], ["runs", "rerun", ids[0]],
                          ["runs", "show", ids[1], "--format", "table", "--per-op"]] {
            let result = try CLI.run(arguments + ["--db", database])
            #expect(result.exitCode == 0, "\(arguments): \(result.stderr)")
            let wide: [String] = result.stdout.components(separatedBy: "\n").filter { $0.count > 100 }
            #expect(wide.isEmpty, "\(arguments): \(wide.first ?? "")")
        }
    }
}
