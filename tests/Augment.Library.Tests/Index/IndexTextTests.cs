namespace Augment.Library.Tests.Index;

public sealed class IndexTextTests
{
    [Theory]
    [InlineData("Red_Car-2.mp4", "red car 2 mp4")]
    [InlineData("/media/Clips/Sunset Beach/IMG_0042.JPG", "media clips sunset beach img 0042 jpg")]
    [InlineData("  ", "")]
    [InlineData("Ölfeld ÉTÉ", "ölfeld été")]
    [InlineData("medium-shot, exterior", "medium shot exterior")]
    public void Normalize_splits_on_everything_but_letters_and_digits_and_lowers_case(string text, string expected) =>
        Assert.Equal(expected, IndexText.Normalize(text));

    [Theory]
    [InlineData("car", true)]
    [InlineData("Car", false)]
    [InlineData("red car", false)]
    [InlineData("car*", false)]
    [InlineData("", false)]
    public void IsTerm_accepts_only_single_normalised_words(string term, bool expected) =>
        Assert.Equal(expected, IndexText.IsTerm(term));
}
