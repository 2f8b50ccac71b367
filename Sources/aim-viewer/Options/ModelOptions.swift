import AIMCatalog
import AIMViewerCore
import AIMViewerKit
import ArgumentParser

/// Which LLM to price: a bundled preset or a Hugging Face config.json.
struct ModelOptions: ParsableArguments {
    @Option(name: .long, help: "Model preset (see `aim-viewer models list`), or a Hugging Face id ORG/NAME read from the local cache (offline).",
            completion: Completions.model)
    var model: String?

    @Option(name: .long, help: ArgumentHelp("A Hugging Face config.json (or its directory).", valueName: "path"),
            completion: .file())
    var modelConfig: String?

    func validate() throws {
        if model != nil, modelConfig != nil {
            throw ValidationError("give --model or --model-config, not both")
        }
    }

    var source: ModelSource {
        if let modelConfig { return .configFile(path: modelConfig) }
        return model.map(ModelSource.preset) ?? .default
    }
}

/// Which device to price on: a bundled profile or a profile file.
struct HardwareOptions: ParsableArguments {
    @Option(name: .long, help: "Hardware profile (see `aim-viewer hardware list`). Default: nvidia_A100.",
            completion: Completions.hardware)
    var hardware: String?

    @Option(name: .long, help: ArgumentHelp("A hardware profile JSON file.", valueName: "path"), completion: .file(extensions: ["json"]))
    var hardwareFile: String?

    func validate() throws {
        if hardware != nil, hardwareFile != nil {
            throw ValidationError("give --hardware or --hardware-file, not both")
        }
    }

    var source: HardwareSource {
        if let hardwareFile { return .file(path: hardwareFile) }
        return hardware.map(HardwareSource.profile) ?? .default
    }
}
