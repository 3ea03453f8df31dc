using System.Reflection;
using System.Reflection.Emit;

namespace A64Jit.Translator.Emission;

/// <summary>Emits into an <see cref="ILGenerator"/> (normally of a <see cref="DynamicMethod"/>).</summary>
public sealed class DynamicMethodSink(ILGenerator il) : IIlSink
{
    private readonly List<Label> _labels = new();
    private readonly List<LocalBuilder> _locals = new();

    public ILGenerator Generator => il;
    /// <summary>Locals declared so far.</summary>
    public int LocalCount => _locals.Count;

    public IlLabel DefineLabel()
    {
        _labels.Add(il.DefineLabel());
        return new IlLabel(_labels.Count - 1);
    }

    public void MarkLabel(IlLabel label) => il.MarkLabel(_labels[label.Index]);

    public IlLocal DeclareLocal(Type type)
    {
        _locals.Add(il.DeclareLocal(type));
        return new IlLocal(_locals.Count - 1, type);
    }

    public void Emit(OpCode opcode) => il.Emit(opcode);
    public void Emit(OpCode opcode, int value)
    {
        if (opcode.OperandType == OperandType.ShortInlineI || opcode.OperandType == OperandType.ShortInlineVar) il.Emit(opcode, (byte)value);
        else il.Emit(opcode, value);
    }
    public void Emit(OpCode opcode, long value) => il.Emit(opcode, value);
    public void Emit(OpCode opcode, float value) => il.Emit(opcode, value);
    public void Emit(OpCode opcode, double value) => il.Emit(opcode, value);
    public void Emit(OpCode opcode, IlLabel label) => il.Emit(opcode, _labels[label.Index]);
    public void Emit(OpCode opcode, IlLabel[] labels) => il.Emit(opcode, labels.Select(l => _labels[l.Index]).ToArray());
    public void Emit(OpCode opcode, IlLocal local) => il.Emit(opcode, _locals[local.Index]);
    public void Emit(OpCode opcode, MethodInfo method) => il.Emit(opcode, method);
    public void Emit(OpCode opcode, FieldInfo field) => il.Emit(opcode, field);
    public void Emit(OpCode opcode, Type type) => il.Emit(opcode, type);
    public void EmitCalli(OpCode opcode, Type returnType, Type[] parameterTypes) =>
        il.EmitCalli(opcode, CallingConventions.Standard, returnType, parameterTypes, null);
}
