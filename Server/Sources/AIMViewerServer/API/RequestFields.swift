import AIMCatalog
import AIMViewerCore
import AIMViewerKit
import Foundation

/// A request body read against its endpoint's table of fields: a JSON object whose keys are the
/// command line's long options without the dashes. An unknown key is refused with its name (and
/// the nearest known one), never ignored; a value of the wrong kind is refused naming the field.
struct RequestFields {
    let fields: [String: JSONValue]
    let specs: [String: FieldSpec]

    /// An empty body is an empty object: every default, as the command with no options.
    init(_ data: Data, table: [FieldSpec]) throws {
        specs = Dictionary(table.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        if data.allSatisfy({ [0x20, 0x0a, 0x0d, 0x09].contains($0) }) {
            fields = [:]
        } else {
            do {
                fields = try JSONValue.parseObject(data)
            } catch {
                throw APIError(.badRequest, "the request body is not a JSON object: \(error.detail)")
            }
        }
        for key in fields.keys.sorted() where specs[key] == nil {
            let known = specs.keys.sorted()
            let nearest = NameSuggestion.nearest(to: key, among: known)
            let hint = nearest.isEmpty ? "" : "; did you mean \(nearest.joined(separator: " or "))?"
            throw APIError(.badRequest, "unknown field '\(key)'\(hint) (fields: \(known.joined(separator: ", ")))")
        }
        for (key, value) in fields where value != .null {
            try Self.check(value, against: specs[key]!)
        }
    }

    func has(_ name: String) -> Bool {
        if let value = fields[name], value != .null { return true }
        return false
    }

    private static func wrong(_ spec: FieldSpec, _ expected: String) -> APIError {
        APIError(.badRequest, "field '\(spec.name)' must be \(expected)")
    }

    private static func check(_ value: JSONValue, against spec: FieldSpec) throws {
        switch (spec.kind, value) {
        case (.integer, .number(let number)):
            guard Int(exactly: number) != nil else { throw wrong(spec, "an integer, got \(number)") }
        case (.number, .number), (.boolean, .bool), (.string, .string), (.object, .object):
            break
        case (.choice(let choices), .string(let text)):
            guard choices.contains(text.lowercased()) else {
                throw wrong(spec, "one of \(choices.joined(separator: ", ")), got '\(text)'")
            }
        case (.values, .number), (.values, .string), (.integers, .string):
            break
        case (.values, .array(let items)):
            guard items.allSatisfy({ if case .number = $0 { return true } else { return false } }) else {
                throw wrong(spec, "a number, an array of numbers, or a list or range as on the command line (\"8...256:8\")")
            }
        case (.integers, .array(let items)):
            guard items.allSatisfy({ if case .number(let n) = $0 { return Int(exactly: n) != nil } else { return false } }) else {
                throw wrong(spec, "an array of integers")
            }
        case (.objects, .object):
            break
        case (.objects, .array(let items)):
            guard items.allSatisfy({ if case .object = $0 { return true } else { return false } }) else {
                throw wrong(spec, "an object or an array of objects")
            }
        case (.strings, .string):
            break
        case (.strings, .array(let items)):
            guard items.allSatisfy({ if case .string = $0 { return true } else { return false } }) else {
                throw wrong(spec, "a string or an array of strings")
            }
        case (.integer, _): throw wrong(spec, "an integer")
        case (.number, _): throw wrong(spec, "a number")
        case (.boolean, _): throw wrong(spec, "true or false")
        case (.string, _): throw wrong(spec, "a string")
        case (.choice(let choices), _): throw wrong(spec, "one of \(choices.joined(separator: ", "))")
        case (.values, _): throw wrong(spec, "a number, an array of numbers, or a list or range as on the command line")
        case (.integers, _): throw wrong(spec, "an array of integers")
        case (.object, _): throw wrong(spec, "a JSON object (the file's content)")
        case (.objects, _): throw wrong(spec, "an object or an array of objects")
        case (.strings, _): throw wrong(spec, "a string or an array of strings")
        }
    }

    // Typed access; the kinds were checked when the body was read.

    func int(_ name: String) -> Int? {
        if case .number(let number)? = fields[name] { return Int(exactly: number) }
        return nil
    }

    func double(_ name: String) -> Double? {
        if case .number(let number)? = fields[name] { return number }
        return nil
    }

    func bool(_ name: String) -> Bool? {
        if case .bool(let flag)? = fields[name] { return flag }
        return nil
    }

    func string(_ name: String) -> String? {
        if case .string(let text)? = fields[name] { return text }
        return nil
    }

    func int(_ parameter: RequestParameter) -> Int? { int(Self.key(parameter)) }
    func double(_ parameter: RequestParameter) -> Double? { double(Self.key(parameter)) }
    func string(_ parameter: RequestParameter) -> String? { string(Self.key(parameter)) }
    func bool(_ parameter: RequestParameter) -> Bool? { bool(Self.key(parameter)) }
    func has(_ parameter: RequestParameter) -> Bool { has(Self.key(parameter)) }

    static func key(_ parameter: RequestParameter) -> String { String(parameter.flag.dropFirst(2)) }

    /// A field's value as the text its command-line option would take, so the command line's
    /// parser (and its messages) reads it: `[1, 0.5]` becomes `1,0.5`.
    func optionText(_ name: String) -> String? {
        switch fields[name] {
        case .number(let number)?: return Self.text(number)
        case .string(let text)?: return text
        case .array(let items)?:
            return items.compactMap { item -> String? in
                if case .number(let number) = item { return Self.text(number) }
                return nil
            }.joined(separator: ",")
        default: return nil
        }
    }

    func optionText(_ parameter: RequestParameter) -> String? { optionText(Self.key(parameter)) }

    static func text(_ number: Double) -> String {
        if number == number.rounded(), abs(number) < 1e15 { return String(Int(number)) }
        return "\(number)"
    }

    func strings(_ name: String) -> [String] {
        switch fields[name] {
        case .string(let text)?: return [text]
        case .array(let items)?: return items.compactMap { if case .string(let text) = $0 { return text } else { return nil } }
        default: return []
        }
    }

    /// The uploaded file contents of an `.object` or `.objects` field, as JSON bytes to decode.
    func uploads(_ name: String) throws -> [Data] {
        let objects: [JSONValue]
        switch fields[name] {
        case .object?: objects = [fields[name]!]
        case .array(let items)?: objects = items
        default: return []
        }
        return try objects.map { try JSONValue.serialize($0) }
    }
}

extension JSONValue {
    /// The value written back as JSON text: an uploaded file's content handed to the same decoder
    /// that reads the file from disk on the command line.
    static func serialize(_ value: JSONValue) throws -> Data {
        try JSONSerialization.data(withJSONObject: foundation(value), options: [.fragmentsAllowed])
    }

    private static func foundation(_ value: JSONValue) -> Any {
        switch value {
        case .null: return NSNull()
        case .bool(let flag): return flag
        case .number(let number):
            if let whole = Int(exactly: number) { return whole }
            return number
        case .string(let text): return text
        case .array(let items): return items.map(foundation)
        case .object(let fields): return fields.mapValues(foundation)
        }
    }
}
