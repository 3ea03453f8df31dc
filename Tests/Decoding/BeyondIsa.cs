namespace A64Jit.Tests.Decoding;

/// <summary>
/// Words that objdump decodes but that lie outside the ISA A64Jit implements (later
/// architecture extensions, SVE, SME, …). Such a word must decode as undefined here; the
/// disassembly comparison counts it as "beyond the ISA" instead of comparing text.
/// Every pattern names the extension it stands for (Arm ARM encoding index).
/// </summary>
public static partial class BeyondIsa
{
    public readonly record struct Pattern(uint Mask, uint Value, string Extension);

    /// <summary>Top-level op0 (bits 28:25) = 0000 with op1 != 0, 0001, 0010 and 0011 hold SME, SVE and unallocated space.</summary>
    private static readonly Pattern[] TopLevel =
    [
        new(0x1E00_0000, 0x0400_0000, "SVE (op0 = 0010)"),
        new(0x9E00_0000, 0x8000_0000, "SME (op0 = 0000, op1 bit 31 = 1)"),
    ];

    // Built on first use: field initialisers of a partial class in several files run in no defined order.
    private static Pattern[]? _all;
    private static Pattern[] All => _all ??=
    [
        .. TopLevel, .. DataProcessingImmediate, .. DataProcessingRegister, .. BranchExceptionSystem,
        .. LoadStore, .. LoadStoreSimd, .. FloatingPoint, .. AdvancedSimd, .. AdvancedSimdScalar, .. Crypto,
    ];

    /// <summary>The extension a word belongs to, or null when it is within A64Jit's ISA.</summary>
    public static string? Classify(uint word)
    {
        foreach (var p in All)
            if ((word & p.Mask) == p.Value) return p.Extension;
        return null;
    }
}
