using TcpKata.Testing;

namespace TcpKata.Kit.Tests;

/// <summary>The snapshot helper keeps Verify's conventions.</summary>
public sealed class SnapshotTests : TempFolder
{
    private SnapshotPaths Paths => new(Path.Combine(Folder, "T.M.verified.txt"), Path.Combine(Folder, "T.M.received.txt"));

    [Test]
    public void MissingVerifiedFileFailsAndWritesReceived()
    {
        var r = Snapshot.Compare("a\nb\n", Paths, accept: false, ci: false);
        Assert.Multiple(() =>
        {
            Assert.That(r.Kind, Is.EqualTo(SnapshotOutcome.Missing));
            Assert.That(File.ReadAllText(Paths.Received), Is.EqualTo("a\nb\n"));
            Assert.That(File.Exists(Paths.Verified), Is.False, "never written without an explicit accept");
            Assert.That(r.Message, Does.Contain("accept"));
        });
    }

    [Test]
    public void MatchPassesAndRemovesAStaleReceivedFile()
    {
        File.WriteAllText(Paths.Verified, "same\r\n");
        File.WriteAllText(Paths.Received, "old");
        var r = Snapshot.Compare("same", Paths, accept: false, ci: false);
        Assert.Multiple(() =>
        {
            Assert.That(r.Kind, Is.EqualTo(SnapshotOutcome.Matched));
            Assert.That(File.Exists(Paths.Received), Is.False);
        });
    }

    [Test]
    public void MismatchShowsAReadableDiff()
    {
        File.WriteAllText(Paths.Verified, "1\n2\n3\n4\n5\n6\n7\n");
        var r = Snapshot.Compare("1\n2\n3\nX\n5\n6\n7\n", Paths, accept: false, ci: false);
        Assert.Multiple(() =>
        {
            Assert.That(r.Kind, Is.EqualTo(SnapshotOutcome.Differs));
            Assert.That(r.Message, Does.Contain("- 4\n+ X\n"));
            Assert.That(r.Message, Does.Contain("  3\n").And.Contain("  5\n"), "two lines of context");
            Assert.That(r.Message, Does.Not.Contain("  1\n"), "far lines are elided");
            Assert.That(File.ReadAllText(Paths.Received), Is.EqualTo("1\n2\n3\nX\n5\n6\n7\n"));
        });
    }

    [Test]
    public void AcceptingOverwritesVerifiedLocally()
    {
        File.WriteAllText(Paths.Verified, "old\n");
        var r = Snapshot.Compare("new", Paths, accept: true, ci: false);
        Assert.Multiple(() =>
        {
            Assert.That(r.Kind, Is.EqualTo(SnapshotOutcome.Accepted));
            Assert.That(File.ReadAllText(Paths.Verified), Is.EqualTo("new\n"));
        });
    }

    [Test]
    public void AcceptingIsRefusedOnCi()
    {
        File.WriteAllText(Paths.Verified, "old\n");
        var r = Snapshot.Compare("new", Paths, accept: true, ci: true);
        Assert.Multiple(() =>
        {
            Assert.That(r.Kind, Is.EqualTo(SnapshotOutcome.Refused));
            Assert.That(File.ReadAllText(Paths.Verified), Is.EqualTo("old\n"));
            Assert.That(r.Message, Does.Contain("never accepted on CI"));
        });
    }

    [Test]
    public void PathsFollowVerifysTypeMethodConvention()
    {
        var p = Snapshot.PathsFor("/src/tests/SomeTests.cs");
        Assert.That(p.Verified, Is.EqualTo("/src/tests/SnapshotTests.PathsFollowVerifysTypeMethodConvention.verified.txt"));
    }
}
