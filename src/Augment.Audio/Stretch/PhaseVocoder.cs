using System.Buffers;

namespace Augment.Audio;

/// <summary>
/// Time-stretching and pitch-shifting with a phase vocoder (Flanagan and Golden 1966; Portnoff 1976)
/// and identity phase locking (Laroche and Dolson 1999).
/// <para>
/// Stretching: Hann frames are analysed every Hs/factor input samples and overlap-added every Hs
/// output samples (Hs = FftLength/Overlap), each peak's phase advanced by its measured instantaneous
/// frequency so that partials keep their pitch. The output holds exactly round(factor × input frames)
/// frames (frame centres map linearly between input and output time). Channels share one phase
/// trajectory, computed on their mean (mid) spectrum and applied to every channel as the same per-bin
/// rotation, so interchannel phase and level differences (the stereo image) survive.
/// </para>
/// <para>
/// Pitch-shifting by s semitones: a stretch by r = 2^(s/12) followed by resampling by 1/r with the
/// SDK's <see cref="Resampler"/>, so duration is unchanged and every frequency is multiplied by r. With
/// <see cref="PhaseVocoderOptions.PreserveFormants"/> each frame is multiplied by E(r·f)/E(f), E the
/// frame's true envelope, before resampling: the original envelope then sits under the moved harmonics.
/// </para>
/// <para>
/// Frames are processed in blocks (analysis and synthesis in parallel within the input buffer's
/// <see cref="ComputeBudget"/>; phase propagation in order), so scratch memory is bounded by the
/// block; the input and output buffers are whole. Instances are immutable and thread-safe.
/// </para>
/// </summary>
public sealed class PhaseVocoder
{
    /// <summary>Smallest stretch factor (output four times shorter).</summary>
    public const double MinFactor = 0.25;

    /// <summary>Largest stretch factor (output four times longer).</summary>
    public const double MaxFactor = 4;

    /// <summary>Largest pitch shift either way, in semitones (a factor of 4 in frequency).</summary>
    public const double MaxSemitones = 24;

    private const float MaxFormantGain = 100f;   // ±40 dB: where an envelope is near zero the ratio means nothing

    /// <summary>Creates a vocoder.</summary>
    /// <param name="options">Settings; <see cref="PhaseVocoderOptions.Default"/> when null.</param>
    public PhaseVocoder(PhaseVocoderOptions? options = null)
    {
        Options = options ?? PhaseVocoderOptions.Default;
        Options.Validate();
    }

    /// <summary>The settings.</summary>
    public PhaseVocoderOptions Options { get; }

    /// <summary>Frames of a stretched signal: round(frames × factor).</summary>
    /// <param name="frames">Input frames.</param>
    /// <param name="factor">Stretch factor.</param>
    public static long StretchedLength(long frames, double factor) => (long)Math.Round(frames * factor, MidpointRounding.AwayFromZero);

    /// <summary>Changes duration without changing pitch.</summary>
    /// <param name="input">The signal, any channel count and rate.</param>
    /// <param name="factor">Output duration / input duration, <see cref="MinFactor"/>..<see cref="MaxFactor"/> (2 = twice as long, half the speed).</param>
    /// <param name="progress">Receives per-block progress.</param>
    /// <param name="cancellationToken">Stops between blocks.</param>
    /// <returns>round(input.Frames × factor) frames at the input's rate; dispose it.</returns>
    public AudioBuffer Stretch(AudioBuffer input, double factor, IProgress<AugmentProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        CheckFactor(factor);
        return Run(input, factor, formantRatio: 0, "stretch", progress, cancellationToken);
    }

    /// <summary>Changes pitch without changing duration.</summary>
    /// <param name="input">The signal, any channel count and rate.</param>
    /// <param name="semitones">Shift in semitones (−<see cref="MaxSemitones"/>..<see cref="MaxSemitones"/>; fractions allowed; 12 = one octave up).</param>
    /// <param name="progress">Receives per-block progress.</param>
    /// <param name="cancellationToken">Stops between blocks.</param>
    /// <returns>A buffer of the input's shape; dispose it.</returns>
    public AudioBuffer ShiftPitch(AudioBuffer input, double semitones, IProgress<AugmentProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!(Math.Abs(semitones) <= MaxSemitones))
            throw new ArgumentOutOfRangeException(nameof(semitones), semitones, $"The pitch shift must lie between −{MaxSemitones} and {MaxSemitones} semitones.");
        if (semitones == 0)
            return input.Clone();
        var ratio = Math.Pow(2, semitones / 12);
        using var stretched = Run(input, ratio, Options.PreserveFormants ? ratio : 0, "pitch shift", progress, cancellationToken);
        var output = AudioBuffer.Create(input.Channels, input.Frames, input.SampleRate, input.Budget);
        for (var c = 0; c < input.Channels; c++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // Played back 1/ratio times faster, the stretched signal regains the input's duration and
            // every frequency moves by the ratio; the resampler is time-aligned, so no delay to trim.
            var resampler = new Resampler(1 / ratio);
            var source = stretched.Channel(c);
            var room = resampler.MaxOutputLength(source.Length) + resampler.MaxOutputLength(resampler.LookaheadSamples + 1) + 16;
            var scratch = ArrayPool<float>.Shared.Rent(room);
            try
            {
                var written = resampler.Process(source, scratch);
                written += resampler.Flush(scratch.AsSpan(written));
                var take = Math.Min(written, input.Frames);
                scratch.AsSpan(0, take).CopyTo(output.Channel(c));
            }
            finally
            {
                ArrayPool<float>.Shared.Return(scratch);
            }
        }
        return output;
    }

    private static void CheckFactor(double factor)
    {
        if (!(factor >= MinFactor && factor <= MaxFactor))
            throw new ArgumentOutOfRangeException(nameof(factor), factor, $"The stretch factor must lie between {MinFactor} and {MaxFactor}.");
    }

    private AudioBuffer Run(AudioBuffer input, double factor, double formantRatio, string stage, IProgress<AugmentProgress>? progress, CancellationToken cancellationToken)
    {
        var channels = input.Channels;
        var inputFrames = input.Frames;
        var outputLength = StretchedLength(inputFrames, factor);
        if (outputLength > int.MaxValue)
            throw new ArgumentException($"A stretch of {inputFrames} frames by {factor} gives {outputLength} frames, more than one buffer holds.", nameof(factor));
        var outputFrames = (int)outputLength;
        input.Budget.EnsureAllocation((long)outputFrames * (channels + 1) * sizeof(float), "phase vocoder output");
        var output = AudioBuffer.Create(channels, outputFrames, input.SampleRate, input.Budget);
        if (outputFrames == 0 || inputFrames == 0)
            return output;
        try
        {
            new Engine(this, input, output, factor, formantRatio).Run(stage, progress, cancellationToken);
            return output;
        }
        catch
        {
            output.Dispose();
            throw;
        }
    }

    /// <summary>One stretch: block scratch, phase state, overlap-add.</summary>
    private sealed class Engine
    {
        private readonly AudioBuffer _input;
        private readonly AudioBuffer _output;
        private readonly PhaseVocoderOptions _options;
        private readonly int _n;
        private readonly int _hop;
        private readonly int _bins;
        private readonly int _channels;
        private readonly int _frames;
        private readonly double _factor;
        private readonly double _formantRatio;
        private readonly float[] _window;
        private readonly RealFftPlan _plan;
        private readonly int _envelopeOrder;

        public Engine(PhaseVocoder owner, AudioBuffer input, AudioBuffer output, double factor, double formantRatio)
        {
            _input = input;
            _output = output;
            _options = owner.Options;
            _n = _options.FftLengthFor(input.SampleRate);
            _hop = _n / _options.Overlap;
            _bins = (_n / 2) + 1;
            _channels = input.Channels;
            _factor = factor;
            _formantRatio = formantRatio;
            _window = WindowFunctions.Create(WindowKind.Hann, _n);
            _plan = RealFftPlan.Create(_n);
            _envelopeOrder = (int)Math.Round(input.SampleRate / (2 * _options.EnvelopeF0Hz));
            // Synthesis frames are centred on k·Hs; every one whose window reaches into the output counts.
            _frames = (int)(((long)output.Frames + (_n / 2) - 1) / _hop) + 1;
        }

        private int AnalysisCentre(int frame) => (int)Math.Round(frame * (double)_hop / _factor, MidpointRounding.AwayFromZero);

        public void Run(string stage, IProgress<AugmentProgress>? progress, CancellationToken cancellationToken)
        {
            var block = Math.Min(_options.BlockFrames, _frames);
            var perFrame = (_channels * 2 * _bins) + (2 * _bins) + _bins + (_channels * _n) + (_formantRatio > 0 ? _bins : 0);
            _input.Budget.EnsureAllocation((long)block * perFrame * sizeof(float) + ((long)_output.Frames * sizeof(float)), "phase vocoder scratch");
            var spectra = ArrayPool<float>.Shared.Rent(block * _channels * 2 * _bins);   // [frame][channel][re|im][bin]
            var polar = ArrayPool<float>.Shared.Rent(block * 2 * _bins);                   // [frame][mag|phase][bin] of the mid
            var rotation = ArrayPool<float>.Shared.Rent(block * _bins);
            var synthesis = ArrayPool<float>.Shared.Rent(block * _channels * _n);
            var weight = ArrayPool<float>.Shared.Rent(_output.Frames);
            var previousPhase = new float[_bins];
            var theta = new float[_bins];
            var peaks = new int[_bins];
            try
            {
                Array.Clear(weight, 0, _output.Frames);
                _output.Data.Clear();
                var parallel = _input.Budget.ToParallelOptions(cancellationToken);
                for (var first = 0; first < _frames; first += block)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var count = Math.Min(block, _frames - first);
                    var blockFirst = first;
                    Parallel.For(0, count, parallel, j => Analyze(blockFirst + j, spectra.AsSpan(j * _channels * 2 * _bins, _channels * 2 * _bins), polar.AsSpan(j * 2 * _bins, 2 * _bins)));

                    for (var j = 0; j < count; j++)
                    {
                        var k = first + j;
                        var magnitude = polar.AsSpan(j * 2 * _bins, _bins);
                        var phase = polar.AsSpan((j * 2 * _bins) + _bins, _bins);
                        if (k == 0)
                            phase.CopyTo(theta);
                        else
                            PhaseVocoderKernels.Propagate(phase, previousPhase, theta, magnitude, Math.Max(1, AnalysisCentre(k) - AnalysisCentre(k - 1)), _hop, _n, _options.PhaseLocking, peaks);
                        var rot = rotation.AsSpan(j * _bins, _bins);
                        System.Numerics.Tensors.TensorPrimitives.Subtract(theta, phase, rot);
                        phase.CopyTo(previousPhase);
                    }

                    Parallel.For(0, count, parallel,
                        () => new Scratch(_n, _bins, _formantRatio > 0 ? new SpectralEnvelope(_n, _envelopeOrder, _options.EnvelopeIterations) : null),
                        (j, _, scratch) =>
                        {
                            Synthesize(scratch, spectra.AsSpan(j * _channels * 2 * _bins, _channels * 2 * _bins), polar.AsSpan(j * 2 * _bins, _bins),
                                rotation.AsSpan(j * _bins, _bins), synthesis.AsSpan(j * _channels * _n, _channels * _n));
                            return scratch;
                        },
                        _ => { });

                    for (var j = 0; j < count; j++)
                        OverlapAdd(first + j, synthesis.AsSpan(j * _channels * _n, _channels * _n), weight);
                    progress?.Report(AugmentProgress.Items(stage, first + count, _frames));
                }

                // Least-squares overlap-add (Griffin and Lim 1984): divide by the summed squared windows.
                var floor = 1e-6f;
                for (var c = 0; c < _channels; c++)
                {
                    var channel = _output.Channel(c);
                    for (var t = 0; t < channel.Length; t++)
                        channel[t] = weight[t] > floor ? channel[t] / weight[t] : 0f;
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(spectra);
                ArrayPool<float>.Shared.Return(polar);
                ArrayPool<float>.Shared.Return(rotation);
                ArrayPool<float>.Shared.Return(synthesis);
                ArrayPool<float>.Shared.Return(weight);
            }
        }

        private void Analyze(int frame, Span<float> spectra, Span<float> polar)
        {
            var start = AnalysisCentre(frame) - (_n / 2);
            var rented = ArrayPool<float>.Shared.Rent(2 * _bins);
            try
            {
                var buffer = rented.AsSpan(0, _n);
                for (var c = 0; c < _channels; c++)
                {
                    var signal = _input.Channel(c);
                    buffer.Clear();
                    int from = Math.Max(0, start), to = Math.Min(signal.Length, start + _n);
                    if (to > from)
                        signal[from..to].CopyTo(buffer[(from - start)..]);
                    System.Numerics.Tensors.TensorPrimitives.Multiply(buffer, _window, buffer);
                    _plan.Forward(buffer, spectra.Slice(c * 2 * _bins, _bins), spectra.Slice((c * 2 * _bins) + _bins, _bins));
                }
                Span<float> magnitude = polar[.._bins], phase = polar[_bins..];
                if (_channels == 1)
                {
                    PhaseVocoderKernels.ToPolar(spectra[.._bins], spectra[_bins..(2 * _bins)], magnitude, phase);
                    return;
                }
                // The mid spectrum (channel mean) carries the shared phase; buffer holds its re|im.
                var re = rented.AsSpan(0, _bins);
                var im = rented.AsSpan(_bins, _bins);
                re.Clear();
                im.Clear();
                for (var c = 0; c < _channels; c++)
                {
                    System.Numerics.Tensors.TensorPrimitives.Add(re, spectra.Slice(c * 2 * _bins, _bins), re);
                    System.Numerics.Tensors.TensorPrimitives.Add(im, spectra.Slice((c * 2 * _bins) + _bins, _bins), im);
                }
                PhaseVocoderKernels.ToPolar(re, im, magnitude, phase);
            }
            finally
            {
                ArrayPool<float>.Shared.Return(rented);
            }
        }

        private void Synthesize(Scratch scratch, ReadOnlySpan<float> spectra, ReadOnlySpan<float> midMagnitude, ReadOnlySpan<float> rotation, Span<float> frames)
        {
            var gain = scratch.Gain.AsSpan();
            if (scratch.Envelope is null)
            {
                gain.Fill(1f);
            }
            else
            {
                // Formant preservation: ×E(r·f)/E(f), the log envelope read between bins by linear interpolation.
                var envelope = scratch.LogEnvelope.AsSpan();
                scratch.Envelope.Estimate(midMagnitude, envelope);
                for (var b = 0; b < _bins; b++)
                {
                    var at = b * _formantRatio;
                    float shifted;
                    if (at >= _bins - 1)
                    {
                        shifted = envelope[_bins - 1];
                    }
                    else
                    {
                        var i = (int)at;
                        var f = (float)(at - i);
                        shifted = envelope[i] + (f * (envelope[i + 1] - envelope[i]));
                    }
                    gain[b] = Math.Clamp(MathF.Exp(shifted - envelope[b]), 1f / MaxFormantGain, MaxFormantGain);
                }
            }
            for (var c = 0; c < _channels; c++)
            {
                var re = spectra.Slice(c * 2 * _bins, _bins);
                var im = spectra.Slice((c * 2 * _bins) + _bins, _bins);
                PhaseVocoderKernels.Rotate(re, im, rotation, gain, scratch.Sin, scratch.Cos, scratch.Re, scratch.Im);
                var frame = frames.Slice(c * _n, _n);
                _plan.Inverse(scratch.Re, scratch.Im, frame);
                System.Numerics.Tensors.TensorPrimitives.Multiply(frame, _window, frame);
            }
        }

        private void OverlapAdd(int frame, ReadOnlySpan<float> frames, float[] weight)
        {
            var start = (frame * _hop) - (_n / 2);
            int from = Math.Max(0, start), to = Math.Min(_output.Frames, start + _n);
            if (to <= from)
                return;
            for (var c = 0; c < _channels; c++)
            {
                var destination = _output.Channel(c)[from..to];
                System.Numerics.Tensors.TensorPrimitives.Add(destination, frames.Slice((c * _n) + (from - start), to - from), destination);
            }
            for (var t = from; t < to; t++)
            {
                var w = _window[t - start];
                weight[t] += w * w;
            }
        }
    }

    private sealed class Scratch(int n, int bins, SpectralEnvelope? envelope)
    {
        public SpectralEnvelope? Envelope { get; } = envelope;
        public float[] Gain { get; } = new float[bins];
        public float[] LogEnvelope { get; } = new float[bins];
        public float[] Sin { get; } = new float[bins];
        public float[] Cos { get; } = new float[bins];
        public float[] Re { get; } = new float[bins];
        public float[] Im { get; } = new float[bins];
        public int Length { get; } = n;
    }
}
