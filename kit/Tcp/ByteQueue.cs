namespace TcpKata;

/// <summary>A growable FIFO of bytes: a socket's send or receive buffer.</summary>
internal sealed class ByteQueue
{
    private byte[] _buffer = new byte[256];
    private int _head, _count;

    public int Count => _count;

    public void Write(ReadOnlySpan<byte> data)
    {
        if (_count + data.Length > _buffer.Length)
        {
            var bigger = new byte[Math.Max(_buffer.Length * 2, _count + data.Length)];
            Peek(bigger.AsSpan(0, _count));
            _buffer = bigger;
            _head = 0;
        }
        var tail = (_head + _count) % _buffer.Length;
        var first = Math.Min(data.Length, _buffer.Length - tail);
        data[..first].CopyTo(_buffer.AsSpan(tail));
        data[first..].CopyTo(_buffer);
        _count += data.Length;
    }

    public int Read(Span<byte> destination)
    {
        var n = Peek(destination);
        _head = (_head + n) % _buffer.Length;
        _count -= n;
        return n;
    }

    private int Peek(Span<byte> destination)
    {
        var n = Math.Min(destination.Length, _count);
        var first = Math.Min(n, _buffer.Length - _head);
        _buffer.AsSpan(_head, first).CopyTo(destination);
        _buffer.AsSpan(0, n - first).CopyTo(destination[first..]);
        return n;
    }
}
