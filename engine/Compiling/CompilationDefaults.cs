using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace TcpKata.Engine;

/// <summary>What the grader's compilations share with the projects they stand in for: C# version and implicit usings.</summary>
public static class CompilationDefaults
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    /// <summary>What exercise code compiles against: .NET 10's reference assemblies and the prebuilt kit.</summary>
    public static readonly System.Collections.Immutable.ImmutableArray<MetadataReference> References =
        [.. Basic.Reference.Assemblies.Net100.References.All, MetadataReference.CreateFromFile(typeof(TcpSocket).Assembly.Location)];

    // Microsoft.NET.Sdk's implicit usings, which the exercises and tests projects have on.
    private static readonly string[] ImplicitUsings =
        ["System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks"];

    /// <summary>A GlobalUsings.g.cs with the SDK's implicit usings and <paramref name="more"/>, as MSBuild writes it.</summary>
    public static SyntaxTree GlobalUsings(params string[] more) =>
        CSharpSyntaxTree.ParseText(string.Concat(ImplicitUsings.Concat(more).Select(u => $"global using {u};\n")), ParseOptions, "GlobalUsings.g.cs");
}
