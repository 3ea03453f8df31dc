using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.Loader;
using A64Jit.Translator.Emission;
using Mono.Cecil;

namespace A64Jit.Tests.Translation;

/// <summary>The two IL sinks produce methods that behave the same.</summary>
[TestFixture]
public class IlSinkTests
{
    /// <summary>Emits f(a, b) = sum over i in [0, b) of (a ^ i) * 3, using a loop, a local, a switch and a call.</summary>
    private static void EmitSample(IIlSink il)
    {
        var sum = il.DeclareLocal(typeof(ulong));
        var i = il.DeclareLocal(typeof(ulong));
        var loop = il.DefineLabel();
        var test = il.DefineLabel();
        var c0 = il.DefineLabel();
        var c1 = il.DefineLabel();
        var done = il.DefineLabel();
        il.Emit(OpCodes.Ldc_I4_0); il.Emit(OpCodes.Conv_U8); il.Emit(OpCodes.Stloc, sum);
        il.Emit(OpCodes.Ldc_I4_0); il.Emit(OpCodes.Conv_U8); il.Emit(OpCodes.Stloc, i);
        il.Emit(OpCodes.Br, test);
        il.MarkLabel(loop);
        il.Emit(OpCodes.Ldloc, sum);
        il.Emit(OpCodes.Ldarg_0); il.Emit(OpCodes.Ldloc, i); il.Emit(OpCodes.Xor);
        il.Emit(OpCodes.Ldc_I8, 3L); il.Emit(OpCodes.Mul);
        il.Emit(OpCodes.Add); il.Emit(OpCodes.Stloc, sum);
        il.Emit(OpCodes.Ldloc, i); il.Emit(OpCodes.Ldc_I4_1); il.Emit(OpCodes.Conv_U8); il.Emit(OpCodes.Add); il.Emit(OpCodes.Stloc, i);
        il.MarkLabel(test);
        il.Emit(OpCodes.Ldloc, i); il.Emit(OpCodes.Ldarg_1); il.Emit(OpCodes.Blt_Un, loop);
        // switch on (sum & 1): rotate odd sums through a BCL call
        il.Emit(OpCodes.Ldloc, sum); il.Emit(OpCodes.Ldc_I4_1); il.Emit(OpCodes.Conv_U8); il.Emit(OpCodes.And); il.Emit(OpCodes.Conv_I4);
        il.Emit(OpCodes.Switch, new[] { c0, c1 });
        il.Emit(OpCodes.Br, done);
        il.MarkLabel(c1);
        il.Emit(OpCodes.Ldloc, sum); il.Emit(OpCodes.Ldc_I4_S, 7);
        il.Emit(OpCodes.Call, typeof(System.Numerics.BitOperations).GetMethod(nameof(System.Numerics.BitOperations.RotateLeft), [typeof(ulong), typeof(int)])!);
        il.Emit(OpCodes.Stloc, sum);
        il.MarkLabel(c0);
        il.MarkLabel(done);
        il.Emit(OpCodes.Ldloc, sum);
        il.Emit(OpCodes.Ret);
    }

    private static ulong Reference(ulong a, ulong b)
    {
        ulong sum = 0;
        for (ulong i = 0; i < b; i++) sum += (a ^ i) * 3;
        return (sum & 1) != 0 ? System.Numerics.BitOperations.RotateLeft(sum, 7) : sum;
    }

    [Test]
    public void DynamicMethodAndCecilAssemblyAgree()
    {
        var dm = new DynamicMethod("sample", typeof(ulong), [typeof(ulong), typeof(ulong)], typeof(IlSinkTests).Module, skipVisibility: true);
        EmitSample(new DynamicMethodSink(dm.GetILGenerator()));
        var viaDynamic = dm.CreateDelegate<Func<ulong, ulong, ulong>>();

        var path = Path.Combine(Path.GetTempPath(), $"a64jit-sink-{Guid.NewGuid():N}.dll");
        using (var asm = AssemblyDefinition.CreateAssembly(new AssemblyNameDefinition("A64JitSinkTest", new Version(1, 0)), "A64JitSinkTest", ModuleKind.Dll))
        {
            var module = asm.MainModule;
            var type = new TypeDefinition("A64Jit.Dumped", "Sample", Mono.Cecil.TypeAttributes.Public | Mono.Cecil.TypeAttributes.Abstract | Mono.Cecil.TypeAttributes.Sealed, module.TypeSystem.Object);
            module.Types.Add(type);
            var m = new MethodDefinition("Run", Mono.Cecil.MethodAttributes.Public | Mono.Cecil.MethodAttributes.Static, module.TypeSystem.UInt64);
            m.Parameters.Add(new ParameterDefinition(module.TypeSystem.UInt64));
            m.Parameters.Add(new ParameterDefinition(module.TypeSystem.UInt64));
            type.Methods.Add(m);
            EmitSample(new CecilSink(m));
            asm.Write(path);
        }
        var alc = new AssemblyLoadContext("sink-test", isCollectible: true);
        try
        {
            var loaded = alc.LoadFromAssemblyPath(path);
            var viaCecil = loaded.GetType("A64Jit.Dumped.Sample")!.GetMethod("Run")!.CreateDelegate<Func<ulong, ulong, ulong>>();
            var rng = new Random(3);
            for (int k = 0; k < 200; k++)
            {
                ulong a = (ulong)rng.NextInt64(), b = (ulong)rng.Next(0, 50);
                ulong expected = Reference(a, b);
                Assert.That(viaDynamic(a, b), Is.EqualTo(expected), $"DynamicMethod, a={a} b={b}");
                Assert.That(viaCecil(a, b), Is.EqualTo(expected), $"Cecil assembly, a={a} b={b}");
            }
        }
        finally
        {
            alc.Unload();
            File.Delete(path);
        }
    }
}
