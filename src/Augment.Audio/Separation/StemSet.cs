namespace Augment.Audio;

/// <summary>
/// The named stems a separation produced: aligned buffers of one sample rate, channel count and length, so that
/// they can be written side by side and summed back into (an estimate of) the mix. Owns its buffers.
/// </summary>
public sealed class StemSet : IDisposable
{
    private readonly string[] _names;
    private readonly AudioBuffer[] _stems;

    /// <summary>Takes ownership of <paramref name="stems"/>, named by <paramref name="names"/> (same order).</summary>
    /// <exception cref="ArgumentException">Counts differ, a name is empty, repeated or not a safe file name, or the buffers are not aligned.</exception>
    public StemSet(IReadOnlyList<string> names, IReadOnlyList<AudioBuffer> stems)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(stems);
        if (names.Count == 0) throw new ArgumentException("A stem set needs at least one stem.", nameof(stems));
        if (names.Count != stems.Count)
            throw new ArgumentException($"{names.Count} names were given for {stems.Count} stems.", nameof(names));
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < names.Count; i++)
        {
            var name = names[i];
            if (string.IsNullOrWhiteSpace(name) || name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || name.Contains('/') || name.Contains('\\') || name is "." or "..")
                throw new ArgumentException($"Stem name '{name}' is not usable as a file name.", nameof(names));
            if (!seen.Add(name)) throw new ArgumentException($"Stem name '{name}' appears twice.", nameof(names));
            ArgumentNullException.ThrowIfNull(stems[i]);
            var s = stems[i];
            var first = stems[0];
            if (s.SampleRate != first.SampleRate || s.Channels != first.Channels || s.Frames != first.Frames)
                throw new ArgumentException($"Stem '{name}' is {s}; stem '{names[0]}' is {first}: stems must share rate, channels and length.", nameof(stems));
        }
        _names = [.. names];
        _stems = [.. stems];
    }

    /// <summary>Number of stems.</summary>
    public int Count => _stems.Length;

    /// <summary>Stem names in order (e.g. <c>harmonic</c>, <c>percussive</c>; or <c>drums</c>, <c>bass</c>, <c>other</c>, <c>vocals</c>).</summary>
    public IReadOnlyList<string> Names => _names;

    /// <summary>Sample rate shared by every stem, in Hz.</summary>
    public int SampleRate => _stems[0].SampleRate;

    /// <summary>Channel count shared by every stem.</summary>
    public int Channels => _stems[0].Channels;

    /// <summary>Length shared by every stem, in frames.</summary>
    public int Frames => _stems[0].Frames;

    /// <summary>The stem at <paramref name="index"/>.</summary>
    public AudioBuffer this[int index] => _stems[index];

    /// <summary>The stem called <paramref name="name"/> (case-insensitive).</summary>
    /// <exception cref="KeyNotFoundException">No stem has that name.</exception>
    public AudioBuffer this[string name]
    {
        get
        {
            for (var i = 0; i < _names.Length; i++)
                if (string.Equals(_names[i], name, StringComparison.OrdinalIgnoreCase)) return _stems[i];
            throw new KeyNotFoundException($"No stem is called '{name}'; the stems are {string.Join(", ", _names)}.");
        }
    }

    /// <summary>The sum of all stems: for a mask or residual method, the mix again (up to rounding).</summary>
    public AudioBuffer Sum()
    {
        var sum = AudioBuffer.Create(Channels, Frames, SampleRate, _stems[0].Budget);
        var total = sum.Data;
        foreach (var stem in _stems)
            System.Numerics.Tensors.TensorPrimitives.Add(total, stem.Data, total);
        return sum;
    }

    /// <summary>
    /// Writes every stem as <c>&lt;folder&gt;/&lt;name&gt;.wav</c> (created atomically; the folder is created when missing)
    /// and returns the paths in stem order.
    /// </summary>
    public IReadOnlyList<string> SaveWav(string folder, WavWriteOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        Directory.CreateDirectory(folder);
        var paths = new string[_stems.Length];
        for (var i = 0; i < _stems.Length; i++)
        {
            paths[i] = Path.Combine(folder, _names[i] + ".wav");
            AudioFile.SaveWav(_stems[i], paths[i], options);
        }
        return paths;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var stem in _stems) stem.Dispose();
    }
}
