import AIMCatalog
import AIMViewerCore
import Foundation
import ReferenceFixtures
import HardwareProfiles
import Testing

/// Every profile file: schema, units, positive numbers, sources; and every datasheet profile against
/// the row of `HardwareProfiles/datasheets/hardware-datasheets.csv` it cites.
struct HardwareCatalogTests {
    static let canonicalNames = [
        "v100-sxm2-32gb", "t4", "a10", "a100-sxm4-40gb", "a100-sxm4-80gb", "a100-pcie-80gb", "rtx-a6000", "rtx-6000-ada",
        "l4", "l40s", "rtx-3090", "rtx-4090", "h100-sxm5-80gb", "h100-pcie-80gb", "h100-nvl", "h200-sxm", "b200", "gb200",
        "jetson-agx-orin-64gb", "mi250x", "mi300x", "mi325x", "tpu-v5e", "tpu-v5p", "gaudi-2", "gaudi-3",
        // Added from sources S26 onwards (DatasheetFiguresTests repeats their headline figures).
        "l40", "h20", "h800-sxm", "a800-sxm4-80gb", "a40", "b100", "mi210", "mi355x", "tpu-v6e", "trainium2",
        "inferentia2", "jetson-orin-nano-8gb", "jetson-orin-nano-super", "apple-m2-ultra", "mi250", "mi100", "tpu-v4",
        "gh200-96gb", "b300", "trainium", "rtx-5090", "rtx-pro-6000-blackwell", "l20",
    ]

    /// Rows without a confirmed FP16/BF16 peak that still get a profile, priced at the precision the
    /// sources do confirm (INT8 on the Jetsons, FP32 on the M2 Ultra, RTX 5090, RTX PRO 6000 and L20);
    /// their notes say so.
    static let profiledWithoutHalfPrecisionPeak: Set<String> = [
        "Jetson AGX Orin 64GB", "Jetson Orin Nano 8GB", "Jetson Orin Nano 8GB Super", "Apple M2 Ultra GPU",
        "RTX 5090", "RTX PRO 6000 Blackwell", "L20",
    ]

    static var files: [URL] { BundledHardwareProfiles.fileURLs }

    static var datasheet: [String: [String: String]] {
        get throws {
            let data = try ReferenceFixture.repositoryFile("HardwareProfiles/datasheets/hardware-datasheets.csv")
            let lines = String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
            let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            var rows: [String: [String: String]] = [:]
            for line in lines.dropFirst() {
                let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                rows[cells[0]] = Dictionary(uniqueKeysWithValues: zip(header, cells))
            }
            return rows
        }
    }

    /// The number a cell starts with (`"320 (datasheet rev says 300)"` → 320); nil for a blank or `-`.
    static func leadingNumber(_ cell: String?) -> Double? {
        guard let cell else { return nil }
        let digits = cell.trimmingCharacters(in: .whitespaces).prefix { $0.isNumber || $0 == "." }
        return digits.isEmpty ? nil : Double(digits)
    }

    /// Equal to 1e-12 relative (the files store whole numbers of operations per second).
    static func same(_ a: Double?, _ b: Double?) -> Bool {
        switch (a, b) {
        case (nil, nil): return true
        case let (a?, b?): return abs(a - b) <= 1e-12 * max(abs(a), abs(b))
        default: return false
        }
    }

    @Test(arguments: files.map(\.lastPathComponent))
    func everyProfileFileIsValid(_ file: String) throws {
        let url = Self.files.first { $0.lastPathComponent == file }!
        let profile = try HardwareProfile.decode(json: Data(contentsOf: url), source: file)
        #expect(profile.name + ".json" == file, "a profile's name is its file name")
        #expect(!profile.sources.isEmpty, "\(file) cites no source")
        for source in profile.sources {
            // A user's clone has only the repository: the datasheet table is cited where it ships, and
            // every repository file a profile cites must exist.
            if source.contains("hardware-datasheets.csv") {
                #expect(source.hasPrefix("HardwareProfiles/datasheets/hardware-datasheets.csv"),
                        "\(file) cites the datasheet table by a path the repository does not ship: \(source)")
            }
            if source.hasPrefix("HardwareProfiles/"), let path = source.split(whereSeparator: { " ,(".contains($0) }).first {
                #expect(throws: Never.self, "\(file) cites \(path), which the repository does not ship") {
                    try ReferenceFixture.repositoryFile(String(path))
                }
            }
        }
        #expect((1e9...1e14).contains(profile.memoryBandwidthBytesPerSecond), "\(file): bandwidth in bytes per second")
        for (precision, peak) in profile.peakOpsPerSecond {
            #expect((1e9...1e17).contains(peak), "\(file): \(precision) peak in operations per second")
        }
        if let capacity = profile.memoryCapacityBytes { #expect((1e9...1e13).contains(capacity), "\(file): capacity in bytes") }
        if let perSM = profile.onChipMemoryPerSMBytes { #expect((16_384...1_048_576).contains(perSM), "\(file): per-SM bytes") }
        if let watts = profile.thermalDesignPowerWatts { #expect((1...2000).contains(watts), "\(file): TDP in watts") }
        if let link = profile.interconnectBandwidthBytesPerSecond { #expect((1e9...1e13).contains(link), "\(file): link in bytes per second") }
        if let l2 = profile.l2CacheBytes { #expect((1e5...1e9).contains(l2), "\(file): L2 in bytes") }
        // Every key in the file is one the format knows: a misspelt key would be silently ignored.
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        let known: Set<String> = [
            "name", "displayName", "kind", "vendor", "tags", "memoryBandwidthBytesPerSecond", "peakOpsPerSecond",
            "onChipBufferBytes", "memoryCapacityBytes", "onChipMemoryPerSMBytes", "interconnectBandwidthBytesPerSecond",
            "thermalDesignPowerWatts", "l2CacheBytes", "computeUnits", "sources", "notes", "calibration",
        ]
        #expect(Set(object.keys).subtracting(known).isEmpty, "\(file): unknown keys \(Set(object.keys).subtracting(known))")
    }

    @Test(arguments: canonicalNames)
    func canonicalProfileMatchesItsDatasheetRow(_ name: String) throws {
        let profile = try HardwareCatalog.profile(named: name)
        let citation = try #require(profile.sources.first { $0.contains("hardware-datasheets.csv, row '") })
        let device = String(citation.split(separator: "'")[1])
        let row = try #require(try Self.datasheet[device], "no row '\(device)'")
        #expect(Self.same(profile.memoryBandwidthBytesPerSecond, Self.leadingNumber(row["bw_GBps"])! * 1e9))
        #expect(Self.same(profile.memoryCapacityBytes, Self.leadingNumber(row["mem_GB"]).map { $0 * 1e9 }))
        let half = Self.leadingNumber(row["fp16_bf16_dense_TF"]).map { $0 * 1e12 }
        #expect(Self.same(profile.halfPrecisionPeakOpsPerSecond, half), "\(name): fp16/bf16")
        if let fp16 = profile.peakOpsPerSecond[.fp16], let bf16 = profile.peakOpsPerSecond[.bf16] { #expect(fp16 == bf16) }
        #expect(Self.same(profile.peakOpsPerSecond[.fp8], Self.leadingNumber(row["fp8_dense_TF"]).map { $0 * 1e12 }), "\(name): fp8")
        #expect(Self.same(profile.peakOpsPerSecond[.int8], Self.leadingNumber(row["int8_dense_TOPS"]).map { $0 * 1e12 }), "\(name): int8")
        if row["fp32_vector_TF"]?.contains("conflict") == true {
            #expect(profile.peakOpsPerSecond[.fp32] == nil, "\(name): a conflicting figure stays absent")
        } else if let fp32 = Self.leadingNumber(row["fp32_vector_TF"]) {
            #expect(Self.same(profile.peakOpsPerSecond[.fp32], fp32 * 1e12), "\(name): fp32")
        }
        if let tdp = row["TDP_W"], !tdp.isEmpty {
            let numbers = tdp.split { !$0.isNumber && $0 != "." }.compactMap { Double($0) }
            #expect(profile.thermalDesignPowerWatts == numbers.max(), "\(name): TDP upper end")
        } else {
            #expect(profile.thermalDesignPowerWatts == nil)
        }
        if let smem = Self.leadingNumber(row["smem_max_KB_per_SM"]) {
            #expect(profile.onChipMemoryPerSMBytes == smem * 1024)
        } else {
            #expect(profile.onChipMemoryPerSMBytes == nil)
        }
        #expect(profile.sources.count >= 2, "\(name): the row and its S-sources")
    }

    @Test func everyConfirmedDeviceHasAProfileAndUnconfirmedOnesDoNot() throws {
        let rows = try Self.datasheet
        let cited = Set(try Self.canonicalNames.map { name -> String in
            let profile = try HardwareCatalog.profile(named: name)
            return String(profile.sources[0].split(separator: "'")[1])
        })
        for (device, row) in rows {
            let confirmed = Self.leadingNumber(row["bw_GBps"]) != nil && Self.leadingNumber(row["fp16_bf16_dense_TF"]) != nil
            if confirmed { #expect(cited.contains(device), "\(device) has bandwidth and FP16 but no profile") }
            if !confirmed, !Self.profiledWithoutHalfPrecisionPeak.contains(device) {
                #expect(!cited.contains(device), "\(device) is not confirmed")
            }
        }
        for device in Self.profiledWithoutHalfPrecisionPeak {
            let profile = try #require(try Self.canonicalNames.map(HardwareCatalog.profile(named:))
                .first { $0.sources[0].contains("row '\(device)'") }, "\(device) has no profile")
            #expect(profile.halfPrecisionPeakOpsPerSecond == nil, "\(device): an FP16 peak the table does not confirm")
            #expect(profile.notes?.contains("--w-bit") == true, "\(device): the notes say which precision to price")
        }
    }

    @Test func missingRequiredFieldIsNamed() throws {
        let json = Data(#"{"name": "x", "peakOpsPerSecond": {"fp16": 1e12}}"#.utf8)
        #expect(throws: HardwareProfileError.self) { try HardwareProfile.decode(json: json, source: "x.json") }
        do {
            _ = try HardwareProfile.decode(json: json, source: "x.json")
        } catch {
            #expect("\(error)".contains("memoryBandwidthBytesPerSecond"))
        }
    }
}
