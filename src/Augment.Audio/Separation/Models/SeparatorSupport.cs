using Microsoft.ML.OnnxRuntime.Tensors;

namespace Augment.Audio;

/// <summary>What both model separators share: signature look-ups, rate and channel adaptation, mono fold-back.</summary>
internal static class SeparatorSupport
{
    public static TensorInfo ResolveInput(OnnxModel model, string? name, string runner)
    {
        if (name is null)
        {
            if (model.Inputs.Count != 1)
                throw new ModelSignatureException($"Model '{model.Source}' has {model.Inputs.Count} inputs; {runner} feeds one, so name it in the options (InputName).");
            return model.Inputs[0];
        }
        foreach (var input in model.Inputs)
            if (input.Name == name) return input;
        throw new ModelSignatureException($"Model '{model.Source}' has no input '{name}'.");
    }

    public static TensorInfo ResolveOutput(OnnxModel model, string? name)
    {
        if (name is null)
        {
            if (model.Outputs.Count == 0) throw new ModelSignatureException($"Model '{model.Source}' declares no outputs.");
            return model.Outputs[0];
        }
        foreach (var output in model.Outputs)
            if (output.Name == name) return output;
        throw new ModelSignatureException($"Model '{model.Source}' has no output '{name}'.");
    }

    public static void RequireFloat(OnnxModel model, TensorInfo info, int rank, string side, string layout)
    {
        if (info.ElementType != TensorElementType.Float || info.Rank != rank)
            throw new ModelSignatureException($"Model '{model.Source}': {side} '{info.Name}' is {info.ElementType}[{string.Join(", ", info.Dims)}]; the runner needs Float {layout} (rank {rank}).");
    }

    /// <summary>Checks a declared stem axis against the requested names (dynamic axes are checked at the first run).</summary>
    public static void CheckStemDim(OnnxModel model, TensorInfo output, IReadOnlyList<string> names)
    {
        var dim = output.Dims[1];
        if (dim.IsFixed && dim.Size != names.Count)
            throw new ModelSignatureException($"Model '{model.Source}': output '{output.Name}' has {dim.Size} stems but {names.Count} stem names were given ({string.Join(", ", names)}).");
    }

    /// <summary>The mix at the model's rate (the same buffer when the rates agree; the caller disposes a different one).</summary>
    public static AudioBuffer ToModelRate(AudioBuffer mix, int modelRate, bool resample, CancellationToken cancellationToken)
    {
        if (mix.SampleRate == modelRate) return mix;
        if (!resample)
            throw new ArgumentException($"The mix is at {mix.SampleRate} Hz but the model runs at {modelRate} Hz; resample it or allow ResampleToModelRate.", nameof(mix));
        return Resampler.Resample(mix, modelRate, ResamplerQuality.High, cancellationToken);
    }

    /// <summary>The model's channel count for a mix: its fixed channel axis, else the mix's channels.</summary>
    public static int ModelChannels(OnnxModel model, TensorInfo input, int channelAxis, int mixChannels)
    {
        var dim = input.Dims[channelAxis];
        if (!dim.IsFixed) return mixChannels;
        if (dim.Size == mixChannels || mixChannels == 1) return (int)dim.Size;
        throw new ArgumentException($"The mix has {mixChannels} channels but model '{model.Source}' takes {dim.Size}; only mono is adapted (duplicated), so downmix the mix first.", nameof(mixChannels));
    }

    /// <summary>
    /// Brings a stem computed at the model's rate and channel count back to the mix's: channels averaged to mono when the
    /// mix was mono, resampled to the mix's rate, and cut or zero-padded to the mix's length.
    /// </summary>
    public static AudioBuffer BackToMix(AudioBuffer stem, AudioBuffer mix, CancellationToken cancellationToken)
    {
        var current = stem;
        if (mix.Channels == 1 && current.Channels > 1)
        {
            var mono = AudioBuffer.Create(1, current.Frames, current.SampleRate, current.Budget);
            var target = mono.Channel(0);
            for (var c = 0; c < current.Channels; c++)
                System.Numerics.Tensors.TensorPrimitives.Add(target, current.Channel(c), target);
            System.Numerics.Tensors.TensorPrimitives.Multiply(target, 1f / current.Channels, target);
            current.Dispose();
            current = mono;
        }
        if (current.SampleRate != mix.SampleRate)
        {
            var resampled = Resampler.Resample(current, mix.SampleRate, ResamplerQuality.High, cancellationToken);
            current.Dispose();
            current = resampled;
        }
        if (current.Frames == mix.Frames) return current;
        var fitted = AudioBuffer.Create(current.Channels, mix.Frames, mix.SampleRate, mix.Budget);
        var n = Math.Min(current.Frames, mix.Frames);
        for (var c = 0; c < current.Channels; c++)
            current.Channel(c)[..n].CopyTo(fitted.Channel(c));
        current.Dispose();
        return fitted;
    }

    public static StemSet Finish(IReadOnlyList<string> names, AudioBuffer[] stems, AudioBuffer mix, CancellationToken cancellationToken)
    {
        try
        {
            for (var s = 0; s < stems.Length; s++)
            {
                var back = BackToMix(stems[s], mix, cancellationToken);
                stems[s] = back;
            }
            return new StemSet(names, stems);
        }
        catch
        {
            foreach (var stem in stems) stem?.Dispose();
            throw;
        }
    }
}
