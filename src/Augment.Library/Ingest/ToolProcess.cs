using System.ComponentModel;
using System.Diagnostics;

namespace Augment.Library;

/// <summary>
/// One ffmpeg or ffprobe run with stdout as a pipe, stderr drained on its own task (a full stderr pipe would block
/// the tool while we wait on stdout) keeping the last lines for messages, and the process tree killed on
/// cancellation or disposal. Vision's own runner is internal to Vision; this is the scanner's small copy of the idea.
/// </summary>
internal sealed class ToolProcess : IDisposable
{
    private const int KeptLines = 6;

    private readonly Process _process;
    private readonly Task _errorPump;
    private readonly Queue<string> _lastLines = new();
    private bool _disposed;

    private ToolProcess(Process process)
    {
        _process = process;
        _errorPump = Task.Run(PumpErrors);
    }

    public Stream Output => _process.StandardOutput.BaseStream;

    public int ErrorLineCount { get; private set; }

    public string LastErrors
    {
        get
        {
            _errorPump.Wait(TimeSpan.FromSeconds(5));
            lock (_lastLines)
                return _lastLines.Count == 0 ? "(no message)" : string.Join(" | ", _lastLines);
        }
    }

    public static ToolProcess Start(string executable, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        try
        {
            var process = Process.Start(start) ?? throw new FfmpegNotFoundException($"'{executable}' could not be started.");
            return new ToolProcess(process);
        }
        catch (Win32Exception ex)
        {
            throw new FfmpegNotFoundException($"'{executable}' could not be started: {ex.Message}.", ex);
        }
    }

    public int WaitForExit()
    {
        _process.WaitForExit();
        _errorPump.Wait(TimeSpan.FromSeconds(5));
        return _process.ExitCode;
    }

    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
                _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        catch (Win32Exception)
        {
            // Exiting while we asked.
        }
    }

    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        Kill();
        _process.Dispose();
    }

    private async Task PumpErrors()
    {
        string? line;
        while ((line = await _process.StandardError.ReadLineAsync().ConfigureAwait(false)) is not null)
        {
            if (line.Length == 0)
                continue;
            lock (_lastLines)
            {
                ErrorLineCount++;
                _lastLines.Enqueue(line);
                if (_lastLines.Count > KeptLines)
                    _lastLines.Dequeue();
            }
        }
    }
}
