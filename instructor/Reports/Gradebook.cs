using System.Globalization;
using System.Text;
using TcpKata.Engine;
using TcpKata.Instructor.Grading;

namespace TcpKata.Instructor.Reports;

/// <summary>grades.csv: one row per submission, its total and each exercise's score, ready for a gradebook import.</summary>
internal static class Gradebook
{
    public static string Write(IReadOnlyList<SubmissionGrade> grades, IReadOnlyList<Exercise> catalog)
    {
        var csv = new StringBuilder();
        Row(csv, ["student", "score", "max_score", .. catalog.Select(e => e.Slug), "analyzer_penalty", "notes"]);
        foreach (var grade in grades)
            Row(csv, [
                Text(grade.Submission.Student),
                Number(grade.Score),
                Number(grade.MaxScore),
                .. grade.Exercises.Select(e => Number(e.Score)),
                Number(grade.Exercises.Sum(e => e.Penalty)),
                Text(string.Join("; ", grade.Exercises.Where(e => e.Compilation.Status != CompileStatus.Compiled)
                    .Select(e => $"{e.Slug}: {e.Compilation.Status}"))),
            ]);
        return csv.ToString();
    }

    // OWASP's advice against CSV injection: a text field that a spreadsheet would take for a formula (=HYPERLINK(...), +, -,
    // @, or a tab or carriage return first) starts with a quote instead, so it is shown as the text it is.
    internal static string Text(string field) =>
        field.Length > 0 && field[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + field : field;

    private static string Number(double value) => Math.Round(value, 2).ToString(CultureInfo.InvariantCulture);

    // RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled.
    private static void Row(StringBuilder csv, IEnumerable<string> fields) =>
        csv.Append(string.Join(",", fields.Select(f => f.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + f.Replace("\"", "\"\"") + "\"" : f))).Append("\r\n");
}
