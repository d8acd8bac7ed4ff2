using System.Buffers;

namespace Augment.Audio;

/// <summary>
/// BSS-Eval version 4 as museval defines it for SiSEC 2018 (Liutkus, Stöter and Ito 2018), the images variant of
/// Vincent, Gribonval and Févotte (2006): each estimate is decomposed into the true source image, a spatial (filtering)
/// distortion, interference from the other sources and artifacts, by least-squares projection on delayed copies of
/// the references. Version 4 computes the multichannel distortion filters once over the whole track, then scores
/// windows (1 s, hop 1 s by default); a window where any reference or estimate is silent is NaN for every source, and
/// the headline number per source is the median over the other windows.
/// </summary>
/// <example>
/// <code>
/// using var estimates = separator.Separate(mix);
/// var report = BssEval.EvaluateAgainstFolder(estimates, "references/");
/// Console.Write(report.ToTable());
/// </code>
/// </example>
public static class BssEval
{
    /// <summary>
    /// Scores <paramref name="estimates"/> against <paramref name="references"/>; stems are paired by name
    /// (case-insensitive) and reported in the estimates' order.
    /// </summary>
    /// <exception cref="ArgumentException">Stem names do not pair up, the sets differ in sample rate, channels or length,
    /// or a whole reference or estimate is silent (museval refuses those too).</exception>
    public static BssEvalReport Evaluate(StemSet references, StemSet estimates, BssEvalOptions? options = null,
        IProgress<AugmentProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(references);
        ArgumentNullException.ThrowIfNull(estimates);
        var ordered = new AudioBuffer[estimates.Count];
        for (var i = 0; i < estimates.Count; i++)
        {
            var index = IndexOf(references.Names, estimates.Names[i]);
            if (index < 0)
                throw new ArgumentException($"Estimate '{estimates.Names[i]}' has no reference of that name; the references are {string.Join(", ", references.Names)}.", nameof(references));
            ordered[i] = references[index];
        }
        foreach (var name in references.Names)
            if (IndexOf(estimates.Names, name) < 0)
                throw new ArgumentException($"Reference '{name}' has no estimate of that name; the estimates are {string.Join(", ", estimates.Names)}.", nameof(estimates));
        var est = new AudioBuffer[estimates.Count];
        for (var i = 0; i < est.Length; i++) est[i] = estimates[i];
        return Evaluate(estimates.Names, ordered, est, options, progress, cancellationToken);
    }

    /// <summary>
    /// Scores <paramref name="estimates"/>[j] against <paramref name="references"/>[j] for every source j; all buffers
    /// must share sample rate, channel count and length.
    /// </summary>
    /// <param name="names">Source names for the report, one per pair.</param>
    /// <param name="references">True source images.</param>
    /// <param name="estimates">Estimated source images, in the same order.</param>
    /// <param name="options">Window, hop and filter length; museval's defaults when null.</param>
    /// <param name="progress">Receives stage reports.</param>
    /// <param name="cancellationToken">Stops the evaluation.</param>
    /// <exception cref="ArgumentException">Counts or shapes differ, or a whole reference or estimate is silent.</exception>
    public static BssEvalReport Evaluate(IReadOnlyList<string> names, IReadOnlyList<AudioBuffer> references, IReadOnlyList<AudioBuffer> estimates,
        BssEvalOptions? options = null, IProgress<AugmentProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(references);
        ArgumentNullException.ThrowIfNull(estimates);
        options ??= new BssEvalOptions();
        if (references.Count == 0) throw new ArgumentException("At least one reference source is needed.", nameof(references));
        if (references.Count != estimates.Count)
            throw new ArgumentException($"{references.Count} references were given for {estimates.Count} estimates.", nameof(estimates));
        if (names.Count != references.Count)
            throw new ArgumentException($"{names.Count} names were given for {references.Count} sources.", nameof(names));
        var first = references[0];
        ArgumentNullException.ThrowIfNull(first, nameof(references));
        for (var j = 0; j < references.Count; j++)
        {
            Check(references[j], first, $"reference '{names[j]}'", nameof(references), names[0]);
            Check(estimates[j], first, $"estimate '{names[j]}'", nameof(estimates), names[0]);
        }
        for (var j = 0; j < references.Count; j++)
        {
            if (BssEvalKernels.IsSilent(references[j], 0, first.Frames))
                throw new ArgumentException($"Reference '{names[j]}' is silent over the whole track (its channels sum to zero everywhere), which makes the decomposition ambiguous.", nameof(references));
            if (BssEvalKernels.IsSilent(estimates[j], 0, first.Frames))
                throw new ArgumentException($"Estimate '{names[j]}' is silent over the whole track (its channels sum to zero everywhere); BSS-Eval cannot score an empty estimate.", nameof(estimates));
        }
        return new BssEvalComputation(names, references, estimates, options, progress, cancellationToken).Run();
    }

    /// <summary>
    /// Loads <c>&lt;folder&gt;/&lt;name&gt;.wav</c> for every name of <paramref name="estimates"/> (file names matched
    /// case-insensitively) and scores the estimates against them.
    /// </summary>
    /// <exception cref="ArgumentException">A reference is missing, the folder holds WAV files no estimate names, or the
    /// references differ from the estimates in sample rate, channels or length.</exception>
    public static BssEvalReport EvaluateAgainstFolder(StemSet estimates, string referenceFolder, BssEvalOptions? options = null,
        IProgress<AugmentProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(estimates);
        options ??= new BssEvalOptions();
        using var references = LoadReferences(referenceFolder, estimates.Names, options.Budget, cancellationToken);
        if (references.SampleRate != estimates.SampleRate)
            throw new ArgumentException($"The references in {referenceFolder} are at {references.SampleRate} Hz but the estimates at {estimates.SampleRate} Hz; resample one side first.", nameof(referenceFolder));
        return Evaluate(references, estimates, options, progress, cancellationToken);
    }

    /// <summary>
    /// Loads the reference stems <c>&lt;folder&gt;/&lt;name&gt;.wav</c> for <paramref name="names"/> (case-insensitive),
    /// as a stem set in the order of <paramref name="names"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The folder is missing, a name has no file, the folder holds other WAV files,
    /// or the files differ in sample rate, channels or length.</exception>
    public static StemSet LoadReferences(string folder, IReadOnlyList<string> names, ComputeBudget? budget = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        ArgumentNullException.ThrowIfNull(names);
        if (!Directory.Exists(folder)) throw new ArgumentException($"Reference folder {folder} does not exist.", nameof(folder));
        var files = Directory.GetFiles(folder, "*", SearchOption.TopDirectoryOnly);
        var byName = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var file in files)
        {
            if (!string.Equals(Path.GetExtension(file), ".wav", StringComparison.OrdinalIgnoreCase)) continue;
            var stem = Path.GetFileNameWithoutExtension(file);
            if (!byName.TryAdd(stem, file))
                throw new ArgumentException($"Reference folder {folder} holds both {Path.GetFileName(byName[stem])} and {Path.GetFileName(file)}; stem names are compared case-insensitively.", nameof(folder));
        }
        var paths = new string[names.Count];
        for (var i = 0; i < names.Count; i++)
            if (!byName.TryGetValue(names[i], out paths[i]!))
                throw new ArgumentException($"Reference folder {folder} has no {names[i]}.wav (it holds {Describe(byName.Keys)}).", nameof(names));
        foreach (var stem in byName.Keys)
            if (IndexOf(names, stem) < 0)
                throw new ArgumentException($"Reference folder {folder} holds {stem}.wav, which no estimate is called (the estimates are {string.Join(", ", names)}).", nameof(folder));
        var buffers = new List<AudioBuffer>(names.Count);
        try
        {
            foreach (var path in paths)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var buffer = AudioFile.Load(path, budget, cancellationToken);
                buffers.Add(buffer);
                var head = buffers[0];
                if (buffer.SampleRate != head.SampleRate)
                    throw new ArgumentException($"Reference {Path.GetFileName(path)} is at {buffer.SampleRate} Hz but {Path.GetFileName(paths[0])} at {head.SampleRate} Hz.", nameof(folder));
                if (buffer.Channels != head.Channels || buffer.Frames != head.Frames)
                    throw new ArgumentException($"Reference {Path.GetFileName(path)} is {buffer}; {Path.GetFileName(paths[0])} is {head}: references must share channels and length.", nameof(folder));
            }
            return new StemSet(names, buffers);
        }
        catch
        {
            foreach (var b in buffers) b.Dispose();
            throw;
        }
    }

    private static string Describe(IEnumerable<string> stems)
    {
        var list = string.Join(", ", stems.Select(s => s + ".wav"));
        return list.Length == 0 ? "no WAV files" : list;
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (var i = 0; i < names.Count; i++)
            if (string.Equals(names[i], name, StringComparison.OrdinalIgnoreCase)) return i;
        return -1;
    }

    private static void Check(AudioBuffer buffer, AudioBuffer first, string what, string parameter, string firstName)
    {
        ArgumentNullException.ThrowIfNull(buffer, parameter);
        if (buffer.SampleRate != first.SampleRate)
            throw new ArgumentException($"The {what} is at {buffer.SampleRate} Hz but reference '{firstName}' at {first.SampleRate} Hz; BSS-Eval compares aligned signals of one rate.", parameter);
        if (buffer.Channels != first.Channels)
            throw new ArgumentException($"The {what} has {buffer.Channels} channels but reference '{firstName}' {first.Channels}.", parameter);
        if (buffer.Frames != first.Frames)
            throw new ArgumentException($"The {what} is {buffer.Frames} frames long but reference '{firstName}' {first.Frames}; trim or pad so that they align.", parameter);
    }
}
