namespace Augment.Vision.Tests.Library.Hashing;

public class PerceptualHashTests
{
    [Fact]
    public void Hex_form_round_trips_and_reads_cell_0_first()
    {
        var hash = new PerceptualHash(0x8000_0000_0000_00f1UL);
        Assert.Equal("80000000000000f1", hash.ToString());
        Assert.Equal(hash, PerceptualHash.Parse("80000000000000F1"));
        Assert.True(hash[0]);
        Assert.False(hash[1]);
        Assert.True(hash[63]);
        var random = new Random(3);
        for (var i = 0; i < 100; i++)
        {
            var other = new PerceptualHash((ulong)random.NextInt64() ^ ((ulong)random.Next(2) << 63));
            Assert.Equal(other, PerceptualHash.Parse(other.ToString()));
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("123")]
    [InlineData("80000000000000f1a")]
    [InlineData("80000000000000g1")]
    [InlineData("+0000000000000f1")]
    public void Parse_rejects_anything_but_16_hex_digits(string text)
    {
        Assert.False(PerceptualHash.TryParse(text, out _));
        Assert.Throws<ArgumentException>(() => PerceptualHash.Parse(text));
    }

    [Fact]
    public void Distance_counts_differing_bits()
    {
        var a = new PerceptualHash(0UL);
        Assert.Equal(0, a.DistanceTo(a));
        Assert.Equal(64, a.DistanceTo(new PerceptualHash(ulong.MaxValue)));
        Assert.Equal(3, a.DistanceTo(new PerceptualHash(0b1011UL)));
        var random = new Random(4);
        for (var i = 0; i < 100; i++)
        {
            var x = (ulong)random.NextInt64();
            var y = (ulong)random.NextInt64();
            var expected = 0;
            for (var bit = 0; bit < 64; bit++)
                expected += (int)(((x ^ y) >> bit) & 1);
            Assert.Equal(expected, new PerceptualHash(x).DistanceTo(new PerceptualHash(y)));
        }
    }
}
