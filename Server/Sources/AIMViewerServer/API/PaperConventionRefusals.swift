import AIMViewerCore
import AIMViewerKit

/// compare and explore under a paper convention, refused as the command line refuses them
/// (`CostOptions.refusePaperConvention`, `Explore.refusePaperConvention`): a formula gives
/// operation counts only, and a sweep prices thousands of schedules with the analyzer's hot path.
enum PaperConventionRefusals {
    static func compare(_ f: RequestFields) throws {
        guard let formula = RequestBuilders.paperFormula(f) else { return }
        throw refusal(PaperService.countsOnly(formula, "compare", needs: "prices time, memory and energy on each device"), formula)
    }

    static func explore(_ f: RequestFields) throws {
        guard let formula = RequestBuilders.paperFormula(f) else { return }
        if f.has("budget-ms") || f.string("cost") == ExploreCost.time.rawValue {
            throw refusal(PaperService.countsOnly(formula, "explore", needs: "prices prefill time (--budget-ms, --cost time)"), formula)
        }
        if f.has("budget-memory-gb") {
            throw refusal(PaperService.countsOnly(formula, "explore", needs: "prices the memory footprint (--budget-memory-gb)"), formula)
        }
        throw APIError(.badRequest, PaperService.notSwept(formula, "explore").message(naming: \.flag)
            + "; use --convention exact or llm-viewer, or `aim-viewer analyze --convention \(formula.rawValue)` for one schedule's count")
    }

    private static func refusal(_ error: RequestError, _ formula: PaperFormula) -> APIError {
        APIError(.badRequest, error.message(naming: \.flag)
            + "; use --convention exact or llm-viewer, or `aim-viewer analyze --convention \(formula.rawValue)` for the formula's count")
    }
}
