import AIMViewerCore
import AIMViewerKit
import ArgumentParser

extension Explore {
    /// A paper convention in `explore`: time and memory budgets need bytes and time, which a formula
    /// does not have; a FLOPs budget needs the analyzer's sweep, which knows only its conventions.
    func refusePaperConvention() throws {
        guard let formula = cost.paperFormula else { return }
        let advice = "; use --convention exact or llm-viewer, or `aim-viewer analyze --convention \(formula.rawValue)` for one schedule's count"
        if budgetMs != nil || costAxis == .time {
            try cost.refusePaperConvention("explore", needs: "prices prefill time (--budget-ms, --cost time)")
        }
        if budgetMemoryGb != nil {
            try cost.refusePaperConvention("explore", needs: "prices the memory footprint (--budget-memory-gb)")
        }
        throw ValidationError(PaperService.notSwept(formula, "explore").message(naming: \.flag) + advice)
    }
}

extension CrosscheckCommand {
    /// `crosscheck` checks the exact convention against the reference engine, always.
    func refuseConvention() throws {
        guard let convention else { return }
        if let formula = convention.paperFormula {
            try CostOptions.refuse(formula, "crosscheck", needs: "measures time and checks every operator against the reference engine")
        }
        throw ValidationError("crosscheck always checks the exact convention against the reference engine; drop --convention")
    }
}

extension CostOptions {
    /// `refusePaperConvention` for a command without cost options.
    static func refuse(_ formula: PaperFormula, _ command: String, needs: String) throws {
        throw ValidationError(PaperService.countsOnly(formula, command, needs: needs).message(naming: \.flag)
            + "; use `aim-viewer analyze --convention \(formula.rawValue)` for the formula's count")
    }
}
