import Foundation

/// The values a swept parameter takes, as the command line writes them:
/// `32` (one value), `1,0.5,0.25` (a list), `8...256` (every integer; for decimals every unit of the
/// finest decimal written: `0.05...0.5` is 0.05, 0.06, ..., 0.50), `0.05...0.5:0.05` (an explicit step).
public enum ParameterRange {
    public static let maximumValues = 10_000_000

    public static func integers(_ text: String, option: String) throws -> [Int] {
        try decimals(text, option: option).map { value in
            guard value == value.rounded(), abs(value) < 1e15 else {
                throw ScheduleError.invalidParameter("\(option) takes whole numbers, got \(value) in '\(text)'")
            }
            return Int(value)
        }
    }

    public static func decimals(_ text: String, option: String) throws -> [Double] {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw ScheduleError.invalidParameter("\(option) is empty; give a value, a list a,b,c or a range a...b") }
        if let range = trimmed.range(of: "...") {
            let lowText = String(trimmed[..<range.lowerBound])
            var rest = String(trimmed[range.upperBound...])
            var stepText: String?
            if let colon = rest.firstIndex(of: ":") {
                stepText = String(rest[rest.index(after: colon)...])
                rest = String(rest[..<colon])
            }
            let low = try number(lowText, option: option, whole: text)
            let high = try number(rest, option: option, whole: text)
            guard low <= high else {
                throw ScheduleError.invalidParameter("\(option) range '\(text)' is inverted: \(lowText) is above \(rest); write low...high")
            }
            let step = try stepText.map { try number($0, option: option, whole: text) }
                ?? pow(10, -Double(max(decimalPlaces(lowText), decimalPlaces(rest))))
            guard step > 0 else { throw ScheduleError.invalidParameter("\(option) step must be positive in '\(text)'") }
            let count = Int(((high - low) / step + 1e-9).rounded(.down)) + 1
            guard count <= maximumValues else {
                throw ScheduleError.invalidParameter("\(option) '\(text)' has \(count) values; at most \(maximumValues)")
            }
            // Values as low + i·step, rounded to the written precision so 0.1·3 prints as 0.3.
            let places = max(decimalPlaces(lowText), decimalPlaces(rest), stepText.map(decimalPlaces) ?? 0)
            let scale = pow(10, Double(places))
            return (0..<count).map { ((low + Double($0) * step) * scale).rounded() / scale }
        }
        let values = try trimmed.split(separator: ",", omittingEmptySubsequences: false).map {
            try number(String($0), option: option, whole: text)
        }
        return values
    }

    static func number(_ text: String, option: String, whole: String) throws -> Double {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let value = Double(trimmed), value.isFinite else {
            throw ScheduleError.invalidParameter("\(option): '\(trimmed)' in '\(whole)' is not a number")
        }
        return value
    }

    static func decimalPlaces(_ text: String) -> Int {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let dot = trimmed.firstIndex(of: "."), !trimmed.contains("e"), !trimmed.contains("E") else { return 0 }
        return trimmed.distance(from: dot, to: trimmed.endIndex) - 1
    }
}
