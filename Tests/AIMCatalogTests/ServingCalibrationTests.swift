import AIMCatalog
import AIMViewerCore
import Foundation
import Testing

/// The TensorRT-LLM 0.9 tables, their reader, and the bundled `tensorrt-llm` regime against them.
struct ServingCalibrationTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("HardwareProfiles/measured/tensorrt-llm-0.9").path

    @Test func readsEveryRowWithItsDeviceModelAndFormats() throws {
        let points = try ServingMeasurements.load(directory: Self.directory)
        #expect(points.filter { $0.kind == .throughput }.count == 24)
        #expect(points.filter { $0.kind == .firstToken }.count == 12)
        let first = try #require(points.first)
        #expect(first.hardware.name == "h100-sxm5-80gb" && first.model.layerCount == 28 && first.model.headDim == 256)
        #expect(first.options.batchSize == 1024 && first.options.computeFormat == .fp8 && first.options.kvBits == 8)
        #expect(first.inputTokens == 128 && first.outputTokens == 128 && first.measured == 25860)
        let ttft = try #require(points.first { $0.kind == .firstToken && $0.hardware.name == "a100-sxm4-80gb" })
        #expect(ttft.options.computeFormat == .fp16 && ttft.options.weightBits == 16)
        #expect(abs(ttft.measured - 0.0148) < 1e-15)
        let seventy = try #require(points.first { $0.model.layerCount == 80 })
        #expect(seventy.model.keyValueHeads == 8 && seventy.model.intermediateSize == 28672)
    }

    @Test func theBundledRegimeFitsItsTablesFarBetterThanTheRoofline() throws {
        let regime = try EngineRegimeCatalog.regime(named: "tensorrt-llm")
        try regime.validate()
        #expect(regime.fittedOn == ["a100-sxm4-80gb", "h100-sxm5-80gb"])
        let fit = try ServingFitter.evaluate(regime, on: try ServingMeasurements.load(directory: Self.directory))
        let summary = fit.summary
        let throughput = try #require(summary.throughput), firstToken = try #require(summary.firstToken)
        #expect(throughput.meanAbsolutePercent < 8, "throughput MAPE \(throughput.meanAbsolutePercent)")
        #expect(firstToken.meanAbsolutePercent < 8, "first-token MAPE \(firstToken.meanAbsolutePercent)")
        #expect(throughput.maxAbsolutePercent < 20 && firstToken.maxAbsolutePercent < 20)
        #expect(throughput.rooflineMeanAbsolutePercent > 30 && firstToken.rooflineMeanAbsolutePercent > 30)
        // The bundled figures are the ones the bundled file says they are.
        let stated = try #require(regime.fitError?.throughput)
        #expect(abs(stated.meanAbsolutePercent - throughput.meanAbsolutePercent) < 1e-6)
    }

    @Test func anUnknownGPUOrModelIsRefusedByName() throws {
        let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("serving-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: temporary) }
        try FileManager.default.copyItem(atPath: Self.directory + "/models.json", toPath: temporary.appendingPathComponent("models.json").path)
        try "gpu,precision,model,batch,tp,input_tokens,first_token_ms\nMI300X,FP16,LLaMA 7B,1,1,128,10\n"
            .write(to: temporary.appendingPathComponent("first-token.csv"), atomically: true, encoding: .utf8)
        #expect { try ServingMeasurements.load(directory: temporary.path) } throws: { "\($0)".contains("unknown gpu 'MI300X'") }
        try "gpu,precision,model,batch,tp,input_tokens,first_token_ms\nA100,FP16,Falcon 180B,1,1,128,10\n"
            .write(to: temporary.appendingPathComponent("first-token.csv"), atomically: true, encoding: .utf8)
        #expect { try ServingMeasurements.load(directory: temporary.path) } throws: { "\($0)".contains("'Falcon 180B' is not in models.json") }
    }
}
