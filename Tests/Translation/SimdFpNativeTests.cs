using A64Jit.Core.Disassembly;
using A64Jit.Core.Decoding;
using A64Jit.Core.Interpretation;
using A64Jit.Core.State;
using A64Jit.Translator;
using A64Jit.Translator.Emission;
using A64Jit.Translator.Execution;

namespace A64Jit.Tests.Translation;

/// <summary>
/// Native IL of the SIMD&amp;FP loads/stores, scalar floating point and integer vector
/// instructions against the interpreter (the reference): random blocks with vector
/// registers full of FP edge values (NaNs of both kinds and signs, infinities, subnormals,
/// signed zeros, extremes, values whose results round or not) under random FPCR modes, and
/// targeted runs of every FP arithmetic word over all pairs of edge values. Registers,
/// NZCV, FPSR, memory and stops must be identical. A per-encoding check makes sure each
/// listed encoding really is translated to native IL.
/// </summary>
/// <remarks>A64JIT_SIMDFP_LOCKSTEP_BLOCKS sets the number of random blocks (default 3,000); A64JIT_LOCKSTEP_SEED the seed.</remarks>
[TestFixture]
public unsafe class SimdFpNativeTests
{
    /// <summary>Encodings this part of the translator emits natively.</summary>
    private static readonly string[] SimdFpNames =
    [
        "STR_imm_off_fpsimd", "LDR_imm_off_fpsimd", "STUR_fpsimd", "LDUR_fpsimd", "STR_imm_pre_fpsimd", "LDR_imm_pre_fpsimd",
        "STR_imm_post_fpsimd", "LDR_imm_post_fpsimd", "STR_reg_fpsimd", "LDR_reg_fpsimd", "LDR_lit_fpsimd",
        "STNP_fpsimd", "LDNP_fpsimd", "STP_off_fpsimd", "LDP_off_fpsimd", "STP_pre_fpsimd", "LDP_pre_fpsimd", "STP_post_fpsimd", "LDP_post_fpsimd",
        "LD1_mult_1reg", "LD1_mult_2reg", "LD1_mult_3reg", "LD1_mult_4reg", "ST1_mult_1reg", "ST1_mult_2reg", "ST1_mult_3reg", "ST1_mult_4reg",
        "LD1_mult_1reg_post_imm", "LD1_mult_2reg_post_imm", "ST1_mult_1reg_post_imm", "ST1_mult_2reg_post_imm",
        "LD1_mult_1reg_post_reg", "LD1_mult_2reg_post_reg", "ST1_mult_1reg_post_reg", "ST1_mult_2reg_post_reg",
        "FADD_scalar", "FSUB_scalar", "FMUL_scalar", "FDIV_scalar", "FNMUL_scalar", "FMAX_scalar", "FMIN_scalar", "FMAXNM_scalar", "FMINNM_scalar",
        "FMADD", "FMSUB", "FNMADD", "FNMSUB", "FSQRT_scalar", "FMOV_reg", "FABS_scalar", "FNEG_scalar", "FMOV_scalar_imm", "FMOV_general",
        "FCMP", "FCMPE", "FCCMP", "FCCMPE", "FCSEL", "FCVT", "SCVTF_scalar_int", "UCVTF_scalar_int", "FCVTZS_scalar_int", "FCVTZU_scalar_int",
        "FADD_vector", "FSUB_vector", "FMUL_vector", "FDIV_vector", "FABD_vector", "FMLA_vector", "FMLS_vector", "FNEG_vector", "FABS_vector",
        "SCVTF_simd_scalar", "UCVTF_simd_scalar", "DUP_elem_scalar", "SHLL", "SHL_scalar", "USHR_scalar", "SSHR_scalar", "ADD_scalar", "SUB_scalar",
        "LD1R", "LD1R_post_imm", "LD1R_post_reg", "NOP", "SMULL_vector", "UMULL_vector", "SMLAL_vector", "UMLAL_vector",
        "NOT_vector", "UMAXP", "UMINP", "SMAXP", "SMINP", "SHRN_vector",
        "FRINTN_scalar", "FRINTP_scalar", "FRINTM_scalar", "FRINTZ_scalar", "FRINTA_scalar", "FRINTX_scalar", "FRINTI_scalar",
        "ADD_vector", "SUB_vector", "MUL_vector", "MLA_vector", "MLS_vector", "CMEQ_reg_vector", "CMHI_reg_vector", "CMHS_reg_vector",
        "CMGT_reg_vector", "CMGE_reg_vector", "CMTST_vector", "AND_vector", "BIC_vector_reg", "ORR_vector_reg", "ORN_vector", "EOR_vector",
        "BSL", "BIT", "BIF", "CMEQ_zero_vector", "CMGT_zero_vector", "CMGE_zero_vector", "CMLE_zero_vector", "CMLT_zero_vector",
        "ADDV", "UMAXV", "UMINV", "SMAXV", "SMINV", "ADDP_vector", "DUP_general", "DUP_element_vector", "INS_general", "INS_element",
        "UMOV", "SMOV", "SHL_vector", "USHR_vector", "SSHR_vector", "USRA_vector", "SSRA_vector", "SSHLL_vector", "USHLL_vector",
        "XTN", "CNT_vector", "ZIP1", "ZIP2", "UZP1", "UZP2", "TRN1", "TRN2", "EXT", "REV64", "REV32_vector", "REV16_vector",
        "MOVI_32", "MOVI_16", "MOVI_32msl", "MOVI_8", "MOVI_64", "FMOV_vector_imm", "FMOV_vector_imm_double",
        "MVNI_32", "MVNI_16", "MVNI_32msl", "ORR_vector_imm32", "ORR_vector_imm16", "BIC_vector_imm32", "BIC_vector_imm16",
        "URSHR_vector", "SRSHR_vector", "URSRA_vector", "SRSRA_vector", "SRI_vector", "SLI_vector", "RSHRN_vector", "TBL", "TBX",
        .. SimdNativeMoreTests.StructureNames,
    ];

    private static readonly ulong[] EdgeDoubles =
    [
        0, 0x8000_0000_0000_0000, 0x3FF0_0000_0000_0000, 0xBFF8_0000_0000_0000, 0x4008_0000_0000_0000, 0x3FB9_9999_9999_999A,
        0x7FF0_0000_0000_0000, 0xFFF0_0000_0000_0000, 0x7FF8_0000_0000_0000, 0xFFF8_0000_0000_0001, 0x7FF0_0000_0000_0001, 0xFFF4_0000_0000_0000,
        0x0000_0000_0000_0001, 0x800F_FFFF_FFFF_FFFF, 0x0010_0000_0000_0000, 0x8010_0000_0000_0001, 0x7FEF_FFFF_FFFF_FFFF, 0xFFEF_FFFF_FFFF_FFFE,
        0x7E70_0000_0000_0000, 0x0170_0000_0000_0000, 0x4340_0000_0000_0000, 0xC3E0_0000_0000_0000, 0x41DF_FFFF_FFC0_0000, 0x43F0_0000_0000_0000,
        0x3FF0_0000_0000_0001, 0x4059_0000_0000_0000, 0x3FE0_0000_0000_0000, 0xC004_0000_0000_0000,
    ];

    private static readonly uint[] EdgeSingles =
    [
        0, 0x8000_0000, 0x3F80_0000, 0xBFC0_0000, 0x4040_0000, 0x3DCC_CCCD, 0x7F80_0000, 0xFF80_0000, 0x7FC0_0000, 0xFFC0_0001,
        0x7F80_0001, 0xFFA0_0000, 0x0000_0001, 0x807F_FFFF, 0x0080_0000, 0x8080_0001, 0x7F7F_FFFF, 0xFF7F_FFFE, 0x7300_0000, 0x0C80_0000,
        0x4F00_0000, 0xCF00_0000, 0x5F80_0000, 0x3F80_0001, 0x42C8_0000, 0x1A00_0000, 0x3F00_0000, 0xC020_0000,
    ];

    private static int EnvInt(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), out var v) && v > 0 ? v : fallback;

    private static ulong RandomDouble(Random rng) => rng.Next(8) switch
    {
        0 => (ulong)rng.NextInt64() ^ ((ulong)rng.Next(2) << 63),
        1 => BitConverter.DoubleToUInt64Bits(rng.Next(-100, 100) / (double)(1 << rng.Next(0, 6))),
        2 => BitConverter.DoubleToUInt64Bits(rng.NextDouble() * Math.Pow(2, rng.Next(-60, 60))),
        _ => EdgeDoubles[rng.Next(EdgeDoubles.Length)],
    };

    private static uint RandomSingle(Random rng) => rng.Next(8) switch
    {
        0 => (uint)rng.Next() ^ ((uint)rng.Next(2) << 31),
        1 => BitConverter.SingleToUInt32Bits(rng.Next(-100, 100) / (float)(1 << rng.Next(0, 6))),
        2 => BitConverter.SingleToUInt32Bits((float)(rng.NextDouble() * Math.Pow(2, rng.Next(-30, 30)))),
        _ => EdgeSingles[rng.Next(EdgeSingles.Length)],
    };

    private static ulong RandomHalfOfV(Random rng) => rng.Next(3) switch
    {
        0 => RandomDouble(rng),
        1 => RandomSingle(rng) | (ulong)RandomSingle(rng) << 32,
        _ => (ulong)rng.NextInt64(),
    };

    /// <summary>FPCR: mostly the default; else random RMode, FZ, DN, AHP.</summary>
    private static uint RandomFpcr(Random rng) => rng.Next(3) == 0 ? (uint)rng.Next(32) << 22 : 0;

    [Test]
    public void EveryListedEncodingIsTranslatedNatively()
    {
        var rng = new Random(5);
        using var core = new TestCore();
        var missing = new List<string>();
        foreach (var name in SimdFpNames)
        {
            var e = EncodingTable.Get(name);
            Assert.That(BlockEmitter.HasNative(e.Id), Is.True, $"{name} has no native IL");
            // A word of the encoding that the emitter accepts, alone in a block.
            uint w = 0;
            for (int k = 0; k < 10_000; k++)
            {
                uint c = e.Value | ((uint)rng.NextInt64() & ~e.Mask);
                if (Decoder.Decode(c) == e.Id && BlockEmitter.AcceptsNative(e.Id, c)) { w = c; break; }
            }
            Assert.That(w, Is.Not.Zero, $"no accepted word of {name}");
            core.Memory.WritePrivileged(TestCore.CodeBase, new byte[TestCore.CodeSize]);
            core.Write(TestCore.CodeBase, w, A64.B(0));
            var s = core.State;
            *s = default;
            for (int i = 0; i < 31; i++) s->X[i] = TestCore.DataBase + 0x1000;
            s->X[31] = TestCore.DataBase + 0x1000;
            s->PC = TestCore.CodeBase;
            using var engine = new TranslatedEngine(core.State, core.Memory, new TranslatorOptions { Native = NativeSwitches.AllNative(), MaxBlockInstructions = 1, MaxRegionBlocks = 1 });
            engine.StepBlock();
            if (engine.Stats.NativeInstructionsTranslated != 1 || engine.Stats.FallbackInstructionsTranslated != 0) missing.Add($"{name} ({w:x8})");
        }
        Assert.That(missing, Is.Empty, "translated through the fallback: " + string.Join(", ", missing));
    }

    [Test]
    public void RandomBlocksAgreeWithTheInterpreter()
    {
        var mine = SimdFpNames.Select(EncodingTable.Get).ToArray();
        var others = Interpreter.ImplementedEncodings.Where(e => BlockEmitter.HasNative(e.Id) && !SimdFpNames.Contains(e.Name)
                                                                 && e.Name is not ("B" or "BL" or "BR" or "BLR" or "RET" or "CBZ" or "CBNZ" or "TBZ" or "TBNZ" or "B_cond")).ToArray();
        int blocksWanted = EnvInt("A64JIT_SIMDFP_LOCKSTEP_BLOCKS", 3_000);
        int seed = EnvInt("A64JIT_LOCKSTEP_SEED", Environment.TickCount & 0x7FFFFFFF);
        TestContext.Out.WriteLine($"seed {seed}");
        var rng = new Random(seed);
        using var jit = new TestCore();
        using var reference = new TestCore();
        int blocks = 0, programs = 0;
        var stats = new TranslationStats();
        while (blocks < blocksWanted)
        {
            programs++;
            int length = rng.Next(1, 24);
            var words = new uint[length];
            for (int i = 0; i < length; i++) words[i] = RandomWord(rng, rng.Next(5) == 0 ? others : mine);
            ulong start = TestCore.CodeBase + 4ul * (ulong)rng.Next(0, 256);
            jit.Memory.WritePrivileged(TestCore.CodeBase, new byte[TestCore.CodeSize]);
            jit.Write(start, words);
            var data = new byte[TestCore.DataSize];
            for (int k = 0; k + 8 <= data.Length; k += 8) BitConverter.TryWriteBytes(data.AsSpan(k), RandomHalfOfV(rng));
            jit.Memory.WritePrivileged(TestCore.DataBase, data);
            var s = jit.State;
            *s = default;
            for (int i = 0; i < 31; i++)
                s->X[i] = rng.Next(4) switch
                {
                    0 => TestCore.DataBase + (ulong)rng.Next(0, (int)TestCore.DataSize),
                    1 => TestCore.DataBase + (ulong)rng.Next(0, 0x800) / 16 * 16,
                    2 => (ulong)rng.Next(-8, 256),
                    _ => RandomHalfOfV(rng),
                };
            s->X[31] = TestCore.DataBase + 0x2000 + 16ul * (ulong)rng.Next(-64, 64) + (rng.Next(8) == 0 ? 8ul : 0);
            for (int v = 0; v < 64; v++) s->V[v] = RandomHalfOfV(rng);
            s->Nzcv = (uint)rng.Next(16) << 28;
            s->Fpcr = RandomFpcr(rng);
            s->Fpsr = rng.Next(4) == 0 ? (uint)rng.Next(0x20) : 0;
            s->SctlrEl1 = rng.Next(4) == 0 ? 0x18ul : 0;   // SP alignment checks at EL0 and EL1 now and then
            s->Pstate = rng.Next(2) == 0 ? 0 : (1u << 2) | PstateBits.SpSel;
            s->PC = start;
            reference.CopyFrom(jit);

            var options = new TranslatorOptions { Native = NativeSwitches.AllNative(), MaxBlockInstructions = rng.Next(3) == 0 ? rng.Next(1, 8) : 64 };
            using var engine = new TranslatedEngine(jit.State, jit.Memory, options);
            var interp = new Interpreter(reference.State, reference.Memory);
            ulong executed = 0;
            while (executed < 200 && blocks < blocksWanted)
            {
                ulong pc = s->PC, before = s->InstructionsRetired;
                var r = engine.StepBlock();
                ulong n = s->InstructionsRetired - before;
                var rr = StopReason.None;
                for (ulong k = 0; k < n && rr == StopReason.None; k++) rr = interp.Step();
                if (rr == StopReason.None && r != StopReason.None) rr = interp.Step();
                blocks++;
                executed += n;
                string diff = rr != r ? $"stop: translated {r}, interpreter {rr}\n" : "";
                diff += TestCore.StateDifferences(jit.State, reference.State, "translated", "interpreter");
                diff += TestCore.MemoryDifferences(jit, reference);
                if (diff.Length != 0)
                {
                    var listing = string.Join("\n", words.Select((w, k) => $"  {start + 4ul * (ulong)k:x}: {w:x8} {Disassembler.Format(w, start + 4ul * (ulong)k)}"));
                    Assert.Fail($"seed {seed}, program {programs}, block at 0x{pc:x}:\n{listing}\n{diff}");
                }
                if (r != StopReason.None) break;
            }
            stats.NativeInstructionsTranslated += engine.Stats.NativeInstructionsTranslated;
            stats.FallbackInstructionsTranslated += engine.Stats.FallbackInstructionsTranslated;
        }
        TestContext.Out.WriteLine($"{blocks} blocks, {programs} programs; translated {stats.NativeInstructionsTranslated} native, {stats.FallbackInstructionsTranslated} fallback");
        Assert.That(stats.NativeInstructionsTranslated, Is.GreaterThan(stats.FallbackInstructionsTranslated * 4));
    }

    private static uint RandomWord(Random rng, Encoding[] encodings)
    {
        for (int attempt = 0; ; attempt++)
        {
            var e = encodings[rng.Next(encodings.Length)];
            uint w = e.Value | ((uint)rng.NextInt64() & ~e.Mask);
            if (e.Name == "LDR_lit_fpsimd") w = (w & ~(0x7FFFFu << 5)) | (uint)(rng.Next(-64, 64) & 0x7FFFF) << 5;
            if (Decoder.Decode(w) == e.Id) return w;
            if (attempt > 1000) throw new InvalidOperationException($"cannot draw a word of {e.Name}");
        }
    }

    /// <summary>Every FP arithmetic word (single and double) over all pairs of edge values, under four FPCR settings.</summary>
    [Test]
    public void ArithmeticOverEdgeValuesAgreesWithTheInterpreter()
    {
        // d = 0, n = 1, m = 2, a = 3 (FMADD family); ftype bit 22.
        var words = new List<uint>();
        foreach (uint ft in new[] { 0u, 1u })
        {
            uint f = ft << 22;
            foreach (uint op in new uint[] { 0x1E200800, 0x1E201800, 0x1E202800, 0x1E203800, 0x1E204800, 0x1E205800, 0x1E206800, 0x1E207800, 0x1E208800 })
                words.Add(op | f | 2u << 16 | 1u << 5);                                  // FMUL FDIV FADD FSUB FMAX FMIN FMAXNM FMINNM FNMUL
            foreach (uint op in new uint[] { 0x1F000000, 0x1F008000, 0x1F200000, 0x1F208000 })
                words.Add(op | f | 2u << 16 | 3u << 10 | 1u << 5);                       // FMADD FMSUB FNMADD FNMSUB
            words.Add(0x1E21C000 | f | 1u << 5);                                          // FSQRT
            words.Add(0x1E202000 | f | 2u << 16 | 1u << 5);                               // FCMP
            words.Add(0x1E202010 | f | 2u << 16 | 1u << 5);                               // FCMPE
            words.Add(0x1E202008 | f | 1u << 5);                                          // FCMP #0.0
            words.Add(0x1E200400 | f | 2u << 16 | 0xB << 12 | 1u << 5 | 0x5);            // FCCMP LT
            words.Add(0x1E224000 | (ft ^ 1) << 15 | f | 1u << 5);                         // FCVT to the other precision
            words.Add(0x1E380000 | f | 1u << 5 | 1u << 31);                               // FCVTZS X0
            words.Add(0x1E390000 | f | 1u << 5);                                          // FCVTZU W0
            words.Add(0x1E220000 | f | 1u << 5 | 1u << 31);                               // SCVTF from X1
            words.Add(0x1E230000 | f | 1u << 5);                                          // UCVTF from W1
            words.Add(0x4E20D400 | f | 2u << 16 | 1u << 5);                               // FADD (vector, 4S / 2D)
            words.Add(0x6E20FC00 | f | 2u << 16 | 1u << 5);                               // FDIV (vector)
            words.Add(0x6EA0D400 | f | 2u << 16 | 1u << 5);                               // FABD (vector)
            words.Add(0x4E20CC00 | f | 2u << 16 | 1u << 5 | 3);                           // FMLA (vector) into V3
            words.Add(0x4EA0CC00 | f | 2u << 16 | 1u << 5 | 3);                           // FMLS (vector) into V3
            words.Add(0x5E21D800 | f | 1u << 5);                                          // SCVTF (scalar, SIMD)
            foreach (uint rm in new uint[] { 0x1E244000, 0x1E24C000, 0x1E254000, 0x1E25C000, 0x1E264000, 0x1E274000, 0x1E27C000 })
                words.Add(rm | f | 1u << 5);                                              // FRINTN P M Z A X I
        }
        foreach (var w in words) Assert.That(Decoder.Decode(w), Is.Not.EqualTo(-1), $"{w:x8} does not decode");
        using var jit = new TestCore();
        using var reference = new TestCore();
        var rng = new Random(11);
        int runs = 0, native = 0;
        foreach (var w in words)
        {
            bool dbl = ((w >> 22) & 1) != 0;
            int count = dbl ? EdgeDoubles.Length : EdgeSingles.Length;
            jit.Memory.WritePrivileged(TestCore.CodeBase, new byte[TestCore.CodeSize]);
            jit.Write(TestCore.CodeBase, w, A64.B(0));
            using var engine = new TranslatedEngine(jit.State, jit.Memory, new TranslatorOptions { Native = NativeSwitches.AllNative(), MaxBlockInstructions = 1, MaxRegionBlocks = 1 });
            foreach (uint fpcr in new uint[] { 0, 1u << 24, 1u << 25, 2u << 22 })
                for (int x = 0; x < count; x++)
                    for (int y = 0; y < count; y++)
                    {
                        var s = jit.State;
                        *s = default;
                        ulong a = dbl ? EdgeDoubles[x] : EdgeSingles[x], b = dbl ? EdgeDoubles[y] : EdgeSingles[y];
                        ulong c = dbl ? EdgeDoubles[(x + y) % count] : EdgeSingles[(x * 7 + y) % count];
                        s->V[2] = a | (dbl ? 0 : (ulong)EdgeSingles[y] << 32); s->V[3] = b;
                        s->V[4] = b | (dbl ? 0 : (ulong)EdgeSingles[x] << 32); s->V[5] = a;
                        s->V[6] = c; s->V[7] = ~0ul;
                        s->V[0] = ~0ul; s->V[1] = ~0ul;
                        s->X[1] = rng.Next(2) == 0 ? (ulong)rng.NextInt64() : (ulong)rng.Next(-1000, 1000);
                        s->Nzcv = (uint)(x & 15) << 28;
                        s->Fpcr = fpcr;
                        s->PC = TestCore.CodeBase;
                        reference.CopyFrom(jit);
                        var r = engine.StepBlock();
                        var rr = new Interpreter(reference.State, reference.Memory).Step();
                        string diff = r != rr ? $"stop {r} vs {rr}\n" : "";
                        diff += TestCore.StateDifferences(jit.State, reference.State, "translated", "interpreter");
                        if (diff.Length != 0)
                            Assert.Fail($"{w:x8} {Disassembler.Format(w, TestCore.CodeBase)} with 0x{a:x} 0x{b:x} 0x{c:x} X1=0x{reference.State->X[1]:x} FPCR 0x{fpcr:x}:\n{diff}");
                        runs++;
                    }
            native += (int)engine.Stats.NativeInstructionsTranslated;
        }
        TestContext.Out.WriteLine($"{runs} runs of {words.Count} words");
        Assert.That(native, Is.EqualTo(words.Count), "every word translated natively");
    }

    /// <summary>Runs one word natively and in the interpreter from the same state; fails on any difference.</summary>
    private static void RunOne(TestCore jit, TestCore reference, TranslatedEngine engine, uint w, string what)
    {
        reference.CopyFrom(jit);
        var r = engine.StepBlock();
        var rr = new Interpreter(reference.State, reference.Memory).Step();
        string diff = r != rr ? $"stop {r} vs {rr}\n" : "";
        diff += TestCore.StateDifferences(jit.State, reference.State, "translated", "interpreter");
        diff += TestCore.MemoryDifferences(jit, reference);
        if (diff.Length != 0) Assert.Fail($"{w:x8} {Disassembler.Format(w, TestCore.CodeBase)} {what}:\n{diff}");
    }

    /// <summary>
    /// Loads and stores of every size and form at addresses that straddle the boundary between
    /// two mapped pages, the end of the mapped data (faults), and with SP as a misaligned base
    /// with and without SCTLR_EL1.SA0/SA.
    /// </summary>
    [Test]
    public void LoadsAndStoresAtPageEdgesAndFaultsAgreeWithTheInterpreter()
    {
        uint[] words =
        [
            0x3DC00020, 0x3D800020, 0xFD400020, 0xFD000020, 0xBD400020, 0x7D400020, 0x3D400020, 0x3D000020,   // LDR/STR Q, D, S, H, B (offset 0)
            0x3CC10C20, 0x3C9F0420, 0xFC5F8020,                                                                 // LDR Q pre #16, STR Q post #-16, LDUR D #-8
            0x3CE26820, 0xFC627820,                                                                             // LDR Q [X1, X2], LDR D [X1, X2, LSL #3]
            0xAD400820, 0xAD000820, 0x6D400820, 0x6C810820, 0x2D7F0820, 0xACC10820,                             // LDP/STP Q, D, S and indexed forms
            0x4C407020, 0x4C00A020, 0x4C406020, 0x4C002020, 0x0C407020, 0x4CDF2020, 0x4C82A020,                 // LD1/ST1 1-4 regs, post
            0x4D40C420, 0x4DDFC820,                                                                             // LD1R
            0x3DC003E0, 0xAD4007E0, 0x4C4073E0, 0x6D8107E0,                                                    // SP-based
        ];
        foreach (var w in words) Assert.That(BlockEmitter.AcceptsNative(Decoder.Decode(w), w), Is.True, $"{w:x8} is not native");
        using var jit = new TestCore();
        using var reference = new TestCore();
        var rng = new Random(3);
        var bases = new List<ulong>();
        for (int k = 0; k <= 72; k++)
        {
            bases.Add(TestCore.DataBase + 0x1000 - (ulong)k);                 // straddles two mapped pages
            bases.Add(TestCore.DataBase + TestCore.DataSize - (ulong)k);      // runs into the unmapped page
        }
        bases.Add(TestCore.DataBase - 8);                                     // starts unmapped
        foreach (var w in words)
        {
            jit.Memory.WritePrivileged(TestCore.CodeBase, new byte[TestCore.CodeSize]);
            jit.Write(TestCore.CodeBase, w);
            using var engine = new TranslatedEngine(jit.State, jit.Memory, new TranslatorOptions { Native = NativeSwitches.AllNative(), MaxBlockInstructions = 1, MaxRegionBlocks = 1 });
            foreach (var b in bases)
                foreach (ulong sctlr in new ulong[] { 0, 0x18 })
                {
                    var data = new byte[TestCore.DataSize];
                    rng.NextBytes(data);
                    jit.Memory.WritePrivileged(TestCore.DataBase, data);
                    var s = jit.State;
                    *s = default;
                    for (int v = 0; v < 64; v++) s->V[v] = (ulong)rng.NextInt64();
                    s->X[1] = b;
                    s->X[2] = (ulong)rng.Next(-3, 4);
                    s->X[31] = b;
                    s->SctlrEl1 = sctlr;
                    s->Pstate = rng.Next(2) == 0 ? 0 : (1u << 2) | PstateBits.SpSel;
                    s->PC = TestCore.CodeBase;
                    RunOne(jit, reference, engine, w, $"base 0x{b:x} SCTLR 0x{sctlr:x}");
                }
            // One translation per exception level; none of them through the fallback.
            Assert.That(engine.Stats.FallbackInstructionsTranslated, Is.Zero, $"{w:x8} translated natively");
            Assert.That(engine.Stats.NativeInstructionsTranslated, Is.InRange(1, 2), $"{w:x8} translated natively");
        }
    }

    /// <summary>Integer vector operations of every element size over lanes of edge values (0, 1, -1, the sign bit, its neighbours).</summary>
    [Test]
    public void IntegerVectorOperationsOverLaneEdgesAgreeWithTheInterpreter()
    {
        var names = SimdFpNames.Where(n => !n.Contains("fpsimd") && !n.StartsWith("LD") && !n.StartsWith("ST") && !n.StartsWith('F')
                                           && n is not ("SCVTF_scalar_int" or "UCVTF_scalar_int" or "NOP")).ToArray();
        ulong[] lanePatterns = [0, ~0ul, 0x8080808080808080, 0x7F7F7F7F7F7F7F7F, 0x0101010101010101, 0x8000800080008000, 0x7FFF7FFF7FFF7FFF,
                                0x8000000080000000, 0x7FFFFFFF7FFFFFFF, 0x8000000000000000, 0x7FFFFFFFFFFFFFFF, 0x0123456789ABCDEF, 0xFEDCBA9876543210];
        using var jit = new TestCore();
        using var reference = new TestCore();
        var rng = new Random(9);
        int runs = 0;
        foreach (var name in names)
        {
            var e = EncodingTable.Get(name);
            for (int k = 0; k < 24; k++)
            {
                uint w = 0;
                for (int a = 0; a < 10_000; a++)
                {
                    uint c = e.Value | ((uint)rng.NextInt64() & ~e.Mask);
                    if (Decoder.Decode(c) == e.Id && BlockEmitter.AcceptsNative(e.Id, c)) { w = c; break; }
                }
                Assert.That(w, Is.Not.Zero, name);
                jit.Memory.WritePrivileged(TestCore.CodeBase, new byte[TestCore.CodeSize]);
                jit.Write(TestCore.CodeBase, w);
                using var engine = new TranslatedEngine(jit.State, jit.Memory, new TranslatorOptions { Native = NativeSwitches.AllNative(), MaxBlockInstructions = 1, MaxRegionBlocks = 1 });
                for (int t = 0; t < 8; t++)
                {
                    var s = jit.State;
                    *s = default;
                    for (int v = 0; v < 64; v++) s->V[v] = rng.Next(3) == 0 ? (ulong)rng.NextInt64() : lanePatterns[rng.Next(lanePatterns.Length)];
                    for (int x = 0; x < 31; x++) s->X[x] = lanePatterns[rng.Next(lanePatterns.Length)];
                    s->PC = TestCore.CodeBase;
                    RunOne(jit, reference, engine, w, "");
                    runs++;
                }
            }
        }
        TestContext.Out.WriteLine($"{runs} runs over {names.Length} encodings");
    }

    /// <summary>
    /// The host fast paths against FPCore (the interpreter's arithmetic) directly: wherever a fast
    /// path accepts operands, its result and Inexact flag must be FPCore's with the default FPCR.
    /// Operands are drawn to provoke cancellation (c close to -a*b, b close to a), halfway
    /// cases and wide exponent ranges.
    /// </summary>
    [Test]
    public void FastPathsAgreeWithFPCore()
    {
        var rng = new Random(23);
        int accepted = 0;
        double Rnd() => rng.Next(4) switch
        {
            0 => rng.Next(-50, 50) / 4.0,
            1 => (rng.NextDouble() - 0.5) * Math.Pow(2, rng.Next(-900, 900)),
            2 => BitConverter.UInt64BitsToDouble((ulong)rng.NextInt64()),
            _ => 1.0 + rng.Next(1, 100) * Math.Pow(2, -52),
        };
        for (int k = 0; k < 300_000; k++)
        {
            double a = Rnd(), b = rng.Next(3) == 0 ? a * (1 + (rng.NextDouble() - 0.5) * 1e-12) : Rnd();
            double c = rng.Next(2) == 0 ? -(a * b) * (1 + (rng.Next(-4, 5) * Math.Pow(2, -52))) : Rnd();
            foreach (bool single in new[] { false, true })
            {
                ulong ua, ub, uc;
                int n = single ? 32 : 64;
                if (single) { ua = BitConverter.SingleToUInt32Bits((float)a); ub = BitConverter.SingleToUInt32Bits((float)b); uc = BitConverter.SingleToUInt32Bits((float)c); }
                else { ua = BitConverter.DoubleToUInt64Bits(a); ub = BitConverter.DoubleToUInt64Bits(b); uc = BitConverter.DoubleToUInt64Bits(c); }
                for (int op = 0; op < 5; op++)
                {
                    bool inexact = false;
                    ulong r;
                    bool ok = op == 4
                        ? (single ? SimdFpRuntime.TryMulAddS(uc, ua, ub, out r, ref inexact) : SimdFpRuntime.TryMulAddD(uc, ua, ub, out r, ref inexact))
                        : (single ? SimdFpRuntime.TryOpS(op, ua, ub, out r, ref inexact) : SimdFpRuntime.TryOpD(op, ua, ub, out r, ref inexact));
                    if (!ok) continue;
                    accepted++;
                    uint fpsr = 0;
                    ulong expected = op switch
                    {
                        0 => FPCore.Add(ua, ub, n, 0, ref fpsr),
                        1 => FPCore.Sub(ua, ub, n, 0, ref fpsr),
                        2 => FPCore.Mul(ua, ub, n, 0, ref fpsr),
                        3 => FPCore.Div(ua, ub, n, 0, ref fpsr),
                        _ => FPCore.MulAdd(uc, ua, ub, n, 0, ref fpsr),
                    };
                    if (r != expected || (inexact ? FPCore.IXC : 0) != fpsr)
                        Assert.Fail($"op {op} ({n} bits) 0x{ua:x} 0x{ub:x} 0x{uc:x}: fast 0x{r:x} inexact {inexact}, FPCore 0x{expected:x} FPSR 0x{fpsr:x}");
                }
            }
        }
        TestContext.Out.WriteLine($"{accepted} fast-path results compared");
        Assert.That(accepted, Is.GreaterThan(1_000_000));
    }
}
