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
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static bool StructureSlow(BlockContext ctx, ulong address, uint word)
    {
        ctx.SlowAccesses++;
        var c = ctx.Exec;
        bool load = ((word >> 22) & 1) != 0, q = ((word >> 30) & 1) != 0;
        int t = (int)(word & 31);
        Span<UInt128> regs = stackalloc UInt128[4];
        ulong offs = 0;
        if (((word >> 24) & 1) == 0)
        {
            var (selem, rpt) = BlockEmitter.MultipleStructureShape(word);
            int esize = 8 << (int)((word >> 10) & 3), ebytes = esize / 8;
            int elements = (q ? 128 : 64) / esize, count = rpt * selem;
            if (!c.Probe(address, count * elements * ebytes, load ? MemAccess.Read : MemAccess.Write)) return false;
            for (int k = 0; k < count; k++) regs[k] = load ? UInt128.Zero : c.V((t + k) & 31);
            for (int r = 0; r < rpt; r++)
                for (int e = 0; e < elements; e++)
                    for (int s = 0; s < selem; s++)
                    {
                        if (load)
                        {
                            if (!c.Read(address + offs, ebytes, out ulong data)) return false;
                            SimdElements.SetElem(ref regs[r + s], e, esize, data);
                        }
                        else if (!c.Write(address + offs, ebytes, SimdElements.Elem(regs[r + s], e, esize))) return false;
                        offs += (ulong)ebytes;
                    }
            if (load)
                for (int k = 0; k < count; k++) c.SetV((t + k) & 31, regs[k]);
            return true;
        }

        var (valid, scale, index, n, replicate) = BlockEmitter.SingleStructureShape(word);
        if (!valid) throw new InvalidOperationException($"unallocated single-structure form {word:x8}");
        int eb = 1 << scale, es = 8 * eb;
        if (!c.Probe(address, n * eb, load ? MemAccess.Read : MemAccess.Write)) return false;
        for (int k = 0; k < n; k++)
        {
            int tt = (t + k) & 31;
            if (load)
            {
                if (!c.Read(address + offs, eb, out ulong element)) return false;
                regs[k] = replicate ? SimdElements.Replicate128(element, es, q ? 128 : 64) : SimdElements.WithElem(c.V(tt), index, es, element);
            }
            else if (!c.Write(address + offs, eb, SimdElements.Elem(c.V(tt), index, es))) return false;
            offs += (ulong)eb;
        }
        if (load)
            for (int k = 0; k < n; k++) c.SetV((t + k) & 31, regs[k]);
        return true;
    }
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
    /// <summary>LDR Q: V[t] = the 16 bytes at <paramref name="address"/>, written only when the whole read succeeds.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static bool LoadQSlow(BlockContext ctx, ulong address, int t)
    {
        ctx.SlowAccesses++;
        var c = ctx.Exec;
        if (!c.Read128(address, out UInt128 v)) return false;
        c.SetV(t, v);
        return true;
    }

    /// <summary>STR Q: the 16 bytes of V[t] at <paramref name="address"/> (code pages are invalidated by the accessor).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static bool StoreQSlow(BlockContext ctx, ulong address, int t)
    {
        ctx.SlowAccesses++;
        var c = ctx.Exec;
        return c.Write128(address, c.V(t));
    }

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
