using Microsoft.ML.OnnxRuntime.Tensors;

namespace Augment.Audio;

/// <summary>
/// Noise reduction by a learned mask-estimation model through <see cref="OnnxModel"/>. Per channel, the signal's
/// STFT (periodic Hann, <see cref="LearnedNoiseReducerOptions.FftLength"/>, <see cref="LearnedNoiseReducerOptions.HopLength"/>,
/// centred frames) gives a magnitude spectrogram; the model maps it to a gain mask of the same shape; the mask
/// (clamped to [0, 1]) multiplies the complex STFT, which is inverted by least-squares overlap-add.
/// <para>
/// The model's signature (<see cref="ExpectedSignature"/>): one float input [1, frames, bins] (magnitudes |X|,
/// linear, unnormalised FFT scale: a full-scale sine of amplitude A gives a peak near A·FftLength/4 with the Hann
/// window), frames dynamic, bins = FftLength/2 + 1; one float output [1, frames, bins], the mask. Long signals run in
/// chunks of <see cref="LearnedNoiseReducerOptions.ChunkFrames"/> frames with <see cref="LearnedNoiseReducerOptions.ContextFrames"/>
/// frames of context on each side, so memory stays bounded and a frame-local model gives the same output chunked
/// or whole.
/// </para>
/// </summary>
/// <example>
/// <code>
/// using var model = OnnxModel.Load("mask-denoiser.onnx");
/// var reducer = new LearnedNoiseReducer(model, new LearnedNoiseReducerOptions { SampleRate = 16000, FftLength = 512, HopLength = 128 });
/// using var clean = reducer.Process(noisy);
/// reducer.ApplyToFile("take.wav", "take-clean.wav");
/// </code>
/// </example>
public sealed class LearnedNoiseReducer
{
    /// <summary>Wraps a loaded model (not owned: dispose it yourself) after checking its signature.</summary>
    /// <param name="model">A mask-estimation model with the signature of <see cref="ExpectedSignature"/>.</param>
    /// <param name="options">STFT and chunking settings; <see cref="LearnedNoiseReducerOptions.Default"/> when null.</param>
    /// <exception cref="ModelSignatureException">The model's inputs or outputs differ from the expected signature (the message lists every difference).</exception>
    public LearnedNoiseReducer(OnnxModel model, LearnedNoiseReducerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        options ??= LearnedNoiseReducerOptions.Default;
        options.Validate();
        var problems = ExpectedSignature(options.FftLength).Compare(model.Inputs, model.Outputs);
        if (problems.Count > 0)
            throw new ModelSignatureException($"Model '{model.Source}' is not a mask-estimation denoiser for {options.FftLength}-point frames: {string.Join("; ", problems)}.");
        Model = model;
        Options = options;
    }

    /// <summary>The model.</summary>
    public OnnxModel Model { get; }

    /// <summary>The settings.</summary>
    public LearnedNoiseReducerOptions Options { get; }

    /// <summary>
    /// The signature a mask model must have for a frame length: input float [1 or dynamic, dynamic, FftLength/2 + 1]
    /// (magnitude spectrogram), output float [any, any, FftLength/2 + 1] (gain mask, same shape as the input at run time).
    /// </summary>
    /// <param name="fftLength">FFT frame length in samples.</param>
    public static ModelSignature ExpectedSignature(int fftLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fftLength, 2);
        var bins = (fftLength / 2) + 1;
        return new ModelSignature()
            .Input(null, TensorElementType.Float, DimSpec.Any, DimSpec.Dynamic, bins)
            .Output(null, TensorElementType.Float, DimSpec.Any, DimSpec.Any, bins);
    }

    /// <summary>
    /// Denoises a whole buffer into a new one of the same shape and rate (resampled to the model's rate and back when
    /// they differ; above the model's band, see <see cref="LearnedNoiseReducerOptions.KeepHighBand"/>).
    /// </summary>
    /// <param name="input">The noisy signal.</param>
    /// <param name="cancellationToken">Checked before every chunk.</param>
    /// <returns>The processed signal; dispose it.</returns>
    /// <exception cref="ModelSignatureException">The model returned a mask of another shape than its input.</exception>
    public AudioBuffer Process(AudioBuffer input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var budget = Options.Budget ?? input.Budget;
        if (input.SampleRate == Options.SampleRate)
        {
            using var stage = new LearnedNoiseReducerSource(new AudioBufferSource(input), this, "input buffer", cancellationToken);
            return stage.ReadAll(budget, cancellationToken);
        }
        using var atModelRate = Resampler.Resample(input, Options.SampleRate, cancellationToken: cancellationToken);
        using var processed = Process(atModelRate, cancellationToken);
        using var back = Resampler.Resample(processed, input.SampleRate, cancellationToken: cancellationToken);
        // The round trip may differ from the input's length by a sample or two: cut or pad with silence.
        var output = AudioBuffer.Create(input.Channels, input.Frames, input.SampleRate, budget);
        for (var c = 0; c < input.Channels; c++)
        {
            var take = Math.Min(back.Frames, input.Frames);
            back.Channel(c)[..take].CopyTo(output.Channel(c));
        }
        if (Options.KeepHighBand && input.SampleRate > Options.SampleRate)
            LearnedHighBand.Add(input, atModelRate, processed, output, Options, cancellationToken);
        return output;
    }

    /// <summary>Wraps a source at the model's rate in a streaming denoising stage (bounded memory). Disposing the stage disposes the source.</summary>
    /// <param name="source">The noisy stream.</param>
    /// <exception cref="ArgumentException">The source's rate is not <see cref="LearnedNoiseReducerOptions.SampleRate"/>.</exception>
    public IAudioSource ApplyTo(IAudioSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.Format.SampleRate != Options.SampleRate)
            throw new ArgumentException($"The source runs at {source.Format.SampleRate} Hz; the model works at {Options.SampleRate} Hz (resample first, or use Process).", nameof(source));
        return new LearnedNoiseReducerSource(source, this, source.ToString(), default);
    }

    /// <summary>
    /// Denoises a file into a WAV file written atomically: streamed when the file is at the model's rate, otherwise
    /// loaded, resampled, processed and resampled back in memory.
    /// </summary>
    /// <param name="inputPath">WAV, MP3, or anything ffmpeg decodes.</param>
    /// <param name="outputPath">Destination WAV (float32 unless <paramref name="writeOptions"/> says otherwise).</param>
    /// <param name="writeOptions">Sample format; float32 when null.</param>
    /// <param name="progress">Reports frames written.</param>
    /// <param name="cancellationToken">Checked between chunks; nothing is left at <paramref name="outputPath"/> on cancellation.</param>
    /// <returns>Frames written (the input's length).</returns>
    public long ApplyToFile(string inputPath, string outputPath, WavWriteOptions? writeOptions = null, IProgress<AugmentProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(inputPath);
        ArgumentException.ThrowIfNullOrEmpty(outputPath);
        var source = AudioFile.Open(inputPath);
        if (source.Format.SampleRate != Options.SampleRate)
        {
            source.Dispose();
            using var loaded = AudioFile.Load(inputPath, Options.Budget, cancellationToken);
            using var processed = Process(loaded, cancellationToken);
            using var processedSource = new AudioBufferSource(processed);
            using var bufferWriter = WavWriter.Create(outputPath, processedSource.Format, writeOptions);
            var written = bufferWriter.WriteFrom(processedSource, progress, cancellationToken);
            bufferWriter.Complete();
            return written;
        }
        using var stage = new LearnedNoiseReducerSource(source, this, inputPath, cancellationToken);
        using var writer = WavWriter.Create(outputPath, stage.Format, writeOptions);
        var frames = writer.WriteFrom(stage, progress, cancellationToken);
        writer.Complete();
        return frames;
    }
}
