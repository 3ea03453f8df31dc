using A64Jit.Core.Decoding;
using A64Jit.Core.Interpretation;

namespace A64Jit.Tests.Decoding;

/// <summary>Prints how many encodings each group has and how many the interpreter implements (a report, no assertion beyond consistency).</summary>
[TestFixture]
public class TableCoverageReport
{
    [Test]
    public void ReportEncodingsAndInterpreterCoverage()
    {
        var implemented = Interpreter.ImplementedEncodings.Select(e => e.Id).ToHashSet();
        foreach (var g in Enum.GetValues<EncodingGroup>())
        {
            var all = EncodingTable.All.Where(e => e.Group == g).ToList();
            TestContext.Out.WriteLine($"{g}: {all.Count} encodings, {all.Count(e => implemented.Contains(e.Id))} with interpreter semantics");
        }
        TestContext.Out.WriteLine($"total: {EncodingTable.All.Length} encodings, {implemented.Count} with interpreter semantics");
        Assert.That(implemented.Count, Is.LessThanOrEqualTo(EncodingTable.All.Length));
    }
}
