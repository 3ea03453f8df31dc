using static A64Jit.Core.Disassembly.Asm;

namespace A64Jit.Core.Disassembly;

/// <summary>GNU objdump text for the Advanced SIMD scalar, shift-by-immediate and by-element encodings, one method per encoding of the table.</summary>
internal static class AdvancedSimdScalarDisasm
{
}
