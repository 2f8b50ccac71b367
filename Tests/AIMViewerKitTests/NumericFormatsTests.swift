import AIMViewerCore
import Testing
@testable import AIMViewerKit

/// The one rule every front end reconciles formats by.
struct NumericFormatsTests {
    @Test func namesSetTheBitsAndThePeakAndTheCacheFollowsTheMostSpecificStatement() throws {
        var options = AnalysisOptions(convention: .exact)
        try NumericFormats(dtype: .fp8).apply(to: &options)
        #expect(options.weightBits == 8 && options.activationBits == 8 && options.kvBits == 8 && options.computeFormat == .fp8)
        try NumericFormats(kvBits: 16, dtype: .fp8).apply(to: &options)
        #expect(options.weightBits == 8 && options.kvBits == 16)
        try NumericFormats(dtype: .int4, kvDtype: .fp8).apply(to: &options)
        #expect(options.weightBits == 4 && options.kvBits == 8 && options.computeFormat == .int4)
        var bits = AnalysisOptions(convention: .exact)
        try NumericFormats(weightBits: 4, activationBits: 8).apply(to: &bits)
        #expect(bits.weightBits == 4 && bits.activationBits == 8 && bits.kvBits == 8 && bits.computeFormat == nil)
        try NumericFormats(kvDtype: .fp8).apply(to: &bits)
        #expect(bits.weightBits == 16 && bits.kvBits == 8)
    }

    @Test func aFormatStatedTwiceIsRefusedNamingBothOptions() {
        for formats in [NumericFormats(weightBits: 8, dtype: .fp8), NumericFormats(activationBits: 16, dtype: .fp16),
                        NumericFormats(kvBits: 8, kvDtype: .fp8)] {
            #expect { try formats.validate() } throws: { error in
                let text = (error as? RequestError)?.message(naming: \.flag) ?? ""
                return text.contains("drop --") && (text.contains("--dtype") || text.contains("--kv-dtype"))
            }
        }
    }
}
