using System.ComponentModel;
using System.Diagnostics;

namespace Augment.Vision;

/// <summary>
/// One running ffmpeg/ffprobe process with its error output drained on its own task (a full stderr
/// pipe would otherwise block the tool while we wait on stdout: the classic deadlock), the last error
/// lines kept for messages, and a kill of the whole process tree on cancellation or disposal.
/// </summary>
internal sealed class FfmpegProcess : IDisposable
{
    private const int KeptLines = 8;

    private readonly Process _process;
    private readonly Task _errorPump;
    private readonly Queue<string> _lastLines = new();
    private int _errorLineCount;
    private string? _lastLine;
    private bool _disposed;

    private FfmpegProcess(Process process)
    {
        _process = process;
        _errorPump = Task.Run(PumpErrors);
    }

    /// <summary>Starts <paramref name="executable"/> with <paramref name="arguments"/>.</summary>
    public static FfmpegProcess Start(string executable, IReadOnlyList<string> arguments, bool redirectInput, bool redirectOutput)
    {
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardInput = redirectInput,
            RedirectStandardOutput = redirectOutput,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        try
        {
            var process = Process.Start(start) ?? throw new FfmpegNotFoundException($"'{executable}' could not be started; {FfmpegNotFoundException.InstallHint}.");
            return new FfmpegProcess(process);
        }
        catch (Win32Exception ex)
        {
            throw new FfmpegNotFoundException($"'{executable}' could not be started ({ex.Message}); {FfmpegNotFoundException.InstallHint}.", ex);
        }
    }

    public Stream Input => _process.StandardInput.BaseStream;

    public Stream Output => _process.StandardOutput.BaseStream;

    /// <summary>The last few stderr lines, oldest first.</summary>
    public string[] LastErrorLines
    {
        get
        {
            lock (_lastLines)
                return [.. _lastLines];
        }
    }

    /// <summary>Number of lines the tool wrote to stderr (with <c>-loglevel error</c>: errors only).</summary>
    public int ErrorLineCount
    {
        get
        {
            lock (_lastLines)
                return _errorLineCount;
        }
    }

    /// <summary>The last few stderr lines joined with " | ", or a placeholder when there were none.</summary>
    public string LastErrors
    {
        get
        {
            var lines = LastErrorLines;
            return lines.Length == 0 ? "(no message)" : string.Join(" | ", lines);
        }
    }

    /// <summary>The last non-empty stderr line, or a placeholder when there was none.</summary>
    public string LastErrorLine
    {
        get
        {
            lock (_lastLines)
                return _lastLine ?? "(no error output)";
        }
    }

    /// <summary>Waits for the tool to exit and for its error output to be drained; returns the exit code.</summary>
    public int WaitForExit()
    {
        _process.WaitForExit();
        _errorPump.Wait();
        return _process.ExitCode;
    }

    /// <summary>Kills the process and everything it started, if still running.</summary>
    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
                _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Exited between the check and the kill.
        }
        catch (Win32Exception)
        {
            // Already exiting; nothing left to stop.
        }
    }

    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        Kill();
        try
        {
            _process.WaitForExit();
            _errorPump.Wait(TimeSpan.FromSeconds(5));
        }
        catch (InvalidOperationException)
        {
        }
        catch (AggregateException)
        {
        }
        _process.Dispose();
    }

    private async Task PumpErrors()
    {
        var reader = _process.StandardError;
        while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            if (line.Length == 0)
                continue;
            lock (_lastLines)
            {
                _errorLineCount++;
                _lastLine = line.Trim();
                _lastLines.Enqueue(_lastLine);
                if (_lastLines.Count > KeptLines)
                    _lastLines.Dequeue();
            }
        }
    }
}
