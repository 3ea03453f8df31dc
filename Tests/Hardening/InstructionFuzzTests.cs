namespace A64Jit.Tests.Hardening;

/// <summary>
/// Instruction fuzzing of the interpreter and the translator side by side (see
/// <see cref="InstructionFuzzer"/>): random layouts, EL0 and EL1, table-drawn and random words.
/// Every outcome must be a defined stop, the engines must agree, and host memory around the
/// guest's must be untouched.
/// </summary>
/// <remarks>
/// CI runs a fixed seed for about 1,000,000 guest instructions per engine.
/// A64JIT_FUZZ_INSTRUCTIONS sets the number of guest instructions per engine for a long run
/// (A64JIT_FUZZ_SEED the seed, A64JIT_FUZZ_MINUTES its wall-clock limit, default 120;
/// A64JIT_FUZZ_CASE_BUDGET the instructions per case, default 8,000).
/// </remarks>
[TestFixture]
public class InstructionFuzzTests
{
    [Test]
    public void RandomProgramsStopCleanlyAndTheEnginesAgree()
    {
        long wanted = long.TryParse(Environment.GetEnvironmentVariable("A64JIT_FUZZ_INSTRUCTIONS"), out var n) && n > 0 ? n : 1_000_000;
        int seed = int.TryParse(Environment.GetEnvironmentVariable("A64JIT_FUZZ_SEED"), out var s) ? s : 20261125;
        double minutes = double.TryParse(Environment.GetEnvironmentVariable("A64JIT_FUZZ_MINUTES"), out var m) && m > 0 ? m : 120;
        ulong perCase = ulong.TryParse(Environment.GetEnvironmentVariable("A64JIT_FUZZ_CASE_BUDGET"), out var b) && b > 0 ? b : 8_000;
        var start = DateTime.UtcNow;
        var (totals, failures) = InstructionFuzzer.Campaign(seed, wanted, budgetPerCase: perCase, maxStops: 300, TimeSpan.FromMinutes(minutes));
        TestContext.Out.WriteLine($"seed {seed}: {totals} in {(DateTime.UtcNow - start).TotalSeconds:F1} s");
        Assert.That(failures, Is.Empty, () => string.Join("\n\n", failures));
        Assert.That(totals.Instructions, Is.GreaterThanOrEqualTo(wanted), "the campaign ended before its instruction count (wall-clock limit)");
    }
}
