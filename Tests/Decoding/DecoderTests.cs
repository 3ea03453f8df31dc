using System.Numerics;
using A64Jit.Core.Decoding;
using Decoder = A64Jit.Core.Decoding.Decoder;

namespace A64Jit.Tests.Decoding;

/// <summary>The decision tree against a plain scan of the table, and the table's own consistency.</summary>
[TestFixture]
public class DecoderTests
{
    /// <summary>The table read literally: the most specific allocated pattern that matches, first in table order.</summary>
    private static int LinearDecode(uint w)
    {
        int best = -1;
        foreach (var e in EncodingTable.All)
        {
            if (!e.Matches(w)) continue;
            if (best < 0 || BitOperations.PopCount(e.Mask) > BitOperations.PopCount(EncodingTable.All[best].Mask)) best = e.Id;
        }
        return best;
    }

    [Test]
    public void TreeAgreesWithLinearScanOnRandomAndTableWords()
    {
        var rng = new Random(7);
        var all = EncodingTable.All;
        for (int i = 0; i < 200_000; i++)
        {
            uint w = (uint)rng.NextInt64(0, 1L << 32);
            if (all.Length > 0 && (i & 1) == 0)
            {
                var e = all[rng.Next(all.Length)];
                w = (w & ~e.Mask) | e.Value;
            }
            int tree = Decoder.Decode(w), scan = LinearDecode(w);
            if (tree != scan)
                Assert.Fail($"0x{w:x8}: tree gives {(tree < 0 ? "undefined" : all[tree].Name)}, table scan gives {(scan < 0 ? "undefined" : all[scan].Name)}");
        }
    }

    [Test]
    public void NamesAreUniqueAndIdsDense()
    {
        var all = EncodingTable.All;
        Assert.That(all.Select(e => e.Name).Distinct().Count(), Is.EqualTo(all.Length));
        for (int i = 0; i < all.Length; i++) Assert.That(all[i].Id, Is.EqualTo(i));
    }

    [Test]
    public void FieldsDoNotOverlapFixedBits()
    {
        foreach (var e in EncodingTable.All)
        {
            uint fieldBits = 0;
            foreach (var f in e.Fields)
            {
                uint m = (uint)(((1ul << f.Width) - 1) << f.Low);
                Assert.That(fieldBits & m, Is.EqualTo(0u), $"{e.Name}: field {f.Name} overlaps another field");
                fieldBits |= m;
            }
            Assert.That(fieldBits & e.Mask, Is.EqualTo(0u), $"{e.Name}: a field overlaps fixed bits");
        }
    }

    [Test]
    public void PatternParsing()
    {
        var e = EncodingTable.Get("ADD_imm");
        Assert.That(e.Mask, Is.EqualTo(0x7F80_0000u));
        Assert.That(e.Value, Is.EqualTo(0x1100_0000u));
        Assert.That(e.Field("imm12"), Is.EqualTo(new EncodingField("imm12", 10, 12)));
        Assert.That(e.Field("sf").Extract(0x9100_0400u), Is.EqualTo(1u));
        Assert.That(Decoder.DecodeEncoding(0x9100_0400u)?.Name, Is.EqualTo("ADD_imm"));
        Assert.Throws<InvalidOperationException>(() => new Encoding("bad", EncodingGroup.DataProcessingImmediate, "0 1", (w, pc) => ""));
    }
}

[TestFixture]
public class DecoderShapeReport
{
    [Test]
    public void ReportTreeShape()
    {
        var rng = new Random(1);
        long depth = 0, tried = 0; int maxDepth = 0, maxTried = 0;
        const int n = 100_000;
        for (int i = 0; i < n; i++)
        {
            var e = EncodingTable.All[rng.Next(EncodingTable.All.Length)];
            uint w = ((uint)rng.NextInt64(0, 1L << 32) & ~e.Mask) | e.Value;
            var (d, t) = Decoder.Cost(w);
            depth += d; tried += t; maxDepth = Math.Max(maxDepth, d); maxTried = Math.Max(maxTried, t);
        }
        TestContext.Out.WriteLine($"{EncodingTable.All.Length} encodings, {Decoder.NodeCount} nodes; table words: mean depth {(double)depth / n:F2} (max {maxDepth}), mean candidates tried {(double)tried / n:F2} (max {maxTried})");
        Assert.That(maxDepth, Is.LessThan(16));
    }
}
