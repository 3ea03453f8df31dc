using static A64Jit.Core.Disassembly.FloatingPointDisasm;

namespace A64Jit.Core.Decoding;

public static partial class EncodingTable
{
    private static Encoding[] FloatingPoint() =>
    [
    ];
}
