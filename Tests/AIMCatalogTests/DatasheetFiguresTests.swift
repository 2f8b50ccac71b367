import AIMCatalog
import AIMViewerCore
import Foundation
import Testing

/// The headline figures of the profiles added from sources S26 onwards, typed here a second time from
/// the source each row names, independently of the profile files and of the datasheet table: a typo in
/// either (a digit, a sparse figure stored as dense, GiB read as GB) fails here.
///
/// `nil` means the sources do not confirm the figure and the profile must leave it out. Capacities are
/// the vendor's headline number in decimal GB, the catalog's convention (96 GiB is stored as 96 GB).
struct DatasheetFiguresTests {
    struct Figures: Sendable, CustomStringConvertible {
        var name: String
        var memoryGB: Double?
        var bandwidthGBps: Double
        /// Dense FP16/BF16 tensor peak, TFLOPS.
        var halfTFLOPS: Double?
        var fp8TFLOPS: Double?
        var int8TOPS: Double?
        var fp32TFLOPS: Double?
        var watts: Double?
        var source: String
        var description: String { name }
    }

    static let added: [Figures] = [
        .init(name: "l40", memoryGB: 48, bandwidthGBps: 864, halfTFLOPS: 181.05, fp8TFLOPS: 362, int8TOPS: 362,
              fp32TFLOPS: 90.5, watts: 300, source: "L40 datasheet table: FP16 181.05 | 362.1* (* sparse)"),
        .init(name: "h20", memoryGB: 96, bandwidthGBps: 4000, halfTFLOPS: 148, fp8TFLOPS: nil, int8TOPS: 296,
              fp32TFLOPS: 44, watts: 400, source: "willitrunai.com/gpus/h20-96gb; zangshuxian.com (FP16 dense 148)"),
        .init(name: "h800-sxm", memoryGB: 80, bandwidthGBps: 3350, halfTFLOPS: 989.4, fp8TFLOPS: 1978.9,
              int8TOPS: 1978.9, fp32TFLOPS: nil, watts: nil,
              source: "philisun.com H800 vs H100 (H100 SXM compute, NVLink 400); glennklockwood.com H100 dense"),
        .init(name: "a800-sxm4-80gb", memoryGB: 80, bandwidthGBps: 2039, halfTFLOPS: 312, fp8TFLOPS: nil, int8TOPS: 624,
              fp32TFLOPS: 19.5, watts: nil, source: "aiwiki.ai/wiki/nvidia_a800 (A100 80GB, NVLink 400); A100 datasheet r4"),
        .init(name: "a40", memoryGB: 48, bandwidthGBps: 696, halfTFLOPS: 149.7, fp8TFLOPS: nil, int8TOPS: 299.3,
              fp32TFLOPS: 37.4, watts: 300, source: "A40 datasheet text: FP16 149.7 | 299.4*, INT8 299.3 | 598.6*"),
        .init(name: "b100", memoryGB: 192, bandwidthGBps: 8000, halfTFLOPS: 1750, fp8TFLOPS: 3500, int8TOPS: 3500,
              fp32TFLOPS: nil, watts: 700, source: "stas00/ml-engineering @9900c37 B100 SXM rows (HGX figures / 8)"),
        .init(name: "mi210", memoryGB: 64, bandwidthGBps: 1600, halfTFLOPS: 181, fp8TFLOPS: nil, int8TOPS: 181,
              fp32TFLOPS: 22.6, watts: 300, source: "anandtech.com/show/17326 MI210 table"),
        .init(name: "mi355x", memoryGB: 288, bandwidthGBps: 8000, halfTFLOPS: 2500, fp8TFLOPS: 5000, int8TOPS: 5000,
              fp32TFLOPS: 157.3, watts: 1400, source: "amd.com MI355X dense figures via stas00 @744d01e; Tom's Hardware 1400 W"),
        .init(name: "tpu-v6e", memoryGB: 32, bandwidthGBps: 1638, halfTFLOPS: 918, fp8TFLOPS: nil, int8TOPS: 1836,
              fp32TFLOPS: nil, watts: nil, source: "docs.cloud.google.com/tpu/docs/v6e"),
        .init(name: "trainium2", memoryGB: 96, bandwidthGBps: 2900, halfTFLOPS: 667, fp8TFLOPS: 1299,
              int8TOPS: nil, fp32TFLOPS: 181, watts: nil, source: "AWS Neuron Trainium2 architecture: 96 GiB, 2.9 TB/s"),
        .init(name: "inferentia2", memoryGB: 32, bandwidthGBps: 820, halfTFLOPS: 190, fp8TFLOPS: 190,
              int8TOPS: 380, fp32TFLOPS: 47.5, watts: nil, source: "AWS Neuron Inferentia2 architecture: 32 GiB, 820 GB/s"),
        .init(name: "jetson-orin-nano-8gb", memoryGB: 8, bandwidthGBps: 68, halfTFLOPS: nil, fp8TFLOPS: nil, int8TOPS: 20,
              fp32TFLOPS: nil, watts: 15, source: "Jetson Orin Nano datasheet: 40 sparse INT8 TOPS (20 dense), 7-15 W"),
        .init(name: "jetson-orin-nano-super", memoryGB: 8, bandwidthGBps: 102, halfTFLOPS: nil, fp8TFLOPS: nil,
              int8TOPS: 33.5, fp32TFLOPS: nil, watts: 25, source: "Jetson Orin Nano Super: 67 sparse INT8 TOPS, 102 GB/s, 25 W"),
        .init(name: "apple-m2-ultra", memoryGB: 192, bandwidthGBps: 800, halfTFLOPS: nil, fp8TFLOPS: nil, int8TOPS: nil,
              fp32TFLOPS: 27.2, watts: nil, source: "apple.com Mac Pro: 76-core GPU up to 27.2 teraflops, 192 GB, 800 GB/s"),
        .init(name: "mi250", memoryGB: 128, bandwidthGBps: 3277, halfTFLOPS: 362.1, fp8TFLOPS: nil, int8TOPS: 362.1,
              fp32TFLOPS: 45.3, watts: 560, source: "ROCm mi250.md: FP16 362.1, FP32 45.3; anandtech.com/show/17326 MI250"),
        .init(name: "mi100", memoryGB: 32, bandwidthGBps: 1230, halfTFLOPS: 184.6, fp8TFLOPS: nil, int8TOPS: 184.6,
              fp32TFLOPS: 23.1, watts: 300, source: "anandtech.com/show/17326 MI100 column"),
        .init(name: "tpu-v4", memoryGB: 32, bandwidthGBps: 1200, halfTFLOPS: 275, fp8TFLOPS: nil, int8TOPS: 275,
              fp32TFLOPS: nil, watts: 192, source: "docs.cloud.google.com/tpu/docs/v4: 275 bf16 or int8, 32 GiB, 1200 GBps"),
        .init(name: "gh200-96gb", memoryGB: 96, bandwidthGBps: 4000, halfTFLOPS: 989, fp8TFLOPS: 1979, int8TOPS: 1979,
              fp32TFLOPS: 67, watts: nil, source: "stas00 @744d01e GH200 SXM row; GH200 (1) 96 GB HBM3 4.00 TBps"),
        .init(name: "b300", memoryGB: 288, bandwidthGBps: 8000, halfTFLOPS: 2250, fp8TFLOPS: 4500, int8TOPS: nil,
              fp32TFLOPS: 80, watts: 1000, source: "stas00 @744d01e B300 SXM row (DGX B300 datasheet), 1000 W max TGP"),
        .init(name: "trainium", memoryGB: 32, bandwidthGBps: 820, halfTFLOPS: 190, fp8TFLOPS: 190,
              int8TOPS: nil, fp32TFLOPS: 47.5, watts: nil, source: "AWS Neuron Trainium architecture: 190 FP16/BF16/cFP8, 32 GiB"),
        .init(name: "rtx-5090", memoryGB: 32, bandwidthGBps: 1792, halfTFLOPS: nil, fp8TFLOPS: nil, int8TOPS: nil,
              fp32TFLOPS: 104.8, watts: 575, source: "Tom's Hardware RTX 5090 table: FP32 104.8, 1792 GB/s, 575 W"),
        .init(name: "rtx-pro-6000-blackwell", memoryGB: 96, bandwidthGBps: 1792, halfTFLOPS: nil, fp8TFLOPS: nil,
              int8TOPS: nil, fp32TFLOPS: 125, watts: 600, source: "NVIDIA GTC 2025: 125 TFLOPS FP32, 96 GB, 1792 GB/s, 600 W"),
        .init(name: "l20", memoryGB: 48, bandwidthGBps: 864, halfTFLOPS: nil, fp8TFLOPS: nil, int8TOPS: nil,
              fp32TFLOPS: 59.35, watts: 275, source: "technical.city L20: 864 GB/s, 59.35 TFLOPS FP32, 275 W"),
    ]

    static func same(_ stored: Double?, _ published: Double?, scale: Double) -> Bool {
        switch (stored, published) {
        case (nil, nil): return true
        case let (stored?, published?): return abs(stored - published * scale) <= 1e-9 * published * scale
        default: return false
        }
    }

    @Test(arguments: added)
    func headlineFiguresMatchTheirSource(_ expected: Figures) throws {
        let profile = try HardwareCatalog.profile(named: expected.name)
        let source = expected.source
        #expect(Self.same(profile.memoryBandwidthBytesPerSecond, expected.bandwidthGBps, scale: 1e9), "bandwidth (\(source))")
        #expect(Self.same(profile.memoryCapacityBytes, expected.memoryGB, scale: 1e9), "capacity (\(source))")
        #expect(Self.same(profile.halfPrecisionPeakOpsPerSecond, expected.halfTFLOPS, scale: 1e12), "FP16/BF16 (\(source))")
        #expect(Self.same(profile.peakOpsPerSecond[.fp8], expected.fp8TFLOPS, scale: 1e12), "FP8 (\(source))")
        #expect(Self.same(profile.peakOpsPerSecond[.int8], expected.int8TOPS, scale: 1e12), "INT8 (\(source))")
        #expect(Self.same(profile.peakOpsPerSecond[.fp32], expected.fp32TFLOPS, scale: 1e12), "FP32 (\(source))")
        #expect(Self.same(profile.thermalDesignPowerWatts, expected.watts, scale: 1), "TDP (\(source))")
        if let fp16 = profile.peakOpsPerSecond[.fp16], let bf16 = profile.peakOpsPerSecond[.bf16] { #expect(fp16 == bf16) }
    }

    /// The catalog a user compares targets in: at least 40 devices with datasheet figures, each citing
    /// its row of the datasheet table and at least one source besides. A calibrated copy of a device
    /// is the same device, so it does not count.
    @Test func catalogHoldsAtLeastFortySourcedDevices() throws {
        let sourced = try HardwareCatalog.all().filter { profile in
            profile.calibration == nil
                && profile.sources.contains { $0.hasPrefix("HardwareProfiles/datasheets/hardware-datasheets.csv, row '") }
        }
        #expect(sourced.count >= 40, "\(sourced.count) sourced devices: \(sourced.map(\.name))")
        for profile in sourced {
            #expect(profile.sources.count >= 2, "\(profile.name) cites only the table, not where its row came from")
        }
        for expected in Self.added { #expect(sourced.contains { $0.name == expected.name }, "\(expected.name) is not sourced") }
    }

    /// A device whose memory is shared with its CPU and OS says so, so that "fits in memory" is read as
    /// an upper bound there.
    @Test func unifiedMemoryDevicesSayTheMemoryIsShared() throws {
        let unified = try HardwareCatalog.all().filter { $0.tags.contains("unified-memory") }
        #expect(Set(unified.map(\.name)).isSuperset(of: ["apple-m2-ultra", "jetson-orin-nano-8gb", "jetson-orin-nano-super",
                                                         "jetson-agx-orin-64gb"]))
        for profile in unified { #expect(profile.notes?.contains("shared") == true, "\(profile.name)") }
    }
}
