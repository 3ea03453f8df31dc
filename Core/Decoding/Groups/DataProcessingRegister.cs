using static A64Jit.Core.Disassembly.DataProcessingRegisterDisasm;

namespace A64Jit.Core.Decoding;

public static partial class EncodingTable
{
    private static Encoding[] DataProcessingRegister() =>
    [
    ];
}
