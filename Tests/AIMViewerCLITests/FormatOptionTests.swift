import Foundation
import Testing

/// `--dtype`/`--kv-dtype` beside the bit options: analyze, compare and explore accept and refuse the
/// same combinations (one rule, `NumericFormats` in the application layer).
struct FormatOptionTests {
    static let commands: [[String]] = [["analyze", "--hardware", "h100-sxm5-80gb"], ["compare", "--hardware", "h100-sxm5-80gb"],
                                       ["explore", "--hardware", "h100-sxm5-80gb"]]

    @Test(arguments: commands)
    func aFormatNamedAndGivenInBitsIsRefusedByEveryCommand(_ command: [String]) throws {
        for (extra, flag) in [(["--dtype", "fp8", "--w-bit", "8"], "--w-bit"), (["--dtype", "fp8", "--a-bit", "16"], "--a-bit"),
                              (["--w-bit", "16", "--dtype", "fp16"], "--w-bit"), (["--kv-dtype", "fp8", "--kv-bit", "8"], "--kv-bit")] {
            let result = try CLI.run(command + extra + ["--no-store"])
            #expect(result.exitCode != 0, "\(command + extra) was accepted")
            #expect(result.stderr.contains("drop \(flag)"), "\(command + extra): \(result.stderr)")
        }
    }

    @Test(arguments: commands)
    func aNamedFormatWithACacheInBitsIsAcceptedByEveryCommand(_ command: [String]) throws {
        let result = try CLI.run(command + ["--dtype", "fp8", "--kv-bit", "16", "--format", "json", "--no-store"])
        #expect(result.exitCode == 0, "\(command): \(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        // analyze and compare state their options; explore names its convention only.
        if let options = (object["options"] as? [String: Any]) ?? (object["inputs"] as? [String: Any])?["options"] as? [String: Any] {
            #expect(options["weightBits"] as? Int == 8 && options["kvBits"] as? Int == 16, "\(options)")
            #expect(options["computeFormat"] as? String == "fp8")
        }
    }
}
