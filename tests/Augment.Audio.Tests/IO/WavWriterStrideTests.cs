namespace Augment.Audio.Tests.IO;

public class WavWriterStrideTests
{
    [Fact]
    public void A_short_last_block_read_with_a_fixed_stride_is_written_channel_by_channel()
    {
        const int frames = 5003, block = 4096; // the second block comes back short
        var planes = IoSignals.Quantized(IoSignals.Planar(2, frames, seed: 9), WavSampleFormat.IeeeFloat32);
        var bytes = IoSignals.WavBytes(planes, 2, 48000, new WavWriteOptions { SampleFormat = WavSampleFormat.IeeeFloat32 });

        using var copy = new MemoryStream();
        using (var reader = new WavReader(new MemoryStream(bytes), "source"))
        using (var writer = new WavWriter(copy, reader.Format, new WavWriteOptions { SampleFormat = WavSampleFormat.IeeeFloat32 }, leaveOpen: true))
        {
            var buffer = new float[2 * block];
            int n;
            while ((n = reader.Read(buffer, block)) > 0)
                writer.Write(buffer, n, stride: block);
            writer.Complete();
        }

        using var back = new WavReader(new MemoryStream(copy.ToArray()), "copy");
        Assert.Equal(planes, IoSignals.ReadPlanar(back));
        Assert.Throws<ArgumentOutOfRangeException>(() =>
        {
            using var writer = new WavWriter(new MemoryStream(), new AudioFormat(48000, 2));
            writer.Write(new float[16], 8, stride: 4);
        });
    }
}
