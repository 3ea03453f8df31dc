using System.Reflection;
using System.Reflection.Emit;
using Mono.Cecil;
using Mono.Cecil.Cil;
using CecilOpCode = Mono.Cecil.Cil.OpCode;
using CecilOpCodes = Mono.Cecil.Cil.OpCodes;
using OpCode = System.Reflection.Emit.OpCode;

namespace A64Jit.Translator.Emission;

/// <summary>
/// Emits into a Mono.Cecil method body, so that the same translation the
/// <see cref="DynamicMethodSink"/> produces can be written to an assembly on disk.
/// </summary>
public sealed class CecilSink : IIlSink
{
    private static readonly Dictionary<short, CecilOpCode> OpMap = typeof(CecilOpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (CecilOpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    private readonly MethodDefinition _method;
    private readonly ModuleDefinition _module;
    private readonly ILProcessor _il;
    private readonly List<Instruction> _labels = new();
    private readonly List<VariableDefinition> _locals = new();

    public CecilSink(MethodDefinition method)
    {
        _method = method;
        _module = method.Module;
        _il = method.Body.GetILProcessor();
        method.Body.InitLocals = true;
    }

    private static CecilOpCode Map(OpCode op) =>
        OpMap.TryGetValue(op.Value, out var c) ? c : throw new NotSupportedException($"opcode {op.Name} has no Cecil equivalent");

    public IlLabel DefineLabel()
    {
        // A label is a nop placed where it is marked; branches refer to it before that.
        _labels.Add(Instruction.Create(CecilOpCodes.Nop));
        return new IlLabel(_labels.Count - 1);
    }

    public void MarkLabel(IlLabel label) => _il.Append(_labels[label.Index]);

    public IlLocal DeclareLocal(Type type)
    {
        var v = new VariableDefinition(_module.ImportReference(type));
        _method.Body.Variables.Add(v);
        _locals.Add(v);
        return new IlLocal(_locals.Count - 1, type);
    }

    public void Emit(OpCode opcode) => _il.Append(_il.Create(Map(opcode)));
    public void Emit(OpCode opcode, int value)
    {
        var op = Map(opcode);
        if (op.OperandType == Mono.Cecil.Cil.OperandType.ShortInlineI)
            _il.Append(op == CecilOpCodes.Ldc_I4_S ? _il.Create(op, (sbyte)value) : _il.Create(op, (byte)value));
        else _il.Append(_il.Create(op, value));
    }
    public void Emit(OpCode opcode, long value) => _il.Append(_il.Create(Map(opcode), value));
    public void Emit(OpCode opcode, float value) => _il.Append(_il.Create(Map(opcode), value));
    public void Emit(OpCode opcode, double value) => _il.Append(_il.Create(Map(opcode), value));
    public void Emit(OpCode opcode, IlLabel label) => _il.Append(_il.Create(Map(opcode), _labels[label.Index]));
    public void Emit(OpCode opcode, IlLabel[] labels) => _il.Append(_il.Create(Map(opcode), labels.Select(l => _labels[l.Index]).ToArray()));
    public void Emit(OpCode opcode, IlLocal local) => _il.Append(_il.Create(Map(opcode), _locals[local.Index]));
    public void Emit(OpCode opcode, MethodInfo method) => _il.Append(_il.Create(Map(opcode), _module.ImportReference(method)));
    public void Emit(OpCode opcode, FieldInfo field) => _il.Append(_il.Create(Map(opcode), _module.ImportReference(field)));
    public void Emit(OpCode opcode, Type type) => _il.Append(_il.Create(Map(opcode), _module.ImportReference(type)));
    public void EmitCalli(OpCode opcode, Type returnType, Type[] parameterTypes)
    {
        var site = new CallSite(_module.ImportReference(returnType)) { CallingConvention = MethodCallingConvention.Default };
        foreach (var p in parameterTypes) site.Parameters.Add(new ParameterDefinition(_module.ImportReference(p)));
        _il.Append(_il.Create(Map(opcode), site));
    }
}
