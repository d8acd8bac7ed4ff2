using System.Buffers;
using Microsoft.ML.OnnxRuntime;

namespace Augment.Audio;

/// <summary>
/// Runs a spectrogram-mask separation model (Open-Unmix/MDX-style) over a mix of any length, refines the estimates with
/// a multichannel Wiener filter and returns time-domain stems.
/// <para>
/// Model signature: one float input <c>[batch, channels, bins, frames]</c> holding the mix's STFT magnitudes (periodic
/// Hann window of <see cref="SpectrogramSeparatorOptions.FftLength"/>, hop <see cref="SpectrogramSeparatorOptions.HopLength"/>,
/// centred frames, unnormalised FFT: torch.stft's scale) and a float output <c>[batch, stems, channels, bins, frames]</c>
/// holding masks or magnitudes (<see cref="SpectrogramSeparatorOptions.Output"/>). A fixed bin axis must equal
/// FftLength/2 + 1, a fixed stem axis the number of stem names; a fixed frame axis sets the chunk length.
/// </para>
/// <para>
/// Work goes chunk by chunk along STFT frames (<see cref="SeparationChunkPlan"/>): the chunk's frames are analysed, the
/// model estimates every stem, the Wiener filter (<see cref="WienerKernels"/>; 0 iterations = ratio masks with the mix
/// phase) turns estimates into complex stem spectrograms, and those are cross-faded with normalised weights into a
/// one-chunk accumulator whose finished frames are inverse-transformed at once (least-squares overlap-add). Memory is
/// the output stems plus a few chunk-sized spectrogram buffers. With <see cref="SpectrogramSeparatorOptions.NormalizeMasks"/>
/// and 0 iterations the stems add up to the mix (to float rounding).
/// </para>
/// </summary>
/// <example>
/// <code>
/// using var separator = SpectrogramSeparator.Load("umx.onnx", new SpectrogramSeparatorOptions { WienerIterations = 1 });
/// using var stems = separator.Separate(AudioFile.Load("song.wav"));
/// stems.SaveWav("stems");
/// </code>
/// </example>
public sealed class SpectrogramSeparator : ModelStemSeparator
{
    private const string Stage = "separation";
    private readonly TensorInfo _input;
    private readonly TensorInfo _output;
    private readonly Stft _stft;

    /// <summary>Wraps a loaded model (not owned: dispose it yourself) after checking its signature.</summary>
    /// <param name="model">A model with the signature described on the class.</param>
    /// <param name="options">Stems, STFT, chunking and Wiener settings; <see cref="SpectrogramSeparatorOptions.Default"/> when null.</param>
    /// <exception cref="ArgumentException">The STFT settings are invalid.</exception>
    /// <exception cref="ModelSignatureException">The model's input or output is not float rank 4 / rank 5, or its bin, stem or channel axes disagree.</exception>
    public SpectrogramSeparator(OnnxModel model, SpectrogramSeparatorOptions? options = null)
        : this(model, options, ownsModel: false)
    {
    }

    internal SpectrogramSeparator(OnnxModel model, SpectrogramSeparatorOptions? options, bool ownsModel)
        : base(model ?? throw new ArgumentNullException(nameof(model)), ownsModel)
    {
        Options = options ?? SpectrogramSeparatorOptions.Default;
        if (Options.HopLength > Options.FftLength)
            throw new ArgumentException($"The hop ({Options.HopLength}) must not exceed the FFT length ({Options.FftLength}).", nameof(options));
        _stft = new Stft(new StftOptions { FftLength = Options.FftLength, HopLength = Options.HopLength, Window = WindowKind.Hann, Center = true });
        _input = SeparatorSupport.ResolveInput(model, Options.InputName, nameof(SpectrogramSeparator));
        _output = SeparatorSupport.ResolveOutput(model, Options.OutputName);
        SeparatorSupport.RequireFloat(model, _input, 4, "input", "[batch, channels, bins, frames]");
        SeparatorSupport.RequireFloat(model, _output, 5, "output", "[batch, stems, channels, bins, frames]");
        SeparatorSupport.CheckStemDim(model, _output, Options.StemNames);
        var bins = Options.BinCount;
        if (_input.Dims[2].IsFixed && _input.Dims[2].Size != bins)
            throw new ModelSignatureException($"Model '{model.Source}': input '{_input.Name}' has {_input.Dims[2].Size} bins but a {Options.FftLength}-point STFT has {bins}; set FftLength to match the model.");
        if (_output.Dims[3].IsFixed && _output.Dims[3].Size != bins)
            throw new ModelSignatureException($"Model '{model.Source}': output '{_output.Name}' has {_output.Dims[3].Size} bins but the input has {bins}.");
        if (_input.Dims[1].IsFixed && _output.Dims[2].IsFixed && _input.Dims[1].Size != _output.Dims[2].Size)
            throw new ModelSignatureException($"Model '{model.Source}': input '{_input.Name}' has {_input.Dims[1].Size} channels but output '{_output.Name}' has {_output.Dims[2].Size}.");
        if (_input.Dims[3].IsFixed && _input.Dims[3].Size is < 1 or > int.MaxValue)
            throw new ModelSignatureException($"Model '{model.Source}': the frame axis of input '{_input.Name}' is fixed at {_input.Dims[3].Size}.");
    }

    /// <summary>Loads a model file and wraps it; the separator owns the model and disposes it.</summary>
    /// <param name="path">An <c>.onnx</c> file with the signature described on the class.</param>
    /// <param name="options">Stems, STFT, chunking and Wiener settings; defaults when null.</param>
    /// <param name="modelOptions">Execution provider and budget for the session; defaults when null.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidModelException">The file is not a usable ONNX model.</exception>
    /// <exception cref="ModelSignatureException">The model does not have the expected signature.</exception>
    public static SpectrogramSeparator Load(string path, SpectrogramSeparatorOptions? options = null, OnnxModelOptions? modelOptions = null)
    {
        var model = OnnxModel.Load(path, modelOptions);
        try
        {
            return new SpectrogramSeparator(model, options, ownsModel: true);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>The settings.</summary>
    public SpectrogramSeparatorOptions Options { get; }

    /// <inheritdoc />
    public override IReadOnlyList<string> StemNames => Options.StemNames;

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The mix is empty, has a channel count the model cannot take (or more than two with Wiener iterations), or a rate other than the model's when resampling is off.</exception>
    /// <exception cref="ModelSignatureException">The model's output for the first chunk has the wrong shape.</exception>
    /// <exception cref="ResourceLimitException">The stems and chunk buffers exceed the mix's budget.</exception>
    public override StemSet Separate(AudioBuffer mix, IProgress<AugmentProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mix);
        if (mix.Frames == 0) throw new ArgumentException("The mix has no frames.", nameof(mix));
        var channels = SeparatorSupport.ModelChannels(Model, _input, 1, mix.Channels);
        if (Options.WienerIterations > 0 && channels > 2)
            throw new ArgumentException($"Wiener EM iterations handle mono or stereo; the model takes {channels} channels (set WienerIterations to 0).", nameof(mix));
        var work = SeparatorSupport.ToModelRate(mix, Options.ModelSampleRateHz, Options.ResampleToModelRate, cancellationToken);
        try
        {
            var stems = SeparateAtModelRate(work, channels, progress, cancellationToken);
            return SeparatorSupport.Finish(Options.StemNames, stems, mix, cancellationToken);
        }
        finally
        {
            if (!ReferenceEquals(work, mix)) work.Dispose();
        }
    }

    private AudioBuffer[] SeparateAtModelRate(AudioBuffer work, int channels, IProgress<AugmentProgress>? progress, CancellationToken cancellationToken)
    {
        var stemCount = Options.StemNames.Count;
        var bins = Options.BinCount;
        var n = Options.FftLength;
        var hop = Options.HopLength;
        var totalFrames = _stft.FrameCount(work.Frames);
        var timeDim = _input.Dims[3];
        var plan = timeDim.IsFixed
            ? new SeparationChunkPlan(totalFrames, (int)timeDim.Size, Options.OverlapFrames, fixedLength: true, Options.Blend)
            : new SeparationChunkPlan(totalFrames, Options.ChunkFrames, Options.OverlapFrames, fixedLength: false, Options.Blend);
        var slots = plan.ChunkLength;
        var mixSize = channels * slots * bins;
        var stemSize = stemCount * mixSize;
        // Mix re/im, model input, model output (ONNX Runtime's), estimates y re/im and the accumulator re/im.
        var scratchFloats = 3L * mixSize + 5L * stemSize;
        work.Budget.EnsureAllocation((scratchFloats + (long)stemCount * channels * work.Frames + work.Frames) * sizeof(float),
            $"Spectrogram separation of {work.Frames} frames into {stemCount} stems in chunks of {slots} STFT frames");

        var pool = ArrayPool<float>.Shared;
        float[] mixRe = pool.Rent(mixSize), mixIm = pool.Rent(mixSize), modelIn = pool.Rent(mixSize);
        float[] yRe = pool.Rent(stemSize), yIm = pool.Rent(stemSize), accRe = pool.Rent(stemSize), accIm = pool.Rent(stemSize);
        // One analysis/synthesis frame, then the chunk's weights.
        var frame = pool.Rent(n + slots);
        var stems = new AudioBuffer[stemCount];
        try
        {
            for (var s = 0; s < stemCount; s++) stems[s] = AudioBuffer.Create(channels, work.Frames, work.SampleRate, work.Budget);
            Array.Clear(accRe, 0, stemSize);
            Array.Clear(accIm, 0, stemSize);
            progress?.Report(AugmentProgress.Items(Stage, 0, plan.Count));
            var accBase = 0;
            string[] outNames = [_output.Name];
            for (var k = 0; k < plan.Count; k++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var p = plan.Positions[k];
                var valid = plan.ValidLength;
                ShiftAccumulator(accRe, accIm, stemCount * channels, slots, bins, p - accBase);
                accBase = p;

                Analyse(work, channels, p, valid, slots, bins, mixRe, mixIm, frame.AsSpan(0, n));
                // Model input [1, C, B, W]: magnitudes, bins before frames.
                for (var c = 0; c < channels; c++)
                    for (var t = 0; t < slots; t++)
                        for (var b = 0; b < bins; b++)
                        {
                            var i = (c * slots + t) * bins + b;
                            modelIn[(c * bins + b) * slots + t] = MathF.Sqrt(mixRe[i] * mixRe[i] + mixIm[i] * mixIm[i]);
                        }

                using (var inValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, modelIn.AsMemory(0, mixSize), [1, channels, bins, slots]))
                using (var results = Model.Run(new Dictionary<string, OrtValue> { [_input.Name] = inValue }, outNames, cancellationToken))
                {
                    CheckOutputShape(results[0].GetTensorTypeAndShape().Shape, channels, bins, slots);
                    // Estimates v (stem-major, frame before bin) into yRe for now.
                    var output = results[0].GetTensorDataAsSpan<float>();
                    var isMask = Options.Output == SpectrogramModelOutput.Mask;
                    for (var sc = 0; sc < stemCount * channels; sc++)
                        for (var b = 0; b < bins; b++)
                            for (var t = 0; t < slots; t++)
                            {
                                var value = Math.Max(0f, output[(sc * bins + b) * slots + t]);
                                if (isMask) value *= modelIn[((sc % channels) * bins + b) * slots + t];
                                yRe[(sc * slots + t) * bins + b] = value;
                            }
                }
                var count = slots * bins;
                // Initial reads v from yRe and writes y over it element by element (same index), which is safe.
                WienerKernels.Initial(mixRe, mixIm, yRe, yRe, yIm, stemCount, channels, count, count, Options.NormalizeMasks);
                WienerKernels.Refine(mixRe, mixIm, yRe, yIm, stemCount, channels, slots, valid, bins, Options.WienerIterations, work.Budget, cancellationToken);

                var weights = frame.AsSpan(n, plan.ValidLength);
                plan.WeightsOf(k, weights);
                for (var sc = 0; sc < stemCount * channels; sc++)
                    for (var t = 0; t < valid; t++)
                    {
                        var w = weights[t];
                        var offset = (sc * slots + t) * bins;
                        System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(yRe.AsSpan(offset, bins), w, accRe.AsSpan(offset, bins), accRe.AsSpan(offset, bins));
                        System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(yIm.AsSpan(offset, bins), w, accIm.AsSpan(offset, bins), accIm.AsSpan(offset, bins));
                    }

                // Frames before the next chunk's start get no more contributions: synthesise them now.
                var end = k + 1 < plan.Count ? plan.Positions[k + 1] : Math.Min(p + valid, totalFrames);
                for (var f = p; f < end; f++)
                    for (var s = 0; s < stemCount; s++)
                        for (var c = 0; c < channels; c++)
                        {
                            var offset = ((s * channels + c) * slots + (f - p)) * bins;
                            _stft.SynthesizeFrame(accRe.AsSpan(offset, bins), accIm.AsSpan(offset, bins), frame.AsSpan(0, n));
                            AddFrame(stems[s].Channel(c), frame.AsSpan(0, n), f * hop - n / 2);
                        }
                progress?.Report(AugmentProgress.Items(Stage, k + 1, plan.Count));
            }
            NormaliseOverlapAdd(stems, totalFrames, hop, n);
            return stems;
        }
        catch
        {
            foreach (var stem in stems) stem?.Dispose();
            throw;
        }
        finally
        {
            foreach (var array in (float[][])[mixRe, mixIm, modelIn, yRe, yIm, accRe, accIm, frame]) pool.Return(array);
        }
    }

    /// <summary>Drops the first <paramref name="by"/> frames of every stem-channel run of the accumulator and zeroes the freed end.</summary>
    private static void ShiftAccumulator(float[] re, float[] im, int runs, int slots, int bins, int by)
    {
        if (by <= 0) return;
        for (var r = 0; r < runs; r++)
        {
            var start = r * slots * bins;
            var keep = Math.Max(0, slots - by) * bins;
            if (keep > 0)
            {
                Array.Copy(re, start + by * bins, re, start, keep);
                Array.Copy(im, start + by * bins, im, start, keep);
            }
            Array.Clear(re, start + keep, slots * bins - keep);
            Array.Clear(im, start + keep, slots * bins - keep);
        }
    }

    /// <summary>STFT frames <c>first .. first + valid − 1</c> of every channel (zeros in the padded slots); a mono mix feeds every model channel.</summary>
    private void Analyse(AudioBuffer work, int channels, int first, int valid, int slots, int bins, float[] re, float[] im, Span<float> frame)
    {
        var n = Options.FftLength;
        for (var c = 0; c < channels; c++)
        {
            var signal = work.Channel(work.Channels == 1 ? 0 : c);
            for (var t = 0; t < slots; t++)
            {
                var offset = (c * slots + t) * bins;
                if (t >= valid)
                {
                    re.AsSpan(offset, bins).Clear();
                    im.AsSpan(offset, bins).Clear();
                    continue;
                }
                // Centred frames: zeros stand for the signal outside its ends (as Stft.Forward).
                var start = (first + t) * Options.HopLength - n / 2;
                frame.Clear();
                int from = Math.Max(0, start), to = Math.Min(signal.Length, start + n);
                if (to > from) signal[from..to].CopyTo(frame[(from - start)..]);
                _stft.AnalyzeFrame(frame, re.AsSpan(offset, bins), im.AsSpan(offset, bins));
            }
        }
    }

    private static void AddFrame(Span<float> signal, ReadOnlySpan<float> frame, int start)
    {
        int from = Math.Max(0, start), to = Math.Min(signal.Length, start + frame.Length);
        if (to <= from) return;
        var destination = signal[from..to];
        System.Numerics.Tensors.TensorPrimitives.Add(destination, frame[(from - start)..(to - start)], destination);
    }

    /// <summary>Divides by the sum of squared windows under each sample (Griffin and Lim 1984), as <see cref="Stft.Inverse"/> does.</summary>
    private void NormaliseOverlapAdd(AudioBuffer[] stems, int frames, int hop, int n)
    {
        var length = stems[0].Frames;
        var weight = new float[length];
        var window = _stft.Window;
        float max = 0;
        foreach (var w in window) max = Math.Max(max, w * w);
        for (var f = 0; f < frames; f++)
        {
            var start = f * hop - n / 2;
            int from = Math.Max(0, start), to = Math.Min(length, start + n);
            for (var t = from; t < to; t++) weight[t] += window[t - start] * window[t - start];
        }
        var floor = 1e-8f * max;
        for (var t = 0; t < length; t++) weight[t] = weight[t] > floor ? 1f / weight[t] : 0f;
        foreach (var stem in stems)
            for (var c = 0; c < stem.Channels; c++)
                System.Numerics.Tensors.TensorPrimitives.Multiply(stem.Channel(c), weight, stem.Channel(c));
    }

    private void CheckOutputShape(long[] shape, int channels, int bins, int slots)
    {
        var stems = Options.StemNames.Count;
        if (shape.Length != 5 || shape[0] != 1 || shape[1] != stems || shape[2] != channels || shape[3] != bins || shape[4] != slots)
            throw new ModelSignatureException(
                $"Model '{Model.Source}': output '{_output.Name}' has shape [{string.Join(", ", shape)}] for [1, {channels}, {bins}, {slots}] input; " +
                $"expected [1, {stems}, {channels}, {bins}, {slots}] ({stems} stems: {string.Join(", ", Options.StemNames)}).");
    }

}
