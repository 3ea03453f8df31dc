using System.Runtime.CompilerServices;
using A64Jit.Core.Interpretation;
using A64Jit.Core.Memory;

namespace A64Jit.Translator.Emission;

/// <summary>
/// Cold paths of the structure loads and stores (LD1-LD4/ST1-ST4 multiple and single
/// structure, LD1R-LD4R) called from translated code when the access is not on one permitted
/// page: the whole range is checked first, so a fault changes no register and no byte, then
/// the elements go through the interpreter's accessors in architectural order. The base
/// writeback is left to the caller.
/// </summary>
public static unsafe class SimdStructRuntime
{
}

/// <summary>
/// Cold paths of the 128-bit SIMD&amp;FP loads and stores (page crossing, a page that is not
/// mapped or not permitted, a code page): the value goes straight between memory and the
/// register in the state, or through <see cref="BlockContext.SlowValue"/>/<see cref="BlockContext.SlowValue2"/>,
/// so the translated code takes the address of no local. On a fault nothing is changed and the
/// abort is written.
/// </summary>
public static unsafe class SimdMemoryRuntime
{

    /// <summary>16-byte load into SlowValue (bits 63:0) and SlowValue2 (bits 127:64), for LDXP/LDAXP.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static bool Read128SlowToContext(BlockContext ctx, ulong address)
    {
        ctx.SlowAccesses++;
        if (!ctx.Exec.Read128(address, out UInt128 v)) return false;
        ctx.SlowValue = (ulong)v;
        ctx.SlowValue2 = (ulong)(v >> 64);
        return true;
    }
}
