using System.Diagnostics;
using Augment.Vision.Tests.IO;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.Metadata.Profiles.Icc;
using SixLabors.ImageSharp.PixelFormats;

namespace Augment.Vision.Tests.Resampling;

/// <summary>File-to-file resize: EXIF orientation applied before sizing, ICC profile and resolution kept.</summary>
public class ImageResizerTests
{
    [Fact]
    public void A_rotated_JPEG_is_sized_as_displayed_and_keeps_its_ICC_profile()
    {
        using var folder = new ScratchFolder();
        var profile = IccProfiles.GammaP3();
        var input = WriteJpeg(folder.File("in.jpg"), 120, 60, orientation: 6, profile);

        var result = ImageResizer.ResizeFile(input, folder.File("out.jpg"), new ResizeOptions { Width = 30 },
            cancellationToken: TestContext.Current.CancellationToken);

        // Orientation 6 shows the 120x60 stored picture as 60x120; width 30 keeps that aspect.
        Assert.Equal((60, 120, 30, 60, 6), (result.SourceWidth, result.SourceHeight, result.Width, result.Height, result.ExifOrientation));
        Assert.True(result.IccProfileKept);
        var info = Image.Identify(folder.File("out.jpg"));
        Assert.Equal((30, 60), (info.Width, info.Height));
        Assert.Equal(profile, info.Metadata.IccProfile!.ToByteArray());
        // The pixels are upright now, so the output must not ask a viewer to rotate again.
        var written = info.Metadata.ExifProfile?.GetValue(ExifTag.Orientation)?.Value ?? 1;
        Assert.Equal(1, written);
    }

    [Fact]
    public void A_JPEG_profile_moves_into_a_PNG_iCCP_chunk_that_ffmpeg_reads()
    {
        using var folder = new ScratchFolder();
        var profile = IccProfiles.GammaP3();
        var input = WriteJpeg(folder.File("in.jpg"), 64, 48, orientation: 1, profile);

        var result = ImageResizer.ResizeFile(input, folder.File("out.png"), new ResizeOptions { Width = 32 },
            cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(result.IccProfileKept);
        Assert.Equal(profile, ImageFile.ReadIccProfile(folder.File("out.png")));
        using var loaded = ImageFile.Load(folder.File("out.png"));
        Assert.Equal((32, 24), (loaded.Width, loaded.Height));

        // Independent reader: ffmpeg's PNG decoder exports iCCP as "ICC profile" frame side data.
        Ffmpeg.SkipWhenAbsent();
        var probe = RunFfprobe("-v", "error", "-select_streams", "v", "-show_frames", "-show_entries", "frame_side_data", folder.File("out.png"));
        Assert.Contains("ICC profile", probe, StringComparison.Ordinal);
    }

    [Fact]
    public void A_format_that_cannot_carry_the_profile_reports_it_dropped()
    {
        using var folder = new ScratchFolder();
        var input = WriteJpeg(folder.File("in.jpg"), 40, 40, orientation: 1, IccProfiles.GammaP3());

        var result = ImageResizer.ResizeFile(input, folder.File("out.bmp"), new ResizeOptions { Width = 20 },
            cancellationToken: TestContext.Current.CancellationToken);

        Assert.False(result.IccProfileKept);
        Assert.True(result.IccProfileBytes > 0);
        Assert.True(File.Exists(folder.File("out.bmp")));
    }

    [Fact]
    public void Asking_for_a_profile_in_TIFF_fails_before_writing()
    {
        using var folder = new ScratchFolder();
        using var frame = ImageFrame.Create(8, 8, 3);
        var options = new ImageSaveOptions { IccProfile = IccProfiles.GammaP3() };
        Assert.Throws<UnsupportedFormatException>(() => frame.Save(folder.File("out.tif"), options));
        Assert.False(File.Exists(folder.File("out.tif")));
    }

    private static string WriteJpeg(string path, int width, int height, ushort orientation, byte[] profile)
    {
        using var image = new Image<Rgb24>(width, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
                image[x, y] = new Rgb24((byte)(x * 2), (byte)(y * 3), 90);
        }
        image.Metadata.ExifProfile = new ExifProfile();
        image.Metadata.ExifProfile.SetValue(ExifTag.Orientation, orientation);
        image.Metadata.IccProfile = new IccProfile(profile);
        image.SaveAsJpeg(path);
        return path;
    }

    private static string RunFfprobe(params string[] arguments)
    {
        var ffprobe = Path.Combine(Path.GetDirectoryName(Ffmpeg.Path!)!, "ffprobe");
        var start = new ProcessStartInfo(ffprobe) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output;
    }
}
