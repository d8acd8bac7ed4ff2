namespace Augment.Vision;

/// <summary>Chroma layouts of YUV video: what <see cref="Y4mReader"/> and <see cref="Y4mWriter"/> handle, and the subsampling <see cref="VideoEncodeOptions.Chroma"/> asks of an encoder.</summary>
public enum Y4mChroma
{
    /// <summary>4:2:0, chroma halved both ways (<c>C420jpeg</c>, also read from <c>C420</c>, <c>C420mpeg2</c>, <c>C420paldv</c>).</summary>
    Yuv420,

    /// <summary>4:4:4, full-resolution chroma (<c>C444</c>).</summary>
    Yuv444,
}
