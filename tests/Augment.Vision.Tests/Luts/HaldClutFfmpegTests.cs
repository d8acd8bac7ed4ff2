using Augment.Vision.Tests.IO;

namespace Augment.Vision.Tests.Luts;

/// <summary>
/// Cross-checks with ffmpeg: its <c>haldclutsrc</c> identity image must read as an identity LUT, and
/// its <c>haldclut</c> filter (tetrahedral by default) must grade an 8-bit image as our
/// <see cref="LutExtensions.ApplyLut"/> does with the LUT read from the same Hald file. ffmpeg
/// truncates its result to 8 bits while we round, so the comparison allows 1/255 per channel. With an
/// 8-bit main input ffmpeg negotiates rgb24 for the 16-bit CLUT too (its inputs share one pixel
/// format), so the plain filter also quantises the lattice to 8 bits; the rgb48 case keeps 16 bits.
/// </summary>
public sealed class HaldClutFfmpegTests
{
    private const int Width = 64;
    private const int Height = 48;

    [Fact]
    public void Ffmpeg_haldclutsrc_level_8_reads_as_identity_lut_of_size_64_within_1_in_255()
    {
        Ffmpeg.SkipWhenAbsent();
        using var folder = new ScratchFolder();
        var path = folder.File("hald.png");
        Ffmpeg.Run("-nostdin", "-y", "-f", "lavfi", "-i", "haldclutsrc=8", "-frames:v", "1", path);

        var lut = HaldClut.Load(path);

        Assert.Equal(64, lut.Size);
        HaldClutTests.AssertLatticeClose(Lut3D.Identity(64), lut, 1f / 255);
    }

    [Theory]
    [InlineData("[0:v][1:v]haldclut")]
    [InlineData("[0:v]format=rgb48[main];[main][1:v]haldclut=interp=tetrahedral")]
    public void Graded_hald_applied_by_ffmpeg_haldclut_agrees_with_ApplyLut_tetrahedral_within_1_in_255(string filterGraph)
    {
        Ffmpeg.SkipWhenAbsent();
        using var folder = new ScratchFolder();
        var haldPath = folder.File("grade.png");
        var inputPath = folder.File("in.png");
        LutTestData.Sampled(64, LutTestData.WarmContrast).SaveHald(haldPath);
        var input = LutTestData.Gradients8(Width, Height);
        using var frame = ImageFrame.FromPixels(input, Width, Height, PixelLayout.Rgb);
        frame.Save(inputPath);

        var theirs = Ffmpeg.Run("-nostdin", "-y", "-i", inputPath, "-i", haldPath,
            "-filter_complex", filterGraph, "-frames:v", "1",
            "-f", "rawvideo", "-pix_fmt", "rgb24", "-");
        Assert.Equal(input.Length, theirs.Length);

        // The LUT as stored in the file (16-bit codes) is what ffmpeg sees.
        var lut = HaldClut.Load(haldPath);
        using var graded = frame.ApplyLut(lut, LutInterpolation.Tetrahedral);
        var ours = graded.ToPixels8(PixelLayout.Rgb);

        var maxDifference = 0;
        var changed = 0;
        for (var i = 0; i < ours.Length; i++)
        {
            maxDifference = Math.Max(maxDifference, Math.Abs(ours[i] - theirs[i]));
            if (Math.Abs(ours[i] - input[i]) > 2)
                changed++;
        }
        TestContext.Current.SendDiagnosticMessage($"max difference from ffmpeg {filterGraph}: {maxDifference}/255");
        Assert.True(maxDifference <= 1, $"max difference from ffmpeg haldclut: {maxDifference}/255");
        // The grade must move most samples, or agreeing would prove little.
        Assert.True(changed > ours.Length / 2, $"only {changed} of {ours.Length} samples changed by the grade");
    }
}
