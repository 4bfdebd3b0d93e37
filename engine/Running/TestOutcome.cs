namespace TcpKata.Engine;

/// <summary>How one test ended for one run (a submission, a working copy), as the worker or a TRX file reports it.</summary>
/// <param name="FullName">NUnit's full name: TcpKata.Tests.Exercise06_EchoServer.EchoServerTests.EchoesEveryByteTheClientSends.</param>
/// <param name="Passed">Whether it passed.</param>
/// <param name="Message">Why it failed (NUnit's message, or what the grader saw: a timeout, a crash).</param>
/// <param name="Output">What it wrote, cut at the output limit.</param>
/// <param name="Hidden">A hidden test (--hidden-tests): its result is shown, its source is not.</param>
public sealed record TestOutcome(string FullName, bool Passed, string Message, string Output, bool Hidden = false);
