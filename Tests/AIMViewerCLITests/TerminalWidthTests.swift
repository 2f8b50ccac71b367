import Testing

/// Terminal output fits 100 columns: tables, and prose wrapped at spaces.
struct TerminalWidthTests {
    @Test(arguments: [
        ["analyze", "--no-store"], ["analyze", "--per-layer", "--vision", "siglip-so400m", "--no-store"],
        ["analyze", "--model", "qwen2-57b-a14b", "--no-store"], ["hardware", "list"], ["models", "list"],
        ["explore", "--methods", "all", "--budget-tflops", "50", "--no-store"],
        ["compare", "--hardware", "all", "--model", "qwen2-72b", "--no-store"],
    ])
    func fitsOneHundredColumns(_ arguments: [String]) throws {
        let result = try CLI.run(arguments)
        #expect(result.exitCode == 0, "\(result.stderr)")
        let wide = result.stdout.split(separator: "\n").map(String.init).filter { $0.count > 100 }
        #expect(wide.isEmpty, "\(arguments): \(wide.first ?? "")")
        #expect(!result.stdout.contains("\u{1B}["), "no colour when stdout is a pipe")
    }
}
