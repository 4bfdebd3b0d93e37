using System;
using System.Linq;
using System.Reflection;
using System.Resources;
using Microsoft.CodeAnalysis;

namespace TcpKata.Analyzers;

/// <summary>
/// Builds every rule's descriptor from Resources.resx (English; Resources.zh-Hant.resx for 繁體中文, chosen by
/// the IDE's or compiler's UI culture) and derives the help link from the ID, so no rule can forget its page.
/// </summary>
internal static class DiagnosticDescriptorCreator
{
    /// <summary>
    /// Where the rule pages are: docs/rules/ in the checkout the analyzers were built in, as a file: URI that opens offline,
    /// or the TcpKataRulesHelpBase the build was given (a fork's published pages). One base for every rule.
    /// </summary>
    internal static readonly string HelpLinkBase = HelpBase(typeof(DiagnosticDescriptorCreator).Assembly
        .GetCustomAttributes(typeof(AssemblyMetadataAttribute), false).Cast<AssemblyMetadataAttribute>()
        .FirstOrDefault(a => a.Key == "TcpKataRulesHelpBase")?.Value);

    internal static string HelpBase(string? configured)
    {
        if (string.IsNullOrEmpty(configured)) return "docs/rules/";
        var withSlash = configured!.EndsWith("/", StringComparison.Ordinal) || configured.EndsWith("\\", StringComparison.Ordinal) ? configured : configured + "/";
        // A folder on disk becomes a file: URI (file:///home/me/tcpkata/docs/rules/, file:///C:/tcpkata/docs/rules/); a URL stays as it is.
        return Uri.TryCreate(withSlash, UriKind.Absolute, out var uri) && uri.IsFile ? uri.AbsoluteUri : withSlash;
    }

    internal static readonly ResourceManager Resources = new("TcpKata.Analyzers.Resources", typeof(DiagnosticDescriptorCreator).Assembly);

    internal static DiagnosticDescriptor Create(string id, string category, DiagnosticSeverity severity = DiagnosticSeverity.Warning) =>
        new(id,
            Localizable(id + "_Title"),
            Localizable(id + "_Message"),
            category,
            severity,
            isEnabledByDefault: true,
            description: Localizable(id + "_Description"),
            helpLinkUri: HelpLinkUri(id));

    internal static string HelpLinkUri(string id) => HelpLinkBase + id + ".md";

    internal static LocalizableResourceString Localizable(string name) => new(name, Resources, typeof(DiagnosticDescriptorCreator));
}
