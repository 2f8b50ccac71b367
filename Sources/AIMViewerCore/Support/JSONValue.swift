import Foundation

/// A JSON document as plain values, for files whose keys are read one by one (Hugging Face configs,
/// hardware profiles) so that errors can name the exact key that was missing or mistyped.
public enum JSONValue: Sendable, Equatable, Decodable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let flag = try? container.decode(Bool.self) {
            self = .bool(flag)
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else if let text = try? container.decode(String.self) {
            self = .string(text)
        } else if let items = try? container.decode([JSONValue].self) {
            self = .array(items)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    /// Parses `data` into a top-level object, or says in one line (with its line and column) why it
    /// is not one. Duplicate keys are refused: a config that states a size twice is ambiguous.
    public static func parseObject(_ data: Data) throws(JSONShapeError) -> [String: JSONValue] {
        guard case .object(let fields) = try parse(data) else {
            throw JSONShapeError(detail: "the top level is not a JSON object")
        }
        return fields
    }

    /// Parses any JSON document (strictly: see `StrictJSONParser`).
    public static func parse(_ data: Data) throws(JSONShapeError) -> JSONValue {
        try StrictJSONParser.parse(Array(data))
    }
}

public struct JSONShapeError: Error, Equatable {
    public var detail: String
}

/// Typed access to one JSON object, with errors that name the key and the file.
public struct JSONFieldReader: Sendable {
    public let fields: [String: JSONValue]
    public let source: String

    public init(fields: [String: JSONValue], source: String) {
        self.fields = fields
        self.source = source
    }

    public func has(_ key: String) -> Bool {
        if let value = fields[key], value != .null { return true }
        return false
    }

    public func int(_ key: String) throws(FieldError) -> Int {
        guard let value = try optionalInt(key) else { throw .missing(key: key, source: source) }
        return value
    }

    public func optionalInt(_ key: String) throws(FieldError) -> Int? {
        switch fields[key] {
        case nil, .null?: return nil
        case .number(let number)?:
            guard let exact = Int(exactly: number) else {
                if number == number.rounded() {
                    throw .wrongType(key: key, expected: "an integer of a representable size (got \(number))", source: source)
                }
                throw .wrongType(key: key, expected: "an integer (got \(number))", source: source)
            }
            return exact
        default: throw .wrongType(key: key, expected: "an integer", source: source)
        }
    }

    public func double(_ key: String) throws(FieldError) -> Double {
        guard let value = try optionalDouble(key) else { throw .missing(key: key, source: source) }
        return value
    }

    public func optionalDouble(_ key: String) throws(FieldError) -> Double? {
        switch fields[key] {
        case nil, .null?: return nil
        case .number(let number)?: return number
        default: throw .wrongType(key: key, expected: "a number", source: source)
        }
    }

    public func optionalBool(_ key: String) throws(FieldError) -> Bool? {
        switch fields[key] {
        case nil, .null?: return nil
        case .bool(let flag)?: return flag
        default: throw .wrongType(key: key, expected: "true or false", source: source)
        }
    }

    public func string(_ key: String) throws(FieldError) -> String {
        guard let value = try optionalString(key) else { throw .missing(key: key, source: source) }
        return value
    }

    public func optionalString(_ key: String) throws(FieldError) -> String? {
        switch fields[key] {
        case nil, .null?: return nil
        case .string(let text)?: return text
        default: throw .wrongType(key: key, expected: "a string", source: source)
        }
    }

    public func optionalObject(_ key: String) throws(FieldError) -> JSONFieldReader? {
        switch fields[key] {
        case nil, .null?: return nil
        case .object(let inner)?: return JSONFieldReader(fields: inner, source: source)
        default: throw .wrongType(key: key, expected: "an object", source: source)
        }
    }

    public func optionalInts(_ key: String) throws(FieldError) -> [Int]? {
        try optionalArray(key, of: "integers") { item in
            if case .number(let number) = item { return Int(exactly: number) }
            return nil
        }
    }

    public func optionalStrings(_ key: String) throws(FieldError) -> [String]? {
        try optionalArray(key, of: "strings") { item in
            if case .string(let text) = item { return text }
            return nil
        }
    }

    /// An array whose every item `element` accepts; `kind` names the items in the error.
    func optionalArray<T>(_ key: String, of kind: String, _ element: (JSONValue) -> T?) throws(FieldError) -> [T]? {
        switch fields[key] {
        case nil, .null?: return nil
        case .array(let items)?:
            var values: [T] = []
            for item in items {
                guard let value = element(item) else { throw .wrongType(key: key, expected: "an array of \(kind)", source: source) }
                values.append(value)
            }
            return values
        default: throw .wrongType(key: key, expected: "an array of \(kind)", source: source)
        }
    }
}

/// A key that is missing or has the wrong type, with the file it was read from.
public enum FieldError: Error, Equatable, CustomStringConvertible {
    case missing(key: String, source: String)
    case wrongType(key: String, expected: String, source: String)

    public var description: String {
        switch self {
        case let .missing(key, source): return "\(source): required key '\(key)' is missing"
        case let .wrongType(key, expected, source): return "\(source): key '\(key)' must be \(expected)"
        }
    }
}
