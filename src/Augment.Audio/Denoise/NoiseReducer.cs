using System.Numerics.Tensors;

namespace Augment.Audio;

/// <summary>
/// Classical speech noise reduction in the STFT domain, per channel: the noise spectrum is tracked by
/// minimum statistics or speech-presence probability (or measured on a noise-only stretch you name), each bin
/// gets an OM-LSA (default), log-MMSE or Wiener gain from a decision-directed a priori SNR, never below the floor set by
/// <see cref="NoiseReducerOptions.ReductionDb"/>. Streams in constant memory; output is time-aligned with the input
/// and of the same length.
/// </summary>
/// <example>
/// <code>
/// var reducer = new NoiseReducer(new NoiseReducerOptions { ReductionDb = 15 });   // default: 20 dB, OM-LSA
/// using var clean = reducer.Process(noisy);                 // a new buffer
/// reducer.ApplyToFile("take.wav", "take-clean.wav");        // streaming, atomic WAV output
/// </code>
/// </example>
public sealed class NoiseReducer
{
    /// <summary>Creates a noise reducer.</summary>
    /// <param name="options">Settings; <see cref="NoiseReducerOptions.Default"/> when null.</param>
    public NoiseReducer(NoiseReducerOptions? options = null)
    {
        options ??= NoiseReducerOptions.Default;
        options.Validate();
        Options = options;
    }

    /// <summary>The settings in use.</summary>
    public NoiseReducerOptions Options { get; }

    /// <summary>Output delay inside the transform at a sample rate (compensated: outputs are aligned), in frames.</summary>
    /// <param name="sampleRate">Hertz.</param>
    public int LatencyFrames(int sampleRate) => Options.FftLengthFor(sampleRate) * 3 / 4;

    /// <summary>Noise-reduces a whole buffer into a new one of the same shape.</summary>
    /// <param name="input">The noisy signal; every sample finite.</param>
    /// <returns>The processed signal; dispose it.</returns>
    /// <exception cref="InvalidMediaException">A sample is NaN or infinite (the message names channel and frame).</exception>
    /// <exception cref="ArgumentException">The noise region lies outside the signal or is shorter than one frame.</exception>
    public AudioBuffer Process(AudioBuffer input)
    {
        ArgumentNullException.ThrowIfNull(input);
        float[][]? noise = null;
        if (Options.NoiseRegionStart is not null)
        {
            using var probe = new AudioBufferSource(input);
            noise = EstimateNoise(probe, "input buffer");
        }
        using var stage = new NoiseReducerSource(new AudioBufferSource(input), Options, noise, "input buffer");
        return stage.ReadAll(Options.Budget ?? input.Budget);
    }

    /// <summary>
    /// Wraps a source in a streaming noise-reduction stage (minimum statistics only: a source cannot be
    /// rewound to measure a noise region first). Disposing the stage disposes the source.
    /// </summary>
    /// <param name="source">The noisy stream.</param>
    /// <exception cref="InvalidOperationException"><see cref="NoiseReducerOptions.NoiseRegionStart"/> is set.</exception>
    public IAudioSource ApplyTo(IAudioSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (Options.NoiseRegionStart is not null)
            throw new InvalidOperationException("A noise region needs a second pass over the input: use Process or ApplyToFile.");
        return new NoiseReducerSource(source, Options, null, source.ToString());
    }

    /// <summary>Noise-reduces a file into a WAV file, streaming, written atomically (temporary file, then rename).</summary>
    /// <param name="inputPath">WAV, MP3, or anything ffmpeg decodes.</param>
    /// <param name="outputPath">Destination WAV; replaced if it exists.</param>
    /// <param name="writeOptions">Sample format; float32 when null.</param>
    /// <param name="progress">Reports frames written.</param>
    /// <param name="cancellationToken">Checked between blocks; nothing is left at <paramref name="outputPath"/> on cancellation.</param>
    /// <returns>Frames written (the input's length).</returns>
    /// <exception cref="InvalidMediaException">The input is damaged or holds NaN or infinity.</exception>
    public long ApplyToFile(string inputPath, string outputPath, WavWriteOptions? writeOptions = null, IProgress<AugmentProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(inputPath);
        ArgumentException.ThrowIfNullOrEmpty(outputPath);
        float[][]? noise = null;
        if (Options.NoiseRegionStart is not null)
        {
            using var probe = AudioFile.Open(inputPath);
            noise = EstimateNoise(probe, inputPath);
        }
        using var stage = new NoiseReducerSource(AudioFile.Open(inputPath), Options, noise, inputPath);
        using var writer = WavWriter.Create(outputPath, stage.Format, writeOptions);
        var frames = writer.WriteFrom(stage, progress, cancellationToken);
        writer.Complete();
        return frames;
    }

    /// <summary>Mean periodogram of every whole frame inside the noise region, per channel (streamed).</summary>
    private float[][] EstimateNoise(IAudioSource source, string name)
    {
        var format = source.Format;
        var n = Options.FftLengthFor(format.SampleRate);
        var hop = n / 4;
        var stft = new Stft(new StftOptions { FftLength = n, HopLength = hop, Window = WindowKind.Hann });
        var first = (long)Math.Round(Options.NoiseRegionStart!.Value.TotalSeconds * format.SampleRate);
        var last = first + (long)Math.Round(Options.NoiseRegionDuration.TotalSeconds * format.SampleRate);
        var channels = format.Channels;
        var sums = new float[channels][];
        var frames = new float[channels][];
        for (var c = 0; c < channels; c++)
        {
            sums[c] = new float[stft.BinCount];
            frames[c] = new float[n];
        }
        var real = new float[stft.BinCount];
        var imag = new float[stft.BinCount];
        var power = new float[stft.BinCount];
        const int block = 4096;
        var buffer = new float[block * channels];
        long position = 0;
        var filled = 0;
        var count = 0;
        while (position < last)
        {
            var got = source.Read(buffer, block);
            if (got == 0) break;
            // The part of this block inside [first, last).
            var from = (int)Math.Clamp(first - position, 0, got);
            var to = (int)Math.Clamp(last - position, 0, got);
            var i = from;
            while (i < to)
            {
                var take = Math.Min(to - i, n - filled);
                for (var c = 0; c < channels; c++)
                {
                    var samples = buffer.AsSpan((c * block) + i, take);
                    if (!TensorPrimitives.IsFiniteAll(samples))
                        throw new InvalidMediaException(name, -1, $"the noise region of channel {c} holds NaN or infinite samples.");
                    samples.CopyTo(frames[c].AsSpan(filled));
                }
                filled += take;
                i += take;
                if (filled < n) continue;
                for (var c = 0; c < channels; c++)
                {
                    stft.AnalyzeFrame(frames[c], real, imag);
                    DenoiseKernels.Power(real, imag, power);
                    TensorPrimitives.Add(sums[c], power, sums[c]);
                    frames[c].AsSpan(hop).CopyTo(frames[c]);
                }
                filled = n - hop;
                count++;
            }
            position += got;
        }
        if (count == 0)
            throw new ArgumentException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"The noise region ({Options.NoiseRegionStart.Value.TotalSeconds:0.###} s + {Options.NoiseRegionDuration.TotalSeconds:0.###} s) of '{name}' holds no whole {n}-sample frame inside the signal ({position} frames read)."));
        for (var c = 0; c < channels; c++)
            TensorPrimitives.Multiply(sums[c], 1f / count, sums[c]);
        return sums;
    }
}
