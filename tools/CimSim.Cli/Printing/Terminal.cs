using System.CommandLine;
using System.Diagnostics;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace CimSim.Cli.Printing;

/// <summary>
/// A command's console: tables on standard output through Spectre.Console, notes and progress on standard error.
/// On a terminal, tables get colours and the terminal's width and long work gets a progress bar; anywhere else
/// (pipes, CI logs, tests that pass a <see cref="StringWriter"/>) the output is plain, without colours or control
/// codes, <see cref="PlainWidth"/> columns wide, and progress is a plain line at most every <see cref="PlainProgressSeconds"/>
/// seconds. <c>--quiet</c> silences notes and progress (errors are still printed).
/// </summary>
public sealed class Terminal
{
    /// <summary>Width of plain (redirected) output, so that it does not depend on the machine.</summary>
    public const int PlainWidth = 300;
    /// <summary>Seconds between plain progress lines.</summary>
    public const double PlainProgressSeconds = 10;

    /// <summary>Standard output as given (JSON and other machine-readable output go here unformatted).</summary>
    public TextWriter Out { get; }
    /// <summary>Standard error as given.</summary>
    public TextWriter Err { get; }
    /// <summary>Standard output for tables.</summary>
    public IAnsiConsole Console { get; }
    /// <summary>No notes, no progress.</summary>
    public bool Quiet { get; }
    private readonly bool _errIsTerminal;

    public Terminal(TextWriter stdout, TextWriter stderr, bool quiet)
    {
        Out = stdout;
        Err = stderr;
        Quiet = quiet;
        bool colour = Environment.GetEnvironmentVariable("NO_COLOR") is null or "" && Environment.GetEnvironmentVariable("TERM") != "dumb";
        bool outIsTerminal = ReferenceEquals(stdout, System.Console.Out) && !System.Console.IsOutputRedirected && colour;
        _errIsTerminal = ReferenceEquals(stderr, System.Console.Error) && !System.Console.IsErrorRedirected && colour;
        Console = Create(stdout, outIsTerminal);
    }

    /// <summary>The terminal of a parsed command line (its invocation's writers).</summary>
    public static Terminal For(ParseResult r, bool quiet = false) =>
        new(r.InvocationConfiguration.Output, r.InvocationConfiguration.Error, quiet);

    /// <summary>A Spectre console over <paramref name="writer"/>: detected capabilities on a terminal, plain otherwise.</summary>
    public static IAnsiConsole Create(TextWriter writer, bool terminal)
    {
        if (terminal) return AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer) });
        var c = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        c.Profile.Width = PlainWidth;
        c.Profile.Capabilities.Unicode = true;
        return c;
    }

    /// <summary>A note on standard error (<c>cimsim: …</c>), not with --quiet.</summary>
    public void Note(string line)
    {
        if (!Quiet) Err.WriteLine("cimsim: " + line);
    }

    /// <summary>Writes a table (or any renderable) to standard output.</summary>
    public void Write(IRenderable r) => Console.Write(r);

    /// <summary>A plain line on standard output.</summary>
    public void Line(string text = "") => Out.WriteLine(text);

    /// <summary>
    /// Runs <paramref name="work"/> with a progress bar on standard error when it is a terminal, otherwise with
    /// plain progress lines (none with --quiet). The work reports through the <see cref="ProgressReporter"/> it gets.
    /// </summary>
    public T Progress<T>(string title, Func<ProgressReporter, T> work)
    {
        if (Quiet) return work(new ProgressReporter(null, null, title));
        if (!_errIsTerminal) return work(new ProgressReporter(Err, null, title));
        var console = Create(Err, terminal: true);
        T result = default!;
        console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask(Markup.Escape(title), maxValue: 1);
                task.IsIndeterminate = true; // until the work reports how far it got (a pulsing bar meanwhile)
                result = work(new ProgressReporter(null, task, title));
                task.StopTask();
            });
        return result;
    }
}

/// <summary>Where long work says how far it got: a Spectre progress task, plain throttled lines, or nowhere.</summary>
public sealed class ProgressReporter
{
    private readonly TextWriter? _plain;
    private readonly ProgressTask? _task;
    private readonly string _title;
    private readonly Stopwatch _since = Stopwatch.StartNew();
    private readonly Lock _lock = new();
    private double _lastLine = double.NegativeInfinity;

    internal ProgressReporter(TextWriter? plain, ProgressTask? task, string title)
    {
        _plain = plain;
        _task = task;
        _title = title;
    }

    /// <summary><paramref name="done"/> of <paramref name="total"/> units; <paramref name="what"/> says what is being done now.</summary>
    public void Report(double done, double total, string? what = null)
    {
        lock (_lock)
        {
            if (_task is not null)
            {
                _task.IsIndeterminate = false;
                _task.MaxValue = Math.Max(total, 1e-9);
                _task.Value = Math.Min(done, total);
                _task.Description = Markup.Escape(what is null ? _title : $"{_title}: {what}");
                return;
            }
            if (_plain is null) return;
            double now = _since.Elapsed.TotalSeconds;
            if (now - _lastLine < Terminal.PlainProgressSeconds && done < total) return;
            _lastLine = now;
            _plain.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"cimsim: {_title}: {done:0.##}/{total:0.##}{(what is null ? "" : ", " + what)} ({now:F0} s)"));
        }
    }
}
