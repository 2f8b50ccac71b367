/// Lets `--tokens -1` mean what `--tokens=-1` means.
///
/// swift-argument-parser reads a value that starts with `-` as the next option, so `--tokens -1`
/// fails with "Missing value for '--tokens'", which hides the real problem (a negative count). Joining
/// a long option to a following negative number before parsing lets the command's own validation
/// say what is wrong with the number.
enum NegativeNumberArguments {
    static func joined(_ arguments: [String]) -> [String] {
        var result: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--" {
                result += arguments[index...]
                break
            }
            if argument.hasPrefix("--"), argument.count > 2, !argument.contains("="), index + 1 < arguments.count,
               looksNegative(arguments[index + 1]) {
                result.append(argument + "=" + arguments[index + 1])
                index += 2
                continue
            }
            result.append(argument)
            index += 1
        }
        return result
    }

    /// `-1`, `-0.5`, `-.5`, `-1e3`, `-2...4`: a minus sign followed by a digit or a decimal point and digit.
    static func looksNegative(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count >= 2, scalars[0] == "-" else { return false }
        if ("0"..."9").contains(scalars[1]) { return true }
        return scalars[1] == "." && scalars.count >= 3 && ("0"..."9").contains(scalars[2])
    }
}
