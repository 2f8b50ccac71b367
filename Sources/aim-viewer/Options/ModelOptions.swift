import AIMCatalog
import AIMViewerCore
import ArgumentParser

/// Which LLM to price: a bundled preset or a Hugging Face config.json.
struct ModelOptions: ParsableArguments {
    @Option(name: .long, help: "Model preset (see `aim-viewer models list`).")
    var model: String?

    @Option(name: .long, help: ArgumentHelp("A Hugging Face config.json (or its directory).", valueName: "path"))
    var modelConfig: String?

    func validate() throws {
        if model != nil, modelConfig != nil {
            throw ValidationError("give --model or --model-config, not both")
        }
    }

    func resolve() throws -> ModelConfig {
        if let modelConfig { return try ModelCatalog.load(configFile: modelConfig) }
        return try ModelCatalog.preset(named: model ?? ModelCatalog.defaultPresetName)
    }
}

/// Which device to price on: a bundled profile or a profile file.
struct HardwareOptions: ParsableArguments {
    @Option(name: .long, help: "Hardware profile (see `aim-viewer hardware list`). Default: nvidia_A100.")
    var hardware: String?

    @Option(name: .long, help: ArgumentHelp("A hardware profile JSON file.", valueName: "path"))
    var hardwareFile: String?

    func validate() throws {
        if hardware != nil, hardwareFile != nil {
            throw ValidationError("give --hardware or --hardware-file, not both")
        }
    }

    func resolve() throws -> HardwareProfile {
        if let hardwareFile { return try HardwareCatalog.load(file: hardwareFile) }
        return try HardwareCatalog.profile(named: hardware ?? HardwareCatalog.defaultProfileName)
    }
}
