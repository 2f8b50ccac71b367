@testable import AIMViewerCore
import Foundation
import Testing

/// The limits that keep hostile input from crashing, hanging or pricing to a non-finite number.
struct InputLimitsTests {
    func parse(_ text: String) throws(JSONShapeError) -> JSONValue { try JSONValue.parse(Data(text.utf8)) }

    func parseError(_ text: String) -> String? {
        do throws(JSONShapeError) { _ = try parse(text); return nil } catch { return error.detail }
    }

    @Test func strictParserReadsWhatJSONAllows() throws {
        #expect(try parse(#"{"a": [1, -2.5e3, true, false, null], "b": "x\u00e9\ud83d\ude00\n"}"#)
            == .object(["a": .array([.number(1), .number(-2500), .bool(true), .bool(false), .null]), "b": .string("xé😀\n")]))
        #expect(try parse("\u{FEFF}[0]") == .array([.number(0)]))
        #expect(try parse(" 12 ") == .number(12))
    }

    @Test func strictParserRefusesWithLineAndColumn() {
        #expect(parseError("{\"a\": 1,\n \"a\": 2}") == "line 2, column 2: duplicate key 'a' (first given at line 1); keep one of them")
        #expect(parseError("") == "the file is empty")
        #expect(parseError("[1,]")?.hasPrefix("line 1, column 4") == true)
        #expect(parseError("01")?.contains("unexpected text after the end") == true)
        #expect(parseError("1e999")?.contains("too large") == true)
        #expect(parseError("[NaN]")?.contains("NaN and Infinity are not JSON") == true)
        #expect(parseError("\"a\tb\"")?.contains("control character") == true)
        #expect(parseError("\"\\ud800\"")?.contains("surrogate") == true)
        #expect(parseError("{\"a\" 1}")?.contains("':' was expected") == true)
        #expect(parseError(String(repeating: "[", count: 100_000))?.contains("nested deeper than 256") == true)
        #expect(parseError(String(repeating: "[", count: 255) + String(repeating: "]", count: 255)) == nil)
    }

    @Test func modelSizesAboveTheirLimitsAreNamed() throws {
        func refusal(_ build: () throws -> ModelConfig) -> String? {
            do { _ = try build(); return nil } catch { return "\(error)" }
        }
        let layers = refusal { try ModelConfig(name: "m", layerCount: ModelLimits.layers + 1, hiddenSize: 64, attentionHeads: 4,
                                               intermediateSize: 128, vocabularySize: 100) }
        #expect(layers == "m: 'num_hidden_layers' is 10001, above the limit of 10000 (far beyond any published model); check the value")
        #expect(refusal { try ModelConfig(name: "m", layerCount: ModelLimits.layers, hiddenSize: 64, attentionHeads: 4,
                                          intermediateSize: 128, vocabularySize: 100) } == nil)
        #expect(refusal { try ModelConfig(name: "m", layerCount: 2, hiddenSize: 1 << 21, attentionHeads: 2,
                                          intermediateSize: 128, vocabularySize: 100) }?.contains("'hidden_size'") == true)
        #expect(refusal { try ModelConfig(name: "m", layerCount: 2, hiddenSize: 64, attentionHeads: 4,
                                          intermediateSize: 128, vocabularySize: ModelLimits.vocabulary + 1) }?.contains("'vocab_size'") == true)
        #expect(refusal { try ModelConfig(name: "m", layerCount: 2, hiddenSize: 64, attentionHeads: 4, intermediateSize: 128,
                                          vocabularySize: 100, statedHeadDim: 1 << 20) }?.contains("wider than") == true)
    }

    @Test func profilesFromFilesStayInPhysicalRanges() throws {
        func decode(_ fields: String) -> String? {
            let json = #"{"name": "x", "peakOpsPerSecond": {"fp16": 1e14}, "memoryBandwidthBytesPerSecond": 1e12"# + fields + "}"
            do { _ = try HardwareProfile.decode(json: Data(json.utf8), source: "x.json"); return nil } catch { return "\(error)" }
        }
        #expect(decode("") == nil)
        #expect(decode(#", "memoryCapacityBytes": 8e10, "thermalDesignPowerWatts": 400, "computeUnits": 108"#) == nil)
        #expect(decode(#", "interconnectBandwidthBytesPerSecond": 1e-300"#)?.contains("'interconnectBandwidthBytesPerSecond' is 1e-300, outside the range") == true)
        #expect(decode(#", "l2CacheBytes": 1e20"#)?.contains("'l2CacheBytes'") == true)
        #expect(decode(#", "thermalDesignPowerWatts": 5e-324"#)?.contains("'thermalDesignPowerWatts'") == true)
        // Built in code, a unit device of 1 byte per second is fine: only files are held to physical ranges.
        #expect(throws: Never.self) {
            try HardwareProfile(name: "unit", memoryBandwidthBytesPerSecond: 1, peakOpsPerSecond: [.fp16: 1])
        }
    }

    @Test func aReductionAgainstAZeroCostMethodIsUndefined() {
        #expect(Reduction.StageRatios.ratio(10, 0) == nil)
        #expect(Reduction.StageRatios.ratio(0, 0) == 1)
        #expect(Reduction.StageRatios.ratio(10, 4) == 2.5)
        #expect(Reduction.StageRatios.ratio(1e308, 1e-308) == nil)
    }

    @Test func fittedCalibrationsAreBroughtInsideTheRanges() {
        let fit = ProfileLimits.clamped(StreamingEfficiency(overheadSeconds: 3, computeFraction: 40, curve: [
            .init(bytes: 1e3, bandwidthFraction: 1e4), .init(bytes: 1e6, bandwidthFraction: 0.5)]))
        #expect(fit.computeFraction == 1 && fit.overheadSeconds == 0.5)
        #expect(fit.curve.map(\.bandwidthFraction) == [10, 0.5])
    }
}
