using System.CommandLine;
using System.Globalization;

namespace TcpKata.Cli;

/// <summary>
/// <c>--lang en|zh-Hant</c>: the language hint, next and progress speak. Without it, the UI culture decides (zh-Hant,
/// zh-HK, zh-MO and zh-TW read 繁體中文), as the analyzers' messages do. The words follow docs/glossary.zh-Hant.md.
/// </summary>
internal static class Language
{
    public static Option<string?> Create() => new("--lang") { Description = "en or zh-Hant (繁體中文); default: the system's UI language" };

    public static bool IsChinese(string? lang) => lang is not null
        ? lang.Equals("zh-Hant", StringComparison.OrdinalIgnoreCase) || lang.StartsWith("zh-Hant", StringComparison.OrdinalIgnoreCase)
        : Tracing.Explorer.TraceExplorerPage.ReadsChinese(CultureInfo.CurrentUICulture);

    /// <summary>"en" or "zh-Hant" for a --lang value that is neither: null after saying so.</summary>
    public static bool Valid(string? lang, TextWriter error)
    {
        if (lang is null or "en" or "zh-Hant") return true;
        error.WriteLine($"tcpkata: --lang {lang}: use en or zh-Hant");
        return false;
    }
}
