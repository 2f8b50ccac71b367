import AIMCatalog
import AIMViewerCore
import AIMViewerKit
import Foundation

/// Request bodies into the application's requests, field for field as the command line turns its
/// options into them (`ScheduleOptions.request()`, `CostOptions.analysisOptions`): the same
/// defaults, the same checks, the same messages.
enum RequestBuilders {
    static func model(_ f: RequestFields) throws -> ModelSource? {
        if f.has(.model), f.has("model-config") { throw APIError(.badRequest, "give --model or --model-config, not both") }
        if let upload = try f.uploads("model-config").first {
            return .config(try uploadedModel(upload))
        }
        return f.string(.model).map(ModelSource.preset)
    }

    /// An uploaded config.json, named as its own `_name_or_path` says (a path on the user's side
    /// is only a name here: nothing is read from it).
    static func uploadedModel(_ data: Data) throws -> ModelConfig {
        var name = "uploaded config.json"
        if case .string(let stated)?? = try? JSONValue.parseObject(data)["_name_or_path"], !stated.isEmpty {
            name = stated.split(separator: "/").last.map(String.init) ?? stated
        }
        return try ModelConfig.decode(json: data, source: "model-config (uploaded config.json)", name: name)
    }

    static func uploadedHardware(_ data: Data) throws -> HardwareProfile {
        try HardwareProfile.decode(json: data, source: "hardware-file (uploaded profile)")
    }

    static func hardware(_ f: RequestFields) throws -> HardwareSource? {
        if f.has(.hardware), f.has("hardware-file") { throw APIError(.badRequest, "give --hardware or --hardware-file, not both") }
        if let upload = try f.uploads("hardware-file").first {
            return .value(try uploadedHardware(upload))
        }
        return f.string(.hardware).map(HardwareSource.profile)
    }

    static func schedule(_ f: RequestFields) throws -> ScheduleRequest {
        let explicit = [f.has(.tokens), f.has(.tokensPerLayer), f.has(.scheduleFile)].filter { $0 }.count
        if explicit > 1 { throw APIError(.badRequest, "give only one of --tokens, --tokens-per-layer and --schedule-file") }
        if f.has(.mergeIterations), f.has(.mergeKeep) {
            throw APIError(.badRequest, "give --merge-iterations or --merge-keep, not both")
        }
        var request = ScheduleRequest()
        if let name = f.string("schedule") { request.method = MethodKind(name: name)! }
        if let tokens = f.int(.tokens) {
            if tokens < 0 { throw APIError(.badRequest, "--tokens must be 0 or more, got \(tokens)") }
            request.explicit = .uniform(tokens: tokens)
        }
        if let counts = f.optionText(.tokensPerLayer), f.has(.tokensPerLayer) { request.explicit = .commaSeparated(counts) }
        if let text = f.string(.scheduleFile) { request.explicit = .text(text, source: "schedule-file (uploaded)") }
        request.frames = f.int(.frames) ?? request.frames
        request.tokensPerFrame = f.int(.tokensPerFrame)
        request.textTokens = f.int(.textTokens) ?? request.textTokens
        request.mergeIterations = f.int(.mergeIterations)
        request.mergeKeep = f.double(.mergeKeep)
        request.pruneStart = f.int(.pruneStart) ?? request.pruneStart
        request.pruneStep = f.double(.pruneStep) ?? request.pruneStep
        if let alignment = f.string(.alignment) { request.alignment = PruneAlignment(rawValue: alignment.lowercased())! }
        request.fastvK = f.int(.fastvK) ?? request.fastvK
        request.fastvRatio = f.double(.fastvRatio) ?? request.fastvRatio
        if request.method == .pdrop, let layers = f.optionText(.pdropLayers) {
            request.pdropLayers = try ParameterRange.integers(layers, option: "--pdrop-layers")
        }
        request.pdropLambda = f.double(.pdropLambda) ?? request.pdropLambda
        request.vtwLayer = f.int(.vtwLayer)
        request.fixedTokensPerFrame = f.int(.fixedTokensPerFrame)
        request.keepRatio = f.double(.keepRatio) ?? request.keepRatio
        return request
    }

    /// As `VisionOptions.request()`: a `--vision` preset, or the images and frames of a multimodal
    /// model's own tower; `nil` when the body names none of them.
    static func vision(_ f: RequestFields) throws -> VisionRequest? {
        var request: VisionRequest
        if let encoder = f.string(.vision) {
            request = VisionRequest(encoder: encoder, pooling: f.string(.visionPooling).flatMap(VisionRequest.Pooling.init(rawValue:)))
        } else {
            if f.has(.visionPooling) { throw APIError(.badRequest, "--vision-pooling needs --vision") }
            request = VisionRequest()
        }
        if let images = f.int(.images) {
            try VisionRequest.checkImages(images)
            request.images = images
        }
        request.imageSize = try f.string(.imageSize).map { try VisionRequest.size($0, .imageSize) }
        request.frameSize = try f.string(.frameSize).map { try VisionRequest.size($0, .frameSize) }
        if let layers = f.string(.visionLayers) { request.layers = VisionLayerPolicy(rawValue: layers.lowercased())! }
        let namesNothing = request.encoder == nil && request.images == nil && request.imageSize == nil && request.frameSize == nil
            && request.layers == .all
        return namesNothing ? nil : request
    }

    /// `convention`: the conventions priced, the first being the one reported.
    static func conventions(_ f: RequestFields) -> [Convention] {
        switch f.string(.convention)?.lowercased() {
        case "llm-viewer"?: return [.llmViewer]
        case "both"?: return [.exact, .llmViewer]
        default: return [.exact]
        }
    }

    /// The paper formula `convention` names, if it names one.
    static func paperFormula(_ f: RequestFields) -> PaperFormula? {
        f.string(.convention).flatMap { PaperFormula(rawValue: $0.lowercased()) }
    }

    /// As `CostOptions.analysisOptions`: bits or formats by name read by the application layer.
    static func options(_ f: RequestFields, convention: Convention) throws -> AnalysisOptions {
        var options = AnalysisOptions(
            convention: convention, batchSize: f.int(.batch) ?? 1, weightBits: 16, activationBits: 16, kvBits: nil,
            tensorParallel: f.int(.tensorParallel) ?? 1,
            flashAttention: f.bool(RequestFields.key(.flashAttention)) ?? false, skipMLPAdd: f.bool("skip-mlp-add") ?? true,
            logitsForAllPositions: f.string("logits")?.lowercased() == "all")
        if let layout = f.string(.kvCache) { options.kvCache = KVCacheLayout(rawValue: layout.lowercased())! }
        if let form = f.string(.latentAttention) { options.latentAttention = LatentAttentionForm(rawValue: form.lowercased())! }
        let formats = NumericFormats(
            weightBits: f.int(.weightBits), activationBits: f.int(.activationBits), kvBits: f.int(.kvBits),
            dtype: f.string(.dtype).flatMap(EngineFormat.init(name:)), kvDtype: f.string(.kvDtype).flatMap(EngineFormat.init(name:)))
        try formats.apply(to: &options)
        return options
    }

    /// What `analyze` runs for a body: the analyzer, or a paper formula beside the exact count.
    enum Analyze {
        case analysis(AnalysisRequest)
        case paper(PaperRequest)
    }

    static func analyze(_ f: RequestFields) throws -> Analyze {
        if let formula = paperFormula(f) { return .paper(try paper(f, formula: formula)) }
        return .analysis(try analysis(f))
    }

    static func analysis(_ f: RequestFields) throws -> AnalysisRequest {
        if f.has(.flopsUnit) { throw PaperService.unitWithoutFormula }
        var request = AnalysisRequest()
        request.model = try model(f) ?? .default
        request.hardware = try hardware(f) ?? .default
        request.schedule = try schedule(f)
        request.vision = try vision(f)
        request.options = try options(f, convention: .exact)
        request.conventions = conventions(f)
        request.generationLength = f.int(.generationLength)
        request.engine = f.string(.engine)
        request.decodeContext = f.int(.decodeContext)
        return request
    }

    /// As `Analyze.runPaper`: the same workload, counted by `formula`.
    static func paper(_ f: RequestFields, formula: PaperFormula) throws -> PaperRequest {
        var request = PaperRequest()
        request.model = try model(f) ?? .default
        request.hardware = try hardware(f) ?? .default
        request.schedule = try schedule(f)
        request.vision = try vision(f)
        request.formula = formula
        request.unit = f.string(.flopsUnit).flatMap { FLOPsUnit(rawValue: $0.lowercased()) } ?? .macs
        request.exactOptions = try options(f, convention: .exact)
        request.generationLength = f.int(.generationLength)
        request.engine = f.string(.engine)
        request.decodeContext = f.int(.decodeContext)
        return request
    }

    static func compare(_ f: RequestFields) throws -> CompareRequest {
        try PaperConventionRefusals.compare(f)
        var request = CompareRequest()
        request.model = try model(f) ?? .default
        request.targets = f.string(.hardware)
        request.extraTargets = try f.uploads("hardware-file").map { .value(try uploadedHardware($0)) }
        request.schedule = try schedule(f)
        request.vision = try vision(f)
        request.endToEnd = f.bool(.endToEnd) ?? false
        request.engine = f.string(.engine)
        request.options = try options(f, convention: conventions(f)[0])
        request.generationLength = f.int(.generationLength) ?? request.generationLength
        return request
    }

    static func explore(_ f: RequestFields, threads: Int) throws -> ExploreRequest {
        try PaperConventionRefusals.explore(f)
        var request = ExploreRequest()
        request.model = try model(f) ?? .default
        let names = (f.string(.hardware) ?? HardwareCatalog.defaultProfileName).split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !names.isEmpty else { throw APIError(.badRequest, "--hardware is empty") }
        request.hardware = names.map(HardwareSource.profile)
        request.methods = try MethodKind.list(f.string("methods") ?? "aim")
        let maximize = f.string("maximize") == "frames"
        request.frames = try ParameterRange.parseWhole(
            f.optionText(.frames) ?? (maximize ? "1...1024" : "\(AIMScheduleParameters.paperDefault.frames)"), option: "--frames")
        request.tokensPerFrame = f.int(.tokensPerFrame) ?? request.tokensPerFrame
        request.textTokens = f.int(.textTokens) ?? request.textTokens
        request.frameSize = try f.string(.frameSize).map { try VisionRequest.size($0, .frameSize) }
        request.endToEnd = f.bool(.endToEnd) ?? false
        request.visionLayers = f.string(.visionLayers).map { VisionLayerPolicy(rawValue: $0.lowercased())! }
        request.parameters = try parameterValues(f)
        request.options = try options(f, convention: conventions(f)[0])
        request.budget = ExploreBudget(tflops: f.double("budget-tflops"), milliseconds: f.double("budget-ms"),
                                       memoryGB: f.double("budget-memory-gb"))
        if let cost = f.string("cost") { request.costAxis = ExploreCost(rawValue: cost)! }
        if let information = f.string("information") { request.informationAxis = ExploreInformation(rawValue: information)! }
        request.maximizeFrames = maximize
        request.engine = f.string(.engine)
        let limit = f.int("limit") ?? 20
        if limit < 0 { throw APIError(.badRequest, "--limit must be 0 or more") }
        request.hitLimit = limit
        request.threads = threads
        return request
    }

    /// As `MethodOptions.values()`: each parameter's values parsed from the command line's text.
    static func parameterValues(_ f: RequestFields) throws -> MethodParameterValues {
        func whole(_ parameter: RequestParameter) throws -> WholeValues? {
            try f.optionText(parameter).map { try ParameterRange.parseWhole($0, option: parameter.flag) }
        }
        func decimals(_ parameter: RequestParameter) throws -> DecimalValues? {
            try f.optionText(parameter).map { try ParameterRange.parse($0, option: parameter.flag) }
        }
        if f.has(.mergeKeep), f.has(.mergeIterations) { throw APIError(.badRequest, "give --merge-keep or --merge-iterations, not both") }
        var values = MethodParameterValues()
        values.mergeKeep = try decimals(.mergeKeep)
        values.mergeIterations = try whole(.mergeIterations)
        values.pruneStart = try whole(.pruneStart)
        values.pruneStep = try decimals(.pruneStep)
        if let alignment = f.string(.alignment) { values.alignment = PruneAlignment(rawValue: alignment.lowercased())! }
        values.fastvK = try whole(.fastvK)
        values.fastvRatio = try decimals(.fastvRatio)
        values.pdropLayers = try f.optionText(.pdropLayers).map { try ParameterRange.integers($0, option: "--pdrop-layers") }
        values.pdropLambda = try decimals(.pdropLambda)
        values.vtwLayer = try whole(.vtwLayer)
        values.fixedTokensPerFrame = try whole(.fixedTokensPerFrame)
        values.keepRatio = try decimals(.keepRatio)
        return values
    }

    static func crosscheck(_ f: RequestFields) throws -> CrosscheckRequest {
        var request = CrosscheckRequest()
        if f.has(.model), f.has("model-config") { throw APIError(.badRequest, "give --model or --model-config, not both") }
        if f.has(.hardware), f.has("hardware-file") { throw APIError(.badRequest, "give --hardware or --hardware-file, not both") }
        if let upload = try f.uploads("model-config").first { request.model = .config(try uploadedModel(upload)) }
        if let name = f.string(.model) { request.model = .preset(name) }
        request.layers = f.int(.layers)
        if let upload = try f.uploads("hardware-file").first { request.hardware = .value(try uploadedHardware(upload)) }
        if let name = f.string(.hardware) { request.hardware = .profile(name) }
        request.frames = f.int(.frames) ?? request.frames
        request.tokensPerFrame = f.int(.tokensPerFrame) ?? request.tokensPerFrame
        request.systemTokens = f.int(.systemTokens) ?? request.systemTokens
        request.questionTokens = f.int(.questionTokens) ?? request.questionTokens
        request.mergeIterations = f.int(.mergeIterations) ?? request.mergeIterations
        request.pruneStart = f.int(.pruneStart)
        request.pruneStep = f.double(.pruneStep)
        if let seed = f.int("seed") {
            guard seed >= 0 else { throw APIError(.badRequest, "field 'seed' must be 0 or more, got \(seed)") }
            request.seed = UInt64(seed)
        }
        return request
    }
}
