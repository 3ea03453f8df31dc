using BenchmarkDotNet.Attributes;
using A64Jit.Core.Interpretation;
using A64Jit.Core.Memory;
using A64Jit.Core.State;

namespace A64Jit.Perf;

/// <summary>
/// Reference interpreter speed on an integer loop with loads and stores; guest
/// instructions per second = OperationsPerInvoke / mean time.
/// </summary>
public unsafe class InterpreterBenchmarks
{
    private const ulong Code = 0x10000, Data = 0x100000;
    private const int Iterations = 4096;
    private const int LoopLength = 6;

    // loop: ldr x2, [x1], #8 ; add x0, x0, x2 ; eor x4, x4, x2, lsl #3 ;
    //       str x4, [x5, x3, lsl #3] ; subs x3, x3, #1 ; b.ne loop ; brk #0
    private static readonly uint[] Loop = [0xf8408422, 0x8b020000, 0xca020c84, 0xf82378a4, 0xf1000463, 0x54ffff61, 0xd4200000];

    private GuestMemory _memory = null!;
    private CpuContext _cpu = null!;
    private Interpreter _interpreter = null!;

    [GlobalSetup]
    public void Setup()
    {
        _memory = new GuestMemory();
        _memory.Map(Code, 0x1000, MemoryPermissions.ReadExecute);
        _memory.Map(Data, 0x20000, MemoryPermissions.ReadWrite);
        for (int i = 0; i < Loop.Length; i++) _memory.WriteU32Privileged(Code + (ulong)i * 4, Loop[i]);
        _cpu = new CpuContext();
        _interpreter = new Interpreter(_cpu, _memory);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _cpu.Dispose();
        _memory.Dispose();
    }

    [Benchmark(OperationsPerInvoke = Iterations * LoopLength)]
    public StopReason IntegerLoopWithLoadsAndStores()
    {
        var s = _cpu.State;
        s->PC = Code;
        s->X[0] = 0;
        s->X[1] = Data;
        s->X[3] = Iterations;
        s->X[5] = Data + 0x10000 - 8;
        return _interpreter.Run(ulong.MaxValue);
    }
}
