using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace A64Jit.Core.Decoding;

/// <summary>
/// Decodes instruction words to encodings of <see cref="EncodingTable"/> through a
/// decision tree built from the table at start-up: each inner node selects up to
/// <see cref="MaxNodeBits"/> bits that its candidates fix, and indexes a child by them;
/// leaves hold a short list of candidates, most specific first.
/// </summary>
public static class Decoder
{
    private const int MaxNodeBits = 8;
    private const int LeafSize = 4;

    // Node layout in _nodes: inner node = [mask, childBase] with mask != 0, children at
    // _children[childBase + pext(word, mask)]; a child value >= 0 is a node index, < 0 is
    // ~leafIndex into _leaves (a run terminated by -1).
    private static readonly uint[] NodeMask;
    private static readonly int[] NodeChildBase;
    private static readonly int[] Children;
    private static readonly int[] Leaves;
    private static readonly Encoding[] Table;
    private static readonly bool[] HasConstraint;

    public const int Undefined = -1;

    static Decoder()
    {
        Table = EncodingTable.All;
        HasConstraint = new bool[Table.Length];
        for (int i = 0; i < Table.Length; i++) HasConstraint[i] = Table[i].Allocated != null;
        var masks = new List<uint>();
        var bases = new List<int>();
        var children = new List<int>();
        var leaves = new List<int>();
        var all = new List<int>(Table.Length);
        for (int i = 0; i < Table.Length; i++) all.Add(i);
        int root = Build(all, 0, masks, bases, children, leaves);
        if (root < 0)
        {
            // Degenerate table: wrap the leaf in a zero-bit node so the walk always starts at node 0.
            masks.Add(0); bases.Add(children.Count); children.Add(root);
        }
        NodeMask = masks.ToArray();
        NodeChildBase = bases.ToArray();
        Children = children.ToArray();
        Leaves = leaves.ToArray();
    }

    private static int Build(List<int> cands, uint decided, List<uint> masks, List<int> bases, List<int> children, List<int> leaves)
    {
        if (cands.Count <= LeafSize) return MakeLeaf(cands, leaves);
        // Bits fixed by every candidate and not decided yet are the cleanest splits;
        // otherwise take bits fixed by most candidates (the others go to every child).
        uint common = ~decided;
        foreach (int c in cands) common &= Table[c].Mask;
        uint select;
        if (common != 0) select = PickBits(common, cands);
        else
        {
            Span<int> counts = stackalloc int[32];
            foreach (int c in cands)
                for (int b = 0; b < 32; b++) if ((Table[c].Mask >> b & 1) != 0 && (decided >> b & 1) == 0) counts[b]++;
            select = 0;
            for (int k = 0; k < MaxNodeBits; k++)
            {
                int best = -1;
                for (int b = 0; b < 32; b++) if ((select >> b & 1) == 0 && counts[b] > 0 && (best < 0 || counts[b] > counts[best])) best = b;
                if (best < 0 || counts[best] * 2 < cands.Count) break;
                select |= 1u << best;
            }
            if (select == 0) return MakeLeaf(cands, leaves);
        }
        int nBits = BitOperations.PopCount(select);
        int node = masks.Count;
        masks.Add(select);
        int childBase = children.Count;
        bases.Add(childBase);
        for (int i = 0; i < 1 << nBits; i++) children.Add(0);
        // Child i takes the candidates whose fixed bits among the selected ones equal i's
        // bits (in table order): a candidate goes to every child that agrees with it there.
        var subs = new List<int>[1 << nBits];
        for (int i = 0; i < subs.Length; i++) subs[i] = new List<int>();
        foreach (int c in cands)
        {
            uint care = ExtractPortable(Table[c].Mask & select, select);
            uint want = ExtractPortable(Table[c].Value & Table[c].Mask & select, select);
            uint free = (uint)(subs.Length - 1) & ~care;
            // Every i with (i & care) == want: want plus each subset of the free bits.
            for (uint f = free; ; f = (f - 1) & free)
            {
                subs[want | f].Add(c);
                if (f == 0) break;
            }
        }
        for (int i = 0; i < subs.Length; i++)
        {
            var sub = subs[i];
            int child;
            if (sub.Count == 0) child = MakeLeaf(sub, leaves);
            else child = Build(sub, decided | select, masks, bases, children, leaves);
            children[childBase + i] = child;
        }
        return node;
    }

    private static uint PickBits(uint common, List<int> cands)
    {
        if (BitOperations.PopCount(common) <= MaxNodeBits) return common;
        uint select = 0;
        for (int b = 31; b >= 0 && BitOperations.PopCount(select) < MaxNodeBits; b--)
            if ((common >> b & 1) != 0) select |= 1u << b;
        return select;
    }

    private static int MakeLeaf(List<int> cands, List<int> leaves)
    {
        int start = leaves.Count;
        // Most specific first, then table order: a narrower pattern inside a wider one wins.
        var ordered = cands.ToArray();
        Array.Sort(ordered, static (a, b) =>
        {
            int byMask = BitOperations.PopCount(Table[b].Mask).CompareTo(BitOperations.PopCount(Table[a].Mask));
            return byMask != 0 ? byMask : a.CompareTo(b);
        });
        leaves.AddRange(ordered);
        leaves.Add(-1);
        return ~start;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Extract(uint word, uint mask) => Bmi2.IsSupported ? Bmi2.ParallelBitExtract(word, mask) : ExtractPortable(word, mask);

    // Without BMI2 (the tree build uses it too, so that it stays ahead-of-time compiled).
    private static uint ExtractPortable(uint word, uint mask)
    {
        uint r = 0;
        int k = 0;
        while (mask != 0)
        {
            int b = BitOperations.TrailingZeroCount(mask);
            r |= ((word >> b) & 1) << k++;
            mask &= mask - 1;
        }
        return r;
    }

    /// <summary>The encoding id of <paramref name="word"/>, or <see cref="Undefined"/>.</summary>
    public static int Decode(uint word)
    {
        int n = 0;
        while (true)
        {
            int child = Children[NodeChildBase[n] + (int)Extract(word, NodeMask[n])];
            if (child < 0) { n = child; break; }
            n = child;
        }
        for (int i = ~n; ; i++)
        {
            int c = Leaves[i];
            if (c < 0) return Undefined;
            var e = Table[c];
            if ((word & e.Mask) == e.Value && (!HasConstraint[c] || e.Allocated!(word))) return c;
        }
    }

    /// <summary>The encoding of <paramref name="word"/>, or null when it is undefined.</summary>
    public static Encoding? DecodeEncoding(uint word)
    {
        int id = Decode(word);
        return id < 0 ? null : Table[id];
    }

    /// <summary>Number of nodes in the decision tree (for reports).</summary>
    public static int NodeCount => NodeMask.Length;

    /// <summary>Inner nodes visited and leaf candidates tried to decode <paramref name="word"/> (for reports and tuning).</summary>
    public static (int depth, int tried) Cost(uint word)
    {
        int n = 0, depth = 0;
        while (true)
        {
            depth++;
            int child = Children[NodeChildBase[n] + (int)Extract(word, NodeMask[n])];
            n = child;
            if (child < 0) break;
        }
        int tried = 0;
        for (int i = ~n; Leaves[i] >= 0; i++)
        {
            tried++;
            var e = Table[Leaves[i]];
            if ((word & e.Mask) == e.Value && (!HasConstraint[Leaves[i]] || e.Allocated!(word))) break;
        }
        return (depth, tried);
    }
}
