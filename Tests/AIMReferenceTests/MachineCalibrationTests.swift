import Foundation
import Testing
@testable import AIMReference
@testable import AIMViewerCore

/// `calibrate` end to end on a plan small enough for a debug build: every kernel class measured,
/// the fit made, the profiles valid; and the timer's arithmetic.
struct MachineCalibrationTests {
    static let tiny = MachineCalibration.Plan(
        timer: KernelTimer(minimumSeconds: 0.0005, repeats: 2), bandwidthArrayBytes: 4 << 20,
        matmulShapes: MachineCalibration.Plan.grid(m: [1, 8, 32], n: [16, 64], k: [16, 64], maximumOps: 1e9),
        softmaxSizes: [4, 8, 16], normRows: [1, 4, 16], elementCounts: [64, 256, 1024], pagerankTokens: [4, 8, 16],
        mergeTokens: [4, 8, 16])

    @Test func measuresEveryClassAndWritesValidProfiles() throws {
        var progress: [Int] = []
        let result = try MachineCalibration.run(Self.tiny) { progress.append($0) }
        #expect(progress == Array(1...Self.tiny.steps))
        let classes = Dictionary(grouping: result.measurements, by: \.kernelClass).mapValues(\.count)
        #expect(classes == [.matmul: 12, .softmax: 3, .norm: 3, .activation: 3, .elementwise: 3, .pagerank: 3, .merge: 3])
        #expect(result.spreads.count == result.measurements.count)
        #expect(result.measurements.allSatisfy { $0.seconds > 0 && $0.bytes > 0 })
        #expect(result.bandwidthOneThread.perSecond > 0 && result.peakOneThread.perSecond > 0)
        let profiles = try result.profiles(name: "test-cpu")
        #expect(profiles.map(\.name) == ["test-cpu", "test-cpu-all-threads"])
        let calibration = try #require(profiles[0].calibration)
        #expect(Set(calibration.streaming.keys) == [.softmax, .norm, .activation, .elementwise, .pagerank, .merge])
        #expect(profiles[1].calibration == nil, "the engine runs on one thread: only that profile is calibrated")
        // Written and read back in the profile format.
        let data = try JSONEncoder().encode(profiles[0])
        #expect(try HardwareProfile.decode(json: data, source: "test") == profiles[0])
        // The PageRank and merge sizes are the analyzer's own counts, so the curves price its operators.
        let pagerank = try #require(result.measurements.first { $0.kernelClass == .pagerank })
        #expect(pagerank.bytes == ExactOperators.pagerank(sequences: 1, heads: 4, tokens: 4, activationBytes: 4, iterations: 5).bytes)
    }

    @Test func copiesFillEightMebibytesAtMostSixteenTimes() {
        #expect(MachineCalibration.copies(OperatorCost(loadWeightBytes: 1_048_576)) == 8)
        #expect(MachineCalibration.copies(OperatorCost(loadActivationBytes: 100)) == 16)
        #expect(MachineCalibration.copies(OperatorCost(loadWeightBytes: 67_108_864)) == 1)
    }

    @Test func theTimerReportsTheMedianAndTheSpread() {
        var calls = 0
        let timing = KernelTimer(minimumSeconds: 0, repeats: 3).time { calls += 1 }
        #expect(calls == 4, "one warm-up call, then one call per repeat when no minimum duration is asked")
        #expect(timing.secondsPerCall >= 0 && timing.spread >= 0)
    }
}
