namespace TcpKata.Analyzers;

/// <summary>A flag one analyzer callback sets and a later one reads (callbacks may run on different threads).</summary>
internal sealed class Flag
{
    private int _set;
    public void Set() => System.Threading.Interlocked.Exchange(ref _set, 1);
    public bool IsSet => System.Threading.Volatile.Read(ref _set) == 1;
}
