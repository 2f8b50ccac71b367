import Foundation

extension TokenSchedule {
    /// Parses a schedule file: a JSON array of integers, or one integer per line (blank lines and
    /// `#` comments allowed). Errors name the file and line.
    public static func parse(text: String, source: String) throws -> TokenSchedule {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix("[") {
            return try parseJSONArray(trimmed, source: source)
        }
        var counts: [Int] = []
        // Any line ending (LF, CRLF, CR): "\r\n" is one Character, so splitting on "\n" alone keeps it.
        for (offset, rawLine) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let line = rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first
                .map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            if line.isEmpty { continue }
            guard let count = Int(line), count >= 0 else {
                throw ScheduleError.unparsable(source: source, line: offset + 1, text: line)
            }
            counts.append(count)
        }
        guard !counts.isEmpty else {
            throw ScheduleError.invalidParameter("\(source): holds no token counts; write a JSON array or one integer per line")
        }
        return try TokenSchedule(tokensPerLayer: counts)
    }

    /// Parses `6372,6372,...` as given on the command line.
    public static func parse(commaSeparated text: String) throws -> TokenSchedule {
        var counts: [Int] = []
        for (index, item) in text.split(separator: ",", omittingEmptySubsequences: false).enumerated() {
            let field = item.trimmingCharacters(in: .whitespaces)
            guard let count = Int(field), count >= 0 else {
                throw ScheduleError.invalid(ParameterMessage { "\($0(.tokensPerLayer)): entry \(index + 1) '\(field)' is not a non-negative integer" })
            }
            counts.append(count)
        }
        return try TokenSchedule(tokensPerLayer: counts)
    }

    private static func parseJSONArray(_ text: String, source: String) throws -> TokenSchedule {
        let value: JSONValue
        do {
            value = try JSONValue.parse(Data(text.utf8))
        } catch {
            throw ScheduleError.invalidParameter("\(source): \(error.detail)")
        }
        guard case .array(let items) = value else {
            throw ScheduleError.invalidParameter("\(source): expected a JSON array of integers")
        }
        var counts: [Int] = []
        for (index, item) in items.enumerated() {
            guard case .number(let number) = item, let count = Int(exactly: number), count >= 0 else {
                throw ScheduleError.invalidParameter(
                    "\(source): element \(index) of the array is not a non-negative integer")
            }
            counts.append(count)
        }
        return try TokenSchedule(tokensPerLayer: counts)
    }
}
