import Foundation
import Testing

/// Every label says what its number is (issue 22), read from the output a user sees.
struct LabelTests {
    /// The merge overhead priced under `exact` is the whole video's (every frame merged alone), and
    /// only the paper's workload calls its llm-viewer figures the published ones.
    @Test func analyzeLabelsTheOverheadsAndThePublishedNumbers() throws {
        let paper = try CLI.run(["analyze", "--no-store"])
        #expect(paper.exitCode == 0, "\(paper.stderr)")
        #expect(paper.stdout.contains("2.889 (whole video, frame by frame)"))
        #expect(!paper.stdout.contains("(per frame)"))
        #expect(paper.stdout.contains("under the llm-viewer convention (the AIM paper's published numbers)"))
        for other in [["--frames", "64"], ["--model", "llama-3-8b"], ["--hardware", "nvidia_H100"], ["--batch", "2"]] {
            let result = try CLI.run(["analyze", "--no-store"] + other)
            #expect(result.exitCode == 0, "\(other): \(result.stderr)")
            #expect(result.stdout.contains("The same schedules under the llm-viewer convention\n"), "\(other)")
            #expect(!result.stdout.contains("published numbers"), "\(other) is not the paper's workload")
        }
    }

    @Test func analyzeWarnsWhenTheModelDoesNotFit() throws {
        let result = try CLI.run(["analyze", "--model", "mixtral-8x7b", "--hardware", "a100-sxm4-40gb", "--no-store"])
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stdout.contains("DOES NOT FIT in device memory: the peak footprint 99.49 GB exceeds a100-sxm4-40gb's 40 GB; it fits\nwith --tp 4"),
                "\(result.stdout)")
        let fits = try CLI.run(["analyze", "--model", "mixtral-8x7b", "--hardware", "a100-sxm4-40gb", "--tp", "4", "--no-store"])
        #expect(fits.exitCode == 0, "\(fits.stderr)")
        #expect(!fits.stdout.contains("DOES NOT FIT"))
    }

    @Test func modelsShowNamesTheExpertSizes() throws {
        let result = try CLI.run(["models", "show", "mixtral-8x7b"])
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(!result.stdout.contains("8 of 14336"))
        #expect(result.stdout.contains("8, 2 routed per token"))
        #expect(result.stdout.split(separator: "\n").contains { $0.hasPrefix("expert intermediate_size") && $0.hasSuffix(" 14336") })
    }

    /// Speedups are against the first device named, or the first of a selection, said as such; the
    /// misfit line keeps its space; decode and end-to-end throughput are named apart.
    @Test func compareNamesItsReferenceAndItsThroughputs() throws {
        let all = try CLI.run(["compare", "--hardware", "all", "--no-store"])
        #expect(all.exitCode == 0, "\(all.stderr)")
        #expect(!all.stdout.contains("the first named"))
        #expect(flat(all.stdout).contains("(the first of the selection; name a target first in --hardware to choose)"))
        #expect(!all.stdout.contains("FITin"))
        let named = try CLI.run(["compare", "--hardware", "h100-sxm5-80gb,a10", "--no-store"])
        #expect(flat(named.stdout).contains("speedup against h100-sxm5-80gb (the first named)"), "\(named.stdout)")
        let header = try #require(named.stdout.split(separator: "\n").first { $0.hasPrefix("target ") })
        #expect(header.contains("dec tok/s") && header.contains("e2e tok/s"), "\(header)")
        let misfit = try CLI.run(["compare", "--hardware", "a10", "--model", "qwen2-72b", "--no-store"])
        #expect(flat(misfit.stdout).contains("DOES NOT FIT in device memory (marked NO): a10: fits with --tp 8"), "\(misfit.stdout)")
    }

    @Test func compareShowsTheCalibratedTimeOfACalibratedProfile() throws {
        let result = try CLI.run(["compare", "--hardware", "a100-sxm4-80gb,a100-sxm4-80gb-calibrated", "--no-store"])
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Calibrated estimate (from the profile's calibration block): a100-sxm4-80gb-calibrated:"))
        #expect(!result.stdout.contains("a100-sxm4-80gb: baseline prefill"), "the uncalibrated profile has no estimate")
    }

    /// Prose is wrapped at 100 columns: compare it as one line.
    func flat(_ text: String) -> String { text.replacingOccurrences(of: "\n", with: " ") }
}
