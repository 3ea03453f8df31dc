using BenchmarkDotNet.Attributes;
using A64Jit.Core.State;
using A64Jit.Translator.Execution;
using static A64Jit.Perf.GuestCode;

namespace A64Jit.Perf;

/// <summary>
/// The guest-memory fast path: <see cref="A64Jit.Core.Memory.GuestMemory"/>'s accessors (what the
/// interpreter uses) and the inline page-table path of translated code. Means are per access.
/// </summary>
public unsafe class MemoryBenchmarks
{
    private const int Accesses = 8192;
    private GuestCode _guest = null!;
    private TranslatedEngine _engine = null!;
    private const ulong LoadStoreLoop = Code, AluLoop = Code + 0x100;

    [GlobalSetup]
    public void Setup()
    {
        var words = new uint[0x100];
        // ldr x2, [x1, x3, lsl #3] ; str x2, [x5, x3, lsl #3] ; subs x3, x3, #1 ; b.ne ; brk
        uint[] ls = [LdrXReg(2, 1, 3), StrXReg(2, 5, 3), SubsImm(3, 3, 1), BCond(NE, -12), Brk];
        // the same loop with the two accesses replaced by register operations
        uint[] alu = [AddReg(2, 1, 3), EorReg(6, 5, 2), SubsImm(3, 3, 1), BCond(NE, -12), Brk];
        ls.CopyTo(words, 0);
        alu.CopyTo(words, 0x40);
        _guest = new GuestCode(words);
        _engine = new TranslatedEngine(_guest.State, _guest.Memory, new TranslatorOptions());
        RunLoop(LoadStoreLoop);
        RunLoop(AluLoop);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _engine.Dispose();
        _guest.Dispose();
    }

    private StopReason RunLoop(ulong pc)
    {
        var s = _guest.State;
        s->PC = pc;
        s->X[1] = Data;
        s->X[5] = Data + 0x10000;
        s->X[3] = Accesses / 2;
        return _engine.Run(ulong.MaxValue);
    }

    /// <summary>GuestMemory.TryRead64, sequential aligned addresses.</summary>
    [Benchmark(OperationsPerInvoke = Accesses)]
    public ulong Read64()
    {
        var m = _guest.Memory;
        ulong sum = 0;
        for (int i = 0; i < Accesses; i++)
        {
            m.TryRead64(Data + (ulong)i * 8, out ulong v);
            sum += v;
        }
        return sum;
    }

    /// <summary>GuestMemory.TryWrite64, sequential aligned addresses.</summary>
    [Benchmark(OperationsPerInvoke = Accesses)]
    public bool Write64()
    {
        var m = _guest.Memory;
        bool ok = true;
        for (int i = 0; i < Accesses; i++) ok &= m.TryWrite64(Data + (ulong)i * 8, (ulong)i);
        return ok;
    }

    /// <summary>Translated loop with one load and one store per iteration; per access (two per iteration).</summary>
    [Benchmark(OperationsPerInvoke = Accesses)]
    public StopReason TranslatedLoadAndStore() => RunLoop(LoadStoreLoop);

    /// <summary>The same loop with register operations instead of the accesses (subtract to isolate the access cost).</summary>
    [Benchmark(OperationsPerInvoke = Accesses)]
    public StopReason TranslatedAluOnly() => RunLoop(AluLoop);
}
