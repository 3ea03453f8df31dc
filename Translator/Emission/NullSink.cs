using System.Reflection;
using System.Reflection.Emit;

namespace A64Jit.Translator.Emission;

/// <summary>Discards what is emitted (the emitter's first pass over a region, which only collects register usage).</summary>
public sealed class NullSink : IIlSink
{
    private int _labels, _locals;

    public IlLabel DefineLabel() => new(_labels++);
    public void MarkLabel(IlLabel label) { }
    public IlLocal DeclareLocal(Type type) => new(_locals++, type);
    public void Emit(OpCode opcode) { }
    public void Emit(OpCode opcode, int value) { }
    public void Emit(OpCode opcode, long value) { }
    public void Emit(OpCode opcode, float value) { }
    public void Emit(OpCode opcode, double value) { }
    public void Emit(OpCode opcode, IlLabel label) { }
    public void Emit(OpCode opcode, IlLabel[] labels) { }
    public void Emit(OpCode opcode, IlLocal local) { }
    public void Emit(OpCode opcode, MethodInfo method) { }
    public void Emit(OpCode opcode, FieldInfo field) { }
    public void Emit(OpCode opcode, Type type) { }
    public void EmitCalli(OpCode opcode, Type returnType, Type[] parameterTypes) { }
}
