using System.Reflection;
using System.Reflection.Emit;

namespace A64Jit.Translator.Emission;

/// <summary>A branch target in an <see cref="IIlSink"/>.</summary>
public readonly record struct IlLabel(int Index);

/// <summary>A local variable in an <see cref="IIlSink"/>.</summary>
public readonly record struct IlLocal(int Index, Type Type);

/// <summary>
/// The small instruction-level interface the translator emits through. One backend writes
/// into a <see cref="DynamicMethod"/>'s <see cref="ILGenerator"/> (what runs); the other
/// writes the same instructions into a Mono.Cecil method so translations can be saved as
/// a <c>.dll</c>, inspected and decompiled.
/// </summary>
public interface IIlSink
{
    IlLabel DefineLabel();
    void MarkLabel(IlLabel label);
    IlLocal DeclareLocal(Type type);

    void Emit(OpCode opcode);
    void Emit(OpCode opcode, int value);
    void Emit(OpCode opcode, long value);
    void Emit(OpCode opcode, float value);
    void Emit(OpCode opcode, double value);
    void Emit(OpCode opcode, IlLabel label);
    void Emit(OpCode opcode, IlLabel[] labels);
    void Emit(OpCode opcode, IlLocal local);
    void Emit(OpCode opcode, MethodInfo method);
    void Emit(OpCode opcode, FieldInfo field);
    void Emit(OpCode opcode, Type type);
    /// <summary>An indirect call (<c>calli</c>) of a managed method with the given signature; the function pointer is on top of the arguments.</summary>
    void EmitCalli(OpCode opcode, Type returnType, Type[] parameterTypes);
}
