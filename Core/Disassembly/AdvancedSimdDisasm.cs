using static A64Jit.Core.Disassembly.Asm;

namespace A64Jit.Core.Disassembly;

/// <summary>GNU objdump text for the AdvancedSimd group, one method per encoding of the table.</summary>
internal static class AdvancedSimdDisasm
{
}
