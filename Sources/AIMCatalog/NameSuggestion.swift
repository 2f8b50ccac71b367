/// The known names closest to a misspelt one, for "did you mean" in errors.
public enum NameSuggestion {
    /// Up to `limit` names, nearest first: those containing the typed name, then those containing
    /// each of its parts (`a100_40gb` → `a100-sxm4-40gb`), then those within an edit distance of a
    /// third of its length (at least 2).
    public static func nearest(to typed: String, among names: [String], limit: Int = 3) -> [String] {
        let query = normalized(typed)
        guard !query.isEmpty else { return [] }
        let parts = typed.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init)
        let threshold = max(2, query.count / 3)
        let scored = names.compactMap { name -> (String, Int)? in
            let candidate = normalized(name)
            if candidate.contains(query) { return (name, 0) }
            if parts.count > 1, parts.allSatisfy(candidate.contains) { return (name, 1) }
            let distance = editDistance(query, candidate)
            return distance <= threshold ? (name, distance + 1) : nil
        }
        return scored.sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }.prefix(limit).map(\.0)
    }

    /// Case and separators do not matter: `H100_SXM5`, `h100-sxm5` and `h100sxm5` are one name.
    static func normalized(_ name: String) -> String {
        String(name.lowercased().filter { $0.isLetter || $0.isNumber })
    }

    /// Levenshtein distance over characters.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty, !b.isEmpty else { return max(a.count, b.count) }
        var previous = Array(0...b.count)
        var current = previous
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
