using BenchmarkDotNet.Attributes;
using A64Jit.Core.Interpretation;
using A64Jit.Core.State;
using A64Jit.Translator;
using A64Jit.Translator.Blocks;
using A64Jit.Translator.Emission;
using A64Jit.Translator.Execution;
using static A64Jit.Perf.GuestCode;

namespace A64Jit.Perf;

/// <summary>
/// Translation cost per guest instruction (block discovery, IL emission and RyuJIT), through
/// the public translator API: each invocation compiles the same 64 typical 16-instruction
/// blocks again as fresh DynamicMethods. The mean is per guest instruction.
/// </summary>
public unsafe class TranslationBenchmarks
{
    private const int Blocks = 64, BlockLength = 16;
    private GuestCode _guest = null!;
    private readonly NativeSwitches _native = NativeSwitches.AllNative();

    [GlobalSetup]
    public void Setup()
    {
        // Typical integer blocks: ALU, immediate and register-offset loads and stores, a
        // compare and a conditional branch at the end (the mix of compiled loop bodies).
        var rng = new Random(5);
        var words = new List<uint>();
        for (int b = 0; b < Blocks; b++)
        {
            for (int i = 0; i < BlockLength - 2; i++)
            {
                int d = rng.Next(0, 29), n = rng.Next(0, 29), m = rng.Next(0, 29);
                words.Add(rng.Next(7) switch
                {
                    0 => AddImm(d, n, (uint)rng.Next(4096)),
                    1 => AddReg(d, n, m),
                    2 => EorReg(d, n, m, rng.Next(8)),
                    3 => LdrX(d, 29, (uint)rng.Next(64) * 8),
                    4 => StrX(d, 29, (uint)rng.Next(64) * 8),
                    5 => LdrXReg(d, 29, m),
                    _ => AndImmLow(d, n),
                });
            }
            words.Add(SubsImm(3, 3, 1));
            words.Add(BCond(NE, -4L * (BlockLength - 1)));
        }
        _guest = new GuestCode([.. words]);
    }

    [GlobalCleanup]
    public void Cleanup() => _guest.Dispose();

    /// <summary>Discovery, IL emission and RyuJIT of one guest instruction in a typical block (µs = mean).</summary>
    [Benchmark(OperationsPerInvoke = Blocks * BlockLength)]
    public long TranslatePerInstruction()
    {
        long ticks = 0;
        for (int b = 0; b < Blocks; b++)
        {
            var guest = BlockDiscovery.Discover(_guest.Memory, Code + (ulong)(b * BlockLength * 4));
            var block = BlockCompiler.Compile(guest, 0, _native);
            ticks += block.JitTicks;
        }
        return ticks;
    }
}

/// <summary>
/// The cost of going from one translated block to the next: a ring of 256 tiny blocks
/// (<c>add x0, x0, #1; b next</c>, the last one <c>subs x3, x3, #1; b.ne first</c>) run by
/// <see cref="TranslatedEngine.Run"/>, every block already translated. The mean is per block
/// executed, i.e. one transition plus two trivial guest instructions. Single-block translations
/// (no regions), so every transition is a return to the engine and a dispatch, or with
/// <see cref="Chaining"/> a direct chain from one translation into the next.
/// </summary>
public unsafe class BlockTransitionBenchmarks
{
    private const int Ring = 256, Rounds = 64;

    [Params(false, true)]
    public bool Chaining;
    private GuestCode _guest = null!;
    private TranslatedEngine _engine = null!;

    [GlobalSetup]
    public void Setup()
    {
        var words = new List<uint>();
        for (int i = 0; i < Ring - 1; i++) { words.Add(AddImm(0, 0, 1)); words.Add(B(4)); }
        words.Add(SubsImm(3, 3, 1));
        words.Add(BCond(NE, -8L * (Ring - 1) - 4));
        words.Add(Brk);
        _guest = new GuestCode([.. words]);
        _engine = new TranslatedEngine(_guest.State, _guest.Memory, new TranslatorOptions { MaxRegionBlocks = 1, Chaining = Chaining });
        RunRing(); // translate every block
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _engine.Dispose();
        _guest.Dispose();
    }

    private StopReason RunRing()
    {
        var s = _guest.State;
        s->PC = Code;
        s->X[0] = 0;
        s->X[3] = Rounds;
        var r = _engine.Run(ulong.MaxValue);
        if (r != StopReason.Exception || s->X[0] != (ulong)(Ring - 1) * Rounds) throw new InvalidOperationException($"ring ended with {r}, x0 = {s->X[0]}");
        return r;
    }

    /// <summary>One block-to-block transition (ns = mean).</summary>
    [Benchmark(OperationsPerInvoke = Ring * Rounds)]
    public StopReason BlockToBlockTransition() => RunRing();
}

/// <summary>
/// Guest speed on an integer loop with loads and stores, the same code in both engines:
/// the mean is per guest instruction (guest MIPS = 1000 / mean in ns); the ratio column is
/// the translator's time relative to the interpreter's.
/// </summary>
public unsafe class IntegerLoopBenchmarks
{
    private const int Iterations = 16384, LoopLength = 6;
    // loop: ldr x2, [x1], #8 ; add x0, x0, x2 ; eor x4, x4, x2, lsl #3 ;
    //       str x4, [x5, x3, lsl #3] ; subs x3, x3, #1 ; b.ne loop ; brk #0
    private static readonly uint[] Loop = [0xf8408422, 0x8b020000, 0xca020c84, 0xf82378a4, 0xf1000463, 0x54ffff61, 0xd4200000];

    private GuestCode _guest = null!;
    private Interpreter _interpreter = null!;
    private TranslatedEngine _translator = null!;

    [GlobalSetup]
    public void Setup()
    {
        _guest = new GuestCode(Loop);
        _interpreter = new Interpreter(_guest.Cpu, _guest.Memory);
        _translator = new TranslatedEngine(_guest.State, _guest.Memory, new TranslatorOptions());
        Reset();
        _translator.Run(ulong.MaxValue);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _translator.Dispose();
        _guest.Dispose();
    }

    private void Reset()
    {
        var s = _guest.State;
        s->PC = Code;
        s->X[0] = 0;
        s->X[1] = Data;
        s->X[3] = Iterations;
        s->X[5] = Data + 0x20000 - 8;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Iterations * LoopLength)]
    public StopReason Interpreter()
    {
        Reset();
        return _interpreter.Run(ulong.MaxValue);
    }

    [Benchmark(OperationsPerInvoke = Iterations * LoopLength)]
    public StopReason Translator()
    {
        Reset();
        return _translator.Run(ulong.MaxValue);
    }
}
