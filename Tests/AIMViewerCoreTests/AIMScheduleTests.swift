@testable import AIMViewerCore
import Testing

struct AIMScheduleTests {
    @Test(arguments: [
        (196, 2, 49), (196, 1, 98), (196, 3, 25), (196, 0, 196), (13, 2, 4), (13, 1, 7), (729, 2, 183),
        (1, 3, 1), (2, 1, 1), (576, 3, 72),
    ])
    func mergedTokensPerFrame(tokens: Int, iterations: Int, expected: Int) {
        #expect(AIMScheduler.mergedTokensPerFrame(tokens, iterations: iterations) == expected)
    }

    @Test func paperSchedule() throws {
        let schedule = try AIMScheduler.schedule(.paperDefault, layerCount: 28)
        #expect(schedule.tokensPerLayer == Array(repeating: 1668, count: 14)
            + [1472, 1276, 1080, 884, 688, 492, 296] + Array(repeating: 100, count: 7))
    }

    @Test func modelAlignmentShiftsByOneLayer() throws {
        var parameters = AIMScheduleParameters.paperDefault
        parameters.alignment = .model
        let schedule = try AIMScheduler.schedule(parameters, layerCount: 28)
        #expect(schedule.tokensPerLayer == Array(repeating: 1668, count: 15)
            + [1472, 1276, 1080, 884, 688, 492, 296] + Array(repeating: 100, count: 6))
    }

    @Test func truncationFollowsDoubleArithmetic() throws {
        // 1 - 7·0.1 = 0.29999999999999993 in Double, so int(rho·100 + 7) is 36, not 37; the expected
        // lists are what Python prints for int(max(0, 1.0 - (l + 1) * 0.1) * V + P).
        var parameters = AIMScheduleParameters(frames: 1, tokensPerFrame: 100, textTokens: 7, mergeIterations: 0,
                                               pruneStartLayer: 0, pruneStep: 0.1, alignment: .analyzer)
        #expect(try AIMScheduler.schedule(parameters, layerCount: 10).tokensPerLayer
            == [97, 87, 77, 67, 57, 46, 36, 26, 17, 7])
        parameters.tokensPerFrame = 10
        parameters.textTokens = 5
        #expect(try AIMScheduler.schedule(parameters, layerCount: 10).tokensPerLayer
            == [14, 13, 12, 11, 10, 9, 7, 7, 6, 5])
        parameters.pruneStep = 0
        #expect(try AIMScheduler.schedule(parameters, layerCount: 4).tokensPerLayer == [15, 15, 15, 15])
    }

    @Test func mergeKeepMapsToIterations() throws {
        #expect(try AIMScheduler.mergeIterations(forKeep: 1) == 0)
        #expect(try AIMScheduler.mergeIterations(forKeep: 0.25) == 2)
        #expect(try AIMScheduler.mergeIterations(forKeep: 0.125) == 3)
        #expect(throws: ScheduleError.self) { try AIMScheduler.mergeIterations(forKeep: 0.3) }
        #expect(throws: ScheduleError.self) { try AIMScheduler.mergeIterations(forKeep: 0) }
    }

    @Test func invalidParametersAreRejected() {
        var parameters = AIMScheduleParameters.paperDefault
        parameters.frames = 0
        #expect(throws: ScheduleError.self) { try AIMScheduler.schedule(parameters, layerCount: 28) }
        parameters = .paperDefault
        parameters.pruneStep = -0.1
        #expect(throws: ScheduleError.self) { try AIMScheduler.schedule(parameters, layerCount: 28) }
    }

    @Test func scheduleFiles() throws {
        #expect(try TokenSchedule.parse(text: "[3, 2, 1]", source: "s.json").tokensPerLayer == [3, 2, 1])
        #expect(try TokenSchedule.parse(text: "# counts\n3\n\n2 # second\n1\n", source: "s.txt").tokensPerLayer == [3, 2, 1])
        #expect(throws: ScheduleError.unparsable(source: "s.txt", line: 2, text: "x")) {
            try TokenSchedule.parse(text: "3\nx\n", source: "s.txt")
        }
        #expect(throws: ScheduleError.unparsable(source: "s.txt", line: 1, text: "-4")) {
            try TokenSchedule.parse(text: "-4\n", source: "s.txt")
        }
        #expect(throws: ScheduleError.self) { try TokenSchedule.parse(text: "[1, 2.5]", source: "s.json") }
        #expect(throws: ScheduleError.self) { try TokenSchedule.parse(text: "[1, 2", source: "s.json") }
        #expect(throws: ScheduleError.self) { try TokenSchedule.parse(text: "", source: "s.txt") }
        #expect(try TokenSchedule.parse(commaSeparated: "5, 4,3").tokensPerLayer == [5, 4, 3])
        #expect(throws: ScheduleError.self) { try TokenSchedule.parse(commaSeparated: "5,,3") }
        #expect(throws: ScheduleError.self) { try TokenSchedule.parse(commaSeparated: "5,99999999999999999,3") }
        #expect(throws: ScheduleError.self) { try TokenSchedule(tokensPerLayer: [Int.max]) }
    }
}
