namespace BackPainRules.Cli;

/// <summary>
/// A progress bar on stderr for batches that take more than a second, drawn only when stderr is a
/// terminal, so pipes and logs never see it. Progress is the share of input bytes read.
/// </summary>
internal sealed class BatchProgress : IDisposable
{
    private static readonly TimeSpan Delay = TimeSpan.FromSeconds(1);
    private readonly long totalBytes;
    private readonly Func<long> bytesRead;
    private readonly Timer? timer;
    private long profiles;
    private bool drawn;

    public BatchProgress(long totalBytes, Func<long> bytesRead)
    {
        this.totalBytes = totalBytes;
        this.bytesRead = bytesRead;
        if (Terminal.StderrIsTerminal) timer = new Timer(_ => Draw(), null, Delay, TimeSpan.FromMilliseconds(250));
    }

    public void Count(int count = 1) => Interlocked.Add(ref profiles, count);

    private void Draw()
    {
        lock (this)
        {
            double share = totalBytes > 0 ? Math.Clamp((double)bytesRead() / totalBytes, 0, 1) : 0;
            int filled = (int)(share * 30);
            Console.Error.Write($"\r[{new string('#', filled)}{new string('-', 30 - filled)}] {share * 100,3:0}%  {Interlocked.Read(ref profiles):N0} profiles");
            drawn = true;
        }
    }

    public void Dispose()
    {
        timer?.Dispose();
        lock (this)
        {
            if (drawn) Console.Error.Write("\r\u001b[2K");
        }
    }
}
