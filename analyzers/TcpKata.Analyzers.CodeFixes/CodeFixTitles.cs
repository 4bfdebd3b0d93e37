using System.Globalization;

namespace TcpKata.Analyzers;

/// <summary>Code fix titles from the analyzers' Resources.resx, in the IDE's UI culture.</summary>
internal static class CodeFixTitles
{
    public static string Format(string name, params object[] args) =>
        string.Format(CultureInfo.CurrentUICulture, DiagnosticDescriptorCreator.Resources.GetString(name, CultureInfo.CurrentUICulture) ?? name, args);
}
