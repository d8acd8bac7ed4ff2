using System.CommandLine;

namespace Augment.Cli.Commands;

/// <summary><c>augment credentials</c>: C2PA Content Credentials verbs from Augment.Provenance (sign, verify, show, test-ca).</summary>
internal static class CredentialsCommand
{
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new Command("credentials", "C2PA Content Credentials: sign a JPEG, PNG, WAV, WebP or MP4/MOV file (or any file into a sidecar), verify its manifest, show its history.")
        {
            CredentialsSignCommand.Create(context),
            CredentialsVerifyCommand.Create(context),
            CredentialsShowCommand.Create(context),
            CredentialsTestCaCommand.Create(context),
        };
    }
}
