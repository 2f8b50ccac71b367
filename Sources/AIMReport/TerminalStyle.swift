import Foundation

/// ANSI colour for terminal tables: on only when stdout is a terminal, `NO_COLOR` is unset and
/// `--no-color` was not given, so pipes, files and tests get plain text.
public struct TerminalStyle: Sendable {
    public var enabled: Bool

    public init(enabled: Bool) { self.enabled = enabled }

    public static let plain = TerminalStyle(enabled: false)

    /// The style for stdout under the user's wishes.
    public static func forStandardOutput(noColorFlag: Bool) -> TerminalStyle {
        let environment = ProcessInfo.processInfo.environment
        let noColor = environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        return TerminalStyle(enabled: !noColorFlag && !noColor && isatty(STDOUT_FILENO) == 1)
    }

    public func red(_ text: String) -> String { wrap(text, "31") }
    public func green(_ text: String) -> String { wrap(text, "32") }
    public func bold(_ text: String) -> String { wrap(text, "1") }

    func wrap(_ text: String, _ code: String) -> String {
        enabled ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    /// `text` without the colour codes this style adds.
    public static func removingColor(_ text: String) -> String {
        guard text.contains("\u{1B}") else { return text }
        var plain = "", inEscape = false
        for character in text {
            if inEscape { if character == "m" { inEscape = false } } else if character == "\u{1B}" { inEscape = true } else { plain.append(character) }
        }
        return plain
    }

    /// Characters a terminal shows: escape sequences take no columns.
    static func visibleWidth(_ text: String) -> Int {
        guard text.contains("\u{1B}") else { return text.count }
        var width = 0, inEscape = false
        for character in text {
            if inEscape { if character == "m" { inEscape = false } } else if character == "\u{1B}" { inEscape = true } else { width += 1 }
        }
        return width
    }
}
