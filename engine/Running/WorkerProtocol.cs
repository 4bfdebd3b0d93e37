using System.Text.Json;

namespace TcpKata.Engine;

/// <summary>A job for a worker: one submission's TcpKata.Exercises, the tests already settled (not to run again), and, when
/// not null, the only tests to run (a student's loop runs one exercise's).</summary>
public sealed record WorkerJob(string Student, byte[] Exercises, IReadOnlyList<string> Skip, int OutputLimitBytes, IReadOnlyList<string>? Only = null);

/// <summary>What a worker reports, one JSON line each: a test started, a test's result, or the job done.</summary>
public sealed record WorkerEvent(string Kind, string? Test = null, bool Passed = false, string? Message = null, string? Output = null, string? Explorer = null)
{
    public const string Started = "started", Result = "result", Done = "done";

    /// <summary>Not sent by a worker: what the pool makes of a line that is not a well-formed event (or is too long to be one).</summary>
    public const string Malformed = "malformed";
}

/// <summary>The worker protocol's JSON lines: stdin carries jobs, stdout events (student output never reaches it).</summary>
public static class WorkerProtocol
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static string Write<T>(T message) => JsonSerializer.Serialize(message, Options);

    public static T Read<T>(string line) => JsonSerializer.Deserialize<T>(line, Options)
                                            ?? throw new InvalidDataException($"not a {typeof(T).Name}: {line}");
}
