namespace Augment;

/// <summary>
/// Receives the output of a streamed tiled run (<see cref="OnnxModel.RunTiledStreaming"/>)
/// a band of finished rows at a time, top to bottom, so that the whole float output never has to
/// exist at once: a sink can quantise rows into an 8/16-bit image, post-process them, or copy them
/// into a frame.
/// </summary>
public interface IImageRowSink
{
    /// <summary>Called once, after the first tile has run and before any rows arrive, with the output's shape.</summary>
    /// <param name="width">Output width in pixels.</param>
    /// <param name="height">Output height in pixels.</param>
    /// <param name="channels">Output channels.</param>
    /// <param name="scaleX">Output pixels per input pixel across.</param>
    /// <param name="scaleY">Output pixels per input pixel down.</param>
    void Begin(int width, int height, int channels, int scaleX, int scaleY);

    /// <summary>
    /// Receives output rows <paramref name="firstRow"/> .. <paramref name="firstRow"/> + <paramref name="rowCount"/> - 1,
    /// which are final: row <c>firstRow + i</c> of the output is <c>band.Row(c, i)</c>. The band is
    /// reused after the call returns; copy what you keep. Rows arrive in order and exactly once.
    /// </summary>
    /// <param name="band">A frame <c>width</c> wide whose first <paramref name="rowCount"/> rows hold the rows.</param>
    /// <param name="firstRow">Output row of the band's first row.</param>
    /// <param name="rowCount">Number of finished rows.</param>
    void WriteRows(ImageFrame band, int firstRow, int rowCount);
}
