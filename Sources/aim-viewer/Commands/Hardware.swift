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
        static let configuration = CommandConfiguration(abstract: "List the bundled profiles.",
            discussion: """
                Figures in SI units here; --format csv or json gives the raw numbers (bytes, ops per second).

                Examples:
                  aim-viewer hardware list
                  aim-viewer hardware list --format csv
                """)
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
            let csv = CSVTable(
                header: ["name", "vendor", "memory_capacity_bytes", "memory_bandwidth_bytes_per_second",
                         "fp16_peak_ops_per_second", "fp8_peak_ops_per_second", "int8_peak_ops_per_second", "tdp_watts", "tags"],
                rows: profiles.map { p in
                    [p.name, p.vendor ?? "", CSVTable.number(p.memoryCapacityBytes), CSVTable.number(p.memoryBandwidthBytesPerSecond),
                     CSVTable.number(p.halfPrecisionPeakOpsPerSecond), CSVTable.number(p.peakOpsPerSecond[.fp8]),
                     CSVTable.number(p.peakOpsPerSecond[.int8]), CSVTable.number(p.thermalDesignPowerWatts),
                     p.tags.joined(separator: ";")]
                })
            print(try output.render(Listing(header: header, rows: rows, document: profiles, csv: csv)), terminator: "")
        }

        static func scaled(_ value: Double?, _ unit: Double) -> String {
            guard let value else { return "-" }
            let scaled = value / unit
            return scaled == scaled.rounded() ? String(Int(scaled)) : String(format: "%.2f", scaled)
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one profile with its sources.",
            discussion: """
                Values in SI units (2.039 TB/s); --format csv or json gives the raw numbers.

                Examples:
                  aim-viewer hardware show h100-sxm5-80gb
                  aim-viewer hardware show nvidia_A100 --format json
                  aim-viewer hardware show --hardware-file ./my-gpu.json
                """)
        @Argument(help: "Profile name.", completion: Completions.hardware) var name: String?
        @Option(help: ArgumentHelp("A profile file instead of a bundled name.", valueName: "path"), completion: .file(extensions: ["json"]))
        var hardwareFile: String?
        @OptionGroup(title: "Output") var output: FormatOption

        func validate() throws {
            if (name == nil) == (hardwareFile == nil) {
                throw ValidationError("give a profile name or --hardware-file PATH")
            }
        }

        func run() throws {
            let p = try hardwareFile.map(HardwareCatalog.load(file:)) ?? HardwareCatalog.profile(named: name!)
            typealias Row = PropertySheet<HardwareProfile>.Row
            var rows: [Row] = [
                Row("name", shown: p.name), Row("displayName", shown: p.displayName ?? "-", raw: p.displayName ?? ""),
                Row("kind", shown: p.kind ?? "-", raw: p.kind ?? ""), Row("vendor", shown: p.vendor ?? "-", raw: p.vendor ?? ""),
                Row("tags", shown: p.tags.joined(separator: ", "), raw: p.tags.joined(separator: ";")),
                Row("memoryBandwidthBytesPerSecond", p.memoryBandwidthBytesPerSecond, unit: "B/s"),
            ]
            for (precision, peak) in p.peakOpsPerSecond.sorted(by: { $0.key < $1.key }) {
                rows.append(Row("peakOpsPerSecond.\(precision.rawValue)", peak, unit: "OPS"))
            }
            rows += [
                Row("memoryCapacityBytes", p.memoryCapacityBytes, unit: "B"),
                Row("interconnectBandwidthBytesPerSecond", p.interconnectBandwidthBytesPerSecond, unit: "B/s"),
                Row("onChipBufferBytes", p.onChipBufferBytes, unit: "B"),
                Row("onChipMemoryPerSMBytes", p.onChipMemoryPerSMBytes, unit: "B"),
                Row("l2CacheBytes", p.l2CacheBytes, unit: "B"),
                Row("computeUnits", shown: p.computeUnits.map(String.init) ?? "-", raw: p.computeUnits.map(String.init) ?? ""),
                Row("thermalDesignPowerWatts", p.thermalDesignPowerWatts, unit: "W"),
            ]
            if let half = p.halfPrecisionPeakOpsPerSecond {
                let ridge = half / p.memoryBandwidthBytesPerSecond
                rows.append(Row("ridge (fp16 ops/byte)", shown: String(format: "%.1f", ridge), raw: "\(ridge)"))
            }
            rows.append(Row("calibration", shown: p.calibration.map(\.method) ?? "none", raw: p.calibration.map(\.method) ?? ""))
            for source in p.sources { rows.append(Row("source", shown: source)) }
            if let notes = p.notes { rows.append(Row("notes", shown: notes)) }
            print(try output.render(PropertySheet(rows: rows, document: p)), terminator: "")
        }
    }
}
