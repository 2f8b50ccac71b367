import Foundation
import Testing

/// A multimodal model priced from its own config as a user asks for it: images or frames in
/// pixels, the tower's own tokens, the LLM-only and end-to-end times side by side.
struct MultimodalCommandTests {
    @Test func imagesInTheUsersTerms() throws {
        let result = try CLI.run(["analyze", "--model", "qwen2.5-vl-7b", "--images", "2", "--image-size", "448x448", "--format", "markdown", "--no-store"])
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stdout.contains("prompt: 2 images x 256 visual tokens + 100 text tokens = 612 tokens"))
        #expect(result.stdout.contains("2 images of 448x448 resized to 448x448: 32x32 patches, merged 2x2 to 256 tokens each"))
        #expect(result.stdout.contains("Vision side: 512 tokens to the LLM"))
        #expect(result.stdout.contains("16 windows of up to 64 patches"))
        #expect(result.stdout.contains("LLM prefill only, ms") && result.stdout.contains("vision + LLM prefill, ms (end to end)"))
        #expect(result.stdout.contains("8.292B (vision 0.632B"))
    }

    @Test func perLayerListsTheVisionLayers() throws {
        let result = try CLI.run(["analyze", "--model", "qwen2.5-vl-7b", "--images", "1", "--per-layer", "--no-store"])
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Vision tower: per layer (32 of 32 layers run)"))
    }

    @Test func tokensPerFrameOverridesTheProcessorAndSaysSo() throws {
        let result = try CLI.run(["analyze", "--model", "qwen2.5-vl-7b", "--frames", "8", "--tokens-per-frame", "100", "--no-store"])
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stdout.contains("priced on 100 tokens per unit as asked, not the 256 the processor gives"))
    }

    @Test func llmViewerPricesTheLLMAloneAndSaysSo() throws {
        let result = try CLI.run(["analyze", "--model", "qwen2.5-vl-7b", "--convention", "llm-viewer", "--no-store"])
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stdout.contains("vision tower not priced under llm-viewer"))
        let explicit = try CLI.run(["analyze", "--model", "qwen2.5-vl-7b", "--tokens", "1000", "--no-store"])
        #expect(explicit.stdout.contains("vision tower not priced: an explicit token schedule names no images or frames"))
    }

    @Test func modelsShowListsTheVisionSide() throws {
        let result = try CLI.run(["models", "show", "qwen2.5-vl-7b"])
        #expect(result.exitCode == 0, "\(result.stderr)")
        for fragment in ["vision tower", "Qwen2.5-VL ViT 32x1280 /14", "patch merger 2x2", "tokens per image at 448x448",
                         "parameters, vision tower", "parameters, whole model", "8.29B"] {
            #expect(result.stdout.contains(fragment), "\(fragment)")
        }
    }

    /// `compare --end-to-end`: each device's prefill includes its own vision time, so the time to
    /// first token exceeds the LLM-only prefill of the same device.
    @Test func compareEndToEnd() throws {
        let arguments = ["compare", "--model", "qwen2.5-vl-7b", "--images", "1", "--hardware", "a100-sxm4-80gb", "--format", "json", "--no-store"]
        let llm = try CLI.run(arguments)
        let whole = try CLI.run(arguments + ["--end-to-end"])
        #expect(llm.exitCode == 0 && whole.exitCode == 0, "\(llm.stderr) \(whole.stderr)")
        func prefill(_ text: String) throws -> (Double, Double?) {
            let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
            let comparison = object?["comparison"] as? [String: Any]
            let target = (comparison?["targets"] as? [[String: Any]])?.first
            let schedules = target?["schedules"] as? [[String: Any]]
            return (try #require(schedules?.last?["prefillSeconds"] as? Double), target?["visionSeconds"] as? Double)
        }
        let (alone, none) = try prefill(llm.stdout)
        let (endToEnd, vision) = try prefill(whole.stdout)
        #expect(none == nil)
        let seconds = try #require(vision)
        #expect(seconds > 0 && abs(endToEnd - (alone + seconds)) < 1e-12)
        let text = try CLI.run(["compare", "--model", "qwen2.5-vl-7b", "--hardware", "a100-sxm4-80gb", "--no-store"])
        #expect(text.stdout.contains("LLM only: the vision tower and projector are not in these times"))
        let refused = try CLI.run(["compare", "--end-to-end", "--hardware", "a100-sxm4-80gb", "--no-store"])
        #expect(refused.exitCode != 0 && refused.stderr.contains("qwen2-7b has none"))
    }

    /// `explore` with a multimodal model sweeps its own tokens per frame; `--end-to-end` adds the
    /// tower's time for each frame count, so the same point costs more time and the same FLOPs.
    @Test func exploreEndToEnd() throws {
        let arguments = ["explore", "--model", "llava-onevision-7b", "--frames", "8,16", "--budget-ms", "1000", "--cost", "time",
                         "--format", "json", "--threads", "1", "--no-store"]
        let llm = try CLI.run(arguments), whole = try CLI.run(arguments + ["--end-to-end"])
        #expect(llm.exitCode == 0 && whole.exitCode == 0, "\(llm.stderr) \(whole.stderr)")
        func cheapest(_ text: String) throws -> (frames: Int, seconds: Double, ops: Double, notes: [String]) {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
            let point = try #require((object["cheapest"] as? [[String: Any]])?.first)
            return (try #require(point["frames"] as? Int), try #require(point["prefillSeconds"] as? Double),
                    try #require(point["ops"] as? Double), object["notes"] as? [String] ?? [])
        }
        let a = try cheapest(llm.stdout), b = try cheapest(whole.stdout)
        #expect(a.frames == b.frames && a.ops == b.ops && b.seconds > a.seconds)
        #expect(a.notes.contains { $0.contains("LLM only") } && b.notes.contains { $0.contains("end to end") })
        #expect(a.notes.contains { $0.contains("196 tokens by the model's processor") })
    }

    /// A paper formula counts the LLM's layers: the model's own tokens, its tower said to be uncounted.
    @Test func paperConventionCountsTheLLMAndSaysSo() throws {
        let result = try CLI.run(["analyze", "--model", "llava-1.5-7b", "--images", "1", "--convention", "fastv-paper",
                                  "--format", "markdown", "--no-store"])
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stdout.contains("prompt: 1 image x 576 visual tokens"))
        #expect(result.stdout.contains("LLM only: the formula counts the decoder layers"))
    }

    @Test func visionInputsWithoutATowerAreRefused() throws {
        let result = try CLI.run(["analyze", "--images", "1", "--no-store"])
        #expect(result.exitCode != 0 && result.stdout.isEmpty)
        #expect(result.stderr.contains("qwen2-7b has no vision tower") && result.stderr.contains("--images"))
        let size = try CLI.run(["analyze", "--model", "qwen2.5-vl-7b", "--image-size", "10x", "--no-store"])
        #expect(size.exitCode != 0 && size.stderr.contains("--image-size must be WIDTHxHEIGHT"))
        let preset = try CLI.run(["analyze", "--vision", "siglip-so400m", "--images", "1", "--no-store"])
        #expect(preset.exitCode != 0 && preset.stderr.contains("--vision siglip-so400m prices square frames"))
    }
}
