namespace TcpKata.Engine;

/// <summary>How one test ended for one run (a submission, a working copy), as the worker or a TRX file reports it.</summary>
/// <param name="FullName">NUnit's full name: TcpKata.Tests.Exercise06_EchoServer.EchoServerTests.EchoesEveryByteTheClientSends.</param>
/// <param name="Passed">Whether it passed.</param>
/// <param name="Message">Why it failed (NUnit's message, or what the grader saw: a timeout, a crash).</param>
/// <param name="Output">What it wrote, cut at the output limit.</param>
/// <param name="Hidden">A hidden test (--hidden-tests): its result is shown, its source is not.</param>
/// <param name="Explorer">The data of the trace explorer page a failing test wrote (the page's JSON, as the worker read it:
/// untrusted, to be drawn only through <see cref="Tracing.Explorer.TraceExplorerPage.FromData"/>).</param>
public sealed record TestOutcome(string FullName, bool Passed, string Message, string Output, bool Hidden = false, string? Explorer = null);
