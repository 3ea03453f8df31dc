
namespace A64Jit.Tests.Hardening;

/// <summary>Replays one instruction-fuzzer case by seed (A64JIT_FUZZ_CASE), printing its listing and each engine's time.</summary>
[TestFixture, Explicit("diagnostics: replays the case named by A64JIT_FUZZ_CASE")]
public unsafe class FuzzCaseReplay
{
    [Test]
    public void Replay()
    {
        if (!int.TryParse(Environment.GetEnvironmentVariable("A64JIT_FUZZ_CASE"), out int seed)) Assert.Ignore("set A64JIT_FUZZ_CASE");
        ulong budget = ulong.TryParse(Environment.GetEnvironmentVariable("A64JIT_FUZZ_CASE_BUDGET"), out var b) ? b : 200_000;
        var c = InstructionFuzzer.Generate(seed);
        TestContext.Out.WriteLine(c.Describe());
        var totals = new InstructionFuzzer.Totals();
        string? failure = InstructionFuzzer.RunCase(c, budget, 300, totals);
        TestContext.Out.WriteLine(failure ?? "no failure");
        TestContext.Out.WriteLine($"{totals}; interpreter {totals.InterpreterTime.TotalSeconds:F2} s, translator {totals.TranslatorTime.TotalSeconds:F2} s");
    }
}
