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
        func endToEnd(_ text: String) throws -> Bool? {
            try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])["endToEnd"] as? Bool
        }
        #expect(try endToEnd(llm.stdout) == nil && endToEnd(whole.stdout) == true)
        #expect(a.frames == b.frames && a.ops == b.ops && b.seconds > a.seconds)
        #expect(a.notes.contains { $0.contains("LLM only") } && b.notes.contains { $0.contains("end to end") })
        #expect(a.notes.contains { $0.contains("196 tokens by the model's processor") })
    }

    /// `explore --end-to-end --vision-layers`: llava-1.5-7b uses CLIP's layer 23 of 24
    /// (vision_feature_layer -2), so skipping layer 24 makes every point's time to first token
    /// shorter by that layer, the FLOPs (LLM only) unchanged; the note names the choice. Without
    /// --end-to-end, or on a text model, the option is refused by name.
    @Test func exploreVisionLayers() throws {
        let arguments = ["explore", "--model", "llava-1.5-7b", "--frames", "1,2", "--budget-ms", "1000", "--cost", "time",
                         "--end-to-end", "--format", "json", "--threads", "1", "--no-store"]
        let all = try CLI.run(arguments + ["--vision-layers", "all"]), skipped = try CLI.run(arguments + ["--vision-layers", "feature-layer"])
        let unstated = try CLI.run(arguments)
        #expect(all.exitCode == 0 && skipped.exitCode == 0 && unstated.exitCode == 0, "\(all.stderr) \(skipped.stderr)")
        func cheapest(_ text: String) throws -> (frames: Int, seconds: Double, ops: Double, notes: [String]) {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
            let point = try #require((object["cheapest"] as? [[String: Any]])?.first)
            return (try #require(point["frames"] as? Int), try #require(point["prefillSeconds"] as? Double),
                    try #require(point["ops"] as? Double), object["notes"] as? [String] ?? [])
        }
        let a = try cheapest(all.stdout), b = try cheapest(skipped.stdout)
        #expect(a.frames == b.frames && a.ops == b.ops && b.seconds < a.seconds)
        // One CLIP layer of 24 on 577 rows is well under a tenth of the tower, and the LLM dominates.
        #expect(a.seconds - b.seconds < 0.01 * a.seconds)
        #expect(try cheapest(unstated.stdout).seconds == a.seconds && cheapest(unstated.stdout).notes == a.notes, "all is the default")
        #expect(a.notes.contains("vision layers: all 24 layers run as Hugging Face does; the last one is unused (--vision-layers feature-layer skips it)"))
        #expect(b.notes.contains("vision layers: layer 24 of 24 skipped as --vision-layers feature-layer asks (their output is unused; Hugging Face runs them)"))
        let llmOnly = try CLI.run(["explore", "--model", "llava-1.5-7b", "--vision-layers", "feature-layer", "--no-store"])
        #expect(llmOnly.exitCode != 0 && llmOnly.stderr.contains("--vision-layers chooses the tower layers in the end-to-end time"))
        let text = try CLI.run(["explore", "--vision-layers", "all", "--no-store"])
        #expect(text.exitCode != 0 && text.stderr.contains("--vision-layers chooses a multimodal model's tower layers; qwen2-7b has no vision tower"))
    }

    /// In text, the end-to-end sweep names its time for what it is (time to first token), in the
    /// budget, the point tables and the frontier's axis; one frame is "1 frame".
    @Test func exploreEndToEndTextSaysTimeToFirstToken() throws {
        let arguments = ["explore", "--model", "llava-onevision-7b", "--frames", "8,16", "--budget-ms", "1000", "--cost", "time",
                         "--threads", "1", "--no-store"]
        let llm = try CLI.run(arguments), whole = try CLI.run(arguments + ["--end-to-end"])
        #expect(llm.exitCode == 0 && whole.exitCode == 0, "\(llm.stderr) \(whole.stderr)")
        #expect(whole.stdout.contains("budget: <= 1000 ms time to first token") && whole.stdout.contains("TTFT ms"))
        #expect(whole.stdout.contains("Pareto frontier: time to first token vs token-layers"))
        #expect(llm.stdout.contains("budget: <= 1000 ms prefill") && llm.stdout.contains("prefill ms") && !llm.stdout.contains("TTFT"))
        #expect(llm.stdout.contains("(1 frame resized to 384x384") && !llm.stdout.contains("1 frames"))
    }

    /// Gemma-3 and Phi-3.5-vision presets: their towers, projectors, tokens per image at the
    /// default size and the parameter split, as `models show` and `analyze` give them.
    @Test func gemma3AndPhi35VisionPresets() throws {
        let gemma = try CLI.run(["models", "show", "gemma-3-4b"])
        #expect(gemma.exitCode == 0, "\(gemma.stderr)")
        for fragment in ["SigLIP ViT 27x1152 /14 @896", "average pool 4x4 + RMSNorm + linear (no bias)",
                         "tokens per image at 896x896", "64x64 patches, average-pooled 4x4 to 16x16 = 256 tokens each",
                         "parameters, vision tower", "0.42B", "parameters, whole model", "4.30B"] {
            #expect(gemma.stdout.contains(fragment), "gemma-3-4b: \(fragment)")
        }
        let phi = try CLI.run(["models", "show", "phi-3.5-vision"])
        #expect(phi.exitCode == 0, "\(phi.stderr)")
        for fragment in ["CLIP ViT 24x1024 /14 @336", "2x2 merge with newline and separator vectors", "tokens per image at 672x672",
                         "757 (", "num_crops 4", "parameters, whole model", "4.15B"] {
            #expect(phi.stdout.contains(fragment), "phi-3.5-vision: \(fragment)")
        }
        let analyze = try CLI.run(["analyze", "--model", "phi-3.5-vision", "--images", "2", "--image-size", "1000x500", "--no-store"])
        #expect(analyze.exitCode == 0, "\(analyze.stderr)")
        #expect(analyze.stdout.contains("prompt: 2 images x 457 visual tokens"))
        #expect(analyze.stdout.contains("encoder: 24 layers x 6 x 577 rows"), "three crops of each image through CLIP")
        #expect(analyze.stdout.contains("4.147B (vision 0.3035B + projector 0.02203B + LLM 3.821B)"))
    }

    /// `--vision-layers`: the report says whether the layers after the feature layer run (as
    /// Hugging Face does) or are skipped, naming the option.
    @Test func visionLayersAreStatedInTheReport() throws {
        // The titles wrap at 100 columns; read them as one line.
        let all = try CLI.run(["analyze", "--model", "llava-1.5-7b", "--images", "1", "--no-store"])
        #expect(all.exitCode == 0, "\(all.stderr)")
        let allText = all.stdout.replacingOccurrences(of: "\n", with: " ")
        #expect(allText.contains("all 24 layers run as Hugging Face does; the last one is unused (--vision-layers feature-layer skips it)"))
        let skipped = try CLI.run(["analyze", "--model", "llava-1.5-7b", "--images", "1", "--vision-layers", "feature-layer",
                                   "--per-layer", "--no-store"])
        #expect(skipped.exitCode == 0, "\(skipped.stderr)")
        let skippedText = skipped.stdout.replacingOccurrences(of: "\n", with: " ")
        #expect(skippedText.contains("layer 24 of 24 skipped as --vision-layers feature-layer asks"))
        #expect(skippedText.contains("Vision tower: per layer (23 of 24 layers run; 1 after the feature layer skipped)"))
    }

    /// The HTML report of a multimodal analysis has the vision side with every tower layer.
    @Test func htmlReportIncludesTheVisionLayers() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("aim-\(UUID().uuidString).html").path
        let result = try CLI.run(["analyze", "--model", "gemma-3-4b", "--images", "1", "--html", path, "--no-store"])
        #expect(result.exitCode == 0, "\(result.stderr)")
        let page = try String(contentsOfFile: path, encoding: .utf8)
        #expect(page.contains("id=\"vision-section\"") && page.contains("Vision tower: per layer (27 of 27 layers run)"))
        #expect(page.contains("vision + LLM prefill, ms (end to end)"))
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
