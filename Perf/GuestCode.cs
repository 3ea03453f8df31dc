using A64Jit.Core.Memory;
using A64Jit.Core.State;

namespace A64Jit.Perf;

/// <summary>A small guest (code page, data pages, one core) for the micro-benchmarks.</summary>
public sealed unsafe class GuestCode : IDisposable
{
    public const ulong Code = 0x10000, Data = 0x100000;
    public const ulong DataSize = 0x40000;

    public GuestMemory Memory { get; } = new();
    public CpuContext Cpu { get; } = new();
    public CpuState* State => Cpu.State;

    public GuestCode(uint[] words, ulong codeSize = 0x10000)
    {
        Memory.Map(Code, codeSize, MemoryPermissions.ReadExecute);
        Memory.Map(Data, DataSize, MemoryPermissions.ReadWrite);
        for (int i = 0; i < words.Length; i++) Memory.WriteU32Privileged(Code + (ulong)i * 4, words[i]);
    }

    public void Dispose()
    {
        Cpu.Dispose();
        Memory.Dispose();
    }

    // A few A64 encodings (64-bit forms), enough to write the benchmark loops.
    public static uint AddImm(int d, int n, uint imm) => 0x91000000u | (imm << 10) | ((uint)n << 5) | (uint)d;
    public static uint SubsImm(int d, int n, uint imm) => 0xF1000000u | (imm << 10) | ((uint)n << 5) | (uint)d;
    public static uint AddReg(int d, int n, int m) => 0x8B000000u | ((uint)m << 16) | ((uint)n << 5) | (uint)d;
    public static uint EorReg(int d, int n, int m, int lsl = 0) => 0xCA000000u | ((uint)m << 16) | ((uint)lsl << 10) | ((uint)n << 5) | (uint)d;
    public static uint AndImmLow(int d, int n) => 0x92400000u | (5u << 10) | ((uint)n << 5) | (uint)d; // and xd, xn, #0x3f
    public static uint LdrX(int t, int n, uint offset) => 0xF9400000u | ((offset / 8) << 10) | ((uint)n << 5) | (uint)t;
    public static uint StrX(int t, int n, uint offset) => 0xF9000000u | ((offset / 8) << 10) | ((uint)n << 5) | (uint)t;
    public static uint LdrXReg(int t, int n, int m) => 0xF8607800u | ((uint)m << 16) | ((uint)n << 5) | (uint)t; // ldr xt, [xn, xm, lsl #3]
    public static uint StrXReg(int t, int n, int m) => 0xF8207800u | ((uint)m << 16) | ((uint)n << 5) | (uint)t;
    public static uint B(long offset) => 0x14000000u | (uint)((offset >> 2) & 0x3FFFFFF);
    public static uint BCond(int cond, long offset) => 0x54000000u | ((uint)((offset >> 2) & 0x7FFFF) << 5) | (uint)cond;
    public static uint Cbnz(int t, long offset) => 0xB5000000u | ((uint)((offset >> 2) & 0x7FFFF) << 5) | (uint)t;
    public static uint Brk => 0xD4200000u;
    public const int NE = 1;
}
