import AIMCatalog
import AIMReport
import AIMViewerCore
import ArgumentParser
import Foundation

struct Models: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List and show the bundled model presets.",
        discussion: """
            Examples:
              aim-viewer models list
              aim-viewer models show qwen2-7b
              aim-viewer models show --model-config ./my-model/config.json
            """,
        subcommands: [List.self, Show.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the model presets.",
            discussion: """
                --format json gives each preset's configuration and its parameter counts.

                Examples:
                  aim-viewer models list
                  aim-viewer models list --format json
                  aim-viewer models list --format csv
                """)
        @OptionGroup(title: "Output") var output: FormatOption

        func run() throws {
            let models = try ModelCatalog.presetNames.map(ModelCatalog.preset(named:))
            // Widths, heads and the MLP are in `models show`; the list fits 100 columns.
            let header = ["name", "family", "attention", "params", "active", "layers", "hidden", "vocab"]
            let rows = models.map { m in
                let counts = m.parameterCount
                // A multimodal model's size is the whole model's: tower and projector included.
                let extra = m.multimodalParameters.map { $0.vision + $0.projector } ?? 0
                return [m.name, m.architecture.family.rawValue, m.attentionSummary, Self.billions(counts.total + extra),
                        Self.billions(counts.active + extra), "\(m.layerCount)", "\(m.hiddenSize)", "\(m.vocabularySize)"]
            }
            let csv = CSVTable(
                header: ["name", "family", "attention", "total_parameters", "active_parameters", "layers", "hidden_size", "attention_heads",
                         "key_value_heads", "head_dim", "intermediate_size", "vocab_size"],
                rows: models.map { m in
                    let counts = m.parameterCount
                    return [m.name, m.architecture.family.rawValue, m.attentionSummary, CSVTable.number(counts.total), CSVTable.number(counts.active),
                            "\(m.layerCount)", "\(m.hiddenSize)", "\(m.attentionHeads)", "\(m.keyValueHeads)", "\(m.headDim)",
                            "\(m.architecture.experts?.expertIntermediateSize ?? m.intermediateSize)", "\(m.vocabularySize)"]
                })
            let document = models.map(ModelListEntry.init)
            print(try output.render(Listing(header: header, rows: rows, document: document, csv: csv)), terminator: "")
        }

        static func billions(_ count: Double) -> String { String(format: "%.2fB", count / 1e9) }

    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one model's configuration as the analyzer reads it.",
            discussion: """
                Examples:
                  aim-viewer models show qwen2-7b
                  aim-viewer models show mixtral-8x7b --format json
                  aim-viewer models show --model-config ./my-model/config.json
                """)
        @Argument(help: "Preset name.", completion: Completions.model) var name: String?
        @Option(help: ArgumentHelp("A Hugging Face config.json instead of a preset.", valueName: "path"), completion: .file())
        var modelConfig: String?
        @OptionGroup(title: "Output") var output: FormatOption

        func validate() throws {
            if (name == nil) == (modelConfig == nil) {
                throw ValidationError("give a preset name or --model-config PATH")
            }
        }

        func run() throws {
            let m = try modelConfig.map(ModelCatalog.load(configFile:)) ?? ModelCatalog.preset(named: name!)
            var rows: [[String]] = [
                ["name", m.name], ["model_type", m.modelType ?? "-"], ["num_hidden_layers", "\(m.layerCount)"],
                ["hidden_size", "\(m.hiddenSize)"], ["num_attention_heads", "\(m.attentionHeads)"],
                ["num_key_value_heads", "\(m.keyValueHeads)"],
                ["head_dim", "\(m.headDim)" + (m.statedHeadDim == nil ? " (hidden / heads)" : "")],
                ["intermediate_size", "\(m.intermediateSize)"], ["vocab_size", "\(m.vocabularySize)"],
                ["tie_word_embeddings", "\(m.tieWordEmbeddings)"], ["hidden_act", m.hiddenActivation ?? "-"],
                ["architecture", m.architecture.summary(headDim: m.headDim)],
                ["parameters", List.billions(m.parameterCount.total)],
                ["parameters active per token", List.billions(m.parameterCount.active)],
            ]
            if let experts = m.architecture.experts {
                rows += [["experts", "\(experts.expertCount), \(experts.expertsPerToken) routed per token"],
                         ["expert intermediate_size", "\(experts.expertIntermediateSize)"],
                         ["shared expert", experts.sharedExpertIntermediateSize > 0 ? "\(experts.sharedExpertIntermediateSize)" : "none"]]
            }
            if let vision = m.vision, let split = m.multimodalParameters {
                let tower = vision.tower
                rows += [["vision tower", "\(tower.name): \(tower.layerCount) layers, width \(tower.width), MLP \(tower.intermediateSize), \(tower.attentionHeads) heads"],
                         ["vision features", vision.featureSelection],
                         ["projector", tower.projector.summary],
                         ["image processing", vision.images.summary]]
                if let plan = try? vision.plan(VisualInput(kind: .image, count: 1)) {
                    rows.append(["tokens per image at \(vision.defaultImageSize)", "\(plan.tokensPerUnit) (\(plan.derivation))"])
                }
                if let plan = try? vision.plan(VisualInput(kind: .video, count: 2)) {
                    rows.append(["tokens per video frame", plan.units == 2 ? "\(plan.tokensPerUnit)" : "\(plan.tokensPerUnit) per \(2 / plan.units) frames"])
                }
                rows += [["parameters, vision tower", List.billions(split.vision)],
                         ["parameters, projector", String(format: "%.3fB", split.projector / 1e9)],
                         ["parameters, LLM", List.billions(split.llm)],
                         ["parameters, whole model", List.billions(split.total)]]
            }
            print(try output.render(Listing(header: ["key", "value"], rows: rows, document: m)), terminator: "")
        }
    }
}
