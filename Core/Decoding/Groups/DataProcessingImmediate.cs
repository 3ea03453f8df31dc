using static A64Jit.Core.Disassembly.DataProcessingImmediateDisasm;

namespace A64Jit.Core.Decoding;

public static partial class EncodingTable
{
    private static Encoding Dpi(string name, string pattern, DisasmFormatter format, Func<uint, bool>? allocated = null) =>
        new(name, EncodingGroup.DataProcessingImmediate, pattern, format, allocated);

    private static Encoding[] DataProcessingImmediate() =>
    [
        // Add/subtract (immediate)
        Dpi("ADD_imm",  "sf 0 0 100010 sh imm12:12 Rn:5 Rd:5", ADD_imm),
        Dpi("ADDS_imm", "sf 0 1 100010 sh imm12:12 Rn:5 Rd:5", ADDS_imm),
        Dpi("SUB_imm",  "sf 1 0 100010 sh imm12:12 Rn:5 Rd:5", SUB_imm),
        Dpi("SUBS_imm", "sf 1 1 100010 sh imm12:12 Rn:5 Rd:5", SUBS_imm),
    ];
}
