namespace TcpKata.Testing;

/// <summary>A fresh folder per test, removed afterwards, for tests that write files.</summary>
public abstract class TempFolder
{
    protected string Folder { get; private set; } = "";

    [SetUp]
    public void CreateFolder() => Directory.CreateDirectory(Folder = Path.Combine(Path.GetTempPath(), "tcpkata-" + Guid.NewGuid().ToString("N")));

    [TearDown]
    public void RemoveFolder() => Directory.Delete(Folder, recursive: true);
}
