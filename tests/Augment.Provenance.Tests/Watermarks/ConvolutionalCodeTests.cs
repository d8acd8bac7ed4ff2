using Augment.Provenance.Watermarks;

namespace Augment.Provenance.Tests.Watermarks;

public class ConvolutionalCodeTests
{
    [Fact]
    public void Impulse_response_is_the_171_133_octal_generators()
    {
        // 171 octal = 1111001, 133 octal = 1011011, newest tap first: a single 1 reads them out pair by pair.
        byte[] input = [1, 0, 0, 0, 0, 0, 0];
        var coded = new byte[14];

        ConvolutionalCode.Encode(input, coded);

        Assert.Equal(new byte[] { 1, 1, 1, 0, 1, 1, 1, 1, 0, 0, 0, 1, 1, 1 }, coded);
    }

    [Fact]
    public void Encoder_equals_a_direct_modulo_2_convolution_on_random_input()
    {
        var random = new Random(7);
        int[] g1 = [1, 1, 1, 1, 0, 0, 1];
        int[] g2 = [1, 0, 1, 1, 0, 1, 1];
        for (var trial = 0; trial < 50; trial++)
        {
            var input = new byte[40 + random.Next(60)];
            for (var i = 0; i < input.Length; i++)
                input[i] = (byte)random.Next(2);
            var coded = new byte[2 * input.Length];

            ConvolutionalCode.Encode(input, coded);

            for (var t = 0; t < input.Length; t++)
            {
                int a = 0, b = 0;
                for (var k = 0; k < 7; k++)
                {
                    var bit = t - k >= 0 ? input[t - k] : 0;
                    a ^= g1[k] & bit;
                    b ^= g2[k] & bit;
                }
                Assert.Equal(a, coded[2 * t]);
                Assert.Equal(b, coded[2 * t + 1]);
            }
        }
    }

    [Fact]
    public void Viterbi_corrects_four_scattered_hard_errors_in_every_trial()
    {
        var random = new Random(11);
        for (var trial = 0; trial < 200; trial++)
        {
            var message = new byte[86];
            for (var i = 0; i < 80; i++)
                message[i] = (byte)random.Next(2);
            var coded = new byte[172];
            ConvolutionalCode.Encode(message, coded);
            var soft = new float[172];
            for (var i = 0; i < soft.Length; i++)
                soft[i] = coded[i] == 1 ? 1 : -1;
            // Errors at least 40 coded bits apart: each falls in its own decoding window (free distance 10).
            var start = random.Next(20);
            for (var e = 0; e < 4; e++)
                soft[start + 40 * e] = -soft[start + 40 * e];
            var decoded = new byte[86];

            ConvolutionalCode.Decode(soft, decoded);

            Assert.Equal(message, decoded);
        }
    }

    [Fact]
    public void Viterbi_recovers_noisy_soft_values_at_3_dB_per_coded_bit()
    {
        var random = new Random(5);
        var failures = 0;
        for (var trial = 0; trial < 200; trial++)
        {
            var message = new byte[86];
            for (var i = 0; i < 80; i++)
                message[i] = (byte)random.Next(2);
            var coded = new byte[172];
            ConvolutionalCode.Encode(message, coded);
            var soft = new float[172];
            for (var i = 0; i < soft.Length; i++)
                soft[i] = (coded[i] == 1 ? 1 : -1) + 0.7f * Gaussian(random);
            var decoded = new byte[86];
            ConvolutionalCode.Decode(soft, decoded);
            if (!message.AsSpan().SequenceEqual(decoded))
                failures++;
        }

        // Uncoded, sigma 0.7 flips ~8 % of the bits (about 14 per block); the code leaves almost every block intact.
        Assert.True(failures <= 4, $"{failures} of 200 blocks failed");
    }

    [Fact]
    public void Crc16_ccitt_false_of_123456789_is_29B1()
    {
        Assert.Equal(0x29B1, Crc16.Compute("123456789"u8));
    }

    private static float Gaussian(Random random) =>
        (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
}
