using System.Text;

namespace Augment.Vision.Tests.Luts;

/// <summary>
/// Property test (hand-rolled, seeded): mutating a valid file line by line never makes the parser throw
/// anything but <see cref="InvalidMediaException"/>, and whatever it accepts is a well-formed LUT: for a
/// 3D file, a pure 1D file and a Resolve 1D shaper + 3D file.
/// </summary>
public class CubeParserFuzzTests
{
    private static readonly string[] Garbage =
    [
        "", "#", "NaN NaN NaN", "1 2", "1 2 3 4", "LUT_3D_SIZE 2", "LUT_3D_SIZE 99999999999", "DOMAIN_MIN 1 1 1",
        "DOMAIN_MAX 0 0 0", "TITLE", "TITLE \"", "-", "+", ".", "1e400 0 0", "\t0\t0\t0", "0,5 0 0", "ÿÿÿ",
        "\0", "LUT_1D_SIZE 3", "LUT_3D_INPUT_RANGE 1 0", "-1 -1 -1", "9e-46 0 0", "0 0 0 # trailing",
        "LUT_1D_SIZE 2", "LUT_1D_SIZE 70000", "LUT_1D_SIZE 0", "LUT_1D_INPUT_RANGE 0 1", "LUT_1D_INPUT_RANGE 1 0",
        "LUT_1D_INPUT_RANGE 0 NaN", "LUT_1D_INPUT_RANGE -1 4", "LUT_3D_INPUT_RANGE 0 1", "LUT_3D_SIZE 3", "LUT_1D_SIZE 4",
    ];

    public static TheoryData<string> ValidFiles =>
    [
        "TITLE \"fuzz\"\nLUT_3D_SIZE 3\nDOMAIN_MIN 0 0 0\nDOMAIN_MAX 1 1 1\n" + CubeFormatTests.Lattice(3),
        "TITLE \"fuzz 1D\"\nLUT_1D_SIZE 4\nLUT_1D_INPUT_RANGE 0 2\n0 0 0\n0.3 0.2 0.1\n0.6 0.5 0.4\n1 1 1\n",
        "LUT_1D_SIZE 4\nLUT_1D_INPUT_RANGE 0 2\nLUT_3D_SIZE 3\nLUT_3D_INPUT_RANGE 0 1\n0 0 0\n0.3 0.2 0.1\n0.6 0.5 0.4\n1 1 1\n" + CubeFormatTests.Lattice(3),
    ];

    [Theory]
    [MemberData(nameof(ValidFiles))]
    public void Random_line_mutations_only_ever_raise_media_exceptions(string valid)
    {
        var lines = valid.Split('\n');
        var random = new Random(1234 + valid.Length);
        var accepted = 0;
        for (var trial = 0; trial < 3000; trial++)
        {
            var mutated = new List<string>(lines);
            var edits = 1 + random.Next(3);
            for (var e = 0; e < edits; e++)
                Mutate(mutated, random);
            var text = string.Join('\n', mutated);
            try
            {
                var lut = Lut3D.ParseCube(new StringReader(text), "fuzz.cube");
                accepted++;
                Assert.InRange(lut.Size, Lut3D.MinSize, Lut3D.MaxSize);
                Assert.Equal(lut.Size * lut.Size * lut.Size * 3, lut.Lattice.Length);
                foreach (var v in lut.Lattice)
                    Assert.True(float.IsFinite(v));
                if (lut.Shaper is { } shaper)
                {
                    Assert.InRange(shaper.Size, Lut1D.MinSize, Lut1D.MaxSize);
                    Assert.Equal(shaper.Size * 3, shaper.Values.Length);
                    foreach (var v in shaper.Values)
                        Assert.True(float.IsFinite(v));
                    for (var c = 0; c < 3; c++)
                        Assert.True(shaper.DomainMin[c] < shaper.DomainMax[c]);
                }
                // Whatever parses must also apply and write without surprises.
                using var frame = ImageFrame.Create(9, 1, 3);
                frame.Plane(0)[3] = float.NaN;
                frame.Plane(1)[4] = 7f;
                using var applied = frame.ApplyLut(lut);
                foreach (var v in applied.Data)
                    Assert.True(float.IsFinite(v));
                if (lut.Shaper is null || lut.IsCurvesOnly || lut.Shaper.HasUniformDomain)
                    lut.WriteCube(new StringWriter());
            }
            catch (InvalidMediaException error)
            {
                Assert.Contains("line ", error.Message, StringComparison.Ordinal);
            }
            catch (Exception other)
            {
                Assert.Fail($"trial {trial}: {other.GetType().Name}: {other.Message}\n--- input ---\n{text}");
            }
        }
        // Sanity: the mutations are not all fatal (comments, blank lines and trailing comments are fine).
        Assert.InRange(accepted, 1, 2999);
    }

    private static void Mutate(List<string> lines, Random random)
    {
        var at = random.Next(lines.Count);
        switch (random.Next(6))
        {
            case 0:
                lines[at] = Garbage[random.Next(Garbage.Length)];
                break;
            case 1:
                lines.Insert(at, Garbage[random.Next(Garbage.Length)]);
                break;
            case 2:
                lines.RemoveAt(at);
                break;
            case 3:
                lines[at] = RandomBytes(random);
                break;
            case 4 when lines[at].Length > 0:
                var chars = lines[at].ToCharArray();
                chars[random.Next(chars.Length)] = (char)random.Next(32, 127);
                lines[at] = new string(chars);
                break;
            default:
                if (lines[at].Length > 0)
                    lines[at] = lines[at][..random.Next(lines[at].Length)];
                break;
        }
        if (lines.Count == 0)
            lines.Add(string.Empty);
    }

    private static string RandomBytes(Random random)
    {
        var text = new StringBuilder();
        var length = random.Next(20);
        for (var i = 0; i < length; i++)
            text.Append((char)random.Next(1, 256));
        return text.ToString();
    }
}
