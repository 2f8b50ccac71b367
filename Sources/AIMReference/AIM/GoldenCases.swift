import Foundation

/// Worked merge and prune cases (`Tests/Fixtures/reference/aim-golden.json`; format in
/// docs/reference-engine.md): the engine's algorithms are checked against them.
public struct GoldenCases: Decodable, Sendable {
    public var cases: [GoldenCase]

    public static func load(_ url: URL) throws -> GoldenCases {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw ReferenceError.invalidParameter("cannot read golden cases at \(url.path): \(error.localizedDescription)")
        }
        do { return try JSONDecoder().decode(GoldenCases.self, from: data) } catch let error as DecodingError {
            throw ReferenceError.invalidParameter("\(url.path) is not a golden-case file: \(Self.describe(error))")
        }
    }

    static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, let context):
            return "missing key '\(key.stringValue)' at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "\(context.debugDescription) at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
        @unknown default:
            return "\(error)"
        }
    }
}

public enum GoldenCase: Decodable, Sendable {
    /// Frames (`input[f]` is `t × c`) merged by successive rounds; `output` holds every frame after that round.
    case merge(seed: Int?, input: [[[Double]]], steps: [MergeStep])
    /// Per-head logits `N × N`, dead and protected positions, the retention rate, PageRank settings,
    /// and the expected importance and keep set.
    case prune(PruneCase)

    public struct MergeStep: Decodable, Sendable {
        public var r: Int
        public var output: [[[Double]]]
    }

    public struct PruneCase: Decodable, Sendable {
        public var seed: Int?
        public var logits: [[[Double]]]
        public var dead: [Int]
        public var protected: [Int]
        public var rate: Double
        public var tau: Double
        public var iters: Int
        public var importance: [Double]
        public var keep: [Int]
    }

    enum CodingKeys: String, CodingKey { case kind, seed, input, steps }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let kind = try container.decode(String.self, forKey: .kind)
        switch kind {
        case "merge":
            self = .merge(seed: try container.decodeIfPresent(Int.self, forKey: .seed),
                          input: try container.decode([[[Double]]].self, forKey: .input),
                          steps: try container.decode([MergeStep].self, forKey: .steps))
        case "prune":
            self = .prune(try PruneCase(from: decoder))
        default:
            throw DecodingError.dataCorruptedError(forKey: .kind, in: container,
                                                   debugDescription: "unknown kind '\(kind)' (expected merge or prune)")
        }
    }
}
