using A64Jit.Core.Interpretation;
using A64Jit.Tests.Oracles;

namespace A64Jit.Tests.Interpretation;

/// <summary>
/// <see cref="FPCore"/> against the host's IEEE 754 arithmetic, an oracle independent of
/// Unicorn: with FPCR = 0 (round to nearest, no flush, no default NaN) every non-NaN result of
/// add, subtract, multiply, divide, square root, fused multiply-add and the conversions between
/// single and double must equal .NET's bit for bit (NaN results differ on x86 by design and are
/// covered by the Unicorn tests). A64JIT_FP_CORE_CASES (default 50000) sets the count.
/// </summary>
[TestFixture]
public class FloatingPointCoreTests
{
    private static int Cases => ToolPaths.Count("A64JIT_FP_CORE_CASES", 50_000);

    private static ulong RandomDouble(Random rng)
    {
        ulong bits = (ulong)rng.NextInt64() ^ ((ulong)rng.Next() << 63);
        switch (rng.Next(4))
        {
            case 0: return bits;
            case 1: return bits & 0x800F_FFFF_FFFF_FFFF;                                        // denormals
            default:
                ulong exp = (ulong)(1023 + rng.Next(-60, 60));
                ulong frac = bits & 0xF_FFFF_FFFF_FFFF;
                if (rng.Next(2) == 0) frac &= ~((1ul << rng.Next(52)) - 1);                    // short mantissas: exact results, ties
                return (bits & 0x8000_0000_0000_0000) | (exp << 52) | frac;
        }
    }

    private static uint RandomSingle(Random rng)
    {
        uint bits = (uint)rng.NextInt64();
        switch (rng.Next(4))
        {
            case 0: return bits;
            case 1: return bits & 0x807F_FFFF;
            default:
                uint exp = (uint)(127 + rng.Next(-30, 30));
                uint frac = bits & 0x7F_FFFF;
                if (rng.Next(2) == 0) frac &= ~((1u << rng.Next(23)) - 1);
                return (bits & 0x8000_0000) | (exp << 23) | frac;
        }
    }

    private static void Check(List<string> failures, string what, ulong ours, ulong host, bool hostIsNaN)
    {
        if (!hostIsNaN && ours != host && failures.Count < 20) failures.Add($"{what}: ours 0x{ours:x}, host 0x{host:x}");
    }

    [Test]
    public void DoublePrecisionMatchesHost()
    {
        var rng = new Random(20261125);
        var failures = new List<string>();
        uint fpsr = 0;
        for (int i = 0; i < Cases; i++)
        {
            ulong a = RandomDouble(rng), b = RandomDouble(rng), c = RandomDouble(rng);
            double x = BitConverter.UInt64BitsToDouble(a), y = BitConverter.UInt64BitsToDouble(b), z = BitConverter.UInt64BitsToDouble(c);
            string op = $"0x{a:x16}, 0x{b:x16}, 0x{c:x16}";
            double r;
            r = x + y; Check(failures, "add " + op, FPCore.Add(a, b, 64, 0, ref fpsr), BitConverter.DoubleToUInt64Bits(r), double.IsNaN(r));
            r = x - y; Check(failures, "sub " + op, FPCore.Sub(a, b, 64, 0, ref fpsr), BitConverter.DoubleToUInt64Bits(r), double.IsNaN(r));
            r = x * y; Check(failures, "mul " + op, FPCore.Mul(a, b, 64, 0, ref fpsr), BitConverter.DoubleToUInt64Bits(r), double.IsNaN(r));
            r = x / y; Check(failures, "div " + op, FPCore.Div(a, b, 64, 0, ref fpsr), BitConverter.DoubleToUInt64Bits(r), double.IsNaN(r));
            r = Math.Sqrt(x); Check(failures, "sqrt " + op, FPCore.Sqrt(a, 64, 0, ref fpsr), BitConverter.DoubleToUInt64Bits(r), double.IsNaN(r));
            r = Math.FusedMultiplyAdd(x, y, z); Check(failures, "fma " + op, FPCore.MulAdd(c, a, b, 64, 0, ref fpsr), BitConverter.DoubleToUInt64Bits(r), double.IsNaN(r));
            float f = (float)x; Check(failures, "to single " + op, FPCore.Convert(a, 64, 32, 0, FPRounding.TieEven, ref fpsr), BitConverter.SingleToUInt32Bits(f), float.IsNaN(f));
            long l = (long)a;
            r = l; Check(failures, "from int64 " + op, FPCore.FixedToFP(a, 64, 0, false, 64, 0, FPRounding.TieEven, ref fpsr), BitConverter.DoubleToUInt64Bits(r), false);
            r = a; Check(failures, "from uint64 " + op, FPCore.FixedToFP(a, 64, 0, true, 64, 0, FPRounding.TieEven, ref fpsr), BitConverter.DoubleToUInt64Bits(r), false);
            r = Math.Round(x, MidpointRounding.ToEven); Check(failures, "round " + op, FPCore.RoundInt(a, 64, 0, FPRounding.TieEven, false, ref fpsr), BitConverter.DoubleToUInt64Bits(r), double.IsNaN(r));
            r = Math.Floor(x); Check(failures, "floor " + op, FPCore.RoundInt(a, 64, 0, FPRounding.NegInf, false, ref fpsr), BitConverter.DoubleToUInt64Bits(r), double.IsNaN(r));
        }
        Assert.That(failures, Is.Empty);
    }

    [Test]
    public void SinglePrecisionMatchesHost()
    {
        var rng = new Random(20261126);
        var failures = new List<string>();
        uint fpsr = 0;
        for (int i = 0; i < Cases; i++)
        {
            uint a = RandomSingle(rng), b = RandomSingle(rng), c = RandomSingle(rng);
            float x = BitConverter.UInt32BitsToSingle(a), y = BitConverter.UInt32BitsToSingle(b), z = BitConverter.UInt32BitsToSingle(c);
            string op = $"0x{a:x8}, 0x{b:x8}, 0x{c:x8}";
            float r;
            r = x + y; Check(failures, "add " + op, FPCore.Add(a, b, 32, 0, ref fpsr), BitConverter.SingleToUInt32Bits(r), float.IsNaN(r));
            r = x - y; Check(failures, "sub " + op, FPCore.Sub(a, b, 32, 0, ref fpsr), BitConverter.SingleToUInt32Bits(r), float.IsNaN(r));
            r = x * y; Check(failures, "mul " + op, FPCore.Mul(a, b, 32, 0, ref fpsr), BitConverter.SingleToUInt32Bits(r), float.IsNaN(r));
            r = x / y; Check(failures, "div " + op, FPCore.Div(a, b, 32, 0, ref fpsr), BitConverter.SingleToUInt32Bits(r), float.IsNaN(r));
            r = MathF.Sqrt(x); Check(failures, "sqrt " + op, FPCore.Sqrt(a, 32, 0, ref fpsr), BitConverter.SingleToUInt32Bits(r), float.IsNaN(r));
            r = MathF.FusedMultiplyAdd(x, y, z); Check(failures, "fma " + op, FPCore.MulAdd(c, a, b, 32, 0, ref fpsr), BitConverter.SingleToUInt32Bits(r), float.IsNaN(r));
            double d = x; Check(failures, "to double " + op, FPCore.Convert(a, 32, 64, 0, FPRounding.TieEven, ref fpsr), BitConverter.DoubleToUInt64Bits(d), double.IsNaN(d));
            Half h = (Half)x; Check(failures, "to half " + op, FPCore.Convert(a, 32, 16, 0, FPRounding.TieEven, ref fpsr), BitConverter.HalfToUInt16Bits(h), Half.IsNaN(h));
            r = (float)(int)a; Check(failures, "from int32 " + op, FPCore.FixedToFP(a, 32, 0, false, 32, 0, FPRounding.TieEven, ref fpsr), BitConverter.SingleToUInt32Bits(r), false);
            r = a; Check(failures, "from uint32 " + op, FPCore.FixedToFP(a, 32, 0, true, 32, 0, FPRounding.TieEven, ref fpsr), BitConverter.SingleToUInt32Bits(r), false);
        }
        Assert.That(failures, Is.Empty);
    }

    [Test]
    public void HalfToSingleMatchesHost()
    {
        uint fpsr = 0;
        var failures = new List<string>();
        for (uint a = 0; a < 0x10000; a++)
        {
            float f = (float)BitConverter.UInt16BitsToHalf((ushort)a);
            Check(failures, $"half 0x{a:x4} to single", FPCore.Convert(a, 16, 32, 0, FPRounding.TieEven, ref fpsr), BitConverter.SingleToUInt32Bits(f), float.IsNaN(f));
        }
        Assert.That(failures, Is.Empty);
    }
}
