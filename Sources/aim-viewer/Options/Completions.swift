import AIMCatalog
import AIMViewerCore
import ArgumentParser

/// Shell completion of option values (`aim-viewer --generate-completion-script bash|zsh|fish`): names
/// complete from the catalogs the command itself reads, lists complete their last item, paths as paths.
enum Completions {
    static let model = CompletionKind.custom { _, _, prefix in
        ModelCatalog.presetNames.filter { $0.hasPrefix(prefix) }
    }

    static let hardware = CompletionKind.custom { _, _, prefix in
        hardwareNames().filter { $0.hasPrefix(prefix) }
    }

    /// `a100-sxm4-80gb,h1` → every name after the last comma that starts with `h1`, plus `all`, the
    /// vendors and `tag:` selections `compare` accepts.
    static let hardwareList = CompletionKind.custom { _, _, prefix in
        let profiles = (try? HardwareCatalog.all()) ?? []
        let selections = ["all"] + Set(profiles.compactMap(\.vendor)).sorted() + Set(profiles.flatMap(\.tags)).sorted().map { "tag:" + $0 }
        return listItems(prefix, from: profiles.map(\.name) + selections)
    }

    static let methods = CompletionKind.custom { _, _, prefix in
        listItems(prefix, from: MethodKind.acceptedNames + ["all"])
    }

    static let schedule = CompletionKind.list(MethodKind.acceptedNames)

    static func hardwareNames() -> [String] { ((try? HardwareCatalog.all()) ?? []).map(\.name) }

    /// Completes the item after the last comma of a comma-separated list.
    static func listItems(_ prefix: String, from names: [String]) -> [String] {
        let done = prefix.lastIndex(of: ",").map { String(prefix[...$0]) } ?? ""
        let item = String(prefix.dropFirst(done.count))
        return names.filter { $0.hasPrefix(item) }.map { done + $0 }
    }
}
