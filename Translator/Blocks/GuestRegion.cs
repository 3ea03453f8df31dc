using A64Jit.Core.Decoding;
using A64Jit.Core.Memory;

namespace A64Jit.Translator.Blocks;

/// <summary>
/// Blocks of one guest page compiled into one method: the entry block first, then the blocks
/// reachable from it through constant branch targets and fall-throughs (breadth first). A
/// jump from one block of the region to the start of another (or of itself) stays inside the
/// method, so loops run without returning to the dispatcher.
/// </summary>
public sealed class GuestRegion
{
    public GuestRegion(GuestBlock[] blocks)
    {
        if (blocks.Length == 0) throw new ArgumentException("a region needs an entry block", nameof(blocks));
        Blocks = blocks;
        foreach (var b in blocks) InstructionCount += b.Count;
    }

    public GuestBlock[] Blocks { get; }
    public GuestBlock Entry => Blocks[0];
    public ulong Pc => Blocks[0].Pc;
    public ulong Page => Blocks[0].Page;
    /// <summary>Guest instructions over all blocks (static count; a block reachable twice is counted once).</summary>
    public int InstructionCount { get; }

    /// <summary>The index of the block that starts at <paramref name="pc"/>, or -1.</summary>
    public int IndexOf(ulong pc)
    {
        for (int k = 0; k < Blocks.Length; k++) if (Blocks[k].Pc == pc) return k;
        return -1;
    }
}

/// <summary>Finds the blocks of a region.</summary>
public static class RegionDiscovery
{
    public const int DefaultMaxInstructions = 256;
    public const int DefaultMaxBlocks = 16;

    private static readonly int IdB = EncodingTable.Get("B").Id, IdBCond = EncodingTable.Get("B_cond").Id,
        IdCbz = EncodingTable.Get("CBZ").Id, IdCbnz = EncodingTable.Get("CBNZ").Id,
        IdTbz = EncodingTable.Get("TBZ").Id, IdTbnz = EncodingTable.Get("TBNZ").Id;

    private static ulong SignExtend(ulong x, int bits) => (ulong)((long)(x << (64 - bits)) >> (64 - bits));

    /// <summary>
    /// The constant successors of a block (branch targets and fall-through), for a block whose
    /// last instruction is translated natively (<paramref name="lastIsNative"/>); BL targets
    /// are not followed (the return comes back through an indirect branch).
    /// </summary>
    public static int ConstantSuccessors(GuestBlock block, bool lastIsNative, Span<ulong> into)
    {
        var last = block.Instructions[^1];
        switch (block.End)
        {
            case BlockEnd.SizeCap:
                into[0] = block.EndPc;
                return 1;
            case BlockEnd.Branch when lastIsNative:
                {
                    uint w = last.Word;
                    int id = last.EncodingId;
                    if (id == IdB) { into[0] = last.Pc + (SignExtend(w & 0x3FFFFFF, 26) << 2); return 1; }
                    if (id == IdBCond)
                    {
                        into[0] = last.Pc + (SignExtend((w >> 5) & 0x7FFFF, 19) << 2);
                        if ((w & 15) >= 14) return 1;
                        into[1] = last.Pc + 4;
                        return 2;
                    }
                    if (id == IdCbz || id == IdCbnz)
                    {
                        into[0] = last.Pc + (SignExtend((w >> 5) & 0x7FFFF, 19) << 2);
                        into[1] = last.Pc + 4;
                        return 2;
                    }
                    if (id == IdTbz || id == IdTbnz)
                    {
                        into[0] = last.Pc + (SignExtend((w >> 5) & 0x3FFF, 14) << 2);
                        into[1] = last.Pc + 4;
                        return 2;
                    }
                    return 0;
                }
            default:
                return 0;
        }
    }

    /// <summary>
    /// The region entered at <paramref name="pc"/>: blocks of the entry's page reachable through
    /// constant successors, breadth first, while the region stays within <paramref name="maxInstructions"/>
    /// and <paramref name="maxBlocks"/> (the entry block is always included); with <paramref name="loopsOnly"/>
    /// only those on a cycle through the entry are kept. Null when the entry cannot be fetched.
    /// </summary>
    public static GuestRegion? Discover(GuestMemory memory, ulong pc, Func<GuestInstruction, bool> isNative,
        int maxBlockInstructions = BlockDiscovery.DefaultMaxInstructions, int maxInstructions = DefaultMaxInstructions, int maxBlocks = DefaultMaxBlocks,
        bool loopsOnly = false)
    {
        var entry = BlockDiscovery.Discover(memory, pc, maxBlockInstructions);
        if (entry.Count == 0) return null;
        if (maxBlocks <= 1) return new GuestRegion([entry]);
        var blocks = new List<GuestBlock> { entry };
        int total = entry.Count;
        ulong page = entry.Page;
        Span<ulong> succ = stackalloc ulong[2];
        for (int k = 0; k < blocks.Count && blocks.Count < maxBlocks; k++)
        {
            var b = blocks[k];
            int n = ConstantSuccessors(b, isNative(b.Instructions[^1]), succ);
            for (int j = 0; j < n && blocks.Count < maxBlocks; j++)
            {
                ulong t = succ[j];
                if ((t & ~GuestMemory.PageMask) != page || (t & 3) != 0) continue;
                bool known = false;
                foreach (var x in blocks) if (x.Pc == t) { known = true; break; }
                if (known) continue;
                var nb = BlockDiscovery.Discover(memory, t, maxBlockInstructions);
                if (nb.Count == 0 || total + nb.Count > maxInstructions) continue;
                blocks.Add(nb);
                total += nb.Count;
            }
        }
        if (!loopsOnly) return new GuestRegion(blocks.ToArray());
        // Keep the blocks from which the entry can be reached again: the loops through the entry.
        // Code merely reachable from it (cold paths, loop exits) would only add compile time.
        var edges = new List<int>[blocks.Count];
        for (int k = 0; k < blocks.Count; k++)
        {
            edges[k] = new List<int>();
            int n = ConstantSuccessors(blocks[k], isNative(blocks[k].Instructions[^1]), succ);
            for (int j = 0; j < n; j++)
                for (int t = 0; t < blocks.Count; t++)
                    if (blocks[t].Pc == succ[j]) edges[k].Add(t);
        }
        var reachesEntry = new bool[blocks.Count];
        bool changed = true;
        while (changed)
        {
            changed = false;
            for (int k = 0; k < blocks.Count; k++)
            {
                if (reachesEntry[k]) continue;
                foreach (int t in edges[k])
                    if (t == 0 || reachesEntry[t]) { reachesEntry[k] = true; changed = true; break; }
            }
        }
        var kept = new List<GuestBlock> { entry };
        for (int k = 1; k < blocks.Count; k++) if (reachesEntry[k]) kept.Add(blocks[k]);
        return new GuestRegion(kept.ToArray());
    }
}
