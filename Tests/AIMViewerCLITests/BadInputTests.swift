import Foundation
import Testing

/// Bad input: one line on stderr that says what and where, a non-zero exit, nothing on stdout.
struct BadInputTests {
    func expectFailure(_ arguments: [String], mentions fragments: [String]) throws {
        let result = try CLI.run(arguments)
        #expect(result.exitCode != 0, "\(arguments) exited 0")
        #expect(result.stdout.isEmpty, "\(arguments) printed to stdout: \(result.stdout)")
        for fragment in fragments {
            #expect(result.stderr.contains(fragment), "\(arguments): stderr lacks '\(fragment)': \(result.stderr)")
        }
        #expect(!result.stderr.contains("Fatal error"), "crash: \(result.stderr)")
    }

    @Test func unknownNames() throws {
        try expectFailure(["analyze", "--hardware", "nvidia_B9000"], mentions: ["unknown hardware 'nvidia_B9000'", "nvidia_A100"])
        try expectFailure(["analyze", "--model", "gpt-9"], mentions: ["unknown model 'gpt-9'", "qwen2-7b"])
        try expectFailure(["hardware", "show", "nope"], mentions: ["unknown hardware"])
    }

    @Test func scheduleOfTheWrongLength() throws {
        try expectFailure(["analyze", "--tokens-per-layer", "1,2,3"], mentions: ["3 layers", "28 decoder layers"])
        let file = try CLI.temporaryFile("[1, 2]", name: "s.json")
        try expectFailure(["analyze", "--schedule-file", file.path], mentions: ["2 layers", "28"])
    }

    @Test func malformedFiles() throws {
        let schedule = try CLI.temporaryFile("12\nabc\n", name: "s.txt")
        try expectFailure(["analyze", "--schedule-file", schedule.path], mentions: ["line 2", "abc"])
        let config = try CLI.temporaryFile("{\"hidden_size\": 64,", name: "config.json")
        try expectFailure(["analyze", "--model-config", config.path], mentions: ["config.json", "JSON"])
        let incomplete = try CLI.temporaryFile(#"{"hidden_size": 64, "num_hidden_layers": 2}"#, name: "config.json")
        try expectFailure(["analyze", "--model-config", incomplete.path], mentions: ["num_attention_heads", "config.json"])
        let profile = try CLI.temporaryFile(#"{"name": "x", "memoryBandwidthBytesPerSecond": -1, "peakOpsPerSecond": {"fp16": 1}, "onChipBufferBytes": 1}"#, name: "hw.json")
        try expectFailure(["analyze", "--hardware-file", profile.path], mentions: ["memoryBandwidthBytesPerSecond", "positive"])
        try expectFailure(["analyze", "--schedule-file", "/nonexistent/s.txt"], mentions: ["/nonexistent/s.txt"])
        try expectFailure(["analyze", "--model-config", "/nonexistent/config.json"], mentions: ["/nonexistent/config.json"])
    }

    @Test func nonsenseSizes() throws {
        try expectFailure(["analyze", "--batch", "0"], mentions: ["--batch"])
        try expectFailure(["analyze", "--tp", "3"], mentions: ["--tp 3", "hidden_size"])
        try expectFailure(["analyze", "--frames", "-2"], mentions: ["--frames"])
        try expectFailure(["analyze", "--tokens", "-5"], mentions: ["--tokens"])
        try expectFailure(["analyze", "--merge-keep", "0.3"], mentions: ["--merge-keep"])
        try expectFailure(["analyze", "--w-bit", "8", "--a-bit", "8", "--hardware", "intel_13900k", "--convention", "llm-viewer"],
                          mentions: ["int8"])
        try expectFailure(["analyze", "--tp", "2", "--hardware", "nvidia_L40"], mentions: ["interconnectBandwidthBytesPerSecond"])
        try expectFailure(["analyze", "--flash-attention", "--hardware", "nvidia_L40"], mentions: ["onChipMemoryPerSMBytes"])
        try expectFailure(["analyze", "--gen-len", "-1"], mentions: ["--gen-len"])
    }

    @Test func zeroTokenLayersPriceToZero() throws {
        let result = try CLI.run(["analyze", "--tokens", "0", "--format", "json"])
        #expect(result.exitCode == 0)
        #expect(!result.stdout.contains("nan") && !result.stdout.contains("NaN"))
    }
}
