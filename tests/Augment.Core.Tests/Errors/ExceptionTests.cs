namespace Augment.Core.Tests.Errors;

public class ExceptionTests
{
    [Fact]
    public void InvalidMediaException_message_names_source_offset_and_reason()
    {
        var known = new InvalidMediaException("clip.wav", 44, "data chunk runs past the end");
        var unknownOffset = new InvalidMediaException("clip.wav", -1, "no fmt chunk");
        var unknownSource = new InvalidMediaException(null, 12, "bad marker");

        Assert.Equal("'clip.wav' at byte 44: data chunk runs past the end", known.Message);
        Assert.Equal("clip.wav", known.MediaName);
        Assert.Equal(44, known.Offset);
        Assert.Equal("'clip.wav': no fmt chunk", unknownOffset.Message);
        Assert.DoesNotContain("at byte", unknownOffset.Message, StringComparison.Ordinal);
        Assert.Equal("input at byte 12: bad marker", unknownSource.Message);
        Assert.Equal(-1, new InvalidMediaException("plain").Offset);
    }

    [Fact]
    public void Every_typed_error_is_an_AugmentException_and_keeps_its_cause()
    {
        var cause = new IOException("disk");
        AugmentException[] errors =
        [
            new InvalidMediaException("m", cause),
            new UnsupportedFormatException("m", cause),
            new InvalidModelException("m", cause),
            new ModelSignatureException("m", cause),
            new ResourceLimitException("m", cause),
        ];

        Assert.All(errors, e =>
        {
            Assert.Equal("m", e.Message);
            Assert.Same(cause, e.InnerException);
        });
    }
}
