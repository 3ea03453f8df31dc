using System.Text;
using Decoder = A64Jit.Core.Decoding.Decoder;
using A64Jit.Core.Decoding;
using A64Jit.Core.State;
using A64Jit.Tests.Oracles;
using A64Jit.Translator;
using A64Jit.Translator.Blocks;
using A64Jit.Translator.Emission;
using A64Jit.Translator.Execution;

namespace A64Jit.Tests.Translation;

/// <summary>
/// The translator's native IL checked against Unicorn on random blocks, for every encoding
/// that has native IL, including those the interpreter of this tree does not implement yet
/// (the lockstep test covers the rest once it does). A block is a run of random non-branch
/// native instructions ended by a random native branch; both engines start at EL1h from the
/// same registers and memory and run the block's instruction count. Blocks that fault
/// (random base registers) check precise faults: same fault address, registers, PC and
/// memory as Unicorn at the abort. A64JIT_NATIVE_UNICORN_BLOCKS sets the count (default 1,500).
/// </summary>
[TestFixture]
public unsafe class NativeIlUnicornTests
{
    [Test]
    public void NativeBlocksAgreeWithUnicorn()
    {
        if (!Unicorn.Available) Assert.Fail("libunicorn.so.2 is not installed (the test command installs libunicorn2)");
        int cases = int.TryParse(Environment.GetEnvironmentVariable("A64JIT_NATIVE_UNICORN_BLOCKS"), out var c) && c > 0 ? c : 1500;
        int seed = Environment.TickCount & 0x7FFFFFFF;
        var rng = new Random(seed);
        // Exclusive, ordered and atomic accesses are left out: Unicorn departs from the Arm ARM there
        // (see DifferentialTests.UnicornComparableInBlocks); AtomicNativeTests checks them against the interpreter.
        var natives = BlockEmitter.NativeEncodingIds.Select(id => EncodingTable.All[id])
            .Where(e => !NotComparable.Contains(e.Name))
            .Where(e => e.Group != EncodingGroup.LoadStore || A64Jit.Tests.Interpretation.DifferentialTests.UnicornComparableInBlocks(e)).ToArray();
        var straight = natives.Where(e => !BlockDiscovery.IsBlockEnd(e.Id)).ToArray();
        var branches = natives.Where(e => BlockDiscovery.IsBlockEnd(e.Id)).ToArray();
        TestContext.Out.WriteLine($"seed {seed}; native IL for {natives.Length} encodings: {string.Join(' ', natives.Select(e => e.Name))}");

        using var uc = new Unicorn();
        uc.Map(TestCore.CodeBase, TestCore.CodeSize, 5); // read + execute, as in TestCore
        uc.Map(TestCore.DataBase, TestCore.DataSize, 3);
        using var core = new TestCore();
        var data = new byte[TestCore.DataSize];
        int compared = 0, faulted = 0, interpreterExits = 0;
        var failures = new StringBuilder();
        int failureCount = 0;

        for (int k = 0; k < cases; k++)
        {
            int length = rng.Next(0, 12);
            var words = new uint[length + 1];
            for (int i = 0; i < length; i++) words[i] = RandomWord(rng, straight[rng.Next(straight.Length)]);
            ulong pc = TestCore.CodeBase + 0x100 + 4ul * (ulong)rng.Next(0, 512);
            var branch = branches[rng.Next(branches.Length)];
            words[length] = RandomWord(rng, branch);
            // Direct branches land in the code region (Unicorn fetches the target when it stops there).
            long delta = (long)(TestCore.CodeBase + 4ul * (ulong)rng.Next(0, (int)TestCore.CodeSize / 4)) - (long)(pc + 4ul * (ulong)length);
            string f = branch.Name switch { "B" or "BL" => "imm26", "B_cond" or "CBZ" or "CBNZ" => "imm19", "TBZ" or "TBNZ" => "imm14", _ => "" };
            if (f.Length != 0) words[length] = branch.Field(f).Insert(words[length], (uint)(delta >> 2));

            core.Memory.WritePrivileged(TestCore.CodeBase, new byte[TestCore.CodeSize]);
            uc.Write(TestCore.CodeBase, new byte[TestCore.CodeSize]);
            core.Write(pc, words);
            uc.WriteCode(pc, words);
            rng.NextBytes(data);
            core.Memory.WritePrivileged(TestCore.DataBase, data);
            uc.Write(TestCore.DataBase, data);

            var s = core.State;
            *s = default;
            s->Pstate = (1u << 2) | PstateBits.SpSel;
            for (int i = 0; i < 31; i++)
                s->X[i] = rng.Next(4) switch
                {
                    0 or 1 => TestCore.DataBase + (ulong)rng.Next(0, 0x800) / 8 * 8,
                    2 => (ulong)rng.Next(-4, 64),
                    _ => (ulong)rng.NextInt64() ^ ((ulong)rng.Next() << 63),
                };
            if (f.Length == 0) s->X[(words[length] >> 5) & 31] = TestCore.CodeBase + 4ul * (ulong)rng.Next(0, (int)TestCore.CodeSize / 4);
            s->X[31] = TestCore.DataBase + 0x2000;
            s->Nzcv = (uint)rng.Next(16) << 28;
            s->PC = pc;
            for (int i = 0; i < 31; i++) uc.SetX(i, s->X[i]);
            uc.Sp = s->X[31];
            uc.Nzcv = s->Nzcv;
            for (int v = 0; v < 32; v++)
            {
                s->V[2 * v] = RandomLane(rng);
                s->V[2 * v + 1] = RandomLane(rng);
                uc.SetV(v, new UInt128(s->V[2 * v + 1], s->V[2 * v]));
            }
            uc.Fpcr = 0;
            uc.Fpsr = 0;
            uc.Pc = pc;

            var block = new GuestBlock(pc, words.Select((w, i) => new GuestInstruction(pc + 4ul * (ulong)i, w, Decoder.Decode(w))).ToArray(), BlockEnd.Branch);
            var translated = BlockCompiler.Compile(block, 0, NativeSwitches.AllNative());
            var ctx = new BlockContext(new A64Jit.Core.Interpretation.ExecContext(s, core.Memory));
            translated.Func(s, ctx);
            if (ctx.InterpretNext)
            {
                // An access the inline path cannot perform (a fault among them) leaves the rest of
                // the block to the interpreter, as the engine runs it.
                ctx.InterpretNext = false;
                interpreterExits++;
                var interpreter = new A64Jit.Core.Interpretation.Interpreter(s, core.Memory);
                while (s->InstructionsRetired < (ulong)words.Length && interpreter.Step() == StopReason.None) { }
            }
            var stop = uc.Run(pc, (ulong)words.Length);

            var diff = new StringBuilder();
            // Unicorn fetches the successor before it stops: a fetch fault exactly at the PC the
            // block returned is not an exception of the block.
            bool successorFetch = (stop.FaultType == UcMemType.FetchUnmapped || stop.FaultType == UcMemType.FetchProt)
                                  && stop.FaultAddress == s->PC && s->ExitReason == 0;
            if (!stop.Clean && !successorFetch)
            {
                faulted++;
                if (s->ExitReason != (uint)StopReason.Exception) diff.Append($"unicorn stopped ({stop}), translated code did not\n");
                else if (stop.Faulted && stop.FaultAddress != s->ExitAddress) diff.Append($"fault address: translated 0x{s->ExitAddress:x}, unicorn 0x{stop.FaultAddress:x}\n");
            }
            else
            {
                compared++;
                if (s->ExitReason != 0) diff.Append($"translated code stopped ({(StopReason)s->ExitReason}, syndrome 0x{s->ExitSyndrome:x}, address 0x{s->ExitAddress:x}), unicorn did not\n");
            }
            if (diff.Length == 0 && (stop.Clean || successorFetch || stop.Faulted))
            {
                // Precise faults: at a data abort both leave the instructions before it retired and PC at it.
                for (int i = 0; i < 31; i++)
                    if (s->X[i] != uc.GetX(i)) diff.Append($"X{i}: translated 0x{s->X[i]:x}, unicorn 0x{uc.GetX(i):x}\n");
                if (s->X[31] != uc.Sp) diff.Append($"SP: translated 0x{s->X[31]:x}, unicorn 0x{uc.Sp:x}\n");
                if (s->PC != uc.Pc) diff.Append($"PC: translated 0x{s->PC:x}, unicorn 0x{uc.Pc:x}\n");
                if (s->Nzcv != uc.Nzcv) diff.Append($"NZCV: translated 0x{s->Nzcv:x8}, unicorn 0x{uc.Nzcv:x8}\n");
                for (int v = 0; v < 32; v++)
                    if (new UInt128(s->V[2 * v + 1], s->V[2 * v]) != uc.GetV(v)) diff.Append($"V{v}: translated 0x{s->V[2 * v + 1]:x16}{s->V[2 * v]:x16}, unicorn 0x{uc.GetV(v):x32}\n");
                if (s->Fpsr != uc.Fpsr) diff.Append($"FPSR: translated 0x{s->Fpsr:x}, unicorn 0x{uc.Fpsr:x}\n");
                var ours = core.ReadRange(TestCore.DataBase, TestCore.DataSize);
                var theirs = new byte[TestCore.DataSize];
                uc.Read(TestCore.DataBase, theirs);
                for (int i = 0; i < ours.Length; i++)
                    if (ours[i] != theirs[i]) { diff.Append($"memory 0x{TestCore.DataBase + (ulong)i:x}: translated 0x{ours[i]:x2}, unicorn 0x{theirs[i]:x2}\n"); break; }
            }
            if (diff.Length != 0 && failureCount++ < 5)
                failures.Append($"case {k}:\n{block.Disassemble()}{diff}\n");
        }
        TestContext.Out.WriteLine($"{cases} blocks: {compared} compared in full, {faulted} stopped on a fault in Unicorn (the translation must stop too, at the same address with the same registers, PC and memory); {interpreterExits} left an access to the interpreter");
        Assert.That(failureCount, Is.Zero, $"seed {seed}, {failureCount} mismatching blocks; first ones:\n{failures}");
    }

    /// <summary>A 64-bit half of a vector register: random bits, or ordinary doubles/singles (the FP fast paths).</summary>
    private static ulong RandomLane(Random rng) => rng.Next(3) switch
    {
        0 => (ulong)rng.NextInt64(),
        1 => BitConverter.DoubleToUInt64Bits(rng.Next(-1000, 1000) / 8.0),
        _ => BitConverter.SingleToUInt32Bits(rng.Next(-1000, 1000) / 3f) | (ulong)BitConverter.SingleToUInt32Bits(rng.Next(1, 99) / 7f) << 32,
    };

    /// <summary>
    /// Native encodings whose results depend on state the engines do not share or that stop
    /// differently (system registers, SYS, exception generation, UNDEFINED encodings):
    /// SystemNativeTests compares them with the interpreter (see also UnicornScope).
    /// </summary>
    private static readonly HashSet<string> NotComparable =
        ["MRS", "MSR_reg", "MSR_imm", "SYS", "SYSL", "SVC", "HVC", "SMC", "BRK", "HLT", "UDF", "DCPS1", "DCPS2", "DCPS3", "DRPS",
         // WFI/WFE stop the run here (WaitForInterrupt), Unicorn runs on; ERET depends on EL1 state
         // (SPSR/ELR) Unicorn does not share. SystemNativeTests checks them against the interpreter.
         "WFI", "WFE", "ERET"];

    private static uint RandomWord(Random rng, A64Jit.Core.Decoding.Encoding e)
    {
        for (int attempt = 0; attempt < 1000; attempt++)
        {
            uint w = e.Value | ((uint)rng.NextInt64() & ~e.Mask);
            if (e.Name == "HINT" && A64Jit.Tests.Interpretation.UnicornScope.IsPointerAuthenticationHint(w)) continue;
            if (Decoder.Decode(w) == e.Id && BlockEmitter.AcceptsNative(e.Id, w)) return w;
        }
        throw new InvalidOperationException($"cannot draw a word of {e.Name}");
    }
}
