using System.Resources;
using Microsoft.CodeAnalysis;

namespace TcpKata.Analyzers;

/// <summary>
/// Builds every rule's descriptor from Resources.resx (English; Resources.zh-Hant.resx for 繁體中文, chosen by
/// the IDE's or compiler's UI culture) and derives the help link from the ID, so no rule can forget its page.
/// </summary>
internal static class DiagnosticDescriptorCreator
{
    /// <summary>Where docs/rules/ is published. A fork that publishes elsewhere changes this one line.</summary>
    internal const string HelpLinkBase = "https://github.com/tcpkata/tcpkata/blob/main/docs/rules/";

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
