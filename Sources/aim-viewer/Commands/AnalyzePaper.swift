import AIMReport
import AIMViewerCore
import AIMViewerKit
import ArgumentParser

extension Analyze {
    /// `analyze --convention fastv-paper|pdrop-paper`: the schedule counted by the paper's formula
    /// beside the exact count (`PaperService`). Counts only, so what needs bytes or time is refused.
    func runPaper(_ formula: PaperFormula) throws {
        if html != nil {
            throw ValidationError(PaperService.countsOnly(formula, "--html", needs: "draws time and memory traffic").message(naming: \.flag)
                + "; drop --html, or use --convention exact or llm-viewer for the HTML report")
        }
        if output.perOp {
            throw ValidationError("--per-op lists operators, but --convention \(formula.rawValue) is a closed formula per layer with none; use --per-layer, or --convention exact --per-op for the operators the model runs")
        }
        var request = PaperRequest()
        request.model = model.source
        request.hardware = hardware.source
        request.schedule = try schedule.request()
        request.vision = try vision.request()
        request.formula = formula
        request.unit = cost.flopsUnit ?? .macs
        request.exactOptions = cost.analysisOptions(.exact, parallel)
        request.generationLength = generationLength
        request.engine = engine
        request.decodeContext = decodeContext
        let outcome = try PaperService.analyze(request)
        print(try output.render(outcome.report), terminator: "")
        if !store.noStore {
            printToStandardError(PaperService.notStored(formula).message(naming: \.flag))
        }
    }
}
