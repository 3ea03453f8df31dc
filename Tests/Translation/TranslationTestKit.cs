using System.Text;
using A64Jit.Core.Decoding;
using A64Jit.Core.Memory;
using A64Jit.Core.State;

namespace A64Jit.Tests.Translation;

/// <summary>Encoders for the few instructions the translator tests write by hand (checked against the decoder).</summary>
public static class A64
{
    public static uint Check(string name, uint word)
    {
        var e = A64Jit.Core.Decoding.Decoder.DecodeEncoding(word);
        if (e?.Name != name) throw new InvalidOperationException($"{word:x8} decodes as {e?.Name ?? "nothing"}, not {name}");
        return word;
    }

    private static uint Off(long offset, int bits) => (uint)(offset >> 2) & (uint)((1u << bits) - 1);

    public static uint AddImm(int d, int n, uint imm, bool sf = true) => Check("ADD_imm", (sf ? 1u << 31 : 0) | 0x11000000u | imm << 10 | (uint)n << 5 | (uint)d);
    public static uint SubImm(int d, int n, uint imm, bool sf = true) => Check("SUB_imm", (sf ? 1u << 31 : 0) | 0x51000000u | imm << 10 | (uint)n << 5 | (uint)d);
    public static uint SubsImm(int d, int n, uint imm, bool sf = true) => Check("SUBS_imm", (sf ? 1u << 31 : 0) | 0x71000000u | imm << 10 | (uint)n << 5 | (uint)d);
    public static uint Movz(int d, uint imm16, int hw = 0) => Check("MOVZ", 0xD2800000u | (uint)hw << 21 | imm16 << 5 | (uint)d);
    public static uint Movk(int d, uint imm16, int hw) => Check("MOVK", 0xF2800000u | (uint)hw << 21 | imm16 << 5 | (uint)d);
    public static uint B(long offset) => Check("B", 0x14000000u | Off(offset, 26));
    public static uint Bl(long offset) => Check("BL", 0x94000000u | Off(offset, 26));
    public static uint BCond(int cond, long offset) => Check("B_cond", 0x54000000u | Off(offset, 19) << 5 | (uint)cond);
    public static uint Cbz(int t, long offset) => Check("CBZ", 0xB4000000u | Off(offset, 19) << 5 | (uint)t);
    public static uint Cbnz(int t, long offset) => Check("CBNZ", 0xB5000000u | Off(offset, 19) << 5 | (uint)t);
    public static uint Tbnz(int t, int bit, long offset) => Check("TBNZ", 0x37000000u | (uint)(bit >> 5) << 31 | (uint)(bit & 31) << 19 | Off(offset, 14) << 5 | (uint)t);
    public static uint Ret() => Check("RET", 0xD65F03C0u);
    public static uint Br(int n) => Check("BR", 0xD61F0000u | (uint)n << 5);
    public static uint StrX(int t, int n, uint offset) => Check("STR_imm_offset", 0xF9000000u | (offset / 8) << 10 | (uint)n << 5 | (uint)t);
    public static uint LdrX(int t, int n, uint offset) => Check("LDR_imm_offset", 0xF9400000u | (offset / 8) << 10 | (uint)n << 5 | (uint)t);
    public static uint StrW(int t, int n, uint offset) => Check("STR_imm_offset", 0xB9000000u | (offset / 4) << 10 | (uint)n << 5 | (uint)t);
    public static uint Ldrsb(int t, int n, uint offset) => Check("LDRSB_imm_offset", 0x39800000u | offset << 10 | (uint)n << 5 | (uint)t);
    public static uint LdrXReg(int t, int n, int m) => Check("LDR_reg", 0xF8606800u | (uint)m << 16 | (uint)n << 5 | (uint)t);
    public static uint Udf() => Check("UDF", 0x00000000u);
    /// <summary>LSL Wd, Wn, #shift (UBFM alias).</summary>
    public static uint LslW(int d, int n, int shift) => Check("UBFM", 0x53000000u | (uint)((32 - shift) & 31) << 16 | (uint)(31 - shift) << 10 | (uint)n << 5 | (uint)d);
    public static uint OrrW(int d, int n, int m) => Check("ORR_shift", 0x2A000000u | (uint)m << 16 | (uint)n << 5 | (uint)d);
}

/// <summary>A core with code and data mapped, for translator tests.</summary>
public sealed unsafe class TestCore : IDisposable
{
    public const ulong CodeBase = 0x10000;
    public const ulong CodeSize = 0x2000;
    public const ulong DataBase = 0x20000;
    public const ulong DataSize = 0x4000;

    public readonly GuestMemory Memory = new(36);
    public readonly CpuContext Cpu = new();

    public TestCore(MemoryPermissions code = MemoryPermissions.ReadExecute)
    {
        Memory.Map(CodeBase, CodeSize, code);
        Memory.Map(DataBase, DataSize, MemoryPermissions.ReadWrite);
        State->PC = CodeBase;
    }

    public CpuState* State => Cpu.State;

    public void Write(ulong address, params uint[] words)
    {
        for (int i = 0; i < words.Length; i++) Memory.WriteU32Privileged(address + 4ul * (ulong)i, words[i]);
    }

    public byte[] ReadRange(ulong address, ulong size)
    {
        var b = new byte[size];
        Memory.ReadPrivileged(address, b);
        return b;
    }

    public void Dispose()
    {
        Cpu.Dispose();
        Memory.Dispose();
    }

    /// <summary>Copies registers, memory contents of the test regions and everything else of the state from another core.</summary>
    public void CopyFrom(TestCore other)
    {
        *State = *other.State;
        Memory.WritePrivileged(CodeBase, other.ReadRange(CodeBase, CodeSize));
        Memory.WritePrivileged(DataBase, other.ReadRange(DataBase, DataSize));
    }

    /// <summary>Differences between two complete states, one per line (empty when identical).</summary>
    public static string StateDifferences(CpuState* a, CpuState* b, string nameA, string nameB)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < 32; i++)
            if (a->X[i] != b->X[i]) sb.Append($"{(i == 31 ? "SP" : "X" + i)}: {nameA} 0x{a->X[i]:x}, {nameB} 0x{b->X[i]:x}\n");
        if (a->PC != b->PC) sb.Append($"PC: {nameA} 0x{a->PC:x}, {nameB} 0x{b->PC:x}\n");
        if (a->Nzcv != b->Nzcv) sb.Append($"NZCV: {nameA} 0x{a->Nzcv:x8}, {nameB} 0x{b->Nzcv:x8}\n");
        if (a->InstructionsRetired != b->InstructionsRetired) sb.Append($"retired: {nameA} {a->InstructionsRetired}, {nameB} {b->InstructionsRetired}\n");
        if (a->ExitReason != b->ExitReason || a->ExitSyndrome != b->ExitSyndrome || a->ExitAddress != b->ExitAddress)
            sb.Append($"exit: {nameA} {(StopReason)a->ExitReason}/0x{a->ExitSyndrome:x}/0x{a->ExitAddress:x}, {nameB} {(StopReason)b->ExitReason}/0x{b->ExitSyndrome:x}/0x{b->ExitAddress:x}\n");
        if (sb.Length == 0)
        {
            byte* pa = (byte*)a, pb = (byte*)b;
            for (int k = 0; k < sizeof(CpuState); k++)
                if (pa[k] != pb[k]) { sb.Append($"state byte at offset {k} ({FieldAt(k)}): {nameA} 0x{pa[k]:x2}, {nameB} 0x{pb[k]:x2}\n"); break; }
        }
        return sb.ToString();
    }

    /// <summary>The name of the <see cref="CpuState"/> field holding byte <paramref name="offset"/>.</summary>
    public static string FieldAt(int offset)
    {
        string best = "?";
        int bestOffset = -1;
        foreach (var f in typeof(CpuState).GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance))
        {
            int o = (int)System.Runtime.InteropServices.Marshal.OffsetOf<CpuState>(f.Name);
            if (o <= offset && o > bestOffset) { best = f.Name; bestOffset = o; }
        }
        return $"{best}+{offset - bestOffset}";
    }

    /// <summary>The first byte that differs between two memories in <paramref name="ranges"/>, as one line (empty when none).</summary>
    public static string MemoryDifferences(GuestMemory a, GuestMemory b, IEnumerable<(ulong Address, ulong Size)> ranges,
                                           string nameA = "translated", string nameB = "interpreter")
    {
        foreach (var (start, size) in ranges)
        {
            var x = new byte[size];
            var y = new byte[size];
            a.ReadPrivileged(start, x);
            b.ReadPrivileged(start, y);
            int k = x.AsSpan().CommonPrefixLength(y);
            if (k < x.Length) return $"memory at 0x{start + (ulong)k:x}: {nameA} 0x{x[k]:x2}, {nameB} 0x{y[k]:x2}\n";
        }
        return "";
    }

    public static string MemoryDifferences(TestCore a, TestCore b)
    {
        foreach (var (start, size) in new[] { (CodeBase, CodeSize), (DataBase, DataSize) })
        {
            var x = a.ReadRange(start, size);
            var y = b.ReadRange(start, size);
            for (int k = 0; k < x.Length; k++)
                if (x[k] != y[k]) return $"memory at 0x{start + (ulong)k:x}: 0x{x[k]:x2} vs 0x{y[k]:x2}";
        }
        return "";
    }
}
