import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// The HTML reports: well-formed, self-contained, and holding every chart with its axes and legend.
struct HTMLReportTests {
    /// Element names and the `id`s and text seen while parsing the file as XML (it is XHTML).
    final class Collector: NSObject, XMLParserDelegate {
        var elements: [String: Int] = [:]
        var ids: Set<String> = []
        var text = ""
        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            elements[name, default: 0] += 1
            if let id = attributes["id"] { ids.insert(id) }
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }
    }

    func parse(_ path: String) throws -> Collector {
        let html = try String(contentsOfFile: path, encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(!html.contains("<script"), "no JavaScript")
        let external = html.components(separatedBy: "http").dropFirst().filter { !$0.hasPrefix("://www.w3.org/") }
        #expect(external.isEmpty, "no network references")
        let parser = XMLParser(data: Data(html.replacingOccurrences(of: "<!DOCTYPE html>", with: "").utf8))
        let collector = Collector()
        parser.delegate = collector
        #expect(parser.parse(), "not well-formed: \(String(describing: parser.parserError))")
        return collector
    }

    /// `explore --html`: the frontier with the budget line and the methods at equal cost.
    @Test func exploreWritesTheFrontierWithItsBudget() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("aim-\(UUID().uuidString).html").path
        let result = try CLI.run(["explore", "--methods", "all", "--budget-tflops", "100", "--prune-step", "0.05...0.5", "--html", path, "--no-store"])
        #expect(result.exitCode == 0, "\(result.stderr)")
        let page = try parse(path)
        #expect(page.ids.isSuperset(of: ["frontier", "methods"]), "\(page.ids)")
        #expect(page.text.contains("budget 100 TFLOPs"))
        #expect((page.elements["circle"] ?? 0) >= 2, "frontier points")
        for method in ["aim", "fastv", "pdrop", "vtw", "fixed", "uniform-keep"] { #expect(page.text.contains(method)) }
        let refused = try CLI.run(["explore", "--html", "/nonexistent-dir/x.html", "--no-store"])
        #expect(refused.exitCode != 0 && refused.stdout.isEmpty, "an unwritable path fails before any work")
    }

    /// The totals chart labels each bar with its value and the method's share of the baseline.
    @Test func totalsChartShowsThePapersFigures() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("aim-\(UUID().uuidString).html").path
        let result = try CLI.run(["analyze", "--convention", "llm-viewer", "--html", path, "--no-store"])
        #expect(result.exitCode == 0, "\(result.stderr)")
        let page = try parse(path)
        // 14.7566 / 99.6270 = 14.81%; 55.03 / 439.58 ms = 12.52%
        #expect(page.text.contains("99.63 TFLOPs") && page.text.contains("14.76 TFLOPs (14.8%)"), "\(page.text.prefix(600))")
        #expect(page.text.contains("439.6 ms") && page.text.contains("55.03 ms (12.5%)"))
    }

    /// With a generation length, the whole request's time to first token and decode.
    @Test func analyzeWithAGenerationLengthDrawsTheRequest() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("aim-\(UUID().uuidString).html").path
        let result = try CLI.run(["analyze", "--gen-len", "128", "--html", path, "--no-store"])
        #expect(result.exitCode == 0, "\(result.stderr)")
        let page = try parse(path)
        #expect(page.ids.contains("request"))
        #expect(page.text.contains("128 decode steps") && page.text.contains("capacity 40 GB"))
    }

    /// With an engine, the request chart sets each schedule's calibrated figures beneath its roofline's.
    @Test func analyzeWithAnEngineDrawsItsCalibratedRequest() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("aim-\(UUID().uuidString).html").path
        let result = try CLI.run(["analyze", "--gen-len", "128", "--engine", "tensorrt-llm", "--dtype", "fp8",
                                  "--hardware", "h100-sxm5-80gb", "--html", path, "--no-store"])
        #expect(result.exitCode == 0, "\(result.stderr)")
        let page = try parse(path)
        #expect(page.ids.contains("request"))
        for label in ["baseline, tensorrt-llm", "AIM, tensorrt-llm"] { #expect(page.text.contains(label), "\(label)") }
        #expect(page.text.components(separatedBy: "per output token (calibrated)").count == 3, "one calibrated row per schedule")
        let plain = try CLI.run(["analyze", "--gen-len", "128", "--html", path, "--no-store"])
        #expect(plain.exitCode == 0)
        #expect(!(try parse(path)).text.contains("calibrated"), "no engine, no calibrated rows")
    }

    @Test func analyzeWritesEveryChartWithAxesAndLegends() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("aim-\(UUID().uuidString).html").path
        let result = try CLI.run(["analyze", "--html", path, "--no-store"])
        #expect(result.exitCode == 0, "\(result.stderr)")
        #expect(result.stderr.contains("wrote HTML report to \(path)"))
        let page = try parse(path)
        #expect(page.ids.isSuperset(of: ["roofline", "per-layer-0", "per-layer-1", "schedule", "totals", "memory"]), "\(page.ids)")
        #expect((page.elements["svg"] ?? 0) == 6 && (page.elements["table"] ?? 0) >= 4)
        #expect((page.elements["circle"] ?? 0) > 20, "operator points and schedule markers")
        for label in ["arithmetic intensity (operations per byte, log)", "attained performance (operations per second, log)",
                      "compute-bound", "memory-bound", "prefill time (ms)", "decoder layer", "tokens", "attention core", "MLP",
                      "AIM PageRank", "baseline", "AIM", "ridge"] {
            #expect(page.text.contains(label), "missing '\(label)'")
        }
        #expect(page.text.contains("99.64") && page.text.contains("14.77"), "the summary numbers are in the tables")
    }

    @Test func compareRunRendersTargetsSideBySideFromTheStore() throws {
        let database = FileManager.default.temporaryDirectory.appendingPathComponent("html-\(UUID().uuidString).sqlite").path
        let stored = try CLI.run(["compare", "--hardware", "h100-sxm5-80gb,a100-sxm4-40gb", "--format", "json"],
                                 environment: ["AIM_VIEWER_DB": database])
        #expect(stored.exitCode == 0, "\(stored.stderr)")
        let id = try #require(stored.stderr.split(separator: " ").dropFirst(2).first.map(String.init))
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("cmp-\(UUID().uuidString).html").path
        let report = try CLI.run(["report", id, "--html", path], environment: ["AIM_VIEWER_DB": database])
        #expect(report.exitCode == 0, "\(report.stderr)")
        let page = try parse(path)
        #expect(page.ids.contains("compare") && page.ids.contains("roofline"))
        #expect(page.text.contains("h100-sxm5-80gb") && page.text.contains("a100-sxm4-40gb") && page.text.contains("energy J (upper bound)"))
        let text = try CLI.run(["report", id], environment: ["AIM_VIEWER_DB": database])
        #expect(text.exitCode == 0 && text.stdout == stored.stdout, "report without --html prints what the run printed")
    }

    @Test func unknownRunAndUnwritablePath() throws {
        let database = FileManager.default.temporaryDirectory.appendingPathComponent("none-\(UUID().uuidString).sqlite").path
        let missing = try CLI.run(["report", "deadbeef", "--html", "/tmp/x.html"], environment: ["AIM_VIEWER_DB": database])
        #expect(missing.exitCode != 0 && missing.stderr.contains("deadbeef"), "\(missing.stderr)")
        let unwritable = try CLI.run(["analyze", "--html", "/nonexistent/dir/r.html", "--no-store"])
        #expect(unwritable.exitCode != 0 && unwritable.stderr.contains("cannot write the HTML report"), "\(unwritable.stderr)")
    }
}
