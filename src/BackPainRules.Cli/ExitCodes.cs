namespace BackPainRules.Cli;

/// <summary>The exit codes of SPEC §6.</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int Problems = 1;
    public const int Usage = 2;
}
