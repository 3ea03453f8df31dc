using A64Jit.Core.Decoding;
using A64Jit.Core.Disassembly;
using A64Jit.Core.Interpretation;
using A64Jit.Core.State;
using A64Jit.Translator;
using A64Jit.Translator.Emission;
using A64Jit.Translator.Execution;

namespace A64Jit.Tests.Translation;

/// <summary>
/// The translation-time cache of V registers in Vector128 locals (and the scalar FP cache of
/// their low halves) against the interpreter: long random blocks whose register fields are
/// drawn from a handful of V registers, so that chains of cache-aware vector instructions
/// read registers just written by scalar FP instructions, other SIMD natives, SIMD&amp;FP loads
/// (single registers, pairs, LD1-LD4 of several registers), instructions run by the
/// interpreter fallback (encodings switched off), and forward branches that make regions of
/// several blocks. Registers, memory and the stop must agree at the end of each program.
/// </summary>
/// <remarks>A64JIT_VCACHE_PROGRAMS sets the number of random programs (default 2,000); A64JIT_LOCKSTEP_SEED the seed.</remarks>
[TestFixture]
public unsafe class SimdVectorCacheTests
{
    [Flags]
    private enum F { None = 0, D = 1, N = 2, M = 4, A = 8, Base = 16 }

    // Vector natives that keep the cache (their register fields from the small pool).
    private static readonly (string Name, F Fields)[] Aware =
    [
        ("ADD_vector", F.D | F.N | F.M), ("SUB_vector", F.D | F.N | F.M), ("AND_vector", F.D | F.N | F.M), ("BIC_vector_reg", F.D | F.N | F.M),
        ("ORR_vector_reg", F.D | F.N | F.M), ("ORN_vector", F.D | F.N | F.M), ("EOR_vector", F.D | F.N | F.M), ("BSL", F.D | F.N | F.M),
        ("BIT", F.D | F.N | F.M), ("BIF", F.D | F.N | F.M), ("ADDP_vector", F.D | F.N | F.M), ("UMAXP", F.D | F.N | F.M), ("SMINP", F.D | F.N | F.M),
        ("ZIP1", F.D | F.N | F.M), ("UZP2", F.D | F.N | F.M), ("TRN1", F.D | F.N | F.M), ("EXT", F.D | F.N | F.M), ("TBL", F.D | F.N | F.M),
        ("TBX", F.D | F.N | F.M), ("SHL_vector", F.D | F.N), ("USHR_vector", F.D | F.N), ("SSHR_vector", F.D | F.N), ("USRA_vector", F.D | F.N),
        ("SRSRA_vector", F.D | F.N), ("SRI_vector", F.D | F.N), ("SLI_vector", F.D | F.N), ("SSHLL_vector", F.D | F.N), ("USHLL_vector", F.D | F.N),
        ("SHLL", F.D | F.N), ("XTN", F.D | F.N), ("SHRN_vector", F.D | F.N), ("RSHRN_vector", F.D | F.N), ("REV32_vector", F.D | F.N),
        ("REV16_vector", F.D | F.N), ("DUP_element_vector", F.D | F.N), ("DUP_general", F.D),
        ("MOVI_64", F.D), ("MOVI_8", F.D), ("MVNI_32", F.D), ("ORR_vector_imm32", F.D), ("BIC_vector_imm16", F.D), ("FMOV_vector_imm", F.D),
    ];

    // Other instructions that write V registers (scalar FP, SIMD natives writing the state directly, moves).
    private static readonly (string Name, F Fields)[] Writers =
    [
        ("FADD_scalar", F.D | F.N | F.M), ("FMUL_scalar", F.D | F.N | F.M), ("FMADD", F.D | F.N | F.M | F.A), ("FMOV_reg", F.D | F.N),
        ("FNEG_scalar", F.D | F.N), ("FCSEL", F.D | F.N | F.M), ("FCMP", F.N | F.M), ("ADD_scalar", F.D | F.N | F.M), ("SHL_scalar", F.D | F.N),
        ("DUP_elem_scalar", F.D | F.N), ("FMOV_general", F.D | F.N), ("INS_general", F.D), ("INS_element", F.D | F.N), ("FADD_vector", F.D | F.N | F.M), ("MUL_vector", F.D | F.N | F.M), ("CMEQ_reg_vector", F.D | F.N | F.M),
        ("SMULL_vector", F.D | F.N | F.M), ("UMOV", F.D | F.N), ("SCVTF_simd_scalar", F.D | F.N), ("CNT_vector", F.D | F.N),
    ];

    // SIMD&FP loads and stores (base X1..X3, in the middle of the data).
    private static readonly (string Name, F Fields)[] Memory =
    [
        ("LDR_imm_off_fpsimd", F.D | F.Base), ("LDUR_fpsimd", F.D | F.Base), ("LDP_off_fpsimd", F.D | F.A | F.Base), ("LD1_mult_1reg", F.D | F.Base),
        ("LD1_mult_2reg", F.D | F.Base), ("LD1_mult_4reg", F.D | F.Base), ("LD2_mult", F.D | F.Base), ("LD4_mult", F.D | F.Base),
        ("LD1R", F.D | F.Base), ("LD3_single_s", F.D | F.Base), ("LD2R", F.D | F.Base), ("STR_imm_off_fpsimd", F.D | F.Base),
        ("STP_off_fpsimd", F.D | F.A | F.Base), ("ST1_mult_2reg", F.D | F.Base),
    ];

    // Switched off, so that the fallback (the interpreter inside the block) runs them.
    private static readonly (string Name, F Fields)[] Fallback =
    [
        ("REV64", F.D | F.N), ("ZIP2", F.D | F.N | F.M), ("NOT_vector", F.D | F.N), ("LD3_mult", F.D | F.Base), ("FSUB_scalar", F.D | F.N | F.M),
    ];

    private static int EnvInt(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), out var v) && v > 0 ? v : fallback;

    private static uint Field(uint w, int shift, uint value) => (w & ~(31u << shift)) | value << shift;

    private static uint Draw(Random rng, (string Name, F Fields)[] list, NativeSwitches native, bool mustBeNative)
    {
        for (int attempt = 0; attempt < 100_000; attempt++)
        {
            var (name, fields) = list[rng.Next(list.Length)];
            var e = EncodingTable.Get(name);
            uint w = e.Value | ((uint)rng.NextInt64() & ~e.Mask);
            uint reg() => (uint)rng.Next(4);
            if (fields.HasFlag(F.D)) w = Field(w, 0, reg());
            if (fields.HasFlag(F.N)) w = Field(w, 5, reg());
            if (fields.HasFlag(F.M)) w = Field(w, 16, reg());
            if (fields.HasFlag(F.A)) w = Field(w, 10, reg());
            if (fields.HasFlag(F.Base)) w = Field(w, 5, (uint)rng.Next(1, 4));
            if (name.EndsWith("imm_off_fpsimd", StringComparison.Ordinal)) w = (w & ~(0xFFFu << 10)) | (uint)rng.Next(16) << 10;
            if (Decoder.Decode(w) != e.Id) continue;
            bool isNative = native[e.Id] && BlockEmitter.AcceptsNative(e.Id, w);
            if (mustBeNative != isNative) continue;
            return w;
        }
        throw new InvalidOperationException("cannot draw a word");
    }

    [Test]
    public void VectorChainsMixedWithOtherWritersAgreeWithTheInterpreter()
    {
        var native = NativeSwitches.AllNative();
        foreach (var (name, _) in Fallback) native.Set(name, false);
        foreach (var (name, _) in Aware.Concat(Writers).Concat(Memory))
            Assert.That(native[EncodingTable.Get(name).Id] && BlockEmitter.HasNative(EncodingTable.Get(name).Id), Is.True, $"{name} is native");

        int programsWanted = EnvInt("A64JIT_VCACHE_PROGRAMS", 2000);
        int seed = EnvInt("A64JIT_LOCKSTEP_SEED", Environment.TickCount & 0x7FFFFFFF);
        TestContext.Out.WriteLine($"seed {seed}");
        var rng = new Random(seed);
        using var jit = new TestCore();
        using var reference = new TestCore();
        var stats = new TranslationStats();
        for (int program = 1; program <= programsWanted; program++)
        {
            int length = rng.Next(8, 48);
            var words = new uint[length];
            for (int i = 0; i < length; i++)
            {
                int kind = rng.Next(20);
                words[i] = kind switch
                {
                    < 11 => Draw(rng, Aware, native, true),
                    < 14 => Draw(rng, Writers, native, true),
                    < 17 => Draw(rng, Memory, native, true),
                    < 19 => Draw(rng, Fallback, native, false),
                    // A forward branch (on X0, 0 or 1, or always): regions of several blocks, entered along different paths.
                    _ => rng.Next(3) switch
                    {
                        0 => A64.Cbz(0, 4L * rng.Next(1, 5)),
                        1 => A64.Cbnz(0, 4L * rng.Next(1, 5)),
                        _ => A64.B(4L * rng.Next(1, 5)),
                    },
                };
            }
            ulong start = TestCore.CodeBase + 4ul * (ulong)rng.Next(0, 256);
            jit.Memory.WritePrivileged(TestCore.CodeBase, new byte[TestCore.CodeSize]);
            jit.Write(start, words);
            var data = new byte[TestCore.DataSize];
            rng.NextBytes(data);
            jit.Memory.WritePrivileged(TestCore.DataBase, data);
            var s = jit.State;
            *s = default;
            for (int i = 0; i < 31; i++) s->X[i] = (ulong)rng.NextInt64();
            s->X[0] = (ulong)rng.Next(2);
            for (int i = 1; i <= 3; i++) s->X[i] = TestCore.DataBase + 0x1000 + 16ul * (ulong)rng.Next(0, 256);
            s->X[31] = TestCore.DataBase + 0x2000;
            for (int v = 0; v < 64; v++) s->V[v] = (ulong)rng.NextInt64();
            s->Nzcv = (uint)rng.Next(16) << 28;
            s->PC = start;
            reference.CopyFrom(jit);

            RunAgainstTheInterpreter(jit, reference, native, words, start, $"seed {seed}, program {program}", stats);
        }
        TestContext.Out.WriteLine($"{programsWanted} programs; translated {stats.NativeInstructionsTranslated} native, {stats.FallbackInstructionsTranslated} fallback");
        Assert.That(stats.FallbackInstructionsTranslated, Is.GreaterThan(0));
        Assert.That(stats.NativeInstructionsTranslated, Is.GreaterThan(stats.FallbackInstructionsTranslated * 4));
    }

    /// <summary>
    /// Runs the program at <paramref name="start"/> to its stop on the translator (regions jump
    /// between their blocks, so blocks are entered along every path) and on the interpreter, and
    /// compares stops, states and memory.
    /// </summary>
    private static void RunAgainstTheInterpreter(TestCore jit, TestCore reference, NativeSwitches native, uint[] words, ulong start, string what, TranslationStats stats)
    {
        var options = new TranslatorOptions { Native = native, MaxBlockInstructions = 64, RegionLoopsOnly = false };
        using var engine = new TranslatedEngine(jit.State, jit.Memory, options);
        var r = engine.Run(10_000);
        var rr = new Interpreter(reference.State, reference.Memory).Run(10_000);
        string diff = rr != r ? $"stop: translated {r}, interpreter {rr}\n" : "";
        diff += TestCore.StateDifferences(jit.State, reference.State, "translated", "interpreter");
        diff += TestCore.MemoryDifferences(jit, reference);
        if (diff.Length != 0)
        {
            var listing = string.Join("\n", words.Select((w, k) => $"  {start + 4ul * (ulong)k:x}: {w:x8} {Disassembler.Format(w, start + 4ul * (ulong)k)}"));
            Assert.Fail($"{what}:\n{listing}\n{diff}");
        }
        stats.NativeInstructionsTranslated += engine.Stats.NativeInstructionsTranslated;
        stats.FallbackInstructionsTranslated += engine.Stats.FallbackInstructionsTranslated;
    }

    /// <summary>
    /// Two successors of a block that cached V0 and then had it rewritten by a scalar FADD both
    /// read V0 (the one emitted first caches it again): whichever is entered, V0 comes from the
    /// state, not from a local left by the other.
    /// </summary>
    [TestCase(0ul)]
    [TestCase(1ul)]
    public void ABranchTargetStartsWithAnEmptyCache(ulong x0)
    {
        uint[] words =
        [
            0x4ea11c20,   // mov v0.16b, v1.16b
            0x1e622840,   // fadd d0, d2, d2
            0xb4000060,   // cbz x0, +12
            0x4ea01c04,   // mov v4.16b, v0.16b
            0x14000003,   // b +12
            0x4ea01c03,   // mov v3.16b, v0.16b
            0x14000001,   // b +4
            0x00000000,   // udf #0
        ];
        using var jit = new TestCore();
        using var reference = new TestCore();
        jit.Write(TestCore.CodeBase, words);
        var s = jit.State;
        *s = default;
        s->X[0] = x0;
        for (int v = 0; v < 8; v++) s->V[v] = 0x3FF0_0000_0000_0000ul + (ulong)v * 0x0001_0000_0000_0000ul;
        s->PC = TestCore.CodeBase;
        reference.CopyFrom(jit);
        var stats = new TranslationStats();
        RunAgainstTheInterpreter(jit, reference, NativeSwitches.AllNative(), words, TestCore.CodeBase, $"x0 = {x0}", stats);
        Assert.That(stats.FallbackInstructionsTranslated, Is.Zero);
    }

    /// <summary>
    /// LD4 writes V0-V3, not only Rt: V3 (cached whole by a vector MOV) and the low half of V1
    /// (cached by a scalar FADD) must be read again after it.
    /// </summary>
    [Test]
    public void AStructureLoadDropsEveryRegisterItWrites()
    {
        uint[] words =
        [
            0x4ea31c64,   // mov v4.16b, v3.16b
            0x1e612822,   // fadd d2, d1, d1
            0x4c400c20,   // ld4 {v0.2d-v3.2d}, [x1]
            0x1e612825,   // fadd d5, d1, d1
            0x4ea31c66,   // mov v6.16b, v3.16b
            0x00000000,   // udf #0
        ];
        using var jit = new TestCore();
        using var reference = new TestCore();
        jit.Write(TestCore.CodeBase, words);
        var data = new byte[64];
        for (int k = 0; k < data.Length; k++) data[k] = (byte)(0x40 + k);
        jit.Memory.WritePrivileged(TestCore.DataBase, data);
        var s = jit.State;
        *s = default;
        s->X[1] = TestCore.DataBase;
        for (int v = 0; v < 8; v++) s->V[v] = 0x3FF0_0000_0000_0000ul + (ulong)v * 0x0001_0000_0000_0000ul;
        s->PC = TestCore.CodeBase;
        reference.CopyFrom(jit);
        var stats = new TranslationStats();
        RunAgainstTheInterpreter(jit, reference, NativeSwitches.AllNative(), words, TestCore.CodeBase, "ld4", stats);
        Assert.That(stats.FallbackInstructionsTranslated, Is.Zero);
    }
}
