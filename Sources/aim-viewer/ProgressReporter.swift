import Dispatch
import Foundation

/// A progress bar on stderr for work that runs over a second: done/total, rate and time left,
/// redrawn on one line. Only on a terminal: a redirected stderr (`2>err`) holds errors, not bars.
final class ProgressReporter: @unchecked Sendable {
    private let lock = NSLock()
    private let total: Int
    private let label: String
    private let start = DispatchTime.now().uptimeNanoseconds
    private var lastPrint: UInt64 = 0
    private var printed = false
    private let terminal = isatty(STDERR_FILENO) != 0

    init(total: Int, label: String) {
        self.total = total
        self.label = label
    }

    func update(_ done: Int) {
        let now = DispatchTime.now().uptimeNanoseconds
        lock.lock()
        defer { lock.unlock() }
        let elapsed = Double(now - start) / 1e9
        guard terminal, elapsed > 1, now - lastPrint >= 200_000_000 else { return }
        lastPrint = now
        printed = true
        let fraction = Double(done) / Double(max(total, 1))
        let rate = Double(done) / elapsed
        let left = rate > 0 ? Double(total - done) / rate : 0
        let width = 30
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        let text = "\(label) [\(bar)] \(String(format: "%5.1f", fraction * 100))% \(done)/\(total), \(Self.rate(rate))/s, \(String(format: "%.1f", left)) s left"
        FileHandle.standardError.write(Data("\r\(text)".utf8))
    }

    /// Ends the bar's line on a terminal.
    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if printed && terminal { FileHandle.standardError.write(Data("\n".utf8)) }
    }

    static func rate(_ value: Double) -> String {
        value >= 1e6 ? String(format: "%.2fM", value / 1e6) : value >= 1e3 ? String(format: "%.1fk", value / 1e3) : String(format: "%.0f", value)
    }
}

/// Ctrl-C as a flag that long loops poll, so they stop cleanly and still report what they have.
final class InterruptFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var raised = false
    private var source: DispatchSourceSignal?

    /// Routes SIGINT to this flag (the process no longer dies on the first Ctrl-C).
    func install() {
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler { [weak self] in self?.raise() }
        source.resume()
        self.source = source
    }

    func raise() {
        lock.lock()
        raised = true
        lock.unlock()
    }

    var isRaised: Bool {
        lock.lock()
        defer { lock.unlock() }
        return raised
    }
}
