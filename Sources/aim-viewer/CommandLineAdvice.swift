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
    static let precisionAdvice = "--w-bit and --a-bit choose it (e.g. 32 and 32 for fp32, 8 and 8 for int8)"
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

extension RequestParameter {
    /// The command line's name for each input: the compiler asks for one whenever an input is added.
    var flag: String {
        switch self {
        case .model: return "--model"
        case .hardware: return "--hardware"
        case .vision: return "--vision"
        case .visionPooling: return "--vision-pooling"
        case .frames: return "--frames"
        case .tokensPerFrame: return "--tokens-per-frame"
        case .textTokens: return "--text-tokens"
        case .systemTokens: return "--system-tokens"
        case .questionTokens: return "--question-tokens"
        case .tokens: return "--tokens"
        case .tokensPerLayer: return "--tokens-per-layer"
        case .scheduleFile: return "--schedule-file"
        case .mergeIterations: return "--merge-iterations"
        case .mergeKeep: return "--merge-keep"
        case .pruneStart: return "--prune-start"
        case .pruneStep: return "--prune-step"
        case .alignment: return "--alignment"
        case .fastvK: return "--fastv-k"
        case .fastvRatio: return "--fastv-ratio"
        case .pdropLayers: return "--pdrop-layers"
        case .pdropLambda: return "--pdrop-lambda"
        case .vtwLayer: return "--vtw-layer"
        case .fixedTokensPerFrame: return "--fixed-tokens-per-frame"
        case .keepRatio: return "--keep-ratio"
        case .batch: return "--batch"
        case .weightBits: return "--w-bit"
        case .activationBits: return "--a-bit"
        case .kvBits: return "--kv-bit"
        case .tensorParallel: return "--tp"
        case .flashAttention: return "--flash-attention"
        case .convention: return "--convention"
        case .generationLength: return "--gen-len"
        case .layers: return "--layers"
        case .flopsUnit: return "--flops-unit"
        }
    }
}
