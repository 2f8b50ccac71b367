import AIMViewerCore
import AIMViewerKit
import ArgumentParser

/// A command whose options choose the precision a profile must have a peak for; a missing peak's
/// error then says which of its own options to change (the core's message names no flags, since
/// only some commands have them).
protocol ChoosesPrecision {
    static var precisionAdvice: String { get }
}

extension Analyze: ChoosesPrecision {
    static var precisionAdvice: String { CostOptions.precisionAdvice }
}

extension Compare: ChoosesPrecision {
    static var precisionAdvice: String { CostOptions.precisionAdvice }
}

extension Explore: ChoosesPrecision {
    static var precisionAdvice: String { CostOptions.precisionAdvice }
}

extension Calibrate: ChoosesPrecision {
    static var precisionAdvice: String { "choose another with --precision (fp16, bf16, fp32, ...)" }
}

extension CostOptions {
    static let precisionAdvice = PrecisionAdvice.bitsChooseIt
}

/// An error with the advice of the command that met it appended.
struct AdvisedError: Error, CustomStringConvertible {
    var underlying: Error
    var advice: String
    var description: String { "\(underlying); \(advice)" }
}

/// A core or application message, worded with this front end's flag names.
struct FlagWordedError: Error, CustomStringConvertible {
    var description: String
}

enum CommandLineAdvice {
    /// The application layer's refusal of a typed value (a `RequestError`) as a usage error naming
    /// the flag, for an option group's `validate` and the values it converts.
    static func usage<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as RequestError {
            throw ValidationError(error.message(naming: \.flag))
        }
    }

    static func adding(to error: Error, in command: ParsableCommand) -> Error {
        if case HardwareProfileError.missingPeak = error, let choosing = type(of: command) as? ChoosesPrecision.Type {
            return AdvisedError(underlying: error, advice: choosing.precisionAdvice)
        }
        // Contradictory or unknown inputs are usage errors (exit 64, with the usage line); inputs
        // outside their domain are errors of the request (exit 1). Both name the flags.
        if let request = error as? RequestError {
            return ValidationError(request.message(naming: \.flag))
        }
        if let named = error as? NamesRequestParameters {
            return FlagWordedError(description: named.message(naming: \.flag))
        }
        return error
    }
}
