using static A64Jit.Core.Disassembly.AdvancedSimdScalarDisasm;

namespace A64Jit.Core.Decoding;

public static partial class EncodingTable
{
    private static Encoding[] AdvancedSimdScalar() =>
    [
    ];
}
