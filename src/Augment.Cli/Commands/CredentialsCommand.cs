using System.CommandLine;

namespace Augment.Cli.Commands;

/// <summary><c>augment credentials</c>: C2PA Content Credentials verbs from Augment.Provenance (sign, verify, show, test-ca).</summary>
internal static class CredentialsCommand
{
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new Command("credentials", "C2PA Content Credentials: sign a JPEG, PNG or WAV file, verify its manifest, show its history.")
        {
            CredentialsSignCommand.Create(context),
            CredentialsVerifyCommand.Create(context),
            CredentialsShowCommand.Create(context),
            CredentialsTestCaCommand.Create(context),
        };
    }
}
