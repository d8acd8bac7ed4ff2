using Augment.Vision.Tests.Inspection;
using Augment.Vision.Tests.Peers;

namespace Augment.Vision.Tests.Library.Hashing;

/// <summary>
/// Issue 9's criterion on a generated set: 41 distinct pictures (the six standard images, 256 x 256 quadrant crops
/// of the four 512 x 512 ones and those crops turned a quarter, two coffee crops, a chelsea crop), each with four
/// copies: JPEG quality 70 through ImageSharp, area-resized to 50–75 %, cropped by 2–5 % per side, and all three at
/// once. Thresholds per hash and the sweep: docs/vision-library-hashing.md. True pairs are the 10 pairs inside each family of five; every other pair is between distinct pictures.
/// </summary>
public class NearDuplicateCriterionTests
{
    private const int Copies = 5;

    [Fact]
    public void Combined_distance_at_42_bits_finds_at_least_95_percent_of_true_pairs_with_under_1_percent_false_pairs()
    {
        var (hashes, family) = BuildSet();
        var result = Measure(NearDuplicates.Pairs(hashes, NearDuplicates.RecommendedCombinedThresholdBits, cancellationToken: TestContext.Current.CancellationToken), family);
        Report("pHash + dHash", NearDuplicates.RecommendedCombinedThresholdBits, result);
        Assert.True(result.Recall >= 0.95, $"recall {result.Recall:P2}");
        Assert.True(result.FalseRate < 0.01, $"false pairs {result.FalseRate:P3}");
    }

    [Fact]
    public void Dhash_alone_at_20_bits_finds_at_least_95_percent_of_true_pairs_with_under_1_percent_false_pairs()
    {
        var (hashes, family) = BuildSet();
        var dhashes = hashes.ConvertAll(h => h.Dhash);
        var result = Measure(NearDuplicates.Pairs(dhashes, NearDuplicates.RecommendedDhashThresholdBits, cancellationToken: TestContext.Current.CancellationToken), family);
        Report("dHash", NearDuplicates.RecommendedDhashThresholdBits, result);
        Assert.True(result.Recall >= 0.95, $"recall {result.Recall:P2}");
        Assert.True(result.FalseRate < 0.01, $"false pairs {result.FalseRate:P3}");
    }

    [Fact]
    public void Phash_alone_at_20_bits_is_precise_but_misses_some_cropped_copies()
    {
        // Measured: recall 93.4 %, false pairs 0.15 %; at 22 bits recall 97.6 % but false pairs 1.03 %. So the pHash
        // alone does not meet the criterion with 2-5 % crops; without the cropped copies it finds every pair.
        var (hashes, family) = BuildSet();
        var phashes = hashes.ConvertAll(h => h.Phash);
        var result = Measure(NearDuplicates.Pairs(phashes, NearDuplicates.RecommendedPhashThresholdBits, cancellationToken: TestContext.Current.CancellationToken), family);
        Report("pHash", NearDuplicates.RecommendedPhashThresholdBits, result);
        Assert.True(result.Recall >= 0.90, $"recall {result.Recall:P2}");
        Assert.True(result.FalseRate < 0.01, $"false pairs {result.FalseRate:P3}");
        // Original, JPEG 70 and 50-75 % copies only (copy kinds 0..2): every pair within 20 bits.
        for (var i = 0; i < phashes.Count; i++)
        {
            if (i % Copies > 2)
                continue;
            for (var j = i + 1; j < phashes.Count && family[j] == family[i]; j++)
            {
                if (j % Copies <= 2)
                    Assert.True(phashes[i].DistanceTo(phashes[j]) <= NearDuplicates.RecommendedPhashThresholdBits, $"family {family[i]}: {phashes[i].DistanceTo(phashes[j])} bits");
            }
        }
    }

    [Fact]
    public void Grouping_the_set_by_combined_distance_keeps_the_families_apart()
    {
        var (hashes, family) = BuildSet();
        var groups = NearDuplicates.Group(hashes, NearDuplicates.RecommendedCombinedThresholdBits, cancellationToken: TestContext.Current.CancellationToken);
        var intact = 0;
        foreach (var group in groups)
        {
            foreach (var i in group)
                Assert.Equal(family[group[0]], family[i]); // no group mixes two pictures
            if (group.Length == Copies)
                intact++;
        }
        TestContext.Current.TestOutputHelper!.WriteLine($"{groups.Count} groups, {intact} of {family[^1] + 1} families complete");
        Assert.True(intact >= 0.85 * (family[^1] + 1), $"{intact} families complete");
    }

    private static void Report(string what, int threshold, (double Recall, double FalseRate, int Found, int TruePairs, int False, int DistinctPairs) r) =>
        TestContext.Current.TestOutputHelper!.WriteLine(
            $"{what} @ {threshold} bits: recall {r.Recall:P2} ({r.Found}/{r.TruePairs}), false pairs {r.FalseRate:P3} ({r.False}/{r.DistinctPairs})");

    /// <summary>Hashes of 41 families of five (original, JPEG 70, resized, cropped, all three); family index per hash.</summary>
    private static (List<ImageHashes> Hashes, List<int> Family) BuildSet()
    {
        var hashes = new List<ImageHashes>();
        var family = new List<int>();
        var random = new Random(9);
        var next = 0;
        foreach (var original in Originals())
        {
            using (original)
            {
                var copies = new[]
                {
                    original.Clone(),
                    ArtifactImages.Jpeg(original, 70),
                    ResizeBy(original, 0.5 + (0.25 * random.NextDouble())),
                    CropBy(original, random),
                    ArtifactImages.Jpeg(ResizeBy(CropBy(original, random), 0.5 + (0.25 * random.NextDouble())), 70),
                };
                foreach (var copy in copies)
                {
                    using (copy)
                    {
                        hashes.Add(ImageHashes.Compute(copy, TestContext.Current.CancellationToken));
                        family.Add(next);
                    }
                }
                next++;
            }
        }
        return (hashes, family);
    }

    private static IEnumerable<ImageFrame> Originals()
    {
        foreach (var name in ArtifactImages.Names)
            yield return StandardImages.Load(name);
        foreach (var name in new[] { "astronaut.png", "brick.png", "grass.png", "gravel.png" })
        {
            using var source = StandardImages.Load(name);
            for (var q = 0; q < 4; q++)
            {
                using var crop = ArtifactImages.Crop(source, 256 * (q % 2), 256 * (q / 2), 256, 256);
                yield return crop.Clone();
                yield return QuarterTurn(crop);
            }
        }
        using (var coffee = StandardImages.Load("coffee.png"))
        {
            yield return ArtifactImages.Crop(coffee, 0, 0, 256, 256);
            yield return ArtifactImages.Crop(coffee, 344, 144, 256, 256);
        }
        using var chelsea = StandardImages.Load("chelsea.png");
        yield return ArtifactImages.CentreCrop(chelsea, 256);
    }

    private static ImageFrame QuarterTurn(ImageFrame source)
    {
        var turned = ImageFrame.Create(source.Height, source.Width, source.Channels, source.ColorSpace);
        for (var c = 0; c < source.Channels; c++)
        {
            for (var y = 0; y < turned.Height; y++)
            {
                var row = turned.Row(c, y);
                for (var x = 0; x < turned.Width; x++)
                    row[x] = source.Row(c, source.Height - 1 - x)[y];
            }
        }
        return turned;
    }

    private static ImageFrame ResizeBy(ImageFrame frame, double scale) =>
        ArtifactImages.Resize(frame, (int)Math.Round(frame.Width * scale), (int)Math.Round(frame.Height * scale));

    private static ImageFrame CropBy(ImageFrame frame, Random random)
    {
        int Side(int length) => (int)Math.Round(length * (0.02 + (0.03 * random.NextDouble())));
        int left = Side(frame.Width), right = Side(frame.Width), top = Side(frame.Height), bottom = Side(frame.Height);
        return ArtifactImages.Crop(frame, left, top, frame.Width - left - right, frame.Height - top - bottom);
    }

    private static (double Recall, double FalseRate, int Found, int TruePairs, int False, int DistinctPairs) Measure(
        IReadOnlyList<NearDuplicatePair> pairs, List<int> family)
    {
        int found = 0, falsePairs = 0;
        foreach (var pair in pairs)
        {
            if (family[pair.First] == family[pair.Second])
                found++;
            else
                falsePairs++;
        }
        var families = family[^1] + 1;
        var truePairs = families * Copies * (Copies - 1) / 2;
        var distinct = (family.Count * (family.Count - 1) / 2) - truePairs;
        return ((double)found / truePairs, (double)falsePairs / distinct, found, truePairs, falsePairs, distinct);
    }
}
