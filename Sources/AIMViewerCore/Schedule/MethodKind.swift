/// A token-reduction method by name, without its parameters: what `analyze --schedule` and
/// `explore --methods` choose from. Derived from `MethodPreset` so a new preset is named in one
/// place, and the compiler points at every switch that must learn it.
public enum MethodKind: String, Sendable, CaseIterable, Codable {
    case aim, baseline, fastv, pdrop, vtw, fixed
    case uniformKeep = "uniform-keep"

    /// Other names users know a method by (LLaVA-PruMerge keeps a fixed number of tokens per frame).
    public static let aliases: [String: MethodKind] = ["prumerge": .fixed]

    /// The methods compared with the baseline, in the order reports list them: what `all` means.
    public static var reductions: [MethodKind] { allCases.filter { $0 != .baseline } }

    /// A name or alias, case-insensitive; `nil` when unknown.
    public init?(name: String) {
        let lowered = name.lowercased()
        guard let kind = MethodKind(rawValue: lowered) ?? Self.aliases[lowered] else { return nil }
        self = kind
    }

    /// Every accepted spelling, for help texts and error messages.
    public static var acceptedNames: [String] {
        allCases.map(\.rawValue) + aliases.keys.sorted()
    }

    /// A comma-separated list of names (or `all`), duplicates dropped, in the order given.
    public static func list(_ text: String) throws -> [MethodKind] {
        let names = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !names.isEmpty else { throw ScheduleError.invalidParameter("the list of methods is empty") }
        var result: [MethodKind] = []
        for name in names {
            if name.lowercased() == "all" { return reductions }
            guard let method = MethodKind(name: name) else {
                throw ScheduleError.invalidParameter(
                    "unknown method '\(name)'; known: \(acceptedNames.joined(separator: ", ")), all")
            }
            if !result.contains(method) { result.append(method) }
        }
        return result
    }
}

extension MethodPreset {
    public var kind: MethodKind {
        switch self {
        case .baseline: return .baseline
        case .aim: return .aim
        case .fastV: return .fastv
        case .pyramidDrop: return .pdrop
        case .visualTokenWithdrawal: return .vtw
        case .fixed: return .fixed
        case .uniformKeep: return .uniformKeep
        }
    }
}
