using System.CommandLine;
using TcpKata.Cli;
using TcpKata.Cli.Loop;
using TcpKata.Engine;

// Exit codes: 0 success, 1 a script or check failed, 2 bad arguments or a malformed input.
var root = new RootCommand("TcpKata: run packetdrill scripts and trace scenarios against your TCP handlers (or the reference solutions with -p:Kata=Solutions).")
{
    PktCommand.Create(),
    LiveCommand.Create(),
    TraceCommand.Create(),
    ScenariosCommand.Create(),
    ChaosCommand.Create(),
    CompareConnectionsCommand.Create(),
    ProgressCommand.Create(),
    HintCommand.Create(),
    TestCommand.Create(),
    WatchCommand.Create(),
    AcceptCommand.Create(),
    TestWorker.Command(EngineLoop.WorkerVerb, "Run exercise tests for tcpkata test and watch: jobs on stdin, JSON events on an inherited pipe."),
};
return Cli.Run(root, args);
