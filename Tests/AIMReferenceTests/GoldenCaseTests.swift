import AIMReference
import Foundation
import ReferenceFixtures
import Testing

/// Every case of `Tests/Fixtures/reference/aim-golden.json` (or `AIM_GOLDEN_FILE`): merge outputs within
/// 1e-5 relative, importances within 1e-4 relative, keep sets exactly equal.
@Suite struct GoldenCaseTests {
    static var goldenFile: URL { ReferenceFixture.url("aim-golden.json", overrideVariable: "AIM_GOLDEN_FILE") }

    static func close(_ actual: Double, _ expected: Double, relative: Double) -> Bool {
        abs(actual - expected) <= relative * max(abs(actual), abs(expected)) + 1e-300
    }

    @Test func everyGoldenCaseReproduces() throws {
        let golden = try GoldenCases.load(Self.goldenFile)
        #expect(!golden.cases.isEmpty, "the golden file holds no cases")
        for (index, goldenCase) in golden.cases.enumerated() {
            switch goldenCase {
            case .merge(_, let input, let steps):
                var frames = input
                for (round, step) in steps.enumerated() {
                    frames = try frames.map { try BipartiteMerge.merge($0, remove: step.r).tokens }
                    try #require(frames.count == step.output.count, "case \(index) round \(round + 1): frame count")
                    for (f, (actual, expected)) in zip(frames, step.output).enumerated() {
                        try #require(actual.count == expected.count,
                                     "case \(index) round \(round + 1) frame \(f): \(actual.count) tokens, expected \(expected.count)")
                        for (row, (a, e)) in zip(actual, expected).enumerated() {
                            for (col, (x, y)) in zip(a, e).enumerated() {
                                #expect(Self.close(x, y, relative: 1e-5),
                                        "case \(index) round \(round + 1) frame \(f) token \(row) channel \(col): \(x) vs \(y)")
                            }
                        }
                    }
                }
            case .prune(let c):
                let n = c.importance.count
                let importance = try PageRankImportance.importance(
                    logits: c.logits.map { $0.flatMap { $0 } }, positions: n, dead: Set(c.dead),
                    temperature: c.tau, iterations: c.iters)
                for (j, (x, y)) in zip(importance, c.importance).enumerated() {
                    #expect(Self.close(x, y, relative: 1e-4), "case \(index) position \(j): importance \(x) vs \(y)")
                }
                let keep = try PageRankImportance.keepSet(
                    importance: importance, dead: Set(c.dead), protected: Set(c.protected), retention: c.rate)
                #expect(keep == c.keep.sorted(), "case \(index): keep set")
            }
        }
    }
}
