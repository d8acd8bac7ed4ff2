using System.Text;

namespace Augment.Vision.Tests.Luts;

/// <summary>
/// Property test (hand-rolled, seeded): mutating a valid file line by line never makes the parser throw
/// anything but <see cref="InvalidMediaException"/> (or <see cref="UnsupportedFormatException"/> for a
/// 1D keyword), and whatever it accepts is a well-formed LUT.
/// </summary>
public class CubeParserFuzzTests
{
    private static readonly string[] Garbage =
    [
        "", "#", "NaN NaN NaN", "1 2", "1 2 3 4", "LUT_3D_SIZE 2", "LUT_3D_SIZE 99999999999", "DOMAIN_MIN 1 1 1",
        "DOMAIN_MAX 0 0 0", "TITLE", "TITLE \"", "-", "+", ".", "1e400 0 0", "\t0\t0\t0", "0,5 0 0", "ÿÿÿ",
        "\0", "LUT_1D_SIZE 3", "LUT_3D_INPUT_RANGE 1 0", "-1 -1 -1", "9e-46 0 0", "0 0 0 # trailing",
    ];

    [Fact]
    public void Random_line_mutations_only_ever_raise_media_exceptions()
    {
        var valid = "TITLE \"fuzz\"\nLUT_3D_SIZE 3\nDOMAIN_MIN 0 0 0\nDOMAIN_MAX 1 1 1\n" + CubeFormatTests.Lattice(3);
        var lines = valid.Split('\n');
        var random = new Random(1234);
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
            }
            catch (InvalidMediaException error)
            {
                Assert.Contains("line ", error.Message, StringComparison.Ordinal);
            }
            catch (UnsupportedFormatException)
            {
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
