using System.Globalization;
using System.Text;

namespace Augment.Vision.Tests.Luts;

public sealed class CubeFormatTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "augment-cube-" + Guid.NewGuid().ToString("N"));

    public CubeFormatTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Save_then_load_round_trips_every_value_bit_exactly()
    {
        var lut = LutTestData.Sampled(17, LutTestData.WarmContrast);
        lut.Lattice[5] = 1.234e-7f; // would print in exponent form without care
        lut.Lattice[6] = -0.0625f;
        lut.SetDomain([-0.25f, 0f, 0.1f], [1.25f, 1f, 4f]);
        lut.Title = "Warm \"contrast\"";
        var path = Path.Combine(_folder, "grade.cube");
        lut.SaveCube(path);

        var loaded = Lut3D.LoadCube(path);
        Assert.Equal(17, loaded.Size);
        Assert.Equal("Warm 'contrast'", loaded.Title);
        Assert.True(lut.DomainMin.SequenceEqual(loaded.DomainMin));
        Assert.True(lut.DomainMax.SequenceEqual(loaded.DomainMax));
        for (var i = 0; i < lut.Lattice.Length; i++)
            Assert.Equal(BitConverter.SingleToInt32Bits(lut.Lattice[i]), BitConverter.SingleToInt32Bits(loaded.Lattice[i]));
        var text = File.ReadAllText(path, Encoding.UTF8);
        Assert.DoesNotContain("E-", text, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_folder, "*.tmp*"));
    }

    [Fact]
    public void Saving_ignores_the_current_culture()
    {
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
        try
        {
            var writer = new StringWriter(CultureInfo.GetCultureInfo("de-DE"));
            LutTestData.Sampled(2, LutTestData.Affine).WriteCube(writer);
            Assert.DoesNotContain(",", writer.ToString(), StringComparison.Ordinal);
            var back = Lut3D.ParseCube(new StringReader(writer.ToString()), "culture");
            Assert.Equal(0.02f, back.Lattice[0]);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Reads_comments_blank_lines_title_domain_and_red_fastest_order()
    {
        const string text = """
            # Created by hand
            TITLE "Two point"

            LUT_3D_SIZE 2
            DOMAIN_MIN 0 0 0
            DOMAIN_MAX 2 2 2
            # data: red fastest
            0 0 0
            1 0 0
            0 1 0
            1 1 0
            0 0 1
            1 0 1
            0 1 1
            1 1 1
            """;
        var lut = Lut3D.ParseCube(new StringReader(text), "two.cube");
        Assert.Equal("Two point", lut.Title);
        Assert.Equal(2f, lut.DomainMax[1]);
        using var frame = ImageFrame.Create(1, 1, 3);
        frame.Plane(0)[0] = 2f;   // top of the domain in red only
        frame.Plane(1)[0] = 1f;   // middle in green
        using var result = frame.ApplyLut(lut);
        Assert.Equal(1f, result.Plane(0)[0], 1e-6f);
        Assert.Equal(0.5f, result.Plane(1)[0], 1e-6f);
        Assert.Equal(0f, result.Plane(2)[0], 1e-6f);
    }

    [Fact]
    public void Resolve_input_range_sets_the_domain_of_all_channels()
    {
        var text = "LUT_3D_INPUT_RANGE -1 3\nLUT_3D_SIZE 2\n" + Lattice(2);
        var lut = Lut3D.ParseCube(new StringReader(text), "resolve.cube");
        Assert.Equal(-1f, lut.DomainMin[2]);
        Assert.Equal(3f, lut.DomainMax[0]);
    }

    [Theory]
    [InlineData("LUT_3D_SIZE 2\n0 0 0\n", 2, "needs 8")]
    [InlineData("LUT_3D_SIZE 2\n{9}", 10, "more entries")]
    [InlineData("LUT_3D_SIZE 2\n0 0 0\nNaN 0 0\n", 3, "non-finite")]
    [InlineData("LUT_3D_SIZE 2\n0 0 0\n0 Infinity 0\n", 3, "non-finite")]
    [InlineData("LUT_3D_SIZE 2\n0 0 0\n0 abc 0\n", 3, "not a number")]
    [InlineData("LUT_3D_SIZE 2\n0 0 0\n-nan 0 0\n", 3, "non-finite")]
    [InlineData("LUT_3D_SIZE 2\n0 0 0\n1e39 0 0\n", 3, "non-finite")]
    [InlineData("LUT_3D_SIZE 2\n0 0 0\n0 0\n", 3, "needs 3 numbers, found 2")]
    [InlineData("LUT_3D_SIZE 2\n0 0 0\n0 0 0 0\n", 3, "more than 3")]
    [InlineData("LUT_3D_SIZE 2\n0 0 0\n0 0x1 0\n", 3, "'0x1'")]
    [InlineData("# big\nLUT_3D_SIZE 257\n", 2, "outside 2..256")]
    [InlineData("LUT_3D_SIZE 1\n", 1, "outside 2..256")]
    [InlineData("LUT_3D_SIZE two\n", 1, "not a whole number")]
    [InlineData("LUT_3D_SIZE 2\nLUT_3D_SIZE 2\n", 2, "second LUT_3D_SIZE")]
    [InlineData("LUT_3D_SIZE 2\nDOMAIN_MIN 0 0.5 0\nDOMAIN_MAX 1 0.5 1\n{8}", 3, "must be below")]
    [InlineData("LUT_3D_SIZE 2\nDOMAIN_MIN 0 0\n", 2, "DOMAIN_MIN needs 3")]
    [InlineData("LUT_3D_SIZE 2\n{8}TITLE \"late\"\n", 10, "after the lattice data")]
    [InlineData("LUT_3D_SIZE 2\n0 0 0\nFOO 1\n", 3, "after the lattice data")]
    [InlineData("LUT_3D_SIZE 2\nhello world\n", 2, "neither a keyword")]
    [InlineData("0 0 0\n", 1, "before LUT_3D_SIZE or LUT_1D_SIZE")]
    [InlineData("TITLE \"only\"\n", 1, "no LUT_3D_SIZE")]
    [InlineData("", 1, "no LUT_3D_SIZE")]
    [InlineData("TITLE \"a\nLUT_3D_SIZE 2\n", 1, "unbalanced quote")]
    public void Malformed_cube_text_fails_with_the_file_and_line_in_the_message(string text, int line, string reason)
    {
        text = text.Replace("{8}", Lattice(2), StringComparison.Ordinal).Replace("{9}", Lattice(2) + "0 0 0\n", StringComparison.Ordinal);
        var error = Assert.Throws<InvalidMediaException>(() => Lut3D.ParseCube(new StringReader(text), "bad.cube"));
        Assert.Equal("bad.cube", error.MediaName);
        Assert.Contains($"'bad.cube'", error.Message, StringComparison.Ordinal);
        Assert.Contains($"line {line}:", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_file_on_disk_names_the_path()
    {
        var path = Path.Combine(_folder, "short.cube");
        File.WriteAllText(path, "LUT_3D_SIZE 3\n0 0 0\n");
        var error = Assert.Throws<InvalidMediaException>(() => Lut3D.LoadCube(path));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("line 2:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_keywords_before_the_data_are_skipped()
    {
        var lut = Lut3D.ParseCube(new StringReader("LUT_3D_SIZE 2\nVENDOR_FLAG 1\n" + Lattice(2)), "vendor.cube");
        Assert.Equal(2, lut.Size);
    }

    internal static string Lattice(int size)
    {
        var text = new StringBuilder();
        var step = 1f / (size - 1);
        for (var b = 0; b < size; b++)
        {
            for (var g = 0; g < size; g++)
            {
                for (var r = 0; r < size; r++)
                    text.Append(CultureInfo.InvariantCulture, $"{r * step} {g * step} {b * step}\n");
            }
        }
        return text.ToString();
    }
}
