import AIMViewerCore
import AIMViewerKit
import ArgumentParser

extension FLOPsUnit: ExpressibleByArgument {}

extension ConventionChoice {
    /// The paper formula this choice names; `nil` for the analyzer's conventions.
    var paperFormula: PaperFormula? {
        switch self {
        case .exact, .llmViewer, .both: return nil
        case .fastvPaper: return .fastV
        case .pdropPaper: return .pyramidDrop
        }
    }
}

extension CostOptions {
    /// The paper formula `--convention` names, if it names one.
    var paperFormula: PaperFormula? { convention.paperFormula }

    func validate() throws {
        // Every command with cost options (analyze, compare, explore): a format with bits is ambiguous.
        try validateFormats()
        if flopsUnit != nil, paperFormula == nil {
            throw ValidationError(PaperService.unitWithoutFormula.message(naming: \.flag))
        }
    }

    /// A command that needs bytes or time (`compare`, `explore --budget-ms`) refuses a paper
    /// convention, saying why and what to use instead.
    func refusePaperConvention(_ command: String, needs: String) throws {
        guard let formula = paperFormula else { return }
        throw ValidationError(PaperService.countsOnly(formula, command, needs: needs).message(naming: \.flag)
            + "; use --convention exact or llm-viewer, or `aim-viewer analyze --convention \(formula.rawValue)` for the formula's count")
    }
}
