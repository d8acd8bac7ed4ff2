using System.Diagnostics;
using Spectre.Console;

namespace Augment.Cli.Demo;

/// <summary>
/// Runs demo steps one after another under a Spectre progress display (one bar per step), times
/// each, and wraps a step's failure in a <see cref="DemoStepException"/> that names the step.
/// </summary>
internal static class DemoRunner
{
    public static async Task<IReadOnlyList<DemoStepResult>> RunAsync(IAnsiConsole console, IReadOnlyList<IDemoStep> steps, DemoContext context)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(steps);
        ArgumentNullException.ThrowIfNull(context);
        var results = new List<DemoStepResult>(steps.Count);
        if (!console.Profile.Capabilities.Interactive)
        {
            // Redirected output (a log, a test): no live bars, whose fallback prints stray percentages.
            for (var i = 0; i < steps.Count; i++)
                results.Add(await RunStepAsync(steps[i], context, SilentProgress.Instance).ConfigureAwait(false));
            return results;
        }
        await console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async progress =>
            {
                var bars = new ProgressTask[steps.Count];
                for (var i = 0; i < steps.Count; i++)
                    bars[i] = progress.AddTask(Markup.Escape(steps[i].Name), autoStart: false, maxValue: 1);
                for (var i = 0; i < steps.Count; i++)
                {
                    bars[i].StartTask();
                    try
                    {
                        results.Add(await RunStepAsync(steps[i], context, new BarProgress(bars[i])).ConfigureAwait(false));
                        bars[i].Value = bars[i].MaxValue;
                    }
                    finally
                    {
                        bars[i].StopTask();
                    }
                }
            }).ConfigureAwait(false);
        return results;
    }

    private static async Task<DemoStepResult> RunStepAsync(IDemoStep step, DemoContext context, IProgress<AugmentProgress> progress)
    {
        context.CancellationToken.ThrowIfCancellationRequested();
        context.Progress = progress;
        var clock = Stopwatch.StartNew();
        try
        {
            var result = await step.RunAsync(context).ConfigureAwait(false);
            return result with { Elapsed = clock.Elapsed };
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw DemoStepException.ForStep(step.Name, ex);
        }
        finally
        {
            context.Progress = SilentProgress.Instance;
        }
    }

    /// <summary>Moves one Spectre bar; Spectre's tasks lock internally, so any thread may report.</summary>
    private sealed class BarProgress(ProgressTask bar) : IProgress<AugmentProgress>
    {
        public void Report(AugmentProgress value) => bar.Value = Math.Clamp(value.Fraction, 0, 1) * bar.MaxValue;
    }
}
