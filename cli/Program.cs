using System.CommandLine;
using TcpKata.Cli;

// Exit codes: 0 success, 1 a script or check failed, 2 bad arguments or a malformed input.
var root = new RootCommand("TcpKata: run packetdrill scripts and trace scenarios against your TCP handlers (or the reference solutions with -p:Kata=Solutions).")
{
    PktCommand.Create(),
    TraceCommand.Create(),
    ScenariosCommand.Create(),
    ChaosCommand.Create(),
    CompareConnectionsCommand.Create(),
    ProgressCommand.Create(),
    HintCommand.Create(),
    WatchCommand.Create(),
    AcceptCommand.Create(),
};
return Cli.Run(root, args);
