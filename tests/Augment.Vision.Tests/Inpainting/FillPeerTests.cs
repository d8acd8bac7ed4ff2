using System.Globalization;
using Augment.Vision.Tests.IO;
using Augment.Vision.Tests.Peers;

namespace Augment.Vision.Tests.Inpainting;

/// <summary>
/// Content-aware fill against the classical inpainters people reach for: OpenCV's Telea (fast marching,
/// cv2.INPAINT_TELEA, radius 3) and ffmpeg's removelogo (mask-weighted blur), on 192x192 crops of the
/// standard pictures with centred square holes, scored against the removed ground truth (PSNR over the
/// hole, SSIM over the hole's box plus 8 pixels). The asserted cases are the structured texture (brick),
/// where copying patches should win; docs/vision-inpainting.md lists every measured case, losses included.
/// </summary>
public class FillPeerTests
{
    public static TheoryData<string, int, int, int> Structured => new()
    {
        { "brick.png", 128, 128, 16 },
        { "brick.png", 128, 128, 32 },
        { "brick.png", 128, 128, 48 },
    };

    public static TheoryData<string, int, int, int> All => new()
    {
        { "brick.png", 128, 128, 16 },
        { "brick.png", 128, 128, 32 },
        { "brick.png", 128, 128, 48 },
        { "grass.png", 128, 128, 16 },
        { "grass.png", 128, 128, 32 },
        { "gravel.png", 128, 128, 16 },
        { "gravel.png", 128, 128, 32 },
        { "coffee.png", 200, 60, 24 },
        { "chelsea.png", 40, 40, 24 },
        { "astronaut.png", 160, 260, 24 },
    };

    [Theory]
    [MemberData(nameof(Structured))]
    public void Fill_of_a_structured_texture_is_closer_to_the_removed_content_than_OpenCV_Telea(string name, int left, int top, int hole)
    {
        PythonPeer.SkipUnless("cv2", "numpy");
        using var truth = HoleImages.Crop(name, left, top, 192);
        using var mask = HoleImages.CentredMask(truth, hole);
        using var ours = ContentAwareFill.Fill(truth, mask, cancellationToken: TestContext.Current.CancellationToken);
        using var telea = RunTelea(truth, mask);
        var (oursPsnr, oursSsim) = Score(truth, ours, mask);
        var (teleaPsnr, teleaSsim) = Score(truth, telea, mask);
        var report = string.Create(CultureInfo.InvariantCulture,
            $"{name} {hole}x{hole}: fill PSNR {oursPsnr:0.00} dB SSIM {oursSsim:0.0000}; Telea PSNR {teleaPsnr:0.00} dB SSIM {teleaSsim:0.0000}");
        TestContext.Current.SendDiagnosticMessage(report);
        Assert.True(oursPsnr > teleaPsnr && oursSsim > teleaSsim, report);
    }

    [Theory]
    [MemberData(nameof(Structured))]
    public void Fill_of_a_structured_texture_is_closer_to_the_removed_content_than_ffmpeg_removelogo(string name, int left, int top, int hole)
    {
        Ffmpeg.SkipWhenAbsent();
        using var truth = HoleImages.Crop(name, left, top, 192);
        using var mask = HoleImages.CentredMask(truth, hole);
        using var ours = ContentAwareFill.Fill(truth, mask, cancellationToken: TestContext.Current.CancellationToken);
        using var removelogo = RunRemoveLogo(truth, mask);
        var (oursPsnr, oursSsim) = Score(truth, ours, mask);
        var (logoPsnr, logoSsim) = Score(truth, removelogo, mask);
        var report = string.Create(CultureInfo.InvariantCulture,
            $"{name} {hole}x{hole}: fill PSNR {oursPsnr:0.00} dB SSIM {oursSsim:0.0000}; removelogo PSNR {logoPsnr:0.00} dB SSIM {logoSsim:0.0000}");
        TestContext.Current.SendDiagnosticMessage(report);
        Assert.True(oursPsnr > logoPsnr && oursSsim > logoSsim, report);
    }

    /// <summary>Prints the three inpainters side by side on every case (the table in the docs); asserts only that each ran.</summary>
    [Theory(Explicit = true)]
    [MemberData(nameof(All))]
    public void Side_by_side_table_row(string name, int left, int top, int hole)
    {
        PythonPeer.SkipUnless("cv2", "numpy");
        Ffmpeg.SkipWhenAbsent();
        using var truth = HoleImages.Crop(name, left, top, 192);
        using var mask = HoleImages.CentredMask(truth, hole);
        using var ours = ContentAwareFill.Fill(truth, mask, cancellationToken: TestContext.Current.CancellationToken);
        using var telea = RunTelea(truth, mask);
        using var removelogo = RunRemoveLogo(truth, mask);
        var (p1, s1) = Score(truth, ours, mask);
        var (p2, s2) = Score(truth, telea, mask);
        var (p3, s3) = Score(truth, removelogo, mask);
        var row = string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {hole}x{hole} | {p1:0.00} / {s1:0.000} | {p2:0.00} / {s2:0.000} | {p3:0.00} / {s3:0.000} |");
        TestContext.Current.SendDiagnosticMessage(row);
        Assert.True(double.IsFinite(p1) && double.IsFinite(p2) && double.IsFinite(p3), row);
    }

    private static (double Psnr, double Ssim) Score(ImageFrame truth, ImageFrame test, ImageFrame mask) =>
        (HoleImages.HolePsnr(truth, test, mask), HoleImages.HoleSsim(truth, test, mask));

    private static ImageFrame RunTelea(ImageFrame truth, ImageFrame mask)
    {
        using var folder = new ScratchFolder();
        PythonPeer.WriteRaw(truth, folder.File("image.f32"));
        PythonPeer.WriteRaw(mask, folder.File("mask.f32"));
        PythonPeer.Run("inpaint_telea.py", folder.File("image.f32"), folder.File("mask.f32"),
            $"{truth.Width}", $"{truth.Height}", $"{truth.Channels}", "3", folder.File("out.f32"));
        return PythonPeer.ReadRaw(folder.File("out.f32"), truth.Width, truth.Height, truth.Channels);
    }

    /// <summary>
    /// ffmpeg's removelogo reads the mask as a bitmap file and works on the luma plane of YUV, so each
    /// channel goes through it as a grey picture (no chroma subsampling penalty for colour images).
    /// </summary>
    private static ImageFrame RunRemoveLogo(ImageFrame truth, ImageFrame mask)
    {
        using var folder = new ScratchFolder();
        mask.Save(folder.File("mask.png"));
        var result = ImageFrame.CreateLike(truth);
        for (var c = 0; c < truth.Channels; c++)
        {
            using var plane = ImageFrame.Create(truth.Width, truth.Height, 1, truth.ColorSpace);
            truth.Plane(c).CopyTo(plane.Plane(0));
            plane.Save(folder.File($"in{c}.png"));
            Ffmpeg.Run("-y", "-i", folder.File($"in{c}.png"), "-vf", $"removelogo=filename={folder.File("mask.png")},format=gray", folder.File($"out{c}.png"));
            using var filtered = ImageFile.Load(folder.File($"out{c}.png"));
            filtered.Plane(0).CopyTo(result.Plane(c));
        }
        return result;
    }
}
