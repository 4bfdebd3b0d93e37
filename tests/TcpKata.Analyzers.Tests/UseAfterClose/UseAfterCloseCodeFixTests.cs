namespace TcpKata.Analyzers.Tests.UseAfterClose;

using Verify = Verify<UseAfterCloseAnalyzer>;

/// <summary>TCPK003's fix: move the Close after the last use, where both are statements of one block.</summary>
public class UseAfterCloseCodeFixTests
{
    [Test]
    public Task FixMovesCloseAfterTheLastUse() => Verify.CodeFix<UseAfterCloseCodeFix>("""
        class C
        {
            void M(Socket s, byte[] b)
            {
                s.Close();
                {|TCPK003:s.Send(b)|};
                {|TCPK003:s.Shutdown(SocketShutdown.Send)|};
                Console.WriteLine("done");
            }
        }
        """, """
        class C
        {
            void M(Socket s, byte[] b)
            {
                s.Send(b);
                s.Shutdown(SocketShutdown.Send);
                s.Close();
                Console.WriteLine("done");
            }
        }
        """);

    [Test]
    public Task NoFixWhenTheCloseIsInAnotherBlock() => Verify.NoCodeFix<UseAfterCloseCodeFix>("""
        class C
        {
            void M(Socket s, byte[] b, bool done)
            {
                if (done) { s.Close(); }
                {|TCPK003:s.Send(b)|};
            }
        }
        """);
}
