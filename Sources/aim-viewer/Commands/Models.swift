import AIMCatalog
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
        static let configuration = CommandConfiguration(abstract: "List the model presets.")
        @Option(help: "Output format: table, json, csv or markdown.") var format: OutputFormat = .table

        func run() throws {
            let models = try ModelCatalog.presetNames.map(ModelCatalog.preset(named:))
            let header = ["name", "type", "layers", "hidden", "heads", "kv heads", "head dim", "intermediate", "vocab"]
            let rows = models.map { m in
                [m.name, m.modelType ?? "-", "\(m.layerCount)", "\(m.hiddenSize)", "\(m.attentionHeads)",
                 "\(m.keyValueHeads)", "\(m.headDim)", "\(m.intermediateSize)", "\(m.vocabularySize)"]
            }
            print(try ListingRenderer.render(header: header, rows: rows, format: format, json: models), terminator: "")
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one model's configuration as the analyzer reads it.")
        @Argument(help: "Preset name.") var name: String?
        @Option(help: ArgumentHelp("A Hugging Face config.json instead of a preset.", valueName: "path"))
        var modelConfig: String?
        @Option(help: "Output format: table, json, csv or markdown.") var format: OutputFormat = .table

        func validate() throws {
            if (name == nil) == (modelConfig == nil) {
                throw ValidationError("give a preset name or --model-config PATH")
            }
        }

        func run() throws {
            let m = try modelConfig.map(ModelCatalog.load(configFile:)) ?? ModelCatalog.preset(named: name!)
            let rows: [[String]] = [
                ["name", m.name], ["model_type", m.modelType ?? "-"], ["num_hidden_layers", "\(m.layerCount)"],
                ["hidden_size", "\(m.hiddenSize)"], ["num_attention_heads", "\(m.attentionHeads)"],
                ["num_key_value_heads", "\(m.keyValueHeads)"],
                ["head_dim", "\(m.headDim)" + (m.statedHeadDim == nil ? " (hidden / heads)" : "")],
                ["intermediate_size", "\(m.intermediateSize)"], ["vocab_size", "\(m.vocabularySize)"],
                ["tie_word_embeddings", "\(m.tieWordEmbeddings)"], ["hidden_act", m.hiddenActivation ?? "-"],
            ]
            print(try ListingRenderer.render(header: ["key", "value"], rows: rows, format: format, json: m), terminator: "")
        }
    }
}
