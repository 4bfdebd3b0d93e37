using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace TcpKata.Analyzers.Tests;

/// <summary>
/// Runs an analyzer (and a code fix) over test sources written with the testing library's markup:
/// <c>[|code|]</c> or <c>{|TCPK001:code|}</c> marks where a diagnostic must be, and nothing else may be reported.
/// Sources compile against .NET 10's reference assemblies and the kit, with implicit usings as in the exercises.
/// </summary>
public static class Verify<TAnalyzer> where TAnalyzer : DiagnosticAnalyzer, new()
{
    public static Task Analyzer(string source) => Analyzer(source, Array.Empty<DiagnosticResult>());

    public static Task Analyzer(string source, params DiagnosticResult[] expected)
    {
        var test = new AnalyzerTest { TestCode = source };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    /// <summary>As <see cref="Analyzer(string, DiagnosticResult[])"/>, with additional files (name, text) in the project.</summary>
    public static Task Analyzer(string source, (string Name, string Text)[] additionalFiles)
    {
        var test = new AnalyzerTest { TestCode = source };
        foreach (var file in additionalFiles) test.TestState.AdditionalFiles.Add(file);
        return test.RunAsync();
    }

    public static Task CodeFix<TCodeFix>(string source, string fixedSource, int codeActionIndex = 0) where TCodeFix : CodeFixProvider, new() =>
        new CodeFixTest<TCodeFix> { TestCode = source, FixedCode = fixedSource, CodeActionIndex = codeActionIndex }.RunAsync();

    /// <summary>Asserts that no fix is offered for the diagnostics marked in <paramref name="source"/>.</summary>
    public static Task NoCodeFix<TCodeFix>(string source) where TCodeFix : CodeFixProvider, new() =>
        new CodeFixTest<TCodeFix> { TestCode = source, FixedCode = source }.RunAsync();

    private sealed class AnalyzerTest : CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
    {
        public AnalyzerTest() => TestSupport.Configure(TestState, this);
    }

    private sealed class CodeFixTest<TCodeFix> : CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier> where TCodeFix : CodeFixProvider, new()
    {
        public CodeFixTest()
        {
            TestSupport.Configure(TestState, this);
            TestSupport.Configure(FixedState, this);
        }
    }
}

internal static class TestSupport
{
    // The exercises' implicit usings, so test sources read like the code students write.
    private const string GlobalUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net;
        global using System.Net.Sockets;
        global using System.Threading;
        global using System.Threading.Tasks;
        global using TcpKata;
        """;

    private static readonly ImmutableArray<MetadataReference> References =
        [.. Basic.Reference.Assemblies.Net100.References.All, MetadataReference.CreateFromFile(typeof(TcpSocket).Assembly.Location)];

    public static void Configure<TVerifier>(SolutionState state, AnalyzerTest<TVerifier> test) where TVerifier : IVerifier, new()
    {
        // No reference-assembly package to download: .NET 10's come from Basic.Reference.Assemblies.
        state.ReferenceAssemblies = new ReferenceAssemblies("net10.0");
        state.AdditionalReferences.AddRange(References);
        state.Sources.Add(("GlobalUsings.cs", GlobalUsings));
        state.OutputKind = OutputKind.DynamicallyLinkedLibrary;
    }
}
