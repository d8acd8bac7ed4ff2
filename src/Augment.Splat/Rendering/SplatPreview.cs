using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Augment.Splat;

/// <summary>Preview images of a cloud: one rendered frame as PNG, or a contact sheet of several views (an orbit) tiled in a grid.</summary>
public static class SplatPreview
{
    /// <summary>Pixels between the cells of a contact sheet.</summary>
    public const int GapPixels = 4;

    /// <summary>Largest side of a contact sheet in pixels (32768).</summary>
    public const int MaxSheetSide = 32768;

    /// <summary>
    /// Writes a frame as an 8-bit PNG, atomically: values are clamped to [0, 1] and rounded (no colour conversion; a
    /// rendered frame already holds display values). Grey, grey + alpha, RGB and RGBA frames are accepted.
    /// </summary>
    /// <param name="frame">The image; e.g. from <see cref="SplatRenderer.Render"/>.</param>
    /// <param name="path">Destination; its folder must exist.</param>
    /// <exception cref="ArgumentException">The frame's channel layout has no PNG equivalent.</exception>
    public static void SavePng(ImageFrame frame, string path)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var layout = (frame.Channels, frame.HasAlpha) switch
        {
            (1, false) => PixelLayout.Gray,
            (2, true) => PixelLayout.GrayAlpha,
            (3, false) => PixelLayout.Rgb,
            (4, true) => PixelLayout.Rgba,
            _ => throw new ArgumentException($"a frame of {frame.Channels} channels (alpha: {frame.HasAlpha}) has no PNG pixel layout.", nameof(frame)),
        };
        var pixels = frame.ToPixels8(layout);
        using Image image = layout switch
        {
            PixelLayout.Gray => Image.LoadPixelData<L8>(pixels, frame.Width, frame.Height),
            PixelLayout.GrayAlpha => Image.LoadPixelData<La16>(pixels, frame.Width, frame.Height),
            PixelLayout.Rgb => Image.LoadPixelData<Rgb24>(pixels, frame.Width, frame.Height),
            _ => Image.LoadPixelData<Rgba32>(pixels, frame.Width, frame.Height),
        };
        AtomicFile.Write(path, stream => image.SaveAsPng(stream));
    }

    /// <summary>
    /// Renders every camera and tiles the views left to right, top to bottom, <paramref name="columns"/> to a row, with
    /// <see cref="GapPixels"/> between cells in the colour opposite the background (1 - background, clamped) so the
    /// cells stay apart. Cells are as large as the largest camera; smaller views sit at a cell's top left on background, and
    /// cells after the last view are background.
    /// </summary>
    /// <param name="cloud">The splats.</param>
    /// <param name="cameras">The views, e.g. <see cref="CameraPath.Orbit(GaussianCloud, int, int, int, float, float, System.Numerics.Vector3?)"/>.</param>
    /// <param name="columns">Cells per row (at least 1; more than the views is reduced to their count).</param>
    /// <param name="options">Render options; defaults when null.</param>
    /// <param name="cancellationToken">Checked per view and inside each render.</param>
    /// <returns>An RGB frame (<see cref="ColorSpace.Srgb"/>); dispose it.</returns>
    /// <exception cref="ArgumentException">No cameras, or the sheet would exceed <see cref="MaxSheetSide"/>.</exception>
    public static ImageFrame ContactSheet(GaussianCloud cloud, IReadOnlyList<PinholeCamera> cameras, int columns, SplatRenderOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cloud);
        ArgumentNullException.ThrowIfNull(cameras);
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        if (cameras.Count == 0)
            throw new ArgumentException("a contact sheet needs at least one camera.", nameof(cameras));
        options ??= new SplatRenderOptions();
        int cellWidth = 0, cellHeight = 0;
        for (var v = 0; v < cameras.Count; v++)
        {
            var camera = cameras[v] ?? throw new ArgumentException($"camera {v} is null.", nameof(cameras));
            cellWidth = Math.Max(cellWidth, camera.Width);
            cellHeight = Math.Max(cellHeight, camera.Height);
        }
        columns = Math.Min(columns, cameras.Count);
        var rows = (cameras.Count + columns - 1) / columns;
        var width = ((long)columns * cellWidth) + ((long)(columns - 1) * GapPixels);
        var height = ((long)rows * cellHeight) + ((long)(rows - 1) * GapPixels);
        if (width > MaxSheetSide || height > MaxSheetSide)
            throw new ArgumentException($"a {columns}x{rows} sheet of {cellWidth}x{cellHeight} views would be {width}x{height} pixels, more than {MaxSheetSide} on a side; use smaller views or more columns.", nameof(cameras));

        var sheet = ImageFrame.Create((int)width, (int)height, 3, ColorSpace.Srgb, hasAlpha: false, options.Budget);
        try
        {
            var background = options.Background;
            Span<float> gap = [Math.Clamp(1 - background.X, 0, 1), Math.Clamp(1 - background.Y, 0, 1), Math.Clamp(1 - background.Z, 0, 1)];
            Span<float> back = [background.X, background.Y, background.Z];
            for (var c = 0; c < 3; c++)
                sheet.Plane(c).Fill(gap[c]);
            for (var v = cameras.Count; v < rows * columns; v++)
            {
                // Cells after the last view show the background, so only the gaps are in the gap colour.
                var left = v % columns * (cellWidth + GapPixels);
                var top = v / columns * (cellHeight + GapPixels);
                for (var c = 0; c < 3; c++)
                {
                    for (var y = 0; y < cellHeight; y++)
                        sheet.Row(c, top + y).Slice(left, cellWidth).Fill(back[c]);
                }
            }
            for (var v = 0; v < cameras.Count; v++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var left = v % columns * (cellWidth + GapPixels);
                var top = v / columns * (cellHeight + GapPixels);
                using var view = SplatRenderer.Render(cloud, cameras[v], options, cancellationToken);
                for (var c = 0; c < 3; c++)
                {
                    for (var y = 0; y < cellHeight; y++)
                    {
                        var target = sheet.Row(c, top + y).Slice(left, cellWidth);
                        if (y < view.Height)
                        {
                            view.Row(c, y).CopyTo(target);
                            target[view.Width..].Fill(back[c]);
                        }
                        else
                        {
                            target.Fill(back[c]);
                        }
                    }
                }
            }
            return sheet;
        }
        catch
        {
            sheet.Dispose();
            throw;
        }
    }

    /// <summary>Renders a <see cref="ContactSheet"/> and writes it as PNG (<see cref="SavePng"/>).</summary>
    /// <param name="cloud">The splats.</param>
    /// <param name="cameras">The views.</param>
    /// <param name="columns">Cells per row.</param>
    /// <param name="path">Destination; its folder must exist.</param>
    /// <param name="options">Render options; defaults when null.</param>
    /// <param name="cancellationToken">Checked per view and inside each render.</param>
    public static void SaveContactSheet(GaussianCloud cloud, IReadOnlyList<PinholeCamera> cameras, int columns, string path, SplatRenderOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var sheet = ContactSheet(cloud, cameras, columns, options, cancellationToken);
        SavePng(sheet, path);
    }
}
