using System.CommandLine;
using BackPainRules.Cli.Options;
using BackPainRules.Compilation;
using BackPainRules.Evaluation;
using BackPainRules.Profiles;

namespace BackPainRules.Cli.Commands;

/// <summary><c>rules eval PROFILE... [--rules PATH]... [--format text|json] [--strict]</c></summary>
internal static class EvalCommand
{
    public static readonly string[] Examples =
    {
        "rules eval examples/profiles/pregnant-runner.json",
        "rules eval --explain examples/profiles/desk-worker-peloton.json",
        "rules eval --format json examples/profiles/club-batch.ndjson",
        "rules eval --rules my.rules --rules vocab.rules runner.json",
        "cat runners.ndjson | rules eval --format json -",
    };

    public static Command Create()
    {
        var profiles = new Argument<string[]>("PROFILE")
        {
            Description = "Profile files: a JSON object, a JSON array of objects, NDJSON (.ndjson/.jsonl), or - for NDJSON on stdin.",
            Arity = ArgumentArity.OneOrMore,
        };
        var rules = RulesOption.Create();
        profiles.Validators.Add(PathArguments.RejectUnknownOptions);
        var format = FormatOption.Create();
        var strict = new Option<bool>("--strict") { Description = "Treat profile keys that are not facts of the rule set as errors." };
        var explain = new Option<bool>("--explain")
        {
            Description = "Show the reasoning: the facts each fired rule read, what would decide each undetermined rule, and the rules behind each concluded fact.",
        };

        var command = new Command("eval", "Evaluate runner profiles against a rule set.") { profiles, rules, format, explain, strict };
        command.SetAction(parse => Run(
            parse.GetValue(profiles)!,
            parse.Paths(rules),
            parse.IsJson(format),
            parse.GetValue(explain),
            parse.GetValue(strict)));
        return command.WithExamples(Examples);
    }

    private static int Run(string[] profilePaths, string[] rulePaths, bool json, bool explain, bool strict)
    {
        // The byte path's hot code (NDJSON to JSON lines) compiles on another core while the rules load.
        if (json && !explain && profilePaths.Any(IsBatch)) BatchEvaluator.PrepareInBackground();
        if (RulesOption.Load(rulePaths) is not { } ruleSet) return ExitCodes.Problems;

        CompiledRuleSet compiled = ruleSet.Compile();
        bool anyBad = false;
        bool first = true;

        string Render(Profile profile)
        {
            if (json) return explain ? ExplanationFormatter.ToJson(compiled.Explain(profile)) : compiled.Evaluate(profile).ToJson();
            // The report is coloured as it is written, here on the evaluating thread, when stdout shows colour.
            var report = Terminal.ForStdout();
            if (explain) ExplanationFormatter.WriteText(compiled.Explain(profile), report);
            else ResultFormatter.WriteText(compiled.Evaluate(profile), compiled.AskNext(profile), report);
            return report.ToString();
        }

        void Emit(ProfileReadResult read, string? output)
        {
            if (output is null)
            {
                anyBad = true;
                foreach (var error in read.Diagnostics.Where(d => d.IsError)) Terminal.Error(error);
                return;
            }
            if (json)
            {
                Console.Out.WriteLine(output);
            }
            else
            {
                if (!first) Console.Out.WriteLine();
                Console.Out.Write(output);
            }
            first = false;
        }

        var sizes = profilePaths.Select(p => File.Exists(p) ? new FileInfo(p).Length : 0).ToArray();
        long done = 0;
        Stream? current = null;
        using var progress = new BatchProgress(sizes.Sum(), () => done + (current?.CanSeek == true ? current.Position : 0));
        for (int i = 0; i < profilePaths.Length; i++)
        {
            string path = profilePaths[i];
            // Files are streamed through here so the progress bar can see how far the reader is.
            current = path == "-" ? null : File.Exists(path) ? OpenOrNull(path) : null;
            if (IsBatch(path) && (path == "-" || current is not null))
            {
                // NDJSON batches are evaluated on every core, in constant memory, in input order.
                if (json)
                {
                    // The millions-of-lines case: UTF-8 bytes in, UTF-8 bytes straight to stdout, the next chunks
                    // read and evaluated while one is written.
                    Console.Out.Flush();
                    using var input = current is null ? Console.OpenStandardInput() : null;
                    foreach (var chunk in BatchEvaluator.EvaluateNdjsonAsJson(compiled, current ?? input!, path, strict, explain))
                    {
                        foreach (var problem in chunk.Problems) Emit(problem, null);
                        chunk.WriteTo(Program.StandardOutput);
                        progress.Count(chunk.ProfileCount);
                    }
                }
                else
                {
                    using var reader = current is null ? Console.In : new StreamReader(current, leaveOpen: true);
                    foreach (var item in BatchEvaluator.EvaluateNdjson(compiled, reader, path, strict, Render))
                    {
                        progress.Count();
                        Emit(item.Read, item.Output);
                    }
                }
            }
            else
            {
                var reads = current is null ? compiled.ReadProfiles(path, strict) : compiled.ReadProfiles(current, path, strict);
                foreach (var read in reads)
                {
                    progress.Count();
                    Emit(read, read.Profile is null ? null : Render(read.Profile));
                }
            }
            current?.Dispose();
            current = null;
            done += sizes[i];
        }
        return anyBad ? ExitCodes.Problems : ExitCodes.Success;
    }

    /// <summary>NDJSON, from stdin (<c>-</c>) or a file by its name: evaluated as a batch, on every core.</summary>
    private static bool IsBatch(string path) => path == "-" || BatchEvaluator.IsNdjsonPath(path);

    private static Stream? OpenOrNull(string path)
    {
        try
        {
            return File.OpenRead(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // the library reports it, with the path, when it tries the file itself
        }
    }
}
