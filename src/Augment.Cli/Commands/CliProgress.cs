using Spectre.Console;

namespace Augment.Cli.Commands;

/// <summary>One progress bar around a single long library call, shown only on an interactive terminal.</summary>
internal static class CliProgress
{
    /// <summary>Runs <paramref name="work"/> under a progress bar named <paramref name="stage"/> when the terminal is interactive; with no reporter otherwise.</summary>
    public static T Run<T>(CliContext context, string stage, Func<IProgress<AugmentProgress>?, T> work)
    {
        if (!context.Console.Profile.Capabilities.Interactive)
            return work(null);
        T result = default!;
        context.Console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(progress =>
            {
                var bar = progress.AddTask(stage, maxValue: 1);
                result = work(new Progress<AugmentProgress>(p => bar.Value = Math.Clamp(p.Fraction, 0, 1)));
                bar.Value = 1;
            });
        return result;
    }
}
