import Foundation
import Testing

struct CrosscheckCommandTests {
    static let small = ["crosscheck", "--frames", "1", "--tokens-per-frame", "16", "--system-tokens", "2",
                        "--question-tokens", "3", "--prune-start", "2", "--prune-step", "0.3"]

    @Test func everyOperatorAgreesAndTheShiftIsMeasured() throws {
        let result = try CLI.run(Self.small + ["--label", "cc"])
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stdout.contains("ops: all"), "\(result.stdout)")
        #expect(result.stdout.contains("shift: measured 1 layer"), "\(result.stdout)")
        #expect(result.stdout.contains("cpu_reference_default") || result.stdout.contains("this-machine-cpu"))
        #expect(result.stderr.contains("stored run"))
        let listed = try CLI.run(["runs", "list", "--label", "cc"])
        #expect(listed.stdout.contains("crosscheck"), "\(listed.stdout)")
    }

    @Test func jsonHasLayersOperatorsAndNoMismatch() throws {
        let result = try CLI.run(Self.small + ["--format", "json", "--no-store"])
        #expect(result.exitCode == 0, "\(result.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        #expect(object?["mismatches"] as? Int == 0)
        #expect(object?["measuredShift"] as? Int == 1)
        #expect((object?["layers"] as? [Any])?.count == 8)
        #expect(((object?["operators"] as? [Any])?.count ?? 0) > 100)
    }

    @Test func badWorkloadsAreClearErrors() throws {
        for (arguments, fragment) in [
            (["--frames", "0"], "--frames must be at least 1"),
            (["--merge-iterations", "9"], "more merges than a frame"),
            (["--prune-step=-0.5"], "--prune-step must be in [0, 1]"),
            (["--layers", "99"], "exceeds the 8 layers"),
            (["--model", "nope"], "unknown model"),
        ] {
            let result = try CLI.run(["crosscheck", "--no-store"] + arguments)
            #expect(result.exitCode != 0, "\(arguments)")
            #expect(result.stdout.isEmpty, "\(arguments)")
            #expect(result.stderr.contains(fragment), "\(arguments): \(result.stderr)")
        }
    }
}
