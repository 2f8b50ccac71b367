import Foundation

/// An image or frame size in pixels, `WxH`.
public struct ImageSize: Sendable, Equatable, Codable, CustomStringConvertible {
    public var width: Int
    public var height: Int

    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    public static func square(_ side: Int) -> ImageSize { ImageSize(width: side, height: side) }

    public var description: String { "\(width)x\(height)" }
    public var pixels: Int { width * height }
}

/// How a family's processor turns one image into encoder inputs and LLM tokens, each as the
/// model's own preprocessing code decides it (the Hugging Face processors' rules).
public enum ImageProcessing: Sendable, Equatable, Codable {
    /// Resized to the tower's square resolution: one tile (LLaVA-1.5, PaliGemma).
    case resize
    /// LLaVA-NeXT's any resolution: the image resized to the tower's tile plus the tiles of the
    /// `image_grid_pinpoints` resolution that fits it best; the LLM sees the base grid, the tiles'
    /// grid with its padding removed, and one newline token per row. `maxTiles` is
    /// LLaVA-OneVision's `anyres_max_N`, which shrinks a grid of more than N tiles' worth of
    /// features (by more than 1.1x) back towards N.
    case anyResolution(pinpoints: [ImageSize], maxTiles: Int?)
    /// Qwen-VL's dynamic resolution: the image rounded to multiples of `factor` pixels (patch x
    /// merge) within `minPixels...maxPixels`, patched whole; tokens = patches / merge².
    case dynamicResolution(minPixels: Int, maxPixels: Int)
    /// InternVL's dynamic tiling: the grid of 1...`maxTiles` square tiles closest to the image's
    /// aspect ratio, plus a thumbnail tile when there is more than one.
    case tiles(minTiles: Int, maxTiles: Int, thumbnail: Bool)
    /// Phi-3-vision's HD transform: the image (its longer side taken as the width) scaled to the
    /// widest grid of tower tiles whose count stays within `maxCrops` (`num_crops`), its height
    /// padded to whole tiles; every tile plus one global image resized to one tile goes through
    /// the tower.
    case hdCrops(maxCrops: Int)

    /// One line for reports.
    public var summary: String {
        switch self {
        case .resize: return "resized to the tower's resolution"
        case let .anyResolution(pinpoints, maxTiles?):
            return "any resolution over \(pinpoints.count) grid pinpoints (anyres_max_\(maxTiles))"
        case let .anyResolution(pinpoints, nil): return "any resolution over \(pinpoints.count) grid pinpoints"
        case let .dynamicResolution(minPixels, maxPixels): return "dynamic resolution, \(minPixels)...\(maxPixels) pixels"
        case let .tiles(minTiles, maxTiles, thumbnail):
            return "\(minTiles)-\(maxTiles) tiles" + (thumbnail ? " plus a thumbnail" : "")
        case let .hdCrops(maxCrops): return "HD transform to at most \(maxCrops) crops plus a global image (num_crops \(maxCrops))"
        }
    }
}

/// Pure functions of the processors' rules, each checked in tests against counts the models
/// publish or that follow from their code by hand.
public enum ProcessorRules {
    /// LLaVA-NeXT's `select_best_resolution`: the pinpoint (given as height x width in the config,
    /// here as sizes) keeping the most of the image's pixels once it is scaled to fit, ties broken
    /// by the least wasted area.
    public static func bestResolution(for image: ImageSize, among pinpoints: [ImageSize]) -> ImageSize? {
        var best: ImageSize?
        var mostEffective = -1, leastWasted = Int.max
        for candidate in pinpoints {
            let scale = min(Double(candidate.width) / Double(image.width), Double(candidate.height) / Double(image.height))
            let scaledWidth = Int(Double(image.width) * scale), scaledHeight = Int(Double(image.height) * scale)
            let effective = min(scaledWidth * scaledHeight, image.pixels)
            let wasted = candidate.pixels - effective
            if effective > mostEffective || (effective == mostEffective && wasted < leastWasted) {
                best = candidate
                mostEffective = effective
                leastWasted = wasted
            }
        }
        return best
    }

    /// LLaVA-NeXT's `_get_unpadded_features`: the tiles' feature grid (`side` patches a tile,
    /// `tilesDown` x `tilesAcross` tiles) with the letterbox padding of the image's aspect ratio
    /// removed, and one newline per remaining row; `maxTiles` applies LLaVA-OneVision's
    /// `anyres_max` shrink.
    public static func unpaddedFeatures(image: ImageSize, side: Int, tilesDown: Int, tilesAcross: Int,
                                        maxTiles: Int?) -> (features: Int, newlines: Int) {
        var height = side * tilesDown, width = side * tilesAcross
        let originalAspect = Double(image.width) / Double(image.height)
        let currentAspect = Double(width) / Double(height)
        if originalAspect > currentAspect {
            let newHeight = Int(roundedTo7(Double(image.height) * (Double(width) / Double(image.width))))
            height -= 2 * ((height - newHeight) / 2)
        } else {
            let newWidth = Int(roundedTo7(Double(image.width) * (Double(height) / Double(image.height))))
            width -= 2 * ((width - newWidth) / 2)
        }
        if let maxTiles {
            let ratio = (Double(height * width) / Double(maxTiles * side * side)).squareRoot()
            if ratio > 1.1 {
                let rows = Int((Double(height) / ratio).rounded(.down)), columns = Int((Double(width) / ratio).rounded(.down))
                return (rows * columns, rows)
            }
        }
        return (height * width, height)
    }

    /// Python's `round(x, 7)`, which the processor applies before truncating.
    static func roundedTo7(_ value: Double) -> Double { (value * 1e7).rounded(.toNearestOrEven) / 1e7 }

    /// Qwen-VL's `smart_resize`: both sides rounded (half to even, as Python's `round`) to multiples
    /// of `factor`, then scaled down or up by one common factor into `minPixels...maxPixels`.
    public static func smartResize(_ image: ImageSize, factor: Int, minPixels: Int, maxPixels: Int) -> ImageSize {
        let f = Double(factor), h = Double(image.height), w = Double(image.width)
        var height = max(factor, Int((h / f).rounded(.toNearestOrEven)) * factor)
        var width = max(factor, Int((w / f).rounded(.toNearestOrEven)) * factor)
        if height * width > maxPixels {
            let beta = (h * w / Double(maxPixels)).squareRoot()
            height = max(factor, Int((h / beta / f).rounded(.down)) * factor)
            width = max(factor, Int((w / beta / f).rounded(.down)) * factor)
        } else if height * width < minPixels {
            let beta = (Double(minPixels) / (h * w)).squareRoot()
            height = Int((h * beta / f).rounded(.up)) * factor
            width = Int((w * beta / f).rounded(.up)) * factor
        }
        return ImageSize(width: width, height: height)
    }

    /// Phi-3-vision's `calc_hd_transform_size`: with the longer side as the width (the image is
    /// transposed when taller than wide), the largest `scale` with `scale * ceil(scale / ratio)`
    /// at most `maxCrops` gives a width of `scale` tiles; the height follows the aspect ratio
    /// (truncated) and is padded up to whole tiles. The size in pixels, transposed back.
    public static func phi3HDSize(_ image: ImageSize, tile: Int, maxCrops: Int) -> ImageSize {
        let transposed = image.width < image.height
        let width = Double(transposed ? image.height : image.width), height = Double(transposed ? image.width : image.height)
        let ratio = width / height
        var scale = 1
        while Double(scale) * (Double(scale) / ratio).rounded(.up) <= Double(maxCrops) { scale += 1 }
        scale = max(scale - 1, 1)
        let newWidth = scale * tile
        // A sliver too thin for one pixel row still gets one tile (the processor could not resize to 0).
        let newHeight = max(Int(Double(newWidth) / ratio), 1)
        let padded = Int((Double(newHeight) / Double(tile)).rounded(.up)) * tile
        return transposed ? ImageSize(width: padded, height: newWidth) : ImageSize(width: newWidth, height: padded)
    }

    /// Phi-3-vision's tokens for an HD size of `rows` x `columns` crops, each crop's grid merged
    /// 2x2 to `side` x `side` (12 for CLIP-336): the crops' `rows·side` rows of `columns·side`
    /// tokens plus a newline each, one separator, the global image's `side` rows plus newlines —
    /// `(rows·columns + 1)·144 + 1 + (rows + 1)·12` in the processor's own words.
    public static func phi3Tokens(rows: Int, columns: Int, side: Int) -> Int {
        rows * side * (columns * side + 1) + 1 + side * (side + 1)
    }

    /// InternVL's `dynamic_preprocess`: among the `columns x rows` grids of `minTiles...maxTiles`
    /// tiles (in order of tile count), the one whose aspect ratio is closest to the image's; on a
    /// tie the larger grid when the image covers more than half of it. Tiles, plus one thumbnail
    /// when `thumbnail` and the grid has more than one tile.
    public static func internVLTiles(_ image: ImageSize, tile: Int, minTiles: Int, maxTiles: Int, thumbnail: Bool)
        -> (columns: Int, rows: Int, tiles: Int) {
        var grids: [(Int, Int)] = []
        for count in minTiles...max(minTiles, maxTiles) {
            for i in 1...count { for j in 1...count where (minTiles...maxTiles).contains(i * j) && !grids.contains(where: { $0 == (i, j) }) {
                grids.append((i, j))
            } }
        }
        grids.sort { ($0.0 * $0.1, $0.0, $0.1) < ($1.0 * $1.1, $1.0, $1.1) }
        let aspect = Double(image.width) / Double(image.height)
        var best = (1, 1), bestDifference = Double.infinity
        let area = Double(image.pixels)
        for grid in grids {
            let difference = abs(aspect - Double(grid.0) / Double(grid.1))
            if difference < bestDifference {
                bestDifference = difference
                best = grid
            } else if difference == bestDifference, area > 0.5 * Double(tile * tile * grid.0 * grid.1) {
                best = grid
            }
        }
        let count = best.0 * best.1
        return (best.0, best.1, count + (thumbnail && count != 1 ? 1 : 0))
    }
}
