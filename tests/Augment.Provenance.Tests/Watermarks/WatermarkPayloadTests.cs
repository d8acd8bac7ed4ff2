using Augment.Provenance.Watermarks;

namespace Augment.Provenance.Tests.Watermarks;

public class WatermarkPayloadTests
{
    [Fact]
    public void Hex_and_big_endian_bytes_round_trip()
    {
        var payload = WatermarkPayload.FromHex("0x0123456789ABCDEF");

        Assert.Equal(0x0123456789ABCDEFUL, payload.Value);
        Assert.Equal("0123456789abcdef", payload.ToHex());
        Assert.Equal(new byte[] { 0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF }, payload.ToBytes());
        Assert.Equal(payload, WatermarkPayload.FromBytes(payload.ToBytes()));
        Assert.False(payload.Bit(0));
        Assert.True(payload.Bit(63));
    }

    [Theory]
    [InlineData("")]
    [InlineData("xyz")]
    [InlineData("0123456789abcdef0")]
    public void Bad_hex_is_a_format_error(string hex)
    {
        Assert.Throws<FormatException>(() => WatermarkPayload.FromHex(hex));
    }

    [Fact]
    public void Message_carries_the_payload_and_a_crc_that_rejects_one_flipped_bit()
    {
        var payload = new WatermarkPayload(0xDEADBEEFCAFEF00DUL);
        var message = WatermarkLayout.MessageFor(payload);

        Assert.Equal(payload, WatermarkLayout.PayloadOf(message));
        for (var i = 0; i < WatermarkLayout.MessageBits; i++)
        {
            message[i] ^= 1;
            Assert.Null(WatermarkLayout.PayloadOf(message));
            message[i] ^= 1;
        }
    }

    [Fact]
    public void Layout_has_the_pilot_count_and_spreads_every_coded_bit_over_at_least_four_cells()
    {
        var layout = new WatermarkLayout(42);
        var pilots = 0;
        var perBit = new int[WatermarkLayout.CodedBits];
        foreach (var role in layout.Role)
        {
            if (role < 0)
                pilots++;
            else
                perBit[role]++;
        }

        Assert.Equal(WatermarkLayout.PilotCount, pilots);
        Assert.All(perBit, count => Assert.InRange(count, 4, 5));
        Assert.NotEqual(layout.Role, new WatermarkLayout(43).Role);
    }
}
