using System.Globalization;

namespace Augment.Audio;

/// <summary>
/// Streaming voice activity detection: push planar blocks of any size at any rate and channel count,
/// collect speech segments as they are decided (and, if wanted, the speech probability of every 32 ms
/// frame). Memory stays constant however long the stream is. Blocks are downmixed to mono, resampled
/// to 16 kHz with the SDK's <see cref="Resampler"/> (time-aligned, so times need no correction) and cut
/// into 512-sample windows, whatever the block sizes: the output does not depend on how the input is
/// chunked.
/// </summary>
/// <remarks>
/// Not thread-safe: one stream per detector. Detectors running the same <see cref="SileroVadModel"/>
/// on different threads are fine. A segment is reported once its end is certain, which is up to
/// <see cref="VadOptions.MinSilenceDuration"/> plus twice <see cref="VadOptions.SpeechPad"/> after the speech stops.
/// </remarks>
/// <example>
/// <code>
/// using var detector = new VoiceActivityDetector(48000, 2);
/// var segments = new List&lt;SpeechSegment&gt;();
/// while ((n = source.Read(block, 4096)) &gt; 0) detector.Process(block, 4096, n, segments);
/// detector.Complete(segments);
/// </code>
/// </example>
public sealed class VoiceActivityDetector : IDisposable
{
    private const int BlockFrames = 4096;
    private const int Window = SileroVadModel.WindowSamples;

    private readonly IVadFrameScorer _scorer;
    private readonly SileroVadModel? _ownedModel;
    private readonly SpeechSegmenter _segmenter;
    private readonly Resampler? _resampler;
    private readonly float[] _mono = new float[BlockFrames];
    private readonly float[] _resampled;
    private readonly float[] _window = new float[Window];
    private int _windowFill;
    private long _inputFrames;
    private long _analysisSamples;
    private bool _disposed;

    /// <summary>Creates a detector for a stream of <paramref name="channels"/> channels at <paramref name="sampleRate"/>.</summary>
    /// <param name="sampleRate">Input rate in hertz (1 to <see cref="AudioFormat.MaxSampleRate"/>).</param>
    /// <param name="channels">Input channels (1 to <see cref="AudioBuffer.MaxChannels"/>); they are averaged.</param>
    /// <param name="options">Method, thresholds and model; <see cref="VadOptions.Default"/> when null.</param>
    /// <exception cref="InvalidModelException">The model file in <see cref="VadOptions.ModelPath"/> is not a loadable ONNX model.</exception>
    /// <exception cref="ModelSignatureException">The model is not a Silero VAD model.</exception>
    public VoiceActivityDetector(int sampleRate, int channels, VadOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sampleRate, AudioFormat.MaxSampleRate);
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(channels, AudioBuffer.MaxChannels);
        Options = options ?? VadOptions.Default;
        SampleRate = sampleRate;
        Channels = channels;
        if (sampleRate != SileroVadModel.SampleRate)
        {
            // Fast quality (80 dB stopband): the detector only needs the speech band, and resampling is the costliest step after the model.
            _resampler = new Resampler(sampleRate, SileroVadModel.SampleRate, ResamplerQuality.Fast);
            _resampled = new float[Math.Max(_resampler.MaxOutputLength(BlockFrames), _resampler.MaxOutputLength(_resampler.LookaheadSamples))];
        }
        else
        {
            _resampled = [];
        }

        var minSilence = Options.MinSilenceDuration;
        if (Options.Method == VadMethod.Energy)
        {
            _scorer = new EnergyFrameScorer();
            if (Options.EnergyHangover > minSilence) minSilence = Options.EnergyHangover;
        }
        else
        {
            SileroVadModel model;
            if (Options.Model is { } given) model = given;
            else if (Options.ModelPath is { } path) model = _ownedModel = SileroVadModel.Load(path);
            else model = SileroVadModel.Default;
            try
            {
                _scorer = new SileroFrameScorer(model);
            }
            catch
            {
                _ownedModel?.Dispose();
                throw;
            }
        }
        _segmenter = new SpeechSegmenter(Options, Window, SileroVadModel.SampleRate, minSilence);
    }

    /// <summary>Length of one analysis frame: 512 samples at 16 kHz, 32 ms.</summary>
    public static TimeSpan FrameDuration { get; } = TimeSpan.FromTicks(Window * TimeSpan.TicksPerSecond / SileroVadModel.SampleRate);

    /// <summary>The settings in use.</summary>
    public VadOptions Options { get; }

    /// <summary>Input sample rate in hertz.</summary>
    public int SampleRate { get; }

    /// <summary>Input channels.</summary>
    public int Channels { get; }

    /// <summary>Input frames consumed since the start (or the last <see cref="Complete"/>).</summary>
    public long FramesConsumed => _inputFrames;

    /// <summary>Analysis frames (32 ms each) scored since the start (or the last <see cref="Complete"/>).</summary>
    public long FramesAnalyzed => _segmenter.Frames;

    /// <summary>Consumes a planar block whose planes are <paramref name="frames"/> samples apart.</summary>
    /// <param name="planar">Channel <c>c</c>'s samples at <c>planar[c * frames ..]</c>.</param>
    /// <param name="frames">Frames in the block.</param>
    /// <param name="segments">Receives the segments decided by this block.</param>
    /// <param name="probabilities">Receives the speech probability of each analysis frame completed by this block, or null.</param>
    /// <param name="cancellationToken">Checked for every analysis frame.</param>
    /// <exception cref="InvalidMediaException">A sample is NaN or infinite.</exception>
    public void Process(ReadOnlySpan<float> planar, int frames, ICollection<SpeechSegment> segments, ICollection<float>? probabilities = null, CancellationToken cancellationToken = default) =>
        Process(planar, frames, frames, segments, probabilities, cancellationToken);

    /// <summary>Consumes the first <paramref name="frames"/> frames of a planar block with planes <paramref name="stride"/> samples apart (as <see cref="IAudioSource.Read"/> fills them).</summary>
    /// <param name="planar">Channel <c>c</c>'s samples at <c>planar[c * stride ..]</c>.</param>
    /// <param name="stride">Distance between planes, in samples (at least <paramref name="frames"/>).</param>
    /// <param name="frames">Frames to consume from each plane.</param>
    /// <param name="segments">Receives the segments decided by this block.</param>
    /// <param name="probabilities">Receives the speech probability of each analysis frame completed by this block, or null.</param>
    /// <param name="cancellationToken">Checked for every analysis frame.</param>
    /// <exception cref="InvalidMediaException">A sample is NaN or infinite.</exception>
    public void Process(ReadOnlySpan<float> planar, int stride, int frames, ICollection<SpeechSegment> segments, ICollection<float>? probabilities = null, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(segments);
        ArgumentOutOfRangeException.ThrowIfNegative(frames);
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, frames);
        if (frames == 0) return;
        if (planar.Length < ((long)stride * (Channels - 1)) + frames)
            throw new ArgumentException($"The block holds {planar.Length} samples; {Channels} planes {stride} apart of {frames} frames need {((long)stride * (Channels - 1)) + frames}.", nameof(planar));
        cancellationToken.ThrowIfCancellationRequested();

        for (var offset = 0; offset < frames; offset += BlockFrames)
        {
            var count = Math.Min(BlockFrames, frames - offset);
            var mono = _mono.AsSpan(0, count);
            Downmix(planar, stride, offset, mono);
            if (_resampler is null)
            {
                Feed(mono, segments, probabilities, cancellationToken);
            }
            else
            {
                var written = _resampler.Process(mono, _resampled);
                Feed(_resampled.AsSpan(0, written), segments, probabilities, cancellationToken);
            }
            _inputFrames += count;
        }
    }

    /// <summary>
    /// Ends the stream: scores the last, zero-padded window, closes an open segment at the end of the
    /// audio and emits the held one. The detector is then ready for a new stream.
    /// </summary>
    /// <param name="segments">Receives the remaining segments.</param>
    /// <param name="probabilities">Receives the probability of the last, partial frame, or null.</param>
    /// <param name="cancellationToken">Checked for the last frames.</param>
    public void Complete(ICollection<SpeechSegment> segments, ICollection<float>? probabilities = null, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(segments);
        if (_resampler is not null)
        {
            var written = _resampler.Flush(_resampled);
            Feed(_resampled.AsSpan(0, written), segments, probabilities, cancellationToken);
        }
        if (_windowFill > 0)
        {
            // Silero's reference pads the last chunk with zeros; the energy detector sees the same window.
            _window.AsSpan(_windowFill).Clear();
            Score(segments, probabilities, cancellationToken);
        }
        _segmenter.Complete(_analysisSamples, segments);
        Reset();
    }

    /// <summary>Forgets the stream (state, pending segments); the next block is time zero.</summary>
    public void Reset()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _scorer.Reset();
        _segmenter.Reset();
        _resampler?.Reset();
        _windowFill = 0;
        _inputFrames = 0;
        _analysisSamples = 0;
    }

    /// <summary>Releases the model session when the detector loaded it from <see cref="VadOptions.ModelPath"/>.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _scorer.Dispose();
        _ownedModel?.Dispose();
    }

    private void Downmix(ReadOnlySpan<float> planar, int stride, int offset, Span<float> mono)
    {
        planar.Slice(offset, mono.Length).CopyTo(mono);
        for (var c = 1; c < Channels; c++)
            System.Numerics.Tensors.TensorPrimitives.Add(mono, planar.Slice((c * stride) + offset, mono.Length), mono);
        if (Channels > 1)
            System.Numerics.Tensors.TensorPrimitives.Multiply(mono, 1f / Channels, mono);
        // One sum finds any NaN or infinity (a sum of finite samples of a few million frames cannot overflow).
        if (!float.IsFinite(System.Numerics.Tensors.TensorPrimitives.Sum(mono)))
            ThrowNonFinite(planar, stride, offset, mono.Length);
    }

    private void ThrowNonFinite(ReadOnlySpan<float> planar, int stride, int offset, int count)
    {
        for (var c = 0; c < Channels; c++)
        {
            var plane = planar.Slice((c * stride) + offset, count);
            for (var i = 0; i < plane.Length; i++)
            {
                if (!float.IsFinite(plane[i]))
                    throw new InvalidMediaException(null, -1, string.Create(CultureInfo.InvariantCulture, $"sample {_inputFrames + i} of channel {c} is {plane[i]}; voice activity detection needs finite samples"));
            }
        }
        throw new InvalidMediaException(null, -1, string.Create(CultureInfo.InvariantCulture, $"samples near frame {_inputFrames} are too large to mix (their sum is not finite)"));
    }

    private void Feed(ReadOnlySpan<float> samples, ICollection<SpeechSegment> segments, ICollection<float>? probabilities, CancellationToken cancellationToken)
    {
        while (!samples.IsEmpty)
        {
            var take = Math.Min(Window - _windowFill, samples.Length);
            samples[..take].CopyTo(_window.AsSpan(_windowFill));
            _windowFill += take;
            _analysisSamples += take;
            samples = samples[take..];
            if (_windowFill == Window) Score(segments, probabilities, cancellationToken);
        }
    }

    private void Score(ICollection<SpeechSegment> segments, ICollection<float>? probabilities, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var p = _scorer.Score(_window, cancellationToken);
        _windowFill = 0;
        probabilities?.Add(p);
        _segmenter.Push(p, segments);
    }
}
