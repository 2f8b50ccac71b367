import Foundation
import Testing

/// `--convention fastv-paper|pdrop-paper` as a user types it: the formula's count beside the exact
/// count, and the refusal of everything that needs bytes or time.
struct PaperConventionCommandTests {
    static let llava = ["analyze", "--model", "vicuna-7b", "--frames", "1", "--tokens-per-frame", "576", "--text-tokens", "40"]

    @Test func fastVPaperPrintsTheFormulaBesideExact() throws {
        let result = try CLI.run(Self.llava + ["--schedule", "fastv", "--convention", "fastv-paper"])
        #expect(result.exitCode == 0, "\(result.stderr)")
        // 32·F(616) = 3.1999e12 MACs; 2·F(616) + 30·F(328) = 1.7741e12 (PaperServiceTests by hand).
        for text in ["paper FLOPs = multiply-accumulates (MACs)", "4·n·d² + 2·n²·d + 2·n·d·m",
                     "n, the tokens the formula saw, fastv: 616 at layers 0-1, 328 at layers 2-31",
                     "3.200 TMACs", "1.774 TMACs", "55.44%", "prefill, exact (FLOPs)", "prefill, formula / exact"] {
            #expect(result.stdout.contains(text), "missing \(text) in:\n\(result.stdout)")
        }
        #expect(result.stdout.split(separator: "\n").allSatisfy { $0.count <= 100 })
        #expect(result.stderr.hasPrefix("not stored: "), "\(result.stderr)")
    }

    @Test func flopsUnitDoublesTheCount() throws {
        let result = try CLI.run(Self.llava + ["--schedule", "fastv", "--convention", "fastv-paper", "--flops-unit", "flops", "--no-store"])
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stdout.contains("6.400 TFLOPs") && result.stdout.contains("3.548 TFLOPs"), "\(result.stdout)")
        #expect(result.stdout.contains("FLOPs = 2 x multiply-accumulates"))
        #expect(result.stderr.isEmpty)
        let misplaced = try CLI.run(["analyze", "--flops-unit", "flops", "--no-store"])
        #expect(misplaced.exitCode == 64)
        #expect(misplaced.stderr.contains("--flops-unit converts the counts of --convention fastv-paper or pdrop-paper"))
    }

    @Test func pyramidDropPaperWithTheDecodeTerm() throws {
        let result = try CLI.run(Self.llava + ["--schedule", "pdrop", "--convention", "pdrop-paper", "--gen-len", "64", "--no-store"])
        #expect(result.exitCode == 0, "\(result.stderr)")
        for text in ["4·n·d² + 2·n²·d + 3·n·d·m", "4·d² + 3·d·m + 2·c·d", "decode of 64 tokens, formula (MACs)",
                     "616 at layers 0-7, 328 at layers 8-15, 184 at layers 16-23,", "112 at layers 24-31", "4.089 TMACs"] {
            #expect(result.stdout.contains(text), "missing \(text) in:\n\(result.stdout)")
        }
    }

    @Test func explicitSchedulesWork() throws {
        let counts = Array(repeating: "10", count: 32).joined(separator: ",")
        let perLayer = try CLI.run(["analyze", "--model", "vicuna-7b", "--tokens-per-layer", counts, "--convention", "fastv-paper", "--no-store"])
        #expect(perLayer.exitCode == 0, "\(perLayer.stderr)")
        // 32·(4·10·4096² + 2·100·4096 + 2·10·4096·11008) = 50357862400 MACs.
        #expect(perLayer.stdout.contains("50.358 GMACs"), "\(perLayer.stdout)")
        let file = try CLI.temporaryFile("[" + counts + "]", name: "schedule.json")
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        let fromFile = try CLI.run(["analyze", "--model", "vicuna-7b", "--schedule-file", file.path, "--convention", "fastv-paper",
                                    "--no-store", "--format", "json"])
        #expect(fromFile.exitCode == 0, "\(fromFile.stderr)")
        let document = try JSONSerialization.jsonObject(with: Data(fromFile.stdout.utf8)) as! [String: Any]
        let schedule = try #require((document["schedules"] as? [[String: Any]])?.first)
        #expect((schedule["prefill"] as? [String: Any])?["formulaMACs"] as? Double == 50_357_862_400)
        let uniform = try CLI.run(["analyze", "--model", "vicuna-7b", "--tokens", "10", "--convention", "fastv-paper", "--no-store"])
        #expect(uniform.stdout.contains("50.358 GMACs"))
    }

    /// Commands and options that need bytes or time refuse a paper convention, naming why.
    @Test func timeBasedCommandsAreRefused() throws {
        let cases: [[String]] = [
            ["explore", "--convention", "fastv-paper", "--budget-ms", "50"],
            ["explore", "--convention", "pdrop-paper", "--budget-memory-gb", "20"],
            ["explore", "--convention", "fastv-paper", "--cost", "time"],
            ["compare", "--convention", "pdrop-paper"],
            ["crosscheck", "--convention", "fastv-paper"],
            ["analyze", "--convention", "fastv-paper", "--html", FileManager.default.temporaryDirectory.appendingPathComponent("paper.html").path],
        ]
        for arguments in cases {
            let result = try CLI.run(arguments + ["--no-store"])
            #expect(result.exitCode == 64, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains("gives operation counts only (no bytes, no time)"), "\(arguments): \(result.stderr)")
            #expect(result.stdout.isEmpty)
        }
    }

    @Test func aFLOPsBudgetSweepIsRefusedClearly() throws {
        let result = try CLI.run(["explore", "--convention", "fastv-paper", "--budget-tflops", "10", "--no-store"])
        #expect(result.exitCode == 64)
        #expect(result.stderr.contains("explore sweeps schedules under the exact or llm-viewer convention only"), "\(result.stderr)")
        #expect(result.stderr.contains("aim-viewer analyze --convention fastv-paper"))
    }

    @Test func optionsWithoutMeaningForAFormulaAreRefused() throws {
        for (arguments, message) in [
            (["--per-op"], "--per-op lists operators"),
            (["--tp", "2"], "counts the whole model, not one tensor-parallel shard; drop --tp"),
            (["--batch", "2"], "counts one sequence, as the papers do; drop --batch"),
            (["--vision", "clip-vit-l-336"], "drop --vision"),
        ] {
            let result = try CLI.run(["analyze", "--convention", "fastv-paper", "--no-store"] + arguments)
            #expect(result.exitCode == 64, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
        }
        let moe = try CLI.run(["analyze", "--convention", "pdrop-paper", "--model", "mixtral-8x7b", "--no-store"])
        #expect(moe.exitCode == 1)
        #expect(moe.stderr.contains("mixture-of-experts") && moe.stderr.contains("Use --convention exact"), "\(moe.stderr)")
    }

    /// Every figure of docs/paper-conventions.md is what its command prints: each ```text block
    /// opening with `$ aim-viewer ...` is run, and its lines must appear in the output as written
    /// (trailing spaces aside).
    @Test func docsShowWhatTheCommandsPrint() throws {
        let doc = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/paper-conventions.md")
        let text = try String(contentsOf: doc, encoding: .utf8)
        let blocks = text.components(separatedBy: "```text\n").dropFirst().map { $0.components(separatedBy: "\n```")[0] }
        var checked = 0
        for block in blocks {
            var lines = block.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            guard let command = lines.first, command.hasPrefix("$ aim-viewer ") else { continue }
            lines.removeFirst()
            let arguments = command.dropFirst("$ aim-viewer ".count).split(separator: " ").map(String.init)
            let result = try CLI.run(arguments + ["--no-store"])
            #expect(result.exitCode == 0, "\(command): \(result.stderr)")
            func trimmed(_ text: String) -> String {
                text.split(separator: "\n", omittingEmptySubsequences: false)
                    .map { String($0.reversed().drop { $0 == " " }.reversed()) }.joined(separator: "\n")
            }
            #expect(trimmed(result.stdout).contains(trimmed(lines.joined(separator: "\n"))), "\(command) no longer prints:\n\(block)")
            checked += 1
        }
        #expect(checked >= 10)
    }
}
