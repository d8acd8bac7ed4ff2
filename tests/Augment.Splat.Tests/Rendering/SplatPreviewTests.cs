using System.Numerics;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Augment.Splat.Tests.Rendering;

public sealed class SplatPreviewTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("aug-render-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void SavePng_clamps_to_0_1_and_rounds_to_8_bits()
    {
        using var frame = ImageFrame.Create(3, 2, 3);
        float[] red = [-0.5f, 0f, 0.5f, 1f, 1.7f, 0.25f];
        red.CopyTo(frame.Plane(0));
        frame.Plane(1).Fill(0.1f);
        var path = Path.Combine(_folder, "frame.png");

        SplatPreview.SavePng(frame, path);

        using var image = Image.Load<Rgb24>(path);
        Assert.Equal(3, image.Width);
        Assert.Equal(2, image.Height);
        byte[] want = [0, 0, 128, 255, 255, 64];
        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(want[i], image[i % 3, i / 3].R);
            Assert.Equal(26, image[i % 3, i / 3].G);
            Assert.Equal(0, image[i % 3, i / 3].B);
        }
        Assert.Empty(Directory.GetFiles(_folder, "*.tmp*"));
    }

    [Fact]
    public void A_contact_sheet_tiles_the_views_with_gaps_and_each_cell_is_that_view()
    {
        var cloud = RenderScenes.Random(300, 4);
        var cameras = CameraPath.Orbit(cloud, 5, 40, 30);
        var options = new SplatRenderOptions { Background = new Vector3(0, 0, 0.2f) };

        using var sheet = SplatPreview.ContactSheet(cloud, cameras, 3, options, TestContext.Current.CancellationToken);

        var gap = SplatPreview.GapPixels;
        Assert.Equal((3 * 40) + (2 * gap), sheet.Width);
        Assert.Equal((2 * 30) + gap, sheet.Height);
        for (var v = 0; v < 5; v++)
        {
            using var view = SplatRenderer.Render(cloud, cameras[v], options, TestContext.Current.CancellationToken);
            var left = v % 3 * (40 + gap);
            var top = v / 3 * (30 + gap);
            for (var c = 0; c < 3; c++)
            {
                for (var y = 0; y < 30; y++)
                    Assert.Equal(view.Row(c, y).ToArray(), sheet.Row(c, top + y).Slice(left, 40).ToArray());
            }
        }
        Assert.Equal(1f, sheet.Plane(0)[40 + 1]); // gap: 1 - background
        var emptyLeft = 2 * (40 + gap);
        var emptyTop = 30 + gap;
        Assert.Equal(0.2f, sheet.Plane(2)[((emptyTop + 5) * sheet.Width) + emptyLeft + 5]); // the empty sixth cell is background
    }

    [Fact]
    public void SaveContactSheet_writes_a_png_of_the_sheet_size()
    {
        var cloud = RenderScenes.Random(100, 9);
        var cameras = CameraPath.Orbit(cloud, 4, 32, 24);
        var path = Path.Combine(_folder, "sheet.png");

        SplatPreview.SaveContactSheet(cloud, cameras, 2, path, cancellationToken: TestContext.Current.CancellationToken);

        var info = Image.Identify(path);
        Assert.Equal((2 * 32) + SplatPreview.GapPixels, info.Width);
        Assert.Equal((2 * 24) + SplatPreview.GapPixels, info.Height);
    }
}
