using System.Globalization;

namespace Augment.Vision.Tests.Inspection;

/// <summary>
/// Detection and false-positive rates of every check on the deterministic test set (see <see cref="ArtifactImages"/>);
/// the numbers printed here are the ones docs/vision-inspection.md reports. A false positive is any region of the
/// check's kind on a negative image.
/// </summary>
public class InspectionTestSetTests
{
    private static ArtifactReport Inspect(ImageFrame frame, ArtifactChecks checks) =>
        frame.Inspect(i => i.Checks(checks), cancellationToken: TestContext.Current.CancellationToken);

    private static void Print(string text) => TestContext.Current.TestOutputHelper?.WriteLine(text);

    [Fact]
    public void Spectral_check_finds_upsampling_grids_and_stays_quiet_on_photographs_JPEGs_and_downscales()
    {
        int negatives = 0, falsePositives = 0, positives = 0, detected = 0;
        foreach (var (name, frame) in ArtifactImages.Negatives())
        {
            using (frame)
            {
                var report = Inspect(frame, ArtifactChecks.PeriodicSpectrum);
                negatives++;
                if (report.RegionsOf(ArtifactKind.UpsamplingGrid).Count > 0)
                {
                    falsePositives++;
                    Print($"false positive: {name}: {report.Regions[0].Explanation}");
                }
            }
        }
        foreach (var (name, frame) in ArtifactImages.UpsamplingPositives())
        {
            using (frame)
            {
                var report = Inspect(frame, ArtifactChecks.PeriodicSpectrum);
                positives++;
                var found = report.RegionsOf(ArtifactKind.UpsamplingGrid);
                if (found.Count > 0)
                    detected++;
                else
                    Print($"missed: {name} (score {report.PeriodicSpectrumScore:0.00})");
            }
        }
        Print(string.Create(CultureInfo.InvariantCulture, $"spectral: detected {detected}/{positives}, false positives {falsePositives}/{negatives}"));
        Assert.True(detected >= positives * 0.9, $"detected {detected} of {positives}");
        Assert.True(falsePositives <= negatives * 0.05, $"{falsePositives} false positives of {negatives}");
    }

    [Fact]
    public void Noise_check_finds_smoothed_patches_and_reports_its_false_positive_rate()
    {
        int negatives = 0, falsePositives = 0;
        var positives = new Dictionary<string, (int Total, int Found)>();
        foreach (var (name, frame) in ArtifactImages.Negatives())
        {
            using (frame)
                Count(name, frame, positive: false, default);
        }
        foreach (var (name, frame, positive, kind) in ArtifactImages.NoiseSet())
        {
            using (frame)
                Count(name, frame, positive, kind);
        }
        foreach (var (what, (total, found)) in positives)
            Print($"noise: {what}: detected {found}/{total}");
        Print($"noise: false positives {falsePositives}/{negatives}");
        Assert.Equal(6, positives["smoothed patch"].Found);
        Assert.True(falsePositives <= negatives * 0.25, $"{falsePositives} false positives of {negatives}");

        void Count(string name, ImageFrame frame, bool positive, ArtifactKind kind)
        {
            var report = Inspect(frame, ArtifactChecks.NoiseInconsistency);
            if (!positive)
            {
                negatives++;
                if (report.Regions.Count > 0)
                {
                    falsePositives++;
                    Print($"false positive: {name}: {report.Regions[0].Explanation}");
                }
                return;
            }
            var what = name[(name.IndexOf(' ', StringComparison.Ordinal) + 1)..];
            var (total, found) = positives.GetValueOrDefault(what);
            // Detected: a region of the right kind that overlaps the splice.
            var hit = false;
            foreach (var region in report.RegionsOf(kind))
                hit |= Overlaps(region.Bounds, ArtifactImages.Splice);
            positives[what] = (total + 1, found + (hit ? 1 : 0));
        }
    }

    [Fact]
    public void Text_check_flags_irregular_glyph_rows_not_regular_ones_nor_photographs()
    {
        int negatives = 0, falsePositives = 0, positives = 0, detected = 0, rowsFound = 0;
        foreach (var (name, frame) in ArtifactImages.Negatives())
        {
            using (frame)
            {
                negatives++;
                if (Inspect(frame, ArtifactChecks.IrregularText).Regions.Count > 0)
                {
                    falsePositives++;
                    Print($"false positive: {name}");
                }
            }
        }
        foreach (var (name, frame, positive) in ArtifactImages.TextSet())
        {
            using (frame)
            {
                var report = Inspect(frame, ArtifactChecks.IrregularText);
                rowsFound += report.TextRegionCount;
                if (positive)
                {
                    positives++;
                    if (report.Regions.Count > 0)
                        detected++;
                    else
                        Print($"missed: {name} ({report.TextRegionCount} rows found)");
                }
                else
                {
                    negatives++;
                    if (report.Regions.Count > 0)
                    {
                        falsePositives++;
                        Print($"false positive: {name}: {report.Regions[0].Explanation}");
                    }
                }
            }
        }
        Print($"text: detected {detected}/{positives} irregular pages, false positives {falsePositives}/{negatives}, text rows found {rowsFound}");
        Assert.True(detected >= positives * 0.8, $"detected {detected} of {positives}");
        Assert.Equal(0, falsePositives);
    }

    private static bool Overlaps(PixelRegion a, PixelRegion b) =>
        a.X < b.X + b.Width && b.X < a.X + a.Width && a.Y < b.Y + b.Height && b.Y < a.Y + a.Height;
}
