using System.Globalization;
using A64Jit.Runtime.Execution;
using A64Jit.Runtime.Kvm;
using A64Jit.Runtime.Machine;

namespace A64Jit.Cli;

/// <summary>
/// <c>a64jit vm</c>: a small example VMM on the KVM-style API. It loads a raw image into
/// guest RAM, starts vCPU 0 on core 0 at EL1 (the other vCPUs wait, powered off, for PSCI
/// CPU_ON), prints what the guest writes to the data register of a PL011-style UART, ends
/// with status 0 on PSCI SYSTEM_OFF, and prints every exit it does not handle as one line
/// on stderr: <c>exit REASON name=value ...</c>. <c>--engine</c> picks the engine that runs
/// the vCPUs (interp, jit or tiered; tiered when not given, as for <c>a64jit run</c>).
/// </summary>
public static class VmCommand
{
    public const ulong DefaultRamBase = 0x4000_0000;
    public const ulong DefaultUart = 0x0900_0000;
    public const string Usage = "usage: a64jit vm --image FILE --load ADDR [--entry ADDR] [--memory SIZE] [--cores N] [--aarch32-el0 CPULIST] [--uart ADDR] [--ram-base ADDR] [--engine interp|jit|tiered]";

    /// <summary>PL011 registers: data (DR) and flags (FR; reads 0 = transmitter ready).</summary>
    private const ulong Pl011Dr = 0x000, Pl011Fr = 0x018;

    public static int Run(ReadOnlySpan<string> argSpan, CommandIo io)
    {
        string[] args = argSpan.ToArray();
        string? image = null;
        ulong? load = null, entry = null;
        ulong memory = 128ul << 20, uart = DefaultUart, ramBase = DefaultRamBase;
        int cores = 1;
        string cpulist = "";
        var engine = KvmVmOptions.DefaultEngine;
        for (int i = 0; i < args.Length; i++)
        {
            string a = args[i];
            string Value() => i + 1 < args.Length ? args[++i] : throw new UsageException($"{a} needs a value\n{Usage}");
            switch (a)
            {
                case "--image": image = Value(); break;
                case "--load": load = CommandLine.ParseAddress(Value()); break;
                case "--entry": entry = CommandLine.ParseAddress(Value()); break;
                case "--memory": memory = ParseSize(Value()); break;
                case "--cores":
                    if (!int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out cores) || cores < 1 || cores > 512)
                        throw new UsageException("--cores needs a number from 1 to 512");
                    break;
                case "--aarch32-el0": cpulist = Value(); break;
                case "--uart": uart = CommandLine.ParseAddress(Value()); break;
                case "--ram-base": ramBase = CommandLine.ParseAddress(Value()); break;
                case "--engine":
                    string name = Value();
                    if (!ExecutionEngines.TryParse(name, out engine)) throw new UsageException($"unknown engine '{name}' (use interp, jit or tiered)");
                    break;
                default:
                    if (a.StartsWith("--engine=", StringComparison.Ordinal))
                    {
                        if (!ExecutionEngines.TryParse(a[9..], out engine)) throw new UsageException($"unknown engine '{a[9..]}' (use interp, jit or tiered)");
                        break;
                    }
                    throw new UsageException($"unexpected argument '{a}'\n{Usage}");
            }
        }
        if (image == null || load == null) throw new UsageException(Usage);
        byte[] bytes;
        try { bytes = File.ReadAllBytes(image); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { return io.Fail($"cannot read '{image}': {ex.Message}"); }

        MachineTopology machine;
        try { machine = MachineTopology.Create(cores, cpulist); }
        catch (Exception ex) when (ex is FormatException or ArgumentException) { return io.Fail(ex.Message); }

        if ((ramBase & 0xFFF) != 0 || (memory & 0xFFF) != 0 || memory == 0) return io.Fail("RAM base and size must be non-zero multiples of 4 KiB");
        if (load < ramBase || (ulong)bytes.Length > memory || load.Value - ramBase > memory - (ulong)bytes.Length)
            return io.Fail($"the image (0x{bytes.Length:x} bytes at 0x{load:x}) does not fit in RAM 0x{ramBase:x}-0x{ramBase + memory - 1:x}");

        using var vm = new KvmVm(machine, new KvmVmOptions { Engine = engine });
        int r = vm.SetUserMemoryRegion(0, ramBase, memory);
        if (r != 0) return io.Fail($"cannot create guest RAM at 0x{ramBase:x} (errno {-r})");
        vm.Memory.WritePrivileged(load.Value, bytes);

        var vcpus = new KvmVcpu[cores];
        for (int id = 0; id < cores; id++)
        {
            if ((r = vm.CreateVcpu(id, out var v)) != 0) return io.Fail($"cannot create vCPU {id} (errno {-r})");
            uint features = 1u << VcpuFeature.Psci0_2;
            if (id != 0) features |= 1u << VcpuFeature.PowerOff;
            if ((r = v!.Init(vm.PreferredTarget, features)) != 0) return io.Fail($"cannot init vCPU {id} (errno {-r})");
            vcpus[id] = v;
        }
        vcpus[0].SetOneReg(KvmRegisterIds.Pc, entry ?? load.Value);

        var outputLock = new object();
        int status = -1;
        var done = new ManualResetEventSlim(false);
        void Finish(int s)
        {
            lock (outputLock) if (status < 0) status = s;
            done.Set();
        }

        var threads = new List<Thread>();
        for (int id = 0; id < cores; id++)
        {
            var v = vcpus[id];
            var t = new Thread(() => Finish(RunVcpu(v, uart, outputLock, io, done))) { IsBackground = true, Name = $"vcpu{v.Id}" };
            threads.Add(t);
            t.Start();
        }
        done.Wait();
        foreach (var v in vcpus) v.RunData.ImmediateExit = true;
        foreach (var v in vcpus) v.Kick();
        foreach (var t in threads) t.Join(TimeSpan.FromSeconds(5));
        io.Out.Flush();
        return status;
    }

    /// <summary>Runs one vCPU until the guest powers off (0), or an exit the VMM does not handle (1).</summary>
    private static int RunVcpu(KvmVcpu v, ulong uart, object outputLock, CommandIo io, ManualResetEventSlim done)
    {
        var run = v.RunData;
        while (!done.IsSet)
        {
            int r = v.Run();
            if (r == -Errno.EINTR && done.IsSet) return 0;
            if (r != 0)
            {
                lock (outputLock) io.Error.WriteLine($"exit {Name(run.ExitReason)} errno={-r} cpu={v.Core}");
                return 1;
            }
            switch (run.ExitReason)
            {
                case KvmExitReason.Mmio when run.Mmio.PhysAddr == uart + Pl011Dr && run.Mmio.IsWrite:
                    lock (outputLock) { io.Out.Write((char)run.Mmio.Data[0]); io.Out.Flush(); }
                    continue;
                case KvmExitReason.Mmio when run.Mmio.PhysAddr >= uart && run.Mmio.PhysAddr < uart + 0x1000 && !run.Mmio.IsWrite:
                    Array.Clear(run.Mmio.Data); // FR = 0: never busy; other registers read as zero
                    continue;
                case KvmExitReason.Mmio when run.Mmio.PhysAddr >= uart && run.Mmio.PhysAddr < uart + 0x1000:
                    continue; // writes to the UART's control registers are accepted and ignored
                case KvmExitReason.SystemEvent when run.SystemEventType == SystemEventType.Shutdown:
                    return 0;
            }
            lock (outputLock) io.Error.WriteLine(Describe(run));
            return 1;
        }
        return 0;
    }

    private static string Name(KvmExitReason r) => r switch
    {
        KvmExitReason.FailEntry => "FAIL_ENTRY",
        KvmExitReason.InternalError => "INTERNAL_ERROR",
        KvmExitReason.SystemEvent => "SYSTEM_EVENT",
        KvmExitReason.ArmNisv => "ARM_NISV",
        _ => r.ToString().ToUpperInvariant(),
    };

    /// <summary>One line for an exit: the reason's name, then its fields as name=value (hex for reasons and addresses).</summary>
    public static string Describe(KvmRun run) => run.ExitReason switch
    {
        KvmExitReason.FailEntry => $"exit FAIL_ENTRY hardware_entry_failure_reason=0x{run.HardwareEntryFailureReason:x} cpu={run.FailEntryCpu}",
        KvmExitReason.Mmio => $"exit MMIO phys_addr=0x{run.Mmio.PhysAddr:x} len={run.Mmio.Len} is_write={(run.Mmio.IsWrite ? 1 : 0)} data=0x{Convert.ToHexStringLower(run.Mmio.Data, 0, (int)run.Mmio.Len)}",
        KvmExitReason.SystemEvent => $"exit SYSTEM_EVENT type={run.SystemEventType}",
        KvmExitReason.Hypercall => $"exit HYPERCALL nr=0x{run.HypercallNr:x} flags=0x{run.HypercallFlags:x}",
        KvmExitReason.ArmNisv => $"exit ARM_NISV esr_iss=0x{run.ArmNisvEsrIss:x} fault_ipa=0x{run.ArmNisvFaultIpa:x}",
        KvmExitReason.InternalError => $"exit INTERNAL_ERROR suberror={run.InternalSuberror} description=\"{run.InternalDescription}\"",
        _ => $"exit {Name(run.ExitReason)}",
    };

    private static ulong ParseSize(string text)
    {
        var t = text.Trim();
        ulong mult = 1;
        if (t.Length > 0 && char.ToUpperInvariant(t[^1]) is 'K' or 'M' or 'G')
        {
            mult = char.ToUpperInvariant(t[^1]) switch { 'K' => 1ul << 10, 'M' => 1ul << 20, _ => 1ul << 30 };
            t = t[..^1];
        }
        ulong v = CommandLine.ParseAddress(t);
        if (v > ulong.MaxValue / mult) throw new UsageException($"bad size '{text}'");
        return v * mult;
    }
}
