using System.Reflection;
using TcpKata.Cli.Loop;

namespace TcpKata.Cli.Tests.Mistakes;

/// <summary>
/// Each classic mistake of <see cref="MistakeCorpus"/>, made in a copy of the repository (reference code up to its
/// exercise, stubs after) and run through the student's loop: the first failure the student is told to read must name
/// the handler that made the mistake and the idea it got wrong.
/// </summary>
[NonParallelizable]
public sealed class MistakeCorpusTests
{
    private RepositoryCopy _copy = null!;

    [OneTimeSetUp]
    public void CopyTheRepository() => _copy = new RepositoryCopy();

    [OneTimeTearDown]
    public async Task RemoveTheCopy() => await _copy.DisposeAsync();

    [Test]
    public void Corpus_HasAtLeastThirtyMistakesAcrossExercisesOneToSix()
    {
        Assert.Multiple(() =>
        {
            Assert.That(MistakeCorpus.All, Has.Length.GreaterThanOrEqualTo(30));
            Assert.That(MistakeCorpus.All.Select(m => m.Exercise).Distinct().Order(), Is.EqualTo(new[] { 1, 2, 3, 4, 5, 6 }));
            Assert.That(MistakeCorpus.All.Select(m => m.Name), Is.Unique);
        });
    }

    [Test]
    public void Corpus_EveryClauseOfEveryHandlerContract_IsBrokenBySomeMistake()
    {
        // A handler's task is written once, in its [Contract]; each of its "; " clauses is an instruction the stub gives.
        var uncovered =
            from handler in typeof(TcpHandlers).GetProperties().Select(p => p.PropertyType).Where(t => t.IsInterface)
            from method in handler.GetMethods()
            let name = $"{handler.Name[1..]}.{method.Name}"
            from clause in method.GetCustomAttribute<ContractAttribute>()!.Task.Split("; ")
            where !MistakeCorpus.All.Any(m => m.Covers is { } words && clause.Contains(words, StringComparison.Ordinal)
                                              && m.Handler is { } h && name.StartsWith(h, StringComparison.Ordinal))
            select $"{name}: {clause}";
        Assert.That(uncovered, Is.Empty, "instructions no mistake in the corpus breaks, so no test is known to require them");
    }

    [TestCaseSource(typeof(MistakeCorpus), nameof(MistakeCorpus.All))]
    public async Task Mistake_FirstFailure_NamesTheHandlerAndTheIdea(Mistake mistake)
    {
        var exercise = _copy.Catalog[mistake.Exercise - 1];
        var file = exercise.SolutionFiles.Single();
        _copy.ReferenceUpTo(mistake.Exercise);
        var reference = _copy.Read(file);
        Assert.That(Occurrences(reference, mistake.Find), Is.EqualTo(1), $"the mistake's text occurs once in {RepositoryCopy.SolutionOf(file)}");
        _copy.Write(file, reference.Replace(mistake.Find, mistake.Replace, StringComparison.Ordinal));

        var round = await _copy.Loop.RunAsync(exercise);
        Assert.That(round.Build.Errors, Is.Empty, "the mistake compiles");
        var first = LoopReport.Failing(round).FirstOrDefault();
        Assert.That(first, Is.Not.Null, $"no test of {exercise.Slug} fails with this mistake: nothing checks it");
        Assert.Multiple(() =>
        {
            if (mistake.Handler is { } handler) Assert.That(first!.Message, Does.Contain(handler), "the first failure names the handler");
            Assert.That(first!.Message, Does.Contain(mistake.Idea), "the first failure names the idea");
        });
    }

    private static int Occurrences(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + 1, StringComparison.Ordinal)) count++;
        return count;
    }
}
