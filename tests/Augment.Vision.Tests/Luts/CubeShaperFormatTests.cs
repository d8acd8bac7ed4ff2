using System.Globalization;
using System.Text;

namespace Augment.Vision.Tests.Luts;

/// <summary>The 1D parts of the <c>.cube</c> format: pure 1D files and Resolve's 1D shaper + 3D files.</summary>
public sealed class CubeShaperFormatTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "augment-cube1d-" + Guid.NewGuid().ToString("N"));

    public CubeShaperFormatTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>
    /// The sample file of Blackmagic's Resolve LUT documentation (Peter Chamberlain, 2015, as quoted in
    /// OpenColorIO's Resolve reader): a 6-point shaper that inverts the signal, then a 3^3 cube that
    /// inverts it again. Both stages are piecewise linear, so the whole LUT is the identity.
    /// </summary>
    private const string ResolveSample = """
        # Sample 3D cube file containing 1D shaper LUT and 3D LUT.
        LUT_1D_SIZE 6
        LUT_1D_INPUT_RANGE 0.0 1.0
        LUT_3D_SIZE 3
        LUT_3D_INPUT_RANGE 0.0 1.0
        1.0 1.0 1.0
        0.8 0.8 0.8
        0.6 0.6 0.6
        0.4 0.4 0.4
        0.2 0.2 0.2
        0.0 0.0 0.0
        1.0 1.0 1.0
        0.5 1.0 1.0
        0.0 1.0 1.0
        1.0 0.5 1.0
        0.5 0.5 1.0
        0.0 0.5 1.0
        1.0 0.0 1.0
        0.5 0.0 1.0
        0.0 0.0 1.0
        1.0 1.0 0.5
        0.5 1.0 0.5
        0.0 1.0 0.5
        1.0 0.5 0.5
        0.5 0.5 0.5
        0.0 0.5 0.5
        1.0 0.0 0.5
        0.5 0.0 0.5
        0.0 0.0 0.5
        1.0 1.0 0.0
        0.5 1.0 0.0
        0.0 1.0 0.0
        1.0 0.5 0.0
        0.5 0.5 0.0
        0.0 0.5 0.0
        1.0 0.0 0.0
        0.5 0.0 0.0
        0.0 0.0 0.0
        """;

    [Fact]
    public void Resolve_sample_with_an_inverting_shaper_and_an_inverting_cube_is_the_identity()
    {
        var lut = Lut3D.ParseCube(new StringReader(ResolveSample), "resolve-sample.cube");
        Assert.Equal(3, lut.Size);
        Assert.NotNull(lut.Shaper);
        Assert.Equal(6, lut.Shaper!.Size);
        Assert.False(lut.IsCurvesOnly);
        Assert.Equal(0.8f, lut.Shaper.Values[3]);
        Assert.Equal(0.5f, lut.Lattice[3]);

        using var frame = LutTestData.RandomFrame(53, 19, seed: 21);
        foreach (var interpolation in (LutInterpolation[])[LutInterpolation.Tetrahedral, LutInterpolation.Trilinear])
        {
            using var result = frame.ApplyLut(lut, interpolation);
            for (var i = 0; i < frame.Data.Length; i++)
                Assert.Equal(frame.Data[i], result.Data[i], 1e-5f);
        }
    }

    [Fact]
    public void Pure_1D_file_loads_as_curves_only_and_applies_each_channel_curve()
    {
        // Three samples per channel: red inverts, green doubles, blue bends (0, 0.8, 1).
        const string text = """
            TITLE "curves"
            LUT_1D_SIZE 3
            0 0 0
            0.5 1 0.8
            0 2 1
            """;
        var lut = Lut3D.ParseCube(new StringReader(text), "curves.cube");
        Assert.True(lut.IsCurvesOnly);
        Assert.Equal("curves", lut.Title);
        Assert.Equal(3, lut.Shaper!.Size);

        using var frame = ImageFrame.Create(4, 1, 3);
        float[] inputs = [0f, 0.25f, 0.75f, 1f];
        for (var x = 0; x < 4; x++)
        {
            for (var c = 0; c < 3; c++)
                frame.Plane(c)[x] = inputs[x];
        }
        using var result = frame.ApplyLut(lut);
        float[] red = [0f, 0.25f, 0.25f, 0f];
        float[] green = [0f, 0.5f, 1.5f, 2f];     // above 1: a pure 1D LUT's outputs are not clamped by a cube
        float[] blue = [0f, 0.4f, 0.9f, 1f];
        for (var x = 0; x < 4; x++)
        {
            Assert.Equal(red[x], result.Plane(0)[x], 1e-6f);
            Assert.Equal(green[x], result.Plane(1)[x], 1e-6f);
            Assert.Equal(blue[x], result.Plane(2)[x], 1e-6f);
        }
    }

    [Fact]
    public void Adobe_domain_keywords_set_the_domain_of_a_pure_1D_file_and_inputs_outside_it_clamp()
    {
        var text = "LUT_1D_SIZE 2\nDOMAIN_MIN 0 -1 0\nDOMAIN_MAX 2 1 4\n0 0 0\n1 1 1\n";
        var lut = Lut3D.ParseCube(new StringReader(text), "domain.cube");
        Assert.Equal(-1f, lut.Shaper!.DomainMin[1]);
        Assert.Equal(4f, lut.Shaper.DomainMax[2]);
        using var frame = ImageFrame.Create(2, 1, 3);
        frame.Plane(0)[0] = 1f;
        frame.Plane(1)[0] = 0f;
        frame.Plane(2)[0] = 5f;
        frame.Plane(0)[1] = -3f;
        using var result = frame.ApplyLut(lut);
        Assert.Equal(0.5f, result.Plane(0)[0], 1e-6f);
        Assert.Equal(0.5f, result.Plane(1)[0], 1e-6f);
        Assert.Equal(1f, result.Plane(2)[0], 1e-6f);
        Assert.Equal(0f, result.Plane(0)[1], 1e-6f);
    }

    [Fact]
    public void Pure_1D_lut_round_trips_as_a_1D_file_with_identical_text()
    {
        var curves = new Lut1D(1024);
        curves.SetDomain([0f, 0f, 0f], [2f, 2f, 2f]);
        curves.Fill(x => MathF.Pow(x / 2f, 0.6f), x => x * x, x => 1e-7f + x);
        var lut = Lut3D.FromCurves(curves);
        lut.Title = "gamma";
        var path = Path.Combine(_folder, "curves.cube");
        lut.SaveCube(path);
        var text = File.ReadAllText(path, Encoding.UTF8);
        Assert.Contains("LUT_1D_SIZE 1024\n", text, StringComparison.Ordinal);
        Assert.Contains("LUT_1D_INPUT_RANGE 0 2\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("LUT_3D", text, StringComparison.Ordinal);
        Assert.DoesNotContain("E-", text, StringComparison.Ordinal);

        var loaded = Lut3D.LoadCube(path);
        Assert.True(loaded.IsCurvesOnly);
        AssertBitEqual(curves.Values, loaded.Shaper!.Values);
        var again = new StringWriter();
        loaded.WriteCube(again);
        Assert.Equal(text, again.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Shaper_and_cube_round_trip_in_resolve_order_with_identical_text()
    {
        var lut = LutTestData.Sampled(5, LutTestData.WarmContrast);
        lut.SetDomain([0.1f, 0.1f, 0.1f], [0.9f, 0.9f, 0.9f]);
        var shaper = new Lut1D(17);
        shaper.SetDomain([-0.5f, -0.5f, -0.5f], [4f, 4f, 4f]);
        shaper.Fill(x => MathF.Log2(1.5f + x));
        lut.Shaper = shaper;
        var writer = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        lut.WriteCube(writer);
        var text = writer.ToString();

        var lines = text.Split('\n');
        var size1 = Array.IndexOf(lines, "LUT_1D_SIZE 17");
        var range1 = Array.IndexOf(lines, "LUT_1D_INPUT_RANGE -0.5 4");
        var size3 = Array.IndexOf(lines, "LUT_3D_SIZE 5");
        var range3 = Array.IndexOf(lines, "LUT_3D_INPUT_RANGE 0.1 0.9");
        Assert.True(size1 >= 0 && size1 < range1 && range1 < size3 && size3 < range3, text[..200]);
        // The first data row is the shaper's first sample, log2(1.5 - 0.5) = 0.
        Assert.Equal("0 0 0", lines[range3 + 1]);
        Assert.Equal(range3 + 1 + 17 + 125 + 1, lines.Length); // a final newline leaves one empty entry

        var loaded = Lut3D.ParseCube(new StringReader(text), "shaper.cube");
        Assert.False(loaded.IsCurvesOnly);
        AssertBitEqual(shaper.Values, loaded.Shaper!.Values);
        AssertBitEqual(lut.Lattice, loaded.Lattice);
        Assert.Equal(-0.5f, loaded.Shaper.DomainMin[2]);
        Assert.Equal(0.9f, loaded.DomainMax[0]);
        var again = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        loaded.WriteCube(again);
        Assert.Equal(text, again.ToString());
    }

    [Fact]
    public void A_shaper_whose_channels_have_different_ranges_cannot_precede_a_cube_in_a_file()
    {
        var lut = Lut3D.Identity(2);
        lut.Shaper = Lut1D.Identity(4);
        lut.Lattice[0] = 0.5f; // no longer curves only
        lut.Shaper.SetDomain([0f, 0f, 0f], [1f, 2f, 1f]);
        Assert.Throws<NotSupportedException>(() => lut.WriteCube(new StringWriter()));
    }

    [Theory]
    [InlineData("LUT_1D_SIZE 3\n0 0 0\n1 1 1\n", 3, "LUT_1D_SIZE 3 needs 3")]
    [InlineData("LUT_1D_SIZE 2\n0 0 0\n1 1 1\n1 1 1\n", 4, "more entries than LUT_1D_SIZE 2")]
    [InlineData("LUT_1D_SIZE 2\nLUT_3D_SIZE 2\n0 0 0\n1 1 1\n{8}0 0 0\n", 13, "more entries than LUT_1D_SIZE 2 + LUT_3D_SIZE 2 allow (10)")]
    [InlineData("LUT_1D_SIZE 2\nLUT_3D_SIZE 2\n0 0 0\n1 1 1\n0 0 0\n", 5, "need 2 + 8 = 10")]
    [InlineData("LUT_1D_SIZE 1\n", 1, "LUT_1D_SIZE 1 is outside 2..65536")]
    [InlineData("LUT_1D_SIZE 65537\n", 1, "outside 2..65536")]
    [InlineData("LUT_1D_SIZE x\n", 1, "not a whole number")]
    [InlineData("LUT_1D_SIZE 2\nLUT_1D_SIZE 2\n", 2, "second LUT_1D_SIZE")]
    [InlineData("LUT_1D_SIZE 2\nLUT_1D_INPUT_RANGE 1 0\n", 2, "min 1 must be below max 0")]
    [InlineData("LUT_1D_SIZE 2\nLUT_1D_INPUT_RANGE 0.5 0.5\n", 2, "must be below")]
    [InlineData("LUT_1D_SIZE 2\nLUT_1D_INPUT_RANGE 0\n", 2, "LUT_1D_INPUT_RANGE needs 2 numbers")]
    [InlineData("LUT_1D_SIZE 2\nLUT_1D_INPUT_RANGE 0 NaN\n", 2, "non-finite")]
    [InlineData("LUT_1D_SIZE 2\nLUT_1D_INPUT_RANGE 0 1\nLUT_1D_INPUT_RANGE 0 1\n", 3, "second LUT_1D_INPUT_RANGE")]
    [InlineData("LUT_1D_SIZE 2\n0 0 0\nNaN 1 1\n", 3, "non-finite")]
    [InlineData("LUT_1D_SIZE 2\n0 0 0\n1 1\n", 3, "needs 3 numbers, found 2")]
    [InlineData("LUT_1D_SIZE 2\nLUT_1D_INPUT_RANGE 0 1\nDOMAIN_MIN 0 0 0\n0 0 0\n", 2, "together with DOMAIN_MIN")]
    [InlineData("LUT_1D_SIZE 2\nLUT_3D_INPUT_RANGE 0 1\n0 0 0\n", 2, "LUT_3D_INPUT_RANGE without LUT_3D_SIZE")]
    [InlineData("LUT_1D_SIZE 2\nDOMAIN_MIN 0 2 0\n0 0 0\n", 2, "must be below")]
    [InlineData("LUT_1D_SIZE 2\n0 0 0\n1 1 1\nLUT_3D_SIZE 2\n", 4, "after the lattice data")]
    public void Malformed_1D_text_fails_with_the_file_and_line_in_the_message(string text, int line, string reason)
    {
        text = text.Replace("{8}", CubeFormatTests.Lattice(2), StringComparison.Ordinal);
        var error = Assert.Throws<InvalidMediaException>(() => Lut3D.ParseCube(new StringReader(text), "bad1d.cube"));
        Assert.Equal("bad1d.cube", error.MediaName);
        Assert.Contains($"line {line}:", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    private static void AssertBitEqual(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
            Assert.Equal(BitConverter.SingleToInt32Bits(expected[i]), BitConverter.SingleToInt32Bits(actual[i]));
    }
}
