using System.Runtime.CompilerServices;
using A64Jit.Core.Interpretation;
using A64Jit.Core.Memory;
using A64Jit.Core.State;

namespace A64Jit.Translator;

/// <summary>The signature of a translated block: runs it on <paramref name="state"/>, returns the next PC.</summary>
/// <remarks>
/// The block also stores the next PC in <see cref="CpuState.PC"/> and adds the instructions it
/// retired to <see cref="CpuState.InstructionsRetired"/>. When an instruction stops, the
/// exit information is in the state (<see cref="CpuState.ExitReason"/> non-zero) and the
/// returned PC is that instruction's.
/// </remarks>
public unsafe delegate ulong BlockFunc(CpuState* state, BlockContext context);

/// <summary>
/// What translated code needs besides the register state: the interpreter context (for
/// per-instruction fallbacks and slow memory paths) and the page table (for the inlined
/// fast path). One per core.
/// </summary>
public sealed unsafe class BlockContext
{
    public BlockContext(ExecContext exec)
    {
        Exec = exec;
        Memory = exec.Memory;
        PageTable = Memory.PageTable;
        PageCount = Memory.PageCount;
    }

    public readonly ExecContext Exec;
    public readonly GuestMemory Memory;
    /// <summary>Base of <see cref="GuestMemory.PageTable"/>.</summary>
    public readonly ulong* PageTable;
    public readonly ulong PageCount;

    /// <summary>Instructions executed through the interpreter fallback.</summary>
    public ulong FallbackExecutions;
    /// <summary>Memory accesses that missed the inlined fast path.</summary>
    public ulong SlowAccesses;
}

/// <summary>Helpers called from translated code (public so that dumped assemblies can call them too).</summary>
public static unsafe class BlockRuntime
{
    /// <summary>Runs one instruction through its interpreter method; returns the <see cref="Outcome"/> as an int.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Fallback(BlockContext ctx, uint word, int encodingId)
    {
        ctx.FallbackExecutions++;
        return (int)Interpreter.Handler(encodingId)(ctx.Exec, word);
    }

    /// <summary>Slow-path load of 1, 2, 4 or 8 bytes (zero-extended); false with the abort written on a fault.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static bool ReadSlow(BlockContext ctx, ulong address, int size, out ulong value)
    {
        ctx.SlowAccesses++;
        return ctx.Exec.Read(address, size, out value);
    }

    /// <summary>Slow-path store (code-page writes, page crossings, faults); false with the abort written on a fault.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static bool WriteSlow(BlockContext ctx, ulong address, int size, ulong value)
    {
        ctx.SlowAccesses++;
        return ctx.Exec.Write(address, size, value);
    }

    /// <summary>Slow-path load pair: both reads succeed or the first fault is reported (no value is used then).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static bool ReadPairSlow(BlockContext ctx, ulong address, int size, out ulong first, out ulong second)
    {
        ctx.SlowAccesses++;
        second = 0;
        return ctx.Exec.Read(address, size, out first) && ctx.Exec.Read(address + (ulong)size, size, out second);
    }

    /// <summary>Slow-path store pair: checks both accesses before writing either; false with the abort written on a fault.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static bool WritePairSlow(BlockContext ctx, ulong address, int size, ulong first, ulong second)
    {
        ctx.SlowAccesses++;
        var c = ctx.Exec;
        ulong next = address + (ulong)size;
        if (!c.Probe(address, size, MemAccess.Write) || !c.Probe(next, size, MemAccess.Write)) return false;
        return c.Write(address, size, first) && c.Write(next, size, second);
    }

    // NZCV of AddWithCarry, bits 31:28, for results computed by the translated code.

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint NzcvAdd64(ulong a, ulong b, ulong r) =>
        (uint)(r >> 63) << 31 | (r == 0 ? 1u << 30 : 0) | (r < a ? 1u << 29 : 0) | (uint)(((a ^ r) & (b ^ r)) >> 63) << 28;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint NzcvSub64(ulong a, ulong b, ulong r) =>
        (uint)(r >> 63) << 31 | (r == 0 ? 1u << 30 : 0) | (a >= b ? 1u << 29 : 0) | (uint)(((a ^ b) & (a ^ r)) >> 63) << 28;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint NzcvAdd32(uint a, uint b, uint r) =>
        (r >> 31) << 31 | (r == 0 ? 1u << 30 : 0) | (r < a ? 1u << 29 : 0) | (((a ^ r) & (b ^ r)) >> 31) << 28;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint NzcvSub32(uint a, uint b, uint r) =>
        (r >> 31) << 31 | (r == 0 ? 1u << 30 : 0) | (a >= b ? 1u << 29 : 0) | (((a ^ b) & (a ^ r)) >> 31) << 28;

    /// <summary>NZCV of a logical operation with flags (ANDS, BICS): N and Z from the result, C = V = 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint NzcvLogic(ulong r, int datasize) =>
        (uint)((r >> (datasize - 1)) & 1) << 31 | (r == 0 ? 1u << 30 : 0);

    public static ulong UMulHigh(ulong a, ulong b) => Math.BigMul(a, b, out _);

    public static ulong SMulHigh(ulong a, ulong b) => (ulong)Math.BigMul((long)a, (long)b, out _);

    /// <summary>ConditionHolds(cond) on NZCV bits 31:28.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool ConditionHolds(uint cond, uint nzcv)
    {
        bool n = (nzcv & NzcvBits.N) != 0, z = (nzcv & NzcvBits.Z) != 0, c = (nzcv & NzcvBits.C) != 0, v = (nzcv & NzcvBits.V) != 0;
        bool result = (cond >> 1) switch
        {
            0 => z,
            1 => c,
            2 => n,
            3 => v,
            4 => c && !z,
            5 => n == v,
            6 => n == v && !z,
            _ => true,
        };
        return (cond & 1) != 0 && cond != 15 ? !result : result;
    }
}
