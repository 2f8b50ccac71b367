@testable import AIMCatalog
import Testing

struct NameSuggestionTests {
    @Test func editDistanceByHand() {
        #expect(NameSuggestion.editDistance("kitten", "sitting") == 3)
        #expect(NameSuggestion.editDistance("", "abc") == 3 && NameSuggestion.editDistance("abc", "") == 3)
        #expect(NameSuggestion.editDistance("h100", "h100") == 0)
    }

    @Test func nearestNamesContainingThenPartsThenClose() {
        let names = ["a10", "a100-sxm4-40gb", "h100-sxm5-80gb", "h200-sxm", "nvidia_H100_SXM", "rtx-4090", "rtx-3090"]
        #expect(NameSuggestion.nearest(to: "a100_40gb", among: names) == ["a100-sxm4-40gb"])
        #expect(NameSuggestion.nearest(to: "RTX4090", among: names) == ["rtx-4090", "rtx-3090"])
        #expect(NameSuggestion.nearest(to: "zzzz", among: names).isEmpty)
        #expect(NameSuggestion.nearest(to: "--", among: names).isEmpty)
    }
}
