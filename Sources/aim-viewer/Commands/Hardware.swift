import AIMCatalog
import AIMReport
import AIMViewerCore
import ArgumentParser
import Foundation

struct Hardware: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List and show the hardware profiles.",
        discussion: """
            Profiles are the JSON files of HardwareProfiles/ (format in HardwareProfiles/README.md).

            Examples:
              aim-viewer hardware list
              aim-viewer hardware show nvidia_A100
              aim-viewer hardware show --hardware-file ./my-gpu.json --format json
            """,
        subcommands: [List.self, Show.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the bundled profiles.")
        @OptionGroup(title: "Output") var output: FormatOption

        func run() throws {
            let profiles = try HardwareCatalog.all()
            let header = ["name", "vendor", "mem GB", "GB/s", "fp16 TF", "fp8 TF", "int8 TOPS", "TDP W", "tag"]
            let rows = profiles.map { p in
                [p.name, p.vendor ?? "-", Self.scaled(p.memoryCapacityBytes, 1e9), Self.scaled(p.memoryBandwidthBytesPerSecond, 1e9),
                 Self.scaled(p.halfPrecisionPeakOpsPerSecond, 1e12), Self.scaled(p.peakOpsPerSecond[.fp8], 1e12),
                 Self.scaled(p.peakOpsPerSecond[.int8], 1e12), Self.scaled(p.thermalDesignPowerWatts, 1),
                 p.tags.first { !["datacenter", "consumer", "workstation", "edge", "inference"].contains($0) } ?? p.tags.first ?? ""]
            }
            print(try output.render(Listing(header: header, rows: rows, document: profiles)), terminator: "")
        }

        static func scaled(_ value: Double?, _ unit: Double) -> String {
            guard let value else { return "-" }
            let scaled = value / unit
            return scaled == scaled.rounded() ? String(Int(scaled)) : String(format: "%.2f", scaled)
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one profile with its sources.")
        @Argument(help: "Profile name.") var name: String?
        @Option(help: ArgumentHelp("A profile file instead of a bundled name.", valueName: "path"))
        var hardwareFile: String?
        @OptionGroup(title: "Output") var output: FormatOption

        func validate() throws {
            if (name == nil) == (hardwareFile == nil) {
                throw ValidationError("give a profile name or --hardware-file PATH")
            }
        }

        func run() throws {
            let p = try hardwareFile.map(HardwareCatalog.load(file:)) ?? HardwareCatalog.profile(named: name!)
            var rows: [[String]] = [
                ["name", p.name], ["displayName", p.displayName ?? "-"], ["kind", p.kind ?? "-"],
                ["memoryBandwidthBytesPerSecond", "\(p.memoryBandwidthBytesPerSecond)"],
            ]
            for (precision, peak) in p.peakOpsPerSecond.sorted(by: { $0.key < $1.key }) {
                rows.append(["peakOpsPerSecond.\(precision.rawValue)", "\(peak)"])
            }
            rows.append(["onChipBufferBytes", p.onChipBufferBytes.map { "\($0)" } ?? "-"])
            rows.append(["memoryCapacityBytes", p.memoryCapacityBytes.map { "\($0)" } ?? "-"])
            if let half = p.halfPrecisionPeakOpsPerSecond {
                rows.append(["ridge (fp16 ops/byte)", String(format: "%.1f", half / p.memoryBandwidthBytesPerSecond)])
            }
            for source in p.sources { rows.append(["source", source]) }
            if let notes = p.notes { rows.append(["notes", notes]) }
            print(try output.render(Listing(header: ["key", "value"], rows: rows, document: p)), terminator: "")
        }
    }
}
