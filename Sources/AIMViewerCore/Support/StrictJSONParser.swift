/// A strict RFC 8259 parser for the files users hand us (configs, profiles, schedules).
///
/// Foundation's decoder silently keeps one of two duplicate keys, and its errors give a byte offset
/// at best; a config with `"num_hidden_layers"` twice would be priced with whichever it kept. This
/// parser refuses duplicates, names the line and column of every error, and bounds nesting so a
/// hostile file cannot exhaust the stack.
struct StrictJSONParser {
    /// Deeper than any config or profile; a file nested deeper is refused rather than recursed into.
    static let maximumDepth = 256

    private let bytes: [UInt8]
    private var index = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        // A UTF-8 byte-order mark, as some editors on Windows write, is not part of the document.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
    }

    static func parse(_ bytes: [UInt8]) throws(JSONShapeError) -> JSONValue {
        var parser = StrictJSONParser(bytes)
        parser.skipWhitespace()
        guard parser.index < parser.bytes.count else { throw JSONShapeError(detail: "the file is empty") }
        let value = try parser.value(depth: 0)
        parser.skipWhitespace()
        guard parser.index == parser.bytes.count else {
            throw parser.error("unexpected text after the end of the JSON value")
        }
        return value
    }

    // MARK: Values

    private mutating func value(depth: Int) throws(JSONShapeError) -> JSONValue {
        guard depth < Self.maximumDepth else { throw error("nested deeper than \(Self.maximumDepth) levels") }
        guard let byte = peek() else { throw error("unexpected end of file; a value was expected") }
        switch byte {
        case UInt8(ascii: "{"): return try object(depth: depth)
        case UInt8(ascii: "["): return try array(depth: depth)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        case UInt8(ascii: "N"), UInt8(ascii: "I"):
            throw error("NaN and Infinity are not JSON; write a finite number")
        default:
            throw error("unexpected character \(Self.describe(byte)); a value was expected")
        }
    }

    private mutating func object(depth: Int) throws(JSONShapeError) -> JSONValue {
        index += 1
        var fields: [String: JSONValue] = [:]
        var firstLine: [String: Int] = [:]
        skipWhitespace()
        if peek() == UInt8(ascii: "}") { index += 1; return .object(fields) }
        while true {
            skipWhitespace()
            guard peek() == UInt8(ascii: "\"") else { throw error("an object key in double quotes was expected") }
            let keyOffset = index
            let key = try string()
            if let line = firstLine[key] {
                throw error("duplicate key '\(key)' (first given at line \(line)); keep one of them", at: keyOffset)
            }
            firstLine[key] = position(at: keyOffset).line
            skipWhitespace()
            guard peek() == UInt8(ascii: ":") else { throw error("':' was expected after the key '\(key)'") }
            index += 1
            skipWhitespace()
            fields[key] = try value(depth: depth + 1)
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ",")?: index += 1
            case UInt8(ascii: "}")?: index += 1; return .object(fields)
            case nil: throw error("unexpected end of file inside an object; '}' was expected")
            default: throw error("',' or '}' was expected after the value of '\(key)'")
            }
        }
    }

    private mutating func array(depth: Int) throws(JSONShapeError) -> JSONValue {
        index += 1
        var items: [JSONValue] = []
        skipWhitespace()
        if peek() == UInt8(ascii: "]") { index += 1; return .array(items) }
        while true {
            skipWhitespace()
            items.append(try value(depth: depth + 1))
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ",")?: index += 1
            case UInt8(ascii: "]")?: index += 1; return .array(items)
            case nil: throw error("unexpected end of file inside an array; ']' was expected")
            default: throw error("',' or ']' was expected in an array")
            }
        }
    }

    private mutating func literal(_ word: String) throws(JSONShapeError) {
        let expected = Array(word.utf8)
        guard bytes.count - index >= expected.count, Array(bytes[index..<index + expected.count]) == expected else {
            throw error("unexpected text; did you mean \(word)?")
        }
        index += expected.count
    }

    /// A number exactly as the grammar allows it (no leading zeros, no '+', no bare '.').
    private mutating func number() throws(JSONShapeError) -> Double {
        let start = index
        if peek() == UInt8(ascii: "-") { index += 1 }
        guard let first = peek(), Self.isDigit(first) else { throw error("a digit was expected in a number") }
        index += 1
        if first != UInt8(ascii: "0") { while let b = peek(), Self.isDigit(b) { index += 1 } }
        if peek() == UInt8(ascii: ".") {
            index += 1
            guard let b = peek(), Self.isDigit(b) else { throw error("a digit was expected after the decimal point") }
            while let b = peek(), Self.isDigit(b) { index += 1 }
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            index += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { index += 1 }
            guard let b = peek(), Self.isDigit(b) else { throw error("a digit was expected in the exponent") }
            while let b = peek(), Self.isDigit(b) { index += 1 }
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        guard let value = Double(text), value.isFinite else {
            throw error("the number \(text) is too large to represent", at: start)
        }
        return value
    }

    private mutating func string() throws(JSONShapeError) -> String {
        let start = index
        index += 1
        var scalars: [UInt8] = []
        while true {
            guard let byte = peek() else { throw error("unexpected end of file inside a string", at: start) }
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                guard let text = String(validating: scalars, as: UTF8.self) else {
                    throw error("the string is not valid UTF-8", at: start)
                }
                return text
            case UInt8(ascii: "\\"):
                try escape(into: &scalars)
            case 0..<0x20:
                throw error("a control character (\(Self.describe(byte))) inside a string must be escaped")
            default:
                scalars.append(byte)
            }
        }
    }

    private mutating func escape(into out: inout [UInt8]) throws(JSONShapeError) {
        guard let byte = peek() else { throw error("unexpected end of file in an escape") }
        index += 1
        let simple: [UInt8: UInt8] = [
            UInt8(ascii: "\""): 0x22, UInt8(ascii: "\\"): 0x5C, UInt8(ascii: "/"): 0x2F, UInt8(ascii: "b"): 0x08,
            UInt8(ascii: "f"): 0x0C, UInt8(ascii: "n"): 0x0A, UInt8(ascii: "r"): 0x0D, UInt8(ascii: "t"): 0x09,
        ]
        if let replacement = simple[byte] { out.append(replacement); return }
        guard byte == UInt8(ascii: "u") else { throw error("unknown escape \\\(Self.describe(byte))") }
        var code = try hex4()
        if (0xD800..<0xDC00).contains(code) {
            guard peek() == UInt8(ascii: "\\"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "u") else {
                throw error("a high surrogate \\u\(String(code, radix: 16)) must be followed by a low one")
            }
            index += 2
            let low = try hex4()
            guard (0xDC00..<0xE000).contains(low) else { throw error("an invalid surrogate pair") }
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
        } else if (0xDC00..<0xE000).contains(code) {
            throw error("a lone low surrogate \\u\(String(code, radix: 16))")
        }
        guard let scalar = Unicode.Scalar(code) else { throw error("an invalid \\u escape") }
        out.append(contentsOf: Array(String(Character(scalar)).utf8))
    }

    private mutating func hex4() throws(JSONShapeError) -> UInt32 {
        guard bytes.count - index >= 4 else { throw error("four hex digits were expected after \\u") }
        var code: UInt32 = 0
        for _ in 0..<4 {
            guard let digit = Self.hexValue(bytes[index]) else { throw error("four hex digits were expected after \\u") }
            code = code * 16 + digit
            index += 1
        }
        return code
    }

    // MARK: Helpers

    private func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func skipWhitespace() {
        while let byte = peek(), byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { index += 1 }
    }

    private func position(at offset: Int? = nil) -> (line: Int, column: Int) {
        let end = min(offset ?? index, bytes.count)
        var line = 1, column = 1
        for byte in bytes[0..<end] {
            if byte == 0x0A { line += 1; column = 1 } else if byte & 0xC0 != 0x80 { column += 1 }
        }
        return (line, column)
    }

    private func error(_ message: String, at offset: Int? = nil) -> JSONShapeError {
        let place = position(at: offset)
        return JSONShapeError(detail: "line \(place.line), column \(place.column): \(message)")
    }

    private static func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }

    private static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(byte - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }

    private static func describe(_ byte: UInt8) -> String {
        (0x21..<0x7F).contains(byte) ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x\(String(byte, radix: 16))"
    }
}
