using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace A64Jit.Tests.Oracles;

/// <summary>Error codes of <c>uc_err</c>.</summary>
public enum UcError
{
    Ok = 0, NoMem = 1, Arch = 2, Handle = 3, Mode = 4, Version = 5,
    ReadUnmapped = 6, WriteUnmapped = 7, FetchUnmapped = 8, Hook = 9, InsnInvalid = 10, Map = 11,
    WriteProt = 12, ReadProt = 13, FetchProt = 14, Arg = 15,
    ReadUnaligned = 16, WriteUnaligned = 17, FetchUnaligned = 18, HookExist = 19, Resource = 20, Exception = 21,
}

/// <summary>Values of <c>uc_mem_type</c> reported to invalid-memory hooks.</summary>
public enum UcMemType
{
    None = 0, Read = 16, Write = 17, Fetch = 18, ReadUnmapped = 19, WriteUnmapped = 20, FetchUnmapped = 21,
    WriteProt = 22, ReadProt = 23, FetchProt = 24, ReadAfter = 25,
}

/// <summary>How a run of <see cref="Unicorn"/> ended.</summary>
public readonly record struct UcStop(UcError Error, uint Interrupt, UcMemType FaultType, ulong FaultAddress, int FaultSize)
{
    /// <summary>QEMU's exception number (EXCP_UDEF = 1, EXCP_SWI = 2, …), or 0 when no interrupt hook fired.</summary>
    public bool Interrupted => Interrupt != 0;
    public bool Faulted => FaultType != UcMemType.None;
    public bool Clean => Error == UcError.Ok && !Interrupted && !Faulted;
    public override string ToString() =>
        Clean ? "ok" : $"{Error}{(Interrupted ? $" interrupt {Interrupt}" : "")}{(Faulted ? $" {FaultType} at 0x{FaultAddress:x} size {FaultSize}" : "")}";
}

/// <summary>
/// Unicorn 2 (QEMU's TCG as a library, Debian's <c>libunicorn2</c>) as an AArch64 oracle,
/// through P/Invoke to <c>libunicorn.so.2</c>. The CPU model is <c>max</c> (so LSE atomics
/// and other ARMv8.x instructions execute). Exceptions (undefined instruction, SVC, BRK, …)
/// and invalid memory accesses stop the run and are reported by <see cref="Run"/>.
/// </summary>
public sealed unsafe class Unicorn : IDisposable
{
    private const string Lib = "libunicorn.so.2";

    private const int ArchArm64 = 2;
    private const int ModeArm = 0;
    /// <summary>UC_CTL_WRITE(UC_CTL_CPU_MODEL, 1).</summary>
    private const int CtlWriteCpuModel = 0x44000007;
    /// <summary>UC_CTL_WRITE(UC_CTL_TB_REMOVE_CACHE, 2).</summary>
    private const int CtlWriteRemoveCache = 0x48000009;
    private const int CpuArm64Max = 3;

    private const int HookIntr = 1 << 0;
    private const int HookMemInvalid = (1 << 4) | (1 << 5) | (1 << 6) | (1 << 7) | (1 << 8) | (1 << 9);

    // Register ids of unicorn/arm64.h (uc_arm64_reg) in Unicorn 2.0.
    public const int RegX29 = 1, RegX30 = 2, RegNzcv = 3, RegSp = 4;
    public const int RegQ0 = 104;
    public const int RegX0 = 199;
    public const int RegV0 = 228;
    public const int RegPc = 260;
    public const int RegPstate = 265;
    public const int RegFpcr = 291, RegFpsr = 292;

    [DllImport(Lib)] private static extern UcError uc_open(int arch, int mode, out nint uc);
    [DllImport(Lib)] private static extern UcError uc_close(nint uc);
    [DllImport(Lib)] private static extern nint uc_strerror(UcError code);
    [DllImport(Lib)] private static extern uint uc_version(out uint major, out uint minor);
    // uc_ctl is variadic; on x86-64 System V, integer variadic arguments are passed like fixed ones.
    [DllImport(Lib, EntryPoint = "uc_ctl")] private static extern UcError uc_ctl1(nint uc, int control, long arg);
    [DllImport(Lib, EntryPoint = "uc_ctl")] private static extern UcError uc_ctl2(nint uc, int control, ulong arg0, ulong arg1);
    [DllImport(Lib)] private static extern UcError uc_mem_map(nint uc, ulong address, nuint size, uint perms);
    [DllImport(Lib)] private static extern UcError uc_mem_unmap(nint uc, ulong address, nuint size);
    [DllImport(Lib)] private static extern UcError uc_mem_protect(nint uc, ulong address, nuint size, uint perms);
    [DllImport(Lib)] private static extern UcError uc_mem_write(nint uc, ulong address, byte* bytes, nuint size);
    [DllImport(Lib)] private static extern UcError uc_mem_read(nint uc, ulong address, byte* bytes, nuint size);
    [DllImport(Lib)] private static extern UcError uc_reg_write(nint uc, int regid, void* value);
    [DllImport(Lib)] private static extern UcError uc_reg_read(nint uc, int regid, void* value);
    [DllImport(Lib)] private static extern UcError uc_emu_start(nint uc, ulong begin, ulong until, ulong timeout, nuint count);
    [DllImport(Lib)] private static extern UcError uc_emu_stop(nint uc);
    [DllImport(Lib)] private static extern UcError uc_hook_add(nint uc, out nint hook, int type, void* callback, nint userData, ulong begin, ulong end);

    private nint _uc;
    private GCHandle _self;
    // What the hooks saw during the current run.
    private uint _interrupt;
    private UcMemType _faultType;
    private ulong _faultAddress;
    private int _faultSize;

    public static bool Available
    {
        get
        {
            try { uc_version(out _, out _); return true; }
            catch (DllNotFoundException) { return false; }
            catch (EntryPointNotFoundException) { return false; }
        }
    }

    public static (uint Major, uint Minor) Version
    {
        get { uc_version(out uint major, out uint minor); return (major, minor); }
    }

    public Unicorn()
    {
        Check(uc_open(ArchArm64, ModeArm, out _uc), "uc_open");
        Check(uc_ctl1(_uc, CtlWriteCpuModel, CpuArm64Max), "uc_ctl(CPU_MODEL=max)");
        _self = GCHandle.Alloc(this, GCHandleType.Weak);
        Check(uc_hook_add(_uc, out _, HookIntr, (delegate* unmanaged[Cdecl]<nint, uint, nint, void>)&OnInterrupt, GCHandle.ToIntPtr(_self), 1, 0), "uc_hook_add(INTR)");
        Check(uc_hook_add(_uc, out _, HookMemInvalid, (delegate* unmanaged[Cdecl]<nint, int, ulong, int, long, nint, byte>)&OnInvalidMemory, GCHandle.ToIntPtr(_self), 1, 0), "uc_hook_add(MEM_INVALID)");
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnInterrupt(nint uc, uint intno, nint user)
    {
        var self = (Unicorn)GCHandle.FromIntPtr(user).Target!;
        self._interrupt = intno;
        uc_emu_stop(uc);
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static byte OnInvalidMemory(nint uc, int type, ulong address, int size, long value, nint user)
    {
        var self = (Unicorn)GCHandle.FromIntPtr(user).Target!;
        if (self._faultType == UcMemType.None)
        {
            self._faultType = (UcMemType)type;
            self._faultAddress = address;
            self._faultSize = size;
        }
        return 0; // not handled: the access fails and emulation stops
    }

    private nint Handle
    {
        get
        {
            ObjectDisposedException.ThrowIf(_uc == 0, this);
            return _uc;
        }
    }

    private static void Check(UcError e, string what)
    {
        if (e != UcError.Ok) throw new InvalidOperationException($"{what} failed: {e} ({Marshal.PtrToStringAnsi(uc_strerror(e))})");
    }

    // ------------------------------------------------------------------ memory

    /// <summary>Maps zeroed memory; permissions use Unicorn's (and A64Jit's) bits: 1 read, 2 write, 4 execute.</summary>
    public void Map(ulong address, ulong size, uint perms = 7) => Check(uc_mem_map(Handle, address, (nuint)size, perms), $"uc_mem_map(0x{address:x}, 0x{size:x})");
    public void Unmap(ulong address, ulong size) => Check(uc_mem_unmap(Handle, address, (nuint)size), "uc_mem_unmap");
    public void Protect(ulong address, ulong size, uint perms) => Check(uc_mem_protect(Handle, address, (nuint)size, perms), "uc_mem_protect");

    public void Write(ulong address, ReadOnlySpan<byte> data)
    {
        fixed (byte* p = data) Check(uc_mem_write(Handle, address, p, (nuint)data.Length), $"uc_mem_write(0x{address:x})");
    }

    public void Read(ulong address, Span<byte> data)
    {
        fixed (byte* p = data) Check(uc_mem_read(Handle, address, p, (nuint)data.Length), $"uc_mem_read(0x{address:x})");
    }

    public void WriteU32(ulong address, uint value) => Write(address, new ReadOnlySpan<byte>(&value, 4));
    public void WriteU64(ulong address, ulong value) => Write(address, new ReadOnlySpan<byte>(&value, 8));

    public uint ReadU32(ulong address) { uint v; Read(address, new Span<byte>(&v, 4)); return v; }
    public ulong ReadU64(ulong address) { ulong v; Read(address, new Span<byte>(&v, 8)); return v; }

    /// <summary>Writes instruction words and drops any translation Unicorn cached for them.</summary>
    public void WriteCode(ulong address, ReadOnlySpan<uint> words)
    {
        Write(address, MemoryMarshal.AsBytes(words));
        Check(uc_ctl2(Handle, CtlWriteRemoveCache, address, address + (ulong)words.Length * 4), "uc_ctl(TB_REMOVE_CACHE)");
    }

    // ------------------------------------------------------------------ registers

    public ulong GetReg(int id)
    {
        ulong v = 0;
        Check(uc_reg_read(Handle, id, &v), $"uc_reg_read({id})");
        return v;
    }

    public void SetReg(int id, ulong value) => Check(uc_reg_write(Handle, id, &value), $"uc_reg_write({id})");

    /// <summary>X0–X30 (n = 0..30).</summary>
    public ulong GetX(int n) => GetReg(XId(n));
    public void SetX(int n, ulong value) => SetReg(XId(n), value);

    private static int XId(int n) => n switch
    {
        >= 0 and <= 28 => RegX0 + n,
        29 => RegX29,
        30 => RegX30,
        _ => throw new ArgumentOutOfRangeException(nameof(n), n, "X0-X30"),
    };

    public ulong Sp { get => GetReg(RegSp); set => SetReg(RegSp, value); }
    public ulong Pc { get => GetReg(RegPc); set => SetReg(RegPc, value); }

    /// <summary>NZCV in bits 31:28.</summary>
    public uint Nzcv { get => (uint)GetReg(RegNzcv) & 0xF000_0000u; set => SetReg(RegNzcv, value & 0xF000_0000u); }

    public uint Pstate => (uint)GetReg(RegPstate);
    public uint Fpcr { get => (uint)GetReg(RegFpcr); set => SetReg(RegFpcr, value); }
    public uint Fpsr { get => (uint)GetReg(RegFpsr); set => SetReg(RegFpsr, value); }

    public UInt128 GetV(int n)
    {
        if ((uint)n > 31) throw new ArgumentOutOfRangeException(nameof(n), n, "V0-V31");
        UInt128 v = 0;
        Check(uc_reg_read(Handle, RegV0 + n, &v), $"uc_reg_read(V{n})");
        return v;
    }

    public void SetV(int n, UInt128 value)
    {
        if ((uint)n > 31) throw new ArgumentOutOfRangeException(nameof(n), n, "V0-V31");
        Check(uc_reg_write(Handle, RegV0 + n, &value), $"uc_reg_write(V{n})");
    }

    // ------------------------------------------------------------------ execution

    /// <summary>
    /// Runs at most <paramref name="count"/> instructions from <paramref name="begin"/>
    /// (0 = no limit, then until <paramref name="until"/>). The result tells whether it
    /// stopped on an exception (interrupt number) or an invalid memory access.
    /// </summary>
    public UcStop Run(ulong begin, ulong count, ulong until = ulong.MaxValue)
    {
        _interrupt = 0;
        _faultType = UcMemType.None;
        _faultAddress = 0;
        _faultSize = 0;
        var e = uc_emu_start(Handle, begin, until, 0, (nuint)count);
        return new UcStop(e, _interrupt, _faultType, _faultAddress, _faultSize);
    }

    public void Dispose()
    {
        if (_uc != 0)
        {
            uc_close(_uc);
            _uc = 0;
        }
        if (_self.IsAllocated) _self.Free();
        GC.SuppressFinalize(this);
    }

    ~Unicorn()
    {
        if (_uc != 0) uc_close(_uc);
        if (_self.IsAllocated) _self.Free();
    }
}
