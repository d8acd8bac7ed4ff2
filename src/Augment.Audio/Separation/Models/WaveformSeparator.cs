using System.Buffers;
using System.Numerics.Tensors;
using Microsoft.ML.OnnxRuntime;

namespace Augment.Audio;

/// <summary>
/// Runs a waveform-domain separation model (Demucs-style) over a mix of any length.
/// <para>
/// Model signature: one float input <c>[batch, channels, frames]</c> and a float output
/// <c>[batch, stems, channels, frames]</c> with the same batch, channels and frames. Any axis may be dynamic; a fixed
/// stem axis must equal the number of <see cref="WaveformSeparatorOptions.StemNames"/> (checked on construction, a
/// dynamic one at the first run), a fixed frame axis sets the chunk length (short mixes are padded with silence), a fixed
/// batch axis sets the chunks per run (spare slots run on silence).
/// </para>
/// <para>
/// The mix is cut into overlapping chunks (<see cref="SeparationChunkPlan"/> documents the exact arithmetic), each chunk's
/// stems are weighted by cross-fade windows normalised to sum to one and added into the stems, so a model that is
/// linear and local (a gain, a short FIR) gives exactly its whole-signal output. Only a batch of chunks and the output
/// stems are held. A mono mix given to a stereo model is duplicated into both channels and each stem folded back to
/// mono (mean of the channels); a mix at another rate than <see cref="WaveformSeparatorOptions.ModelSampleRateHz"/> is
/// resampled to it and the stems back, so they always align with the mix.
/// </para>
/// </summary>
/// <example>
/// <code>
/// using var separator = WaveformSeparator.Load("htdemucs.onnx", new WaveformSeparatorOptions { Shifts = 2 });
/// using var mix = AudioFile.Load("song.wav");
/// using var stems = separator.Separate(mix, progress, ct);
/// stems.SaveWav("stems");
/// </code>
/// </example>
public sealed class WaveformSeparator : ModelStemSeparator
{
    private const string Stage = "separation";
    private readonly TensorInfo _input;
    private readonly TensorInfo _output;

    /// <summary>Wraps a loaded model (not owned: dispose it yourself) after checking its signature.</summary>
    /// <param name="model">A model with the signature described on the class.</param>
    /// <param name="options">Stems, rate, chunking and shifts; <see cref="WaveformSeparatorOptions.Default"/> when null.</param>
    /// <exception cref="ModelSignatureException">The model's input or output is not float rank 3 / rank 4, or its stem or channel axes disagree.</exception>
    public WaveformSeparator(OnnxModel model, WaveformSeparatorOptions? options = null)
        : this(model, options, ownsModel: false)
    {
    }

    internal WaveformSeparator(OnnxModel model, WaveformSeparatorOptions? options, bool ownsModel)
        : base(model ?? throw new ArgumentNullException(nameof(model)), ownsModel)
    {
        Options = options ?? WaveformSeparatorOptions.Default;
        _input = SeparatorSupport.ResolveInput(model, Options.InputName, nameof(WaveformSeparator));
        _output = SeparatorSupport.ResolveOutput(model, Options.OutputName);
        SeparatorSupport.RequireFloat(model, _input, 3, "input", "[batch, channels, frames]");
        SeparatorSupport.RequireFloat(model, _output, 4, "output", "[batch, stems, channels, frames]");
        SeparatorSupport.CheckStemDim(model, _output, Options.StemNames);
        if (_input.Dims[1].IsFixed && _output.Dims[2].IsFixed && _input.Dims[1].Size != _output.Dims[2].Size)
            throw new ModelSignatureException($"Model '{model.Source}': input '{_input.Name}' has {_input.Dims[1].Size} channels but output '{_output.Name}' has {_output.Dims[2].Size}.");
        if (_input.Dims[2].IsFixed && _input.Dims[2].Size is < 1 or > int.MaxValue)
            throw new ModelSignatureException($"Model '{model.Source}': the frame axis of input '{_input.Name}' is fixed at {_input.Dims[2].Size}.");
    }

    /// <summary>Loads a model file and wraps it; the separator owns the model and disposes it.</summary>
    /// <param name="path">An <c>.onnx</c> file with the signature described on the class.</param>
    /// <param name="options">Stems, rate, chunking and shifts; defaults when null.</param>
    /// <param name="modelOptions">Execution provider and budget for the session; defaults when null.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidModelException">The file is not a usable ONNX model.</exception>
    /// <exception cref="ModelSignatureException">The model does not have the expected signature.</exception>
    public static WaveformSeparator Load(string path, WaveformSeparatorOptions? options = null, OnnxModelOptions? modelOptions = null)
    {
        var model = OnnxModel.Load(path, modelOptions);
        try
        {
            return new WaveformSeparator(model, options, ownsModel: true);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>The settings.</summary>
    public WaveformSeparatorOptions Options { get; }

    /// <inheritdoc />
    public override IReadOnlyList<string> StemNames => Options.StemNames;

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The mix is empty, has a channel count the model cannot take, or a rate other than the model's when resampling is off.</exception>
    /// <exception cref="ModelSignatureException">The model's output for the first chunk has the wrong shape (stems, channels or frames).</exception>
    /// <exception cref="ResourceLimitException">The stems and chunk buffers exceed the mix's budget.</exception>
    public override StemSet Separate(AudioBuffer mix, IProgress<AugmentProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mix);
        if (mix.Frames == 0) throw new ArgumentException("The mix has no frames.", nameof(mix));
        var work = SeparatorSupport.ToModelRate(mix, Options.ModelSampleRateHz, Options.ResampleToModelRate, cancellationToken);
        try
        {
            var channels = SeparatorSupport.ModelChannels(Model, _input, 1, work.Channels);
            var stems = SeparateAtModelRate(work, channels, progress, cancellationToken);
            return SeparatorSupport.Finish(Options.StemNames, stems, mix, cancellationToken);
        }
        finally
        {
            if (!ReferenceEquals(work, mix)) work.Dispose();
        }
    }

    /// <summary>The random delays (in frames at the model's rate) of the shift passes; one zero delay without shifts.</summary>
    internal int[] ShiftOffsets()
    {
        if (Options.Shifts == 0) return [0];
        var max = Math.Max(1, (int)Math.Round(Options.MaxShiftSeconds * Options.ModelSampleRateHz));
        var random = new Random(Options.Seed);
        var offsets = new int[Options.Shifts];
        for (var i = 0; i < offsets.Length; i++) offsets[i] = random.Next(0, max);
        return offsets;
    }

    private AudioBuffer[] SeparateAtModelRate(AudioBuffer work, int channels, IProgress<AugmentProgress>? progress, CancellationToken cancellationToken)
    {
        var stemCount = Options.StemNames.Count;
        var offsets = ShiftOffsets();
        var plans = new SeparationChunkPlan[offsets.Length];
        long total = 0;
        var timeDim = _input.Dims[2];
        for (var i = 0; i < offsets.Length; i++)
        {
            plans[i] = timeDim.IsFixed
                ? new SeparationChunkPlan(work.Frames + offsets[i], (int)timeDim.Size, Options.OverlapFrames, fixedLength: true, Options.Blend)
                : new SeparationChunkPlan(work.Frames + offsets[i], Options.ChunkFrames, Options.OverlapFrames, fixedLength: false, Options.Blend);
            total += plans[i].Count;
        }

        var chunkLength = 0;
        foreach (var plan in plans) chunkLength = Math.Max(chunkLength, plan.ChunkLength);
        var batchDim = _input.Dims[0];
        var batch = batchDim.IsFixed ? (int)Math.Min(batchDim.Size, int.MaxValue) : Options.BatchSize;
        if (batch < 1) throw new ModelSignatureException($"Model '{Model.Source}': input '{_input.Name}' has a fixed batch of {batchDim.Size}.");
        var inElements = (long)batch * channels * chunkLength;
        var stemBytes = (long)stemCount * channels * work.Frames * sizeof(float);
        // ONNX Runtime allocates each batch's output, and pipelined two are alive (one being accumulated while the
        // model writes the next): count both.
        work.Budget.EnsureAllocation(stemBytes + (inElements * (1 + 2 * stemCount)) * sizeof(float),
            $"Separating {work.Frames} frames into {stemCount} stems of {channels} channels in chunks of {chunkLength} frames");

        var stems = new AudioBuffer[stemCount];
        var inBuffer = ArrayPool<float>.Shared.Rent((int)inElements);
        try
        {
            // Not cleared: the first pass writes every frame of every stem before any is added to (see Accumulate).
            for (var s = 0; s < stemCount; s++) stems[s] = AudioBuffer.CreateUninitialized(channels, work.Frames, work.SampleRate, work.Budget);
            progress?.Report(AugmentProgress.Items(Stage, 0, total));
            long done = 0;
            var pipelined = work.Budget.MaxThreads > 1;
            for (var pass = 0; pass < offsets.Length; pass++)
                done = RunPass(work, channels, offsets[pass], pass == 0, plans[pass], batch, inBuffer, pipelined, stems, done, total, progress, cancellationToken);
            if (offsets.Length > 1)
            {
                var scale = 1f / offsets.Length;
                foreach (var stem in stems) TensorPrimitives.Multiply(stem.Data, scale, stem.Data);
            }
            return stems;
        }
        catch
        {
            foreach (var stem in stems) stem?.Dispose();
            throw;
        }
        finally
        {
            ArrayPool<float>.Shared.Return(inBuffer);
        }
    }

    /// <summary>
    /// One pass over the mix delayed by <paramref name="offset"/> frames: virtual position <c>p</c> holds mix frame
    /// <c>p − offset</c> (silence before the mix), and the chunk output at <c>p</c> lands on stem frame <c>p − offset</c>,
    /// which undoes the delay.
    /// <para>
    /// Pipelined (when the budget allows a second thread), the model runs batch after batch on this thread while a worker
    /// accumulates the previous batch's output into the stems, so the runner's largest cost hides behind the model's
    /// (two outputs are alive at a time). Batches are accumulated strictly in order, which
    /// the uncleared first pass needs. Otherwise the same steps run one after another.
    /// </para>
    /// </summary>
    private long RunPass(AudioBuffer work, int channels, int offset, bool firstPass, SeparationChunkPlan plan, int batch, float[] inBuffer, bool pipelined,
        AudioBuffer[] stems, long done, long total, IProgress<AugmentProgress>? progress, CancellationToken cancellationToken)
    {
        var weights = ArrayPool<float>.Shared.Rent(plan.ValidLength);
        Task? accumulating = null;
        IDisposableReadOnlyCollection<OrtValue>? results = null;
        try
        {
            for (var first = 0; first < plan.Count; first += batch)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var count = Math.Min(batch, plan.Count - first);
                var runBatch = Fill(work, channels, offset, plan, first, count, batch, inBuffer);
                results = RunModel(inBuffer, runBatch, channels, plan.ChunkLength, cancellationToken);
                CheckOutputShape(results[0].GetTensorTypeAndShape().Shape, runBatch, channels, plan.ChunkLength);
                // The previous batch must be in the stems before this one adds to them.
                accumulating?.GetAwaiter().GetResult();
                accumulating = null;
                cancellationToken.ThrowIfCancellationRequested();
                var batchResults = results;
                var batchFirst = first;
                var batchDone = done;
                results = null;
                if (pipelined)
                {
                    accumulating = Task.Run(() => AccumulateBatch(batchResults, plan, batchFirst, count, offset, stems, weights, firstPass, batchDone, total, progress), CancellationToken.None);
                }
                else
                {
                    AccumulateBatch(batchResults, plan, batchFirst, count, offset, stems, weights, firstPass, batchDone, total, progress);
                }
                done += count;
            }
            accumulating?.GetAwaiter().GetResult();
            accumulating = null;
        }
        finally
        {
            results?.Dispose();
            // On failure a worker may still write the stems and read the weights: let it finish before they are released.
            if (accumulating is not null)
            {
                try
                {
                    accumulating.GetAwaiter().GetResult();
                }
                catch (Exception)
                {
                    // The failure being propagated is the one to report.
                }
            }
            ArrayPool<float>.Shared.Return(weights);
        }
        return done;
    }

    /// <summary>Adds one batch's output into the stems, reports each chunk, and releases the output.</summary>
    private static void AccumulateBatch(IDisposableReadOnlyCollection<OrtValue> results, SeparationChunkPlan plan, int first, int count, int offset,
        AudioBuffer[] stems, float[] weights, bool firstPass, long done, long total, IProgress<AugmentProgress>? progress)
    {
        using (results)
        {
            var chunkValues = stems.Length * stems[0].Channels * plan.ChunkLength;
            var output = results[0].GetTensorDataAsSpan<float>();
            for (var b = 0; b < count; b++)
            {
                Accumulate(output.Slice(b * chunkValues, chunkValues), plan, first + b, offset, plan.ChunkLength, stems, weights.AsSpan(0, plan.ValidLength), firstPass);
                progress?.Report(AugmentProgress.Items(Stage, ++done, total));
            }
        }
    }

    /// <summary>Copies the <paramref name="count"/> chunks from <paramref name="first"/> into <paramref name="buffer"/>; returns the batch size to run.</summary>
    private int Fill(AudioBuffer work, int channels, int offset, SeparationChunkPlan plan, int first, int count, int batch, float[] buffer)
    {
        var chunkLength = plan.ChunkLength;
        var chunkElements = channels * chunkLength;
        // A fixed batch axis runs whole batches: spare slots run on silence.
        var runBatch = _input.Dims[0].IsFixed ? batch : count;
        for (var b = 0; b < runBatch; b++)
        {
            var slot = buffer.AsSpan(b * chunkElements, chunkElements);
            if (b >= count)
            {
                slot.Clear();
                continue;
            }
            var start = plan.Positions[first + b];
            for (var c = 0; c < channels; c++)
                CopyChunk(work.Channel(work.Channels == 1 ? 0 : c), start - offset, slot.Slice(c * chunkLength, chunkLength));
        }
        return runBatch;
    }

    private IDisposableReadOnlyCollection<OrtValue> RunModel(float[] buffer, int runBatch, int channels, int chunkLength, CancellationToken cancellationToken)
    {
        using var inValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance,
            buffer.AsMemory(0, runBatch * channels * chunkLength), [runBatch, channels, chunkLength]);
        return Model.Run(new Dictionary<string, OrtValue> { [_input.Name] = inValue }, [_output.Name], cancellationToken);
    }

    /// <summary>Copies <c>destination.Length</c> frames from <paramref name="from"/> (may be negative or run past the end: silence there).</summary>
    private static void CopyChunk(ReadOnlySpan<float> source, int from, Span<float> destination)
    {
        var lo = Math.Max(0, -from);
        var hi = Math.Min(destination.Length, source.Length - from);
        if (hi <= lo)
        {
            destination.Clear();
            return;
        }
        destination[..lo].Clear();
        source.Slice(from + lo, hi - lo).CopyTo(destination[lo..hi]);
        destination[hi..].Clear();
    }

    private static void Accumulate(ReadOnlySpan<float> chunk, SeparationChunkPlan plan, int k, int offset, int chunkLength, AudioBuffer[] stems, Span<float> weights, bool firstPass)
    {
        plan.WeightsOf(k, weights);
        var start = plan.Positions[k] - offset;
        var frames = stems[0].Frames;
        // Only the part that maps inside the mix: the delay's leading silence and padding past the end are dropped.
        var lo = Math.Max(0, -start);
        var hi = Math.Min(plan.ValidLength, frames - start);
        if (hi <= lo) return;
        // The first pass writes the stems, which start uncleared: offsets before the alone range were written by the
        // previous chunk (multiply-add onto them); the alone range (weight 1) is copied; offsets after it are not yet
        // covered by any chunk (written as weight × value, the next chunk adds to them). Later passes add everywhere.
        var (aloneFrom, aloneTo) = plan.AloneRange(k);
        aloneFrom = Math.Clamp(aloneFrom, lo, hi);
        aloneTo = Math.Clamp(aloneTo, aloneFrom, hi);
        var channels = stems[0].Channels;
        for (var s = 0; s < stems.Length; s++)
        {
            for (var c = 0; c < channels; c++)
            {
                // Chunk offset i maps to stem frame start + i; both views start at offset lo.
                var source = chunk.Slice((s * channels + c) * chunkLength + lo, hi - lo);
                var stem = stems[s].Channel(c).Slice(start + lo, hi - lo);
                var w = weights[lo..hi];
                int a = aloneFrom - lo, b = aloneTo - lo, n = hi - lo;
                MultiplyAdd(source[..a], w[..a], stem[..a]);
                if (firstPass)
                {
                    source[a..b].CopyTo(stem[a..b]);
                    TensorPrimitives.Multiply(source[b..n], w[b..n], stem[b..n]);
                }
                else
                {
                    TensorPrimitives.Add(source[a..b], stem[a..b], stem[a..b]);
                    MultiplyAdd(source[b..n], w[b..n], stem[b..n]);
                }
            }
        }
    }

    private static void MultiplyAdd(ReadOnlySpan<float> values, ReadOnlySpan<float> weights, Span<float> destination) =>
        TensorPrimitives.MultiplyAdd(values, weights, destination, destination);

    private void CheckOutputShape(long[] shape, int batch, int channels, int chunkLength)
    {
        var stems = Options.StemNames.Count;
        if (shape.Length != 4 || shape[0] != batch || shape[1] != stems || shape[2] != channels || shape[3] != chunkLength)
            throw new ModelSignatureException(
                $"Model '{Model.Source}': output '{_output.Name}' has shape [{string.Join(", ", shape)}] for [{batch}, {channels}, {chunkLength}] input; " +
                $"expected [{batch}, {stems}, {channels}, {chunkLength}] ({stems} stems: {string.Join(", ", Options.StemNames)}).");
    }

}
