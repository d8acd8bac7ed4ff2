namespace Augment.Vision;

/// <summary>
/// Key frames of a clip shrunk by area averaging and stacked into one tall frame, so that
/// one <see cref="ColorMatch"/> fit sees all of them with equal weight and bounded memory.
/// </summary>
internal sealed class ContactSheet : IDisposable
{
    /// <summary>The longest side a key frame keeps; colour statistics need no more pixels.</summary>
    public const int MaxSide = 480;

    private readonly List<ImageFrame> _tiles = [];

    public int Count => _tiles.Count;

    /// <summary>Adds a shrunk copy of <paramref name="frame"/>'s colour channels (sRGB-tagged frames stay sRGB).</summary>
    public void Add(ImageFrame frame, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var factor = Math.Max(1, (Math.Max(frame.Width, frame.Height) + MaxSide - 1) / MaxSide);
        var width = Math.Max(1, frame.Width / factor);
        var height = Math.Max(1, frame.Height / factor);
        var tile = ImageFrame.Create(width, height, 3, frame.ColorSpace, budget: frame.Budget);
        for (var c = 0; c < 3; c++)
            PlaneResampler.Resize(frame.Plane(c), frame.Width, frame.Height, tile.Plane(c), width, height);
        _tiles.Add(tile);
    }

    /// <summary>The tiles stacked top to bottom; the key frames of one clip share one size, so the tiles do too.</summary>
    public ImageFrame Build()
    {
        if (_tiles.Count == 0)
            throw new InvalidOperationException("The contact sheet has no frames.");
        var width = _tiles[0].Width;
        var height = 0;
        foreach (var tile in _tiles)
        {
            if (tile.Width != width)
                throw new InvalidOperationException("Key frames of one clip differ in width.");
            height += tile.Height;
        }
        var sheet = ImageFrame.Create(width, height, 3, _tiles[0].ColorSpace, budget: _tiles[0].Budget);
        var top = 0;
        foreach (var tile in _tiles)
        {
            for (var c = 0; c < 3; c++)
                tile.Plane(c).CopyTo(sheet.Plane(c).Slice(top * width, tile.PixelCount));
            top += tile.Height;
        }
        return sheet;
    }

    public void Dispose()
    {
        foreach (var tile in _tiles)
            tile.Dispose();
        _tiles.Clear();
    }
}
