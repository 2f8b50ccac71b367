import Foundation

/// The values a swept parameter takes, as the command line writes them:
/// `32` (one value), `1,0.5,0.25` (a list), `8...256` (every integer; for decimals every unit of the
/// finest decimal written: `0.05...0.5` is 0.05, 0.06, ..., 0.50), `0.05...0.5:0.05` (an explicit step).
///
/// Numbers are written in decimal (`32`, `0.25`, `1e-3`); hex, `nan` and `inf` are not numbers here.
/// Every value must lie in the option's domain (`ParameterDomain.forOption`), a range must advance
/// (its step must change the values it adds to) and give at most `maximumValues` values. All of this
/// is checked on the text, before any list is built: `parse`/`parseWhole` return lazy value lists.
public enum ParameterRange {
    /// The most values one option may take.
    public static let maximumValues = 10_000_000

    /// Every value of a whole-number option, as a list.
    public static func integers(_ text: String, option: String) throws -> [Int] {
        Array(try parseWhole(text, option: option))
    }

    /// Every value of a decimal option, as a list.
    public static func decimals(_ text: String, option: String) throws -> [Double] {
        Array(try parse(text, option: option))
    }

    /// The values of a whole-number option, checked but not built: a range is computed per index.
    public static func parseWhole(_ text: String, option: String,
                                  domain: ParameterDomain? = nil) throws -> WholeValues {
        let domain = (domain ?? ParameterDomain.forOption(option) ?? .anyWhole).clamped(to: .anyWhole)
        switch try scan(text, option: option, domain: domain, whole: true) {
        case let .list(values):
            return WholeValues(values.map { Int($0) })
        case let .range(low, step, count, _):
            // Within the domain (at most 10^15 in magnitude) every whole number is exact in Double and Int.
            return WholeValues(low: Int(low), step: count > 1 ? Int(step) : 1, count: count)
        }
    }

    /// The values of a decimal option, checked but not built: a range is computed per index.
    public static func parse(_ text: String, option: String, domain: ParameterDomain? = nil) throws -> DecimalValues {
        let domain = domain ?? ParameterDomain.forOption(option) ?? .anyDecimal
        switch try scan(text, option: option, domain: domain, whole: false) {
        case let .list(values):
            return DecimalValues(values)
        case let .range(low, step, count, scale):
            return DecimalValues(low: low, step: step, count: count, scale: scale)
        }
    }

    enum Scanned {
        case list([Double])
        case range(low: Double, step: Double, count: Int, scale: Double)
    }

    static func fail(_ message: String) -> ScheduleError { .invalidParameter(message) }

    static func scan(_ text: String, option: String, domain: ParameterDomain, whole: Bool) throws -> Scanned {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw fail("\(option) is empty; give a value, a list a,b,c or a range a...b") }
        func inText(_ part: String) -> String { part == trimmed ? "" : " in '\(trimmed)'" }
        func checkDomain(_ value: Double, _ written: String) throws {
            guard domain.contains(value) else {
                throw fail("\(option) must be in \(domain.text(whole: whole)), got \(written)\(inText(written))")
            }
        }
        func checkWhole(_ value: Double, _ written: String) throws {
            guard !whole || value == value.rounded() else {
                throw fail("\(option) takes whole numbers, got \(written)\(inText(written))")
            }
        }

        guard let dots = trimmed.range(of: "...") else {
            let parts = trimmed.split(separator: ",", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard parts.count <= maximumValues else {
                throw fail("\(option) '\(trimmed)' has \(parts.count) values; at most \(maximumValues) per option")
            }
            var values: [Double] = []
            values.reserveCapacity(parts.count)
            for part in parts {
                let value = try number(part, option: option, whole: trimmed)
                try checkDomain(value, part)
                try checkWhole(value, part)
                values.append(value)
            }
            return .list(values)
        }

        let lowText = String(trimmed[..<dots.lowerBound]).trimmingCharacters(in: .whitespaces)
        var highText = String(trimmed[dots.upperBound...])
        var stepText: String?
        if let colon = highText.firstIndex(of: ":") {
            stepText = String(highText[highText.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
            highText = String(highText[..<colon])
        }
        highText = highText.trimmingCharacters(in: .whitespaces)
        let low = try number(lowText, option: option, whole: trimmed)
        let high = try number(highText, option: option, whole: trimmed)
        guard low <= high else {
            throw fail("\(option) range '\(trimmed)' is inverted: \(lowText) is above \(highText); write low...high")
        }
        let boundsPlaces = max(decimalPlaces(lowText), decimalPlaces(highText))
        let step: Double
        let stepWritten: String
        if let stepText {
            step = try number(stepText, option: option, whole: trimmed)
            guard step > 0 else { throw fail("\(option) step must be positive in '\(trimmed)', got \(stepText)") }
            stepWritten = "the step \(stepText)"
        } else {
            // One unit of the finest decimal written; 10^-places underflows past ~320 places.
            step = pow(10, -Double(boundsPlaces))
            stepWritten = "the step 1e-\(boundsPlaces) (one unit of the finest decimal written)"
        }
        try checkDomain(low, lowText)
        try checkDomain(high, highText)
        if whole {
            try checkWhole(low, lowText)
            guard step == step.rounded() else {
                throw fail("\(option) takes whole numbers; \(stepWritten) in '\(trimmed)' is not one")
            }
        }
        if high > low {
            // A step below the spacing of doubles near the range's end adds nothing: low + step == low.
            let resolution = max(abs(low), abs(high)).ulp
            guard step >= resolution else {
                throw fail("\(option) range '\(trimmed)': \(stepWritten) is below the resolution of numbers near \(highText) (\(resolution)), so it would repeat values; use a larger step")
            }
        }
        // Counted in Double, so a huge count (or an infinite one) is an error, never a trap.
        let spans = ((high - low) / step + 1e-9).rounded(.down)
        guard spans.isFinite, spans < Double(maximumValues) else {
            let count = spans + 1
            let written = count.isFinite && count < 1e15 ? "\(Int(count))" : count.isFinite ? String(format: "about %.3g", count) : "too many"
            throw fail("\(option) range '\(trimmed)' has \(written) values; at most \(maximumValues) per option")
        }
        let count = Int(spans) + 1
        // Values as low + i·step, rounded to the written precision so 0.1·3 prints as 0.3.
        let places = max(boundsPlaces, stepText.map(decimalPlaces) ?? 0)
        let values = DecimalValues(low: low, step: step, count: count, scale: pow(10, Double(places)))
        if let last = values.last { try checkDomain(last, "\(last)") }
        return .range(low: low, step: step, count: count, scale: values.scale)
    }

    /// A decimal number: `[+-]digits[.digits][e[+-]digits]` (or `.5`, `5.`). No hex, nan or inf.
    static func number(_ text: String, option: String, whole: String) throws -> Double {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let context = trimmed == whole ? "" : " in '\(whole)'"
        guard isDecimal(trimmed), let value = Double(trimmed) else {
            throw fail("\(option): '\(trimmed)'\(context) is not a number; write decimals such as 32, 0.25 or 1e-3")
        }
        guard value.isFinite else {
            throw fail("\(option): '\(trimmed)'\(context) is too large to represent (the largest is about 1.8e308)")
        }
        // Nonzero text that reads as 0 (1e-400) or as a subnormal (1e-320) has lost its digits.
        guard value == 0 ? isZeroMantissa(trimmed) : value.magnitude >= .leastNormalMagnitude else {
            throw fail("\(option): '\(trimmed)'\(context) is too small to represent (the smallest is about 2.2e-308; write 0 for zero)")
        }
        return value
    }

    static func isDecimal(_ text: String) -> Bool {
        var chars = Substring(text)
        if let first = chars.first, first == "+" || first == "-" { chars = chars.dropFirst() }
        let mantissaEnd = chars.firstIndex { $0 == "e" || $0 == "E" } ?? chars.endIndex
        let mantissa = chars[..<mantissaEnd]
        let parts = mantissa.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }),
              parts.contains(where: { !$0.isEmpty }) else { return false }
        guard mantissaEnd != chars.endIndex else { return true }
        var exponent = chars[chars.index(after: mantissaEnd)...]
        if let first = exponent.first, first == "+" || first == "-" { exponent = exponent.dropFirst() }
        return !exponent.isEmpty && exponent.allSatisfy(\.isASCIIDigit)
    }

    /// Whether the digits before any exponent are all zeros (`0.000e5`), so a zero value is exact.
    static func isZeroMantissa(_ text: String) -> Bool {
        let mantissa = text.prefix { $0 != "e" && $0 != "E" }
        return !mantissa.contains { ("1"..."9").contains($0) }
    }

    /// Decimal places the text writes: fraction digits less the exponent (`0.05` 2, `5e-3` 3, `1.5e3` 0).
    static func decimalPlaces(_ text: String) -> Int {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let mantissaEnd = trimmed.firstIndex { $0 == "e" || $0 == "E" } ?? trimmed.endIndex
        let mantissa = trimmed[..<mantissaEnd]
        let fraction = mantissa.firstIndex(of: ".").map { mantissa.distance(from: $0, to: mantissa.endIndex) - 1 } ?? 0
        var exponent = 0
        if mantissaEnd != trimmed.endIndex {
            // Clamped: the exponent of a finite, normal double has at most three digits.
            exponent = Int(trimmed[trimmed.index(after: mantissaEnd)...].prefix(8)) ?? 0
        }
        return max(0, fraction - exponent)
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}

/// The interval an option's values must lie in.
public struct ParameterDomain: Sendable, Equatable {
    public var lower: Double
    public var upper: Double
    /// `(0, 1]` rather than `[0, 1]`.
    public var excludesLower: Bool

    public init(_ lower: Double, _ upper: Double, excludesLower: Bool = false) {
        self.lower = lower
        self.upper = upper
        self.excludesLower = excludesLower
    }

    public func contains(_ value: Double) -> Bool {
        (excludesLower ? value > lower : value >= lower) && value <= upper
    }

    /// The part of this domain inside `other`.
    public func clamped(to other: ParameterDomain) -> ParameterDomain {
        ParameterDomain(Swift.max(lower, other.lower), Swift.min(upper, other.upper),
                        excludesLower: lower >= other.lower ? excludesLower : other.excludesLower)
    }

    /// `0...62 (whole numbers)` or `[0, 1]`.
    public func text(whole: Bool) -> String {
        func number(_ value: Double) -> String {
            value == value.rounded() && abs(value) < 1e15 ? "\(Int(value))" : "\(value)"
        }
        if whole { return "\(number(lower))...\(number(upper)) (whole numbers)" }
        return "\(excludesLower ? "(" : "[")\(number(lower)), \(number(upper))]"
    }

    /// A fraction: `[0, 1]`.
    public static let fraction = ParameterDomain(0, 1)
    /// A kept fraction that cannot be zero: `(0, 1]`.
    public static let keptFraction = ParameterDomain(0, 1, excludesLower: true)
    /// A layer index or count of layers: any index at or past a model's depth means "never", so the
    /// bound only keeps the arithmetic exact (10^9, far past any model).
    public static let layers = ParameterDomain(0, 1_000_000_000)
    /// Frames: at least one, at most 10^12 (the largest prompt explore prices is 10^12 tokens).
    public static let frames = ParameterDomain(1, 1e12)
    /// A token count.
    public static let tokens = ParameterDomain(0, 1e12)
    /// Bipartite merge iterations (each halves a frame; 2^62 is the most an Int holds).
    public static let mergeIterations = ParameterDomain(0, 62)
    /// Any whole number exact in a double.
    public static let anyWhole = ParameterDomain(-999_999_999_999_999, 999_999_999_999_999)
    /// Any finite number.
    public static let anyDecimal = ParameterDomain(-.greatestFiniteMagnitude, .greatestFiniteMagnitude)

    /// The domain of each method option explore sweeps (analyze's `--pdrop-layers` shares it).
    public static func forOption(_ option: String) -> ParameterDomain? {
        switch option {
        case "--frames": return .frames
        case "--merge-keep": return .keptFraction
        case "--merge-iterations": return .mergeIterations
        case "--prune-start", "--fastv-k", "--pdrop-layers", "--vtw-layer": return .layers
        case "--fixed-tokens-per-frame": return .tokens
        case "--prune-step", "--fastv-ratio", "--pdrop-lambda", "--keep-ratio": return .fraction
        case "--batch": return ParameterDomain(1, Double(AnalysisOptions.maximumBatchSize))
        case "--tp": return ParameterDomain(1, 64)
        case "--tokens": return ParameterDomain(1, Double(TokenSchedule.maximumTokensPerLayer))
        case "--gen-len": return ParameterDomain(0, 10_000_000)
        default: return nil
        }
    }
}

/// The values of a whole-number option: a list, or a range computed per index (nothing stored).
public struct WholeValues: RandomAccessCollection, Sendable, Equatable {
    let list: [Int]
    let low: Int
    let step: Int
    let rangeCount: Int
    let isRange: Bool

    public init(_ values: [Int]) {
        list = values
        low = 0
        step = 1
        rangeCount = 0
        isRange = false
    }

    /// `low, low + step, ...`: `count` values.
    public init(low: Int, step: Int, count: Int) {
        list = []
        self.low = low
        self.step = step
        rangeCount = Swift.max(0, count)
        isRange = true
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { isRange ? rangeCount : list.count }

    @inline(__always)
    public subscript(index: Int) -> Int { isRange ? low + index * step : list[index] }

    /// The values that bound all others: a range's ends, every value of a list.
    public var extremes: [Int] {
        guard isRange else { return list }
        return isEmpty ? [] : count == 1 ? [self[0]] : [self[0], self[count - 1]]
    }
}

/// The values of a decimal option: a list, or a range computed per index (nothing stored), each
/// `low + i·step` rounded to `1/scale` (the written precision) where that rounding is meaningful.
public struct DecimalValues: RandomAccessCollection, Sendable, Equatable {
    let list: [Double]
    let low: Double
    let step: Double
    let rangeCount: Int
    let scale: Double
    let isRange: Bool

    public init(_ values: [Double]) {
        list = values
        low = 0
        step = 1
        rangeCount = 0
        scale = 1
        isRange = false
    }

    /// `low + i·step` for i in 0..<count, rounded to `1/scale` when `scale` is positive.
    public init(low: Double, step: Double, count: Int, scale: Double = 0) {
        list = []
        self.low = low
        self.step = step
        rangeCount = Swift.max(0, count)
        self.scale = scale
        isRange = true
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { isRange ? rangeCount : list.count }

    @inline(__always)
    public subscript(index: Int) -> Double {
        guard isRange else { return list[index] }
        let value = low + Double(index) * step
        guard scale > 0 else { return value }
        let scaled = value * scale
        // Past 2^52 a double is already whole, so rounding there would only add a division's error.
        return abs(scaled) < 0x1p52 ? scaled.rounded() / scale : value
    }

    /// The values that bound all others: a range's ends (it is increasing), every value of a list.
    public var extremes: [Double] {
        guard isRange else { return list }
        return isEmpty ? [] : count == 1 ? [self[0]] : [self[0], self[count - 1]]
    }
}
