using System.Runtime.InteropServices;
using Augment.Cli;

// Ctrl+C and SIGTERM cancel the token that every command passes down to the SDK; the command then
// unwinds (atomic writes delete their temporary files) and the process exits with 130. A second
// Ctrl+C is not intercepted, so an unresponsive run can still be killed.
using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    if (cancellation.IsCancellationRequested) return;
    e.Cancel = true;
    cancellation.Cancel();
};
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    cancellation.Cancel();
});

return await new CliApp(CliContext.ForTerminal()).RunAsync(args, cancellation.Token);
