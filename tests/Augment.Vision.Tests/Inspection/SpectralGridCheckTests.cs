using System.Runtime.InteropServices;
using Augment.Vision.Tests.IO;
using Augment.Vision.Tests.Peers;

namespace Augment.Vision.Tests.Inspection;

public class SpectralGridCheckTests
{
    [Fact]
    public void A_period_2_checkerboard_of_amplitude_A_has_power_A_N_squared_squared_at_Nyquist_and_nothing_else_but_DC()
    {
        const int N = 64;
        const float A = 0.125f, C = 0.5f;
        var tile = new float[N * N];
        for (var y = 0; y < N; y++)
        {
            for (var x = 0; x < N; x++)
                tile[(y * N) + x] = C + (((x + y) & 1) == 0 ? A : -A);
        }
        var power = new float[N * N];
        TileSpectrum.Power(tile, N, power);
        // DFT of A·(−1)^(x+y) at (N/2, N/2) is A·N²; of the constant at (0, 0) is C·N².
        Assert.Equal(Math.Pow(A * N * N, 2), power[((N / 2) * N) + (N / 2)], Math.Pow(A * N * N, 2) * 1e-5);
        Assert.Equal(Math.Pow(C * N * N, 2), power[0], Math.Pow(C * N * N, 2) * 1e-5);
        double elsewhere = 0;
        for (var i = 1; i < power.Length; i++)
        {
            if (i != ((N / 2) * N) + (N / 2))
                elsewhere = Math.Max(elsewhere, power[i]);
        }
        Assert.True(elsewhere < Math.Pow(A * N * N, 2) * 1e-9, $"largest other bin {elsewhere}");
    }

    [Theory]
    [InlineData(64)]
    [InlineData(48)]
    public void Power_spectrum_matches_numpy_fft2(int size)
    {
        PythonPeer.SkipUnless("numpy");
        var random = new Random(size);
        var tile = new float[size * size];
        for (var i = 0; i < tile.Length; i++)
            tile[i] = (float)random.NextDouble() + ((i % size & 1) == 0 ? 0.3f : 0f);
        var power = new float[size * size];
        TileSpectrum.Power(tile, size, power);
        using var folder = new ScratchFolder();
        var input = Path.Combine(folder.Path, "tile.f32");
        var output = Path.Combine(folder.Path, "power.f32");
        File.WriteAllBytes(input, MemoryMarshal.AsBytes(tile.AsSpan()).ToArray());
        PythonPeer.Run("spectrum.py", input, $"{size}", output);
        var expected = MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(output)).ToArray();
        Assert.Equal(size * size, expected.Length);
        var dc = expected[0];
        for (var i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - power[i]) <= (1e-4 * expected[i]) + (1e-6 * dc), $"bin {i % size},{i / size}: numpy {expected[i]}, ours {power[i]}");
    }

    [Fact]
    public void A_faint_checkerboard_on_a_photo_crop_is_period_2_evidence_far_above_the_photo_alone()
    {
        using var source = StandardImages.Load("gravel.png");
        using var crop = ArtifactImages.CentreCrop(source, 128);
        var plain = crop.Plane(0).ToArray();
        var modulated = (float[])plain.Clone();
        for (var y = 0; y < 128; y++)
        {
            for (var x = 0; x < 128; x++)
                modulated[(y * 128) + x] *= ((x + y) & 1) == 0 ? 1.02f : 0.98f;
        }
        var window = SpectralGridCheck.HannWindow(128);
        var scratch = new float[4 * 128 * 128];
        var before = SpectralGridCheck.MeasureTile(plain, 128, 128, 0, 0, 128, window, scratch);
        var after = SpectralGridCheck.MeasureTile(modulated, 128, 128, 0, 0, 128, window, scratch);
        Assert.True(after.Period2 > 50 * before.Period2, $"period-2 evidence {before.Period2:0.0} -> {after.Period2:0.0}");
        Assert.Equal(0, after.Map2); // the Laplacian residual keeps a gain modulation
        Assert.True(SpectralGridScoring.Score(after).Score > 0.5);
        Assert.True(SpectralGridScoring.Score(before).Score < 0.5);
    }

    [Fact]
    public void Only_the_upsampled_half_of_a_composite_is_flagged()
    {
        using var source = StandardImages.Load("grass.png");
        using var native = ArtifactImages.Crop(source, 0, 0, 256, 256);
        using var small = ArtifactImages.Crop(source, 256, 256, 64, 128);
        using var upsampled = ArtifactImages.Nearest(small, 2);
        using var composite = native.Clone();
        ArtifactImages.Paste(composite, upsampled, new PixelRegion(0, 0, 128, 256));
        var report = composite.Inspect(i => i.Checks(ArtifactChecks.PeriodicSpectrum).SpectralTiles(64), cancellationToken: TestContext.Current.CancellationToken);
        var region = Assert.Single(report.RegionsOf(ArtifactKind.UpsamplingGrid));
        Assert.Equal(new PixelRegion(0, 0, 128, 256), region.Bounds);
        Assert.Contains("period-2", region.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Quickselect_agrees_with_sorting_on_random_data()
    {
        var random = new Random(12);
        for (var trial = 0; trial < 200; trial++)
        {
            var values = new float[1 + random.Next(150)];
            for (var i = 0; i < values.Length; i++)
                values[i] = random.Next(4) == 0 ? 1f : (float)random.NextDouble();
            var sorted = (float[])values.Clone();
            Array.Sort(sorted);
            var k = random.Next(values.Length);
            Assert.Equal(sorted[k], SpectralGridCheck.Select(values, k));
            for (var i = 0; i < k; i++)
                Assert.True(values[i] <= sorted[k]);
        }
    }
}
