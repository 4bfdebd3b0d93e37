namespace TcpKata.Engine;

/// <summary>A compile job for <see cref="CompileServer"/>: the files, and those to grade as their stubs with why.</summary>
public sealed record CompileJob(IReadOnlyDictionary<string, string> Files, IReadOnlyDictionary<string, string> Refused);

/// <summary>
/// The process side of <see cref="CompilerProcesses"/> (a hidden verb of the tool that hosts it): warms Roslyn and the
/// analyzers on the stubs, says it is ready, then answers each job (a JSON line on stdin) with the compiled exercises
/// (a JSON line on stdout). It runs no submission's code, only the compiler on its text.
/// </summary>
public static class CompileServer
{
    public const string Ready = "ready";

    public static int Run(ExerciseCompiler compiler, TextReader jobs, TextWriter replies)
    {
        compiler.CompileStubs();
        replies.WriteLine(Ready);
        replies.Flush();
        while (jobs.ReadLine() is { } line)
        {
            var job = WorkerProtocol.Read<CompileJob>(line);
            replies.WriteLine(WorkerProtocol.Write(compiler.Compile(job.Files, job.Refused)));
            replies.Flush();
        }
        return 0;
    }
}
