using System.Diagnostics;
using System.Text;

namespace Augment.Audio;

/// <summary>
/// Decodes any format ffmpeg reads (FLAC, AAC, Opus, Vorbis, a video's sound...) by running ffmpeg as a
/// child process that pipes float32 WAV to this process; the first audio stream is read. Needs ffmpeg:
/// an explicit path, else the one <see cref="FfmpegLocator"/> finds (<c>AUGMENT_FFMPEG</c>, then PATH).
/// Memory stays constant; disposing the reader stops the process.
/// </summary>
public sealed class FfmpegAudioReader : IAudioSource
{
    private readonly Process _process;
    private readonly WavReader _wav;
    private readonly StringBuilder _errors = new();
    private readonly string _path;
    private bool _disposed;

    /// <summary>Starts ffmpeg on a file and reads the header of its output.</summary>
    /// <param name="path">Any file ffmpeg can decode.</param>
    /// <param name="ffmpegPath">The ffmpeg executable or its folder; null searches <c>AUGMENT_FFMPEG</c>, then PATH (see <see cref="FfmpegLocator"/>).</param>
    /// <exception cref="FileNotFoundException">The file is missing.</exception>
    /// <exception cref="FfmpegNotFoundException">ffmpeg is not where the path, the environment or PATH point.</exception>
    /// <exception cref="InvalidMediaException">ffmpeg could not decode the file (its error output is in the message).</exception>
    public FfmpegAudioReader(string path, string? ffmpegPath = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"Audio file '{path}' does not exist.", path);
        var ffmpeg = FfmpegLocator.RequireFfmpeg(ffmpegPath);
        _path = path;
        var start = new ProcessStartInfo(ffmpeg)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["-nostdin", "-hide_banner", "-loglevel", "error", "-i", Path.GetFullPath(path), "-map", "0:a:0", "-vn", "-sn", "-dn", "-bitexact", "-c:a", "pcm_f32le", "-f", "wav", "-"])
            start.ArgumentList.Add(argument);
        _process = Process.Start(start) ?? throw new InvalidOperationException($"ffmpeg ('{ffmpeg}') did not start.");
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (_errors)
            {
                if (_errors.Length < 8192) _errors.AppendLine(e.Data);
            }
        };
        _process.BeginErrorReadLine();
        try
        {
            _wav = new WavReader(_process.StandardOutput.BaseStream, path, leaveOpen: true);
        }
        catch (AugmentException e)
        {
            StopProcess();
            throw new InvalidMediaException($"ffmpeg could not decode '{path}': {ErrorText()}", e);
        }
    }

    /// <inheritdoc />
    public AudioFormat Format => _wav.Format;

    /// <summary>Always <c>null</c>: the pipe does not say in advance.</summary>
    public long? LengthFrames => null;

    /// <inheritdoc />
    public int Read(Span<float> destination, int frames)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var n = _wav.Read(destination, frames);
        if (n == 0 && frames > 0)
        {
            _process.WaitForExit();
            if (_process.ExitCode != 0)
                throw new InvalidMediaException($"ffmpeg stopped decoding '{_path}' after {_wav.PositionFrames} frames (exit code {_process.ExitCode}): {ErrorText()}");
        }
        return n;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _wav?.Dispose();
        StopProcess();
    }

    /// <inheritdoc />
    public override string ToString() => $"ffmpeg {Format} '{_path}'";

    private void StopProcess()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
    }

    private string ErrorText()
    {
        try { _process.WaitForExit(5000); }
        catch (InvalidOperationException) { }
        lock (_errors) return _errors.Length == 0 ? "no error output" : _errors.ToString().Trim();
    }
}
