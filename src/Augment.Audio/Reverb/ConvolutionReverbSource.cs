namespace Augment.Audio;

/// <summary>
/// Streaming stage of a <see cref="ConvolutionReverb"/>: pulls whole blocks from the inner source, convolves
/// them and, after the input ends, rings out the tail with zero input. Constant memory; no delay (the
/// block is collected before it is convolved). Disposing it disposes the inner source.
/// </summary>
internal sealed class ConvolutionReverbSource : IAudioSource
{
    private readonly IAudioSource _inner;
    private readonly ConvolutionEngine _engine;
    private readonly long _tailFrames;
    private readonly float[] _inBlock;
    private readonly float[] _outBlock;
    private readonly float[] _readScratch;
    private long _inputFrames;
    private long _produced;
    private bool _inputEnded;
    private int _outPosition;
    private int _outAvailable;

    public ConvolutionReverbSource(IAudioSource inner, ConvolutionEngine engine, long tailFrames)
    {
        _inner = inner;
        _engine = engine;
        _tailFrames = tailFrames;
        var b = engine.BlockSizeFrames;
        _inBlock = new float[engine.InputChannels * b];
        _outBlock = new float[engine.OutputChannels * b];
        _readScratch = new float[engine.InputChannels * b];
        Format = new AudioFormat(inner.Format.SampleRate, engine.OutputChannels,
            engine.OutputChannels == inner.Format.Channels ? inner.Format.ChannelMask : Speakers.None);
    }

    public AudioFormat Format { get; }

    public long? LengthFrames => _inner.LengthFrames + _tailFrames;

    public int Read(Span<float> destination, int frames)
    {
        AudioBlocks.CheckBlock(destination.Length, frames, Format.Channels);
        var written = 0;
        var b = _engine.BlockSizeFrames;
        while (written < frames)
        {
            if (_outPosition == _outAvailable && !NextBlock()) break;
            var count = Math.Min(frames - written, _outAvailable - _outPosition);
            for (var c = 0; c < Format.Channels; c++)
                _outBlock.AsSpan((c * b) + _outPosition, count).CopyTo(destination.Slice((c * frames) + written, count));
            _outPosition += count;
            written += count;
        }
        return written;
    }

    private bool NextBlock()
    {
        var b = _engine.BlockSizeFrames;
        var channels = _engine.InputChannels;
        var filled = 0;
        while (!_inputEnded && filled < b)
        {
            var want = b - filled;
            var got = _inner.Read(_readScratch, want);
            if (got == 0)
            {
                _inputEnded = true;
                break;
            }
            for (var c = 0; c < channels; c++)
                _readScratch.AsSpan(c * want, got).CopyTo(_inBlock.AsSpan((c * b) + filled, got));
            filled += got;
        }
        _inputFrames += filled;
        if (_inputEnded && _produced >= _inputFrames + _tailFrames) return false;
        for (var c = 0; c < channels; c++)
            _inBlock.AsSpan((c * b) + filled, b - filled).Clear();
        _engine.ProcessBlock(_inBlock, _outBlock);
        var valid = _inputEnded ? (int)Math.Min(b, _inputFrames + _tailFrames - _produced) : b;
        _produced += valid;
        _outPosition = 0;
        _outAvailable = valid;
        return valid > 0;
    }

    public void Dispose() => _inner.Dispose();
}
