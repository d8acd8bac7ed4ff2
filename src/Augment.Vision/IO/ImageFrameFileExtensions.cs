namespace Augment.Vision;

/// <summary>File I/O on <see cref="ImageFrame"/>: <c>frame.Save("out.png")</c>.</summary>
public static class ImageFrameFileExtensions
{
    /// <summary>Encodes the frame to a file; see <see cref="ImageFile.Save(ImageFrame, string, ImageSaveOptions?)"/>.</summary>
    /// <param name="frame">The frame to write; it is not modified.</param>
    /// <param name="path">Destination; the format comes from the extension unless <paramref name="options"/> names one.</param>
    /// <param name="options">Format, bit depth and quality; <see cref="ImageSaveOptions.Default"/> when null.</param>
    public static void Save(this ImageFrame frame, string path, ImageSaveOptions? options = null) =>
        ImageFile.Save(frame, path, options);

    /// <summary>Encodes the frame to a stream; see <see cref="ImageFile.Save(ImageFrame, Stream, ImageFileFormat, ImageSaveOptions?)"/>.</summary>
    /// <param name="frame">The frame to write; it is not modified.</param>
    /// <param name="stream">Where the encoded bytes go.</param>
    /// <param name="format">The container to write.</param>
    /// <param name="options">Bit depth and quality; <see cref="ImageSaveOptions.Default"/> when null.</param>
    public static void Save(this ImageFrame frame, Stream stream, ImageFileFormat format, ImageSaveOptions? options = null) =>
        ImageFile.Save(frame, stream, format, options);
}
