using System.Numerics;
using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;
using A64Jit.Core.Interpretation;
using A64Jit.Core.Memory;
using A64Jit.Core.State;
using A64Jit.Translator.Blocks;
using SysRegs = A64Jit.Core.Interpretation.SystemRegisters;

namespace A64Jit.Translator.Emission;

// Native IL for the integer and system instructions outside the data-processing and
// load/store groups: hints, barriers, exception generation, MRS/MSR (register), MSR
// (immediate) for DAIF, SYS (DC ZVA, cache maintenance, AT, TLBI), SYSL, CRC32/CRC32C,
// LDR/LDRSW (literal), the prefetches and LDTR/STTR.
//
// Access rules that depend on the exception level and on SCTLR_EL1/CNTKCTL_EL1 are tested
// at run time (one load and compare of PSTATE, plus one of the enable register at EL0):
// when the access is allowed the instruction runs inline; otherwise the interpreter's method
// runs it (it traps or is UNDEFINED there, exactly as when interpreting) and the block
// leaves right after it (EmitInterpretAndLeave). Encodings or register numbers without such
// a rule here are declined by the accept predicates and use the ordinary fallback.
public sealed unsafe partial class BlockEmitter
{
    private static readonly MethodInfo MSysRaise = typeof(SystemRuntime).GetMethod(nameof(SystemRuntime.Raise))!;
    private static readonly MethodInfo MSysRaiseAboveEl0 = typeof(SystemRuntime).GetMethod(nameof(SystemRuntime.RaiseAboveEl0))!;
    private static readonly MethodInfo MSysLeave = typeof(SystemRuntime).GetMethod(nameof(SystemRuntime.LeaveAfterInterpreted))!;
    private static readonly MethodInfo MSysWaitExit = typeof(SystemRuntime).GetMethod(nameof(SystemRuntime.WaitExit))!;
    private static readonly MethodInfo MExceptionReturn = typeof(BranchExceptionSystem).GetMethod(nameof(BranchExceptionSystem.ExceptionReturn))!;
    private static readonly MethodInfo MSysZeroByVa = typeof(SystemRuntime).GetMethod(nameof(SystemRuntime.ZeroByVa))!;
    private static readonly MethodInfo MSysWriteStopsRun = typeof(SystemRuntime).GetMethod(nameof(SystemRuntime.WriteStopsRun))!;
    private static readonly MethodInfo MSysCrc32 = typeof(SystemRuntime).GetMethod(nameof(SystemRuntime.Crc32))!;
    private static readonly MethodInfo MSysCrc32C = typeof(SystemRuntime).GetMethod(nameof(SystemRuntime.Crc32C))!;

    // CpuState offsets of the system state read and written here (set by RegisterSystem).
    private static int _offPstate, _offFpcr, _offFpsr, _offSctlr, _offCntkctl, _offDczid;

    /// <summary>Who may execute an access at EL0 (EL1 may always).</summary>
    private enum Gate : byte
    {
        /// <summary>Any EL.</summary>
        None,
        /// <summary>EL1 only (UNDEFINED or trapped at EL0).</summary>
        El1,
        /// <summary>At EL0 only while SCTLR_EL1 has one of the bits in Enable.</summary>
        Sctlr,
        /// <summary>At EL0 only while CNTKCTL_EL1 has one of the bits in Enable.</summary>
        Cntkctl,
    }

    /// <summary>How a system register's value is read or written.</summary>
    private enum SysValue : byte { Field64, Field32, Nzcv, Daif, PstateBits, Helper, Zero }

    /// <summary>
    /// A system register handled inline: its access gate and where its value lives. Write
    /// masks keep the RES0 bits the interpreter drops; <see cref="SlowIf"/> names values
    /// that make the interpreter stop after the write (MMU on, FP traps enabled): see
    /// <see cref="SystemRuntime.WriteStopsRun"/>.
    /// </summary>
    private sealed record SysReg(Gate Gate, ulong Enable, SysValue Kind, int Offset = 0, ulong Mask = ulong.MaxValue,
                                 MethodInfo? Helper = null, int StopCheck = -1);

    private static readonly Dictionary<uint, SysReg> MrsRegisters = new();
    private static readonly Dictionary<uint, SysReg> MsrRegisters = new();

    /// <summary>(op1, CRn, CRm, op2) of the SYS operations handled inline, with their EL0 gate.</summary>
    private static readonly Dictionary<uint, (Gate Gate, ulong Enable)> SysOperations = new();
    private static uint SysOpKey(uint op1, uint crn, uint crm, uint op2) => (op1 << 11) | (crn << 7) | (crm << 3) | op2;
    private static readonly uint DcZvaKey = SysOpKey(3, 7, 4, 1);

    private static int StateOffset(string field) => (int)System.Runtime.InteropServices.Marshal.OffsetOf<CpuState>(field);

    /// <summary>Registers the system natives (called once from <see cref="RegisterNatives"/>).</summary>
    private static void RegisterSystem()
    {
        if (StateOffset(nameof(CpuState.PC)) != OffPc || StateOffset(nameof(CpuState.Nzcv)) != OffNzcv)
            throw new InvalidOperationException("CpuState's marshalled layout differs from its managed layout");
        _offPstate = StateOffset(nameof(CpuState.Pstate));
        _offFpcr = StateOffset(nameof(CpuState.Fpcr));
        _offFpsr = StateOffset(nameof(CpuState.Fpsr));
        _offSctlr = StateOffset(nameof(CpuState.SctlrEl1));
        _offCntkctl = StateOffset(nameof(CpuState.CntkctlEl1));
        _offDczid = StateOffset(nameof(CpuState.Dczid));
        BuildSystemRegisters();

        FlagUse none(uint w) => FlagUse.None;
        FlagUse exits(uint w) => FlagUse.ReadsOrExits;
        void mem(string name, NativeEmitter emit, Func<uint, FlagUse> flags, Func<uint, bool>? accept = null)
        {
            Register(name, emit, flags, accept);
            MemoryNames.Add(name);
        }

        // Hints that do nothing on this core (the event register is not modelled; every other
        // hint number, BTI and the pointer-authentication hints included, is a NOP in ARMv8.0).
        foreach (var n in new[] { "YIELD", "SEV", "SEVL", "HINT" }) Register(n, (e, i) => { }, none);
        // WFI/WFE complete and stop the run after them (StopReason.WaitForInterrupt); at EL0 with
        // SCTLR_EL1.nTWI (bit 16) / nTWE (bit 18) clear they trap, which the interpreter raises.
        Register("WFI", (e, i) => e.WaitFor(i, 1ul << 16), exits);
        Register("WFE", (e, i) => e.WaitFor(i, 1ul << 18), exits);
        // ERET: UNDEFINED at EL0 (the interpreter raises it); at EL1 the exception return, then the
        // block leaves with PC = ELR_EL1 (EL, nRW and the stack pointer may have changed).
        Register("ERET", (e, i) => e.ExceptionReturn(i), exits);
        // DMB/DSB are full host fences (guest memory is shared by cores on host threads); ISB
        // has nothing to synchronise (block discovery ends the block after it).
        foreach (var n in new[] { "DMB", "DSB" }) Register(n, (e, i) => e._il.Emit(OpCodes.Call, MMemoryBarrier), none);
        Register("ISB", (e, i) => { }, none);

        // Exception generation: the interpreter's exit information, then the block's stop exit.
        static uint imm16(uint w) => (w >> 5) & 0xFFFF;
        Register("SVC", (e, i) => e.RaiseException(i, Syndrome.Make(Syndrome.Svc64, imm16(i.Word)), aboveEl0: false), exits);
        Register("BRK", (e, i) => e.RaiseException(i, Syndrome.Make(Syndrome.Brk64, imm16(i.Word)), aboveEl0: false), exits);
        Register("HVC", (e, i) => e.RaiseException(i, Syndrome.Make(Syndrome.Hvc64, imm16(i.Word)), aboveEl0: true), exits);
        Register("SMC", (e, i) => e.RaiseException(i, Syndrome.Make(Syndrome.Smc64, imm16(i.Word)), aboveEl0: true), exits);
        foreach (var n in new[] { "HLT", "UDF", "DCPS1", "DCPS2", "DCPS3", "DRPS", "SYSL" })
            Register(n, (e, i) => e.RaiseException(i, Syndrome.Make(Syndrome.Unknown, 0), aboveEl0: false), exits);

        Register("MRS", (e, i) => e.Mrs(i), exits, w => MrsRegisters.ContainsKey((w >> 5) & 0xFFFF));
        Register("MSR_reg", (e, i) => e.MsrRegister(i), exits, w => MsrRegisters.ContainsKey((w >> 5) & 0xFFFF));
        // MSR (immediate): DAIFSet/DAIFClr; SPSel moves between banked stack pointers and stays with the interpreter.
        Register("MSR_imm", (e, i) => e.MsrDaifImmediate(i), exits, w => ((w >> 16) & 7) == 3 && ((w >> 5) & 7) is 6 or 7);
        mem("SYS", (e, i) => e.Sys(i), exits, w => SysOperations.ContainsKey((w >> 5) & 0x3FFF));

        foreach (var n in new[] { "CRC32B", "CRC32H", "CRC32W", "CRC32X", "CRC32CB", "CRC32CH", "CRC32CW", "CRC32CX" })
            Register(n, (e, i) => e.Crc(i), none);

        mem("LDR_lit", (e, i) => e.LoadLiteral(i), exits);
        mem("LDRSW_lit", (e, i) => e.LoadLiteral(i), exits);
        // Prefetches are hints that never fault: nothing to do (not even the SP alignment check).
        foreach (var n in new[] { "PRFM_lit", "PRFM_imm_offset", "PRFM_reg", "PRFUM" }) Register(n, (e, i) => { }, none);
        // LDTR*/STTR*: the interpreter makes the normal access at both ELs (one flat address
        // space, no EL1-only mappings), so they are the unscaled forms.
        foreach (var n in new[] { "STTRB", "LDTRB", "LDTRSB", "STTRH", "LDTRH", "LDTRSH", "STTR", "LDTR", "LDTRSW" })
            mem(n, (e, i) => e.LoadStoreImm9(i, IndexMode.Unscaled), exits);
    }

    private static void BuildSystemRegisters()
    {
        int off(string f) => StateOffset(f);
        void both(uint key, SysReg read, SysReg? write = null)
        {
            MrsRegisters[key] = read;
            if (write != null) MsrRegisters[key] = write;
        }
        SysReg f64(Gate g, string field, ulong enable = 0, ulong mask = ulong.MaxValue) => new(g, enable, SysValue.Field64, off(field), mask);

        // Plain state at every EL.
        both(SysRegs.Nzcv, new(Gate.None, 0, SysValue.Nzcv), new(Gate.None, 0, SysValue.Nzcv));
        both(SysRegs.Fpcr, new(Gate.None, 0, SysValue.Field32, _offFpcr), new(Gate.None, 0, SysValue.Field32, _offFpcr, SysRegs.FpcrWritable));
        both(SysRegs.Fpsr, new(Gate.None, 0, SysValue.Field32, _offFpsr), new(Gate.None, 0, SysValue.Field32, _offFpsr, SysRegs.FpsrWritable));
        both(SysRegs.TpidrEl0, f64(Gate.None, nameof(CpuState.TpidrEl0)), f64(Gate.None, nameof(CpuState.TpidrEl0)));
        // TPIDRRO_EL0: read-only at EL0, writable at EL1.
        both(SysRegs.TpidrroEl0, f64(Gate.None, nameof(CpuState.TpidrroEl0)), f64(Gate.El1, nameof(CpuState.TpidrroEl0)));
        MrsRegisters[SysRegs.DczidEl0] = new(Gate.None, 0, SysValue.Helper, Helper: typeof(SystemRuntime).GetMethod(nameof(SystemRuntime.ReadDczid)));
        // Registers EL0 reaches only while an EL1 control enables it (else trapped, EC 0x18).
        both(SysRegs.Daif, new(Gate.Sctlr, BranchExceptionSystem.SctlrUma, SysValue.Daif), new(Gate.Sctlr, BranchExceptionSystem.SctlrUma, SysValue.Daif));
        MrsRegisters[SysRegs.CtrEl0] = f64(Gate.Sctlr, nameof(CpuState.Ctr), SysRegs.SctlrUct);
        MrsRegisters[SysRegs.CntfrqEl0] = f64(Gate.Cntkctl, nameof(CpuState.Cntfrq), SysRegs.El0Pcten | SysRegs.El0Vcten);
        MethodInfo rt(string name) => typeof(SystemRuntime).GetMethod(name)!;
        MrsRegisters[SysRegs.CntvctEl0] = new(Gate.Cntkctl, SysRegs.El0Vcten, SysValue.Helper, Helper: rt(nameof(SystemRuntime.ReadVirtualCount)));
        MrsRegisters[SysRegs.CntpctEl0] = new(Gate.Cntkctl, SysRegs.El0Pcten, SysValue.Helper, Helper: rt(nameof(SystemRuntime.ReadPhysicalCount)));
        both(SysRegs.CntvCtlEl0, new(Gate.Cntkctl, SysRegs.El0Vten, SysValue.Helper, Helper: rt(nameof(SystemRuntime.ReadTimerControl))),
             f64(Gate.Cntkctl, nameof(CpuState.CntvCtlEl0), SysRegs.El0Vten, 3));
        both(SysRegs.CntvCvalEl0, f64(Gate.Cntkctl, nameof(CpuState.CntvCvalEl0), SysRegs.El0Vten), f64(Gate.Cntkctl, nameof(CpuState.CntvCvalEl0), SysRegs.El0Vten));
        both(SysRegs.CntvTvalEl0, new(Gate.Cntkctl, SysRegs.El0Vten, SysValue.Helper, Helper: rt(nameof(SystemRuntime.ReadTimerValue))),
             new(Gate.Cntkctl, SysRegs.El0Vten, SysValue.Helper, Helper: rt(nameof(SystemRuntime.WriteTimerValue))));

        // Identification registers: trapped at EL0 (EC 0x18), the core's values at EL1; the
        // unassigned encodings of the ID space (op0 3, op1 0, CRn 0, CRm 1..7) read as zero.
        for (uint crm = 1; crm <= 7; crm++)
            for (uint op2 = 0; op2 <= 7; op2++)
                MrsRegisters[SysRegs.Key(3, 0, 0, crm, op2)] = new(Gate.El1, 0, SysValue.Zero);
        foreach (var (key, field) in new[]
                 {
                     (SysRegs.MidrEl1, nameof(CpuState.Midr)), (SysRegs.MpidrEl1, nameof(CpuState.Mpidr)), (SysRegs.RevidrEl1, nameof(CpuState.Revidr)),
                     (SysRegs.IdAa64Pfr0El1, nameof(CpuState.IdAa64Pfr0)), (SysRegs.IdAa64Pfr1El1, nameof(CpuState.IdAa64Pfr1)),
                     (SysRegs.IdAa64Dfr0El1, nameof(CpuState.IdAa64Dfr0)), (SysRegs.IdAa64Isar0El1, nameof(CpuState.IdAa64Isar0)),
                     (SysRegs.IdAa64Isar1El1, nameof(CpuState.IdAa64Isar1)), (SysRegs.IdAa64Mmfr0El1, nameof(CpuState.IdAa64Mmfr0)),
                     (SysRegs.IdAa64Mmfr1El1, nameof(CpuState.IdAa64Mmfr1)), (SysRegs.IdAa64Mmfr2El1, nameof(CpuState.IdAa64Mmfr2)),
                 })
            MrsRegisters[key] = f64(Gate.El1, field);

        // EL1 registers (UNDEFINED at EL0). SPSel and SP_EL0 change or depend on the stack
        // pointer selection and stay with the interpreter.
        MrsRegisters[SysRegs.CurrentEL] = new(Gate.El1, 0, SysValue.PstateBits, Mask: PstateBits.ElMask);
        const ulong low32 = 0xFFFF_FFFF;
        foreach (var (key, field, mask) in new[]
                 {
                     (SysRegs.SpsrEl1, nameof(CpuState.SpsrEl1), low32), (SysRegs.ElrEl1, nameof(CpuState.ElrEl1), ulong.MaxValue),
                     (SysRegs.Ttbr0El1, nameof(CpuState.Ttbr0El1), ulong.MaxValue), (SysRegs.Ttbr1El1, nameof(CpuState.Ttbr1El1), ulong.MaxValue),
                     (SysRegs.TcrEl1, nameof(CpuState.TcrEl1), ulong.MaxValue), (SysRegs.Afsr0El1, nameof(CpuState.Afsr0El1), low32),
                     (SysRegs.Afsr1El1, nameof(CpuState.Afsr1El1), low32), (SysRegs.EsrEl1, nameof(CpuState.EsrEl1), low32),
                     (SysRegs.FarEl1, nameof(CpuState.FarEl1), ulong.MaxValue), (SysRegs.ParEl1, nameof(CpuState.ParEl1), ulong.MaxValue),
                     (SysRegs.MairEl1, nameof(CpuState.MairEl1), ulong.MaxValue), (SysRegs.AmairEl1, nameof(CpuState.AmairEl1), ulong.MaxValue),
                     (SysRegs.VbarEl1, nameof(CpuState.VbarEl1), ~0x7FFul), (SysRegs.ContextidrEl1, nameof(CpuState.ContextidrEl1), low32),
                     (SysRegs.TpidrEl1, nameof(CpuState.TpidrEl1), ulong.MaxValue), (SysRegs.CntkctlEl1, nameof(CpuState.CntkctlEl1), low32),
                     (SysRegs.MdscrEl1, nameof(CpuState.MdscrEl1), low32),
                 })
            both(key, f64(Gate.El1, field), f64(Gate.El1, field, mask: mask));
        // SCTLR_EL1 with the MMU enable set and CPACR_EL1 with FP traps make the interpreter
        // stop after the write: those values go to the interpreter.
        both(SysRegs.SctlrEl1, f64(Gate.El1, nameof(CpuState.SctlrEl1)),
             f64(Gate.El1, nameof(CpuState.SctlrEl1), mask: low32) with { StopCheck = 0 });
        both(SysRegs.CpacrEl1, f64(Gate.El1, nameof(CpuState.CpacrEl1)),
             f64(Gate.El1, nameof(CpuState.CpacrEl1), mask: low32) with { StopCheck = 1 });

        // SYS: cache maintenance by VA that EL0 may use with SCTLR_EL1.UCI, DC ZVA with DZE;
        // the rest is EL1 only. Nothing but DC ZVA has an effect (no modelled caches or TLBs;
        // translations are dropped by the writes themselves, and SYS ends its block).
        const ulong uci = 1ul << 26, dze = 1ul << 14;
        SysOperations[DcZvaKey] = (Gate.Sctlr, dze);
        foreach (var (op1, crn, crm, op2) in new (uint, uint, uint, uint)[] { (3, 7, 10, 1), (3, 7, 11, 1), (3, 7, 14, 1), (3, 7, 5, 1) })
            SysOperations[SysOpKey(op1, crn, crm, op2)] = (Gate.Sctlr, uci);
        foreach (var (op1, crn, crm, op2) in new (uint, uint, uint, uint)[] { (0, 7, 1, 0), (0, 7, 5, 0), (0, 7, 6, 1), (0, 7, 6, 2), (0, 7, 10, 2), (0, 7, 14, 2) })
            SysOperations[SysOpKey(op1, crn, crm, op2)] = (Gate.El1, 0);
        for (uint op2 = 0; op2 <= 3; op2++) SysOperations[SysOpKey(0, 7, 8, op2)] = (Gate.El1, 0); // AT S1E1R/W, S1E0R/W
        foreach (uint crm in new uint[] { 3, 7 })
            foreach (uint op2 in new uint[] { 0, 1, 2, 3, 5, 7 })
                SysOperations[SysOpKey(0, 8, crm, op2)] = (Gate.El1, 0);                          // TLBI
    }

    // ------------------------------------------------------------------ run-time gates

    /// <summary>
    /// Runs the instruction through its interpreter method and leaves the block: PC and the
    /// written registers are stored first, and the instruction's outcome (continue, branch or
    /// stop) sets the PC and retired count the block returns with. Used on cold paths only
    /// (a trap, an UNDEFINED access, a write the interpreter stops after); the compile-time
    /// register cache state is left as it was for the path that continues.
    /// </summary>
    private void EmitInterpretAndLeave(GuestInstruction i)
    {
        WriteBack();
        LdStateAddr(OffPc);
        LdcU8(i.Pc);
        _il.Emit(OpCodes.Stind_I8);
        _il.Emit(OpCodes.Ldarg_0);
        _il.Emit(OpCodes.Ldarg_1);
        _il.Emit(OpCodes.Ldc_I4, unchecked((int)i.Word));
        _il.Emit(OpCodes.Ldc_I4, i.EncodingId);
        _il.Emit(OpCodes.Call, MFallback);
        LdcU8((ulong)_index);
        AddDone();
        _il.Emit(OpCodes.Call, MSysLeave);
        _il.Emit(OpCodes.Ret);
    }

    /// <summary>Lets execution continue inline only where <paramref name="gate"/> allows it; elsewhere the interpreter runs the instruction and the block leaves.</summary>
    private void EmitGate(GuestInstruction i, Gate gate, ulong enable)
    {
        if (gate == Gate.None) return;
        var ok = _il.DefineLabel();
        LdStateAddr(_offPstate);
        _il.Emit(OpCodes.Ldind_U4);
        _il.Emit(OpCodes.Ldc_I4, (int)PstateBits.ElMask);
        _il.Emit(OpCodes.And);
        _il.Emit(OpCodes.Brtrue, ok);
        if (gate != Gate.El1)
        {
            LdStateAddr(gate == Gate.Sctlr ? _offSctlr : _offCntkctl);
            _il.Emit(OpCodes.Ldind_I8);
            LdcU8(enable);
            _il.Emit(OpCodes.And);
            _il.Emit(OpCodes.Brtrue, ok);
        }
        EmitInterpretAndLeave(i);
        _il.MarkLabel(ok);
    }

    /// <summary>WFI/WFE: the trap at EL0 as the interpreter; otherwise retired, PC past it, and the block stops (WaitForInterrupt).</summary>
    private void WaitFor(GuestInstruction i, ulong enable)
    {
        EmitGate(i, Gate.Sctlr, enable);
        WriteBack();
        LdStateAddr(OffPc);
        LdcU8(i.Pc + 4);
        _il.Emit(OpCodes.Stind_I8);
        _il.Emit(OpCodes.Ldarg_0);
        LdcU8((ulong)_index + 1);
        AddDone();
        _il.Emit(OpCodes.Call, MSysWaitExit);
        _il.Emit(OpCodes.Ret);
        _terminated = true;
    }

    private void ExceptionReturn(GuestInstruction i)
    {
        EmitGate(i, Gate.El1, 0);
        WriteBack();
        _il.Emit(OpCodes.Ldarg_0);
        _il.Emit(OpCodes.Call, MExceptionReturn);
        _il.Emit(OpCodes.Ldarg_0);
        _il.Emit(OpCodes.Ldc_I4, (int)Outcome.Branch);
        LdcU8((ulong)_index);
        AddDone();
        _il.Emit(OpCodes.Call, MSysLeave);
        _il.Emit(OpCodes.Ret);
        _terminated = true;
    }

    // ------------------------------------------------------------------ exceptions

    /// <summary>Writes the exception's exit information (UNDEFINED at EL0 instead when <paramref name="aboveEl0"/>) and stops at the instruction.</summary>
    private void RaiseException(GuestInstruction i, uint syndrome, bool aboveEl0)
    {
        _il.Emit(OpCodes.Ldarg_0);
        _il.Emit(OpCodes.Ldc_I4, unchecked((int)syndrome));
        _il.Emit(OpCodes.Call, aboveEl0 ? MSysRaiseAboveEl0 : MSysRaise);
        EmitStopExit(i.Pc);
        _terminated = true;
    }

    // ------------------------------------------------------------------ system registers

    private void Mrs(GuestInstruction i)
    {
        uint w = i.Word;
        var r = MrsRegisters[(w >> 5) & 0xFFFF];
        EmitGate(i, r.Gate, r.Enable);
        switch (r.Kind)
        {
            case SysValue.Nzcv: LdNzcv(); _il.Emit(OpCodes.Conv_U8); break;
            case SysValue.Field64: LdStateAddr(r.Offset); _il.Emit(OpCodes.Ldind_I8); break;
            case SysValue.Field32: LdStateAddr(r.Offset); _il.Emit(OpCodes.Ldind_U4); _il.Emit(OpCodes.Conv_U8); break;
            case SysValue.Daif:
            case SysValue.PstateBits:
                LdStateAddr(_offPstate);
                _il.Emit(OpCodes.Ldind_U4);
                _il.Emit(OpCodes.Ldc_I4, (int)(r.Kind == SysValue.Daif ? PstateBits.DaifMask : (uint)r.Mask));
                _il.Emit(OpCodes.And);
                _il.Emit(OpCodes.Conv_U8);
                break;
            case SysValue.Helper: _il.Emit(OpCodes.Ldarg_0); _il.Emit(OpCodes.Call, r.Helper!); break;
            default: LdcU8(0); break;
        }
        StX((int)(w & 31), true);
    }

    private void MsrRegister(GuestInstruction i)
    {
        uint w = i.Word;
        var r = MsrRegisters[(w >> 5) & 0xFFFF];
        EmitGate(i, r.Gate, r.Enable);
        var v = Temp(ref _tVal, typeof(ulong));
        LdX((int)(w & 31), true);
        _il.Emit(OpCodes.Stloc, v);
        if (r.StopCheck >= 0)
        {
            // The value decides whether the interpreter would stop after the write.
            var inline = _il.DefineLabel();
            _il.Emit(OpCodes.Ldloc, v);
            _il.Emit(OpCodes.Ldc_I4, r.StopCheck);
            _il.Emit(OpCodes.Call, MSysWriteStopsRun);
            _il.Emit(OpCodes.Brfalse, inline);
            EmitInterpretAndLeave(i);
            _il.MarkLabel(inline);
        }
        switch (r.Kind)
        {
            case SysValue.Nzcv:
                _il.Emit(OpCodes.Ldloc, v);
                _il.Emit(OpCodes.Conv_U4);
                _il.Emit(OpCodes.Ldc_I4, unchecked((int)0xF000_0000u));
                _il.Emit(OpCodes.And);
                StNzcv();
                break;
            case SysValue.Field64:
                LdStateAddr(r.Offset);
                _il.Emit(OpCodes.Ldloc, v);
                if (r.Mask != ulong.MaxValue) { LdcU8(r.Mask); _il.Emit(OpCodes.And); }
                _il.Emit(OpCodes.Stind_I8);
                break;
            case SysValue.Field32:
                LdStateAddr(r.Offset);
                _il.Emit(OpCodes.Ldloc, v);
                _il.Emit(OpCodes.Conv_U4);
                _il.Emit(OpCodes.Ldc_I4, unchecked((int)(uint)r.Mask));
                _il.Emit(OpCodes.And);
                _il.Emit(OpCodes.Stind_I4);
                break;
            case SysValue.Daif:
                // DAIF only: the stack pointer selection does not change (SetPstate is a plain store then).
                LdStateAddr(_offPstate);
                LdStateAddr(_offPstate);
                _il.Emit(OpCodes.Ldind_U4);
                _il.Emit(OpCodes.Ldc_I4, unchecked((int)~PstateBits.DaifMask));
                _il.Emit(OpCodes.And);
                _il.Emit(OpCodes.Ldloc, v);
                _il.Emit(OpCodes.Conv_U4);
                _il.Emit(OpCodes.Ldc_I4, (int)PstateBits.DaifMask);
                _il.Emit(OpCodes.And);
                _il.Emit(OpCodes.Or);
                _il.Emit(OpCodes.Stind_I4);
                break;
            case SysValue.Helper:
                _il.Emit(OpCodes.Ldarg_0);
                _il.Emit(OpCodes.Ldloc, v);
                _il.Emit(OpCodes.Call, r.Helper!);
                break;
            default:
                throw new InvalidOperationException($"no inline write for system register {w:x8}");
        }
    }

    /// <summary>MSR DAIFSet/DAIFClr, #imm: at EL0 only with SCTLR_EL1.UMA (else trapped).</summary>
    private void MsrDaifImmediate(GuestInstruction i)
    {
        uint w = i.Word;
        EmitGate(i, Gate.Sctlr, BranchExceptionSystem.SctlrUma);
        uint bits = ((w >> 8) & 15) << 6;
        bool set = ((w >> 5) & 7) == 6;
        LdStateAddr(_offPstate);
        LdStateAddr(_offPstate);
        _il.Emit(OpCodes.Ldind_U4);
        _il.Emit(OpCodes.Ldc_I4, unchecked((int)(set ? bits : ~bits)));
        _il.Emit(set ? OpCodes.Or : OpCodes.And);
        _il.Emit(OpCodes.Stind_I4);
    }

    // ------------------------------------------------------------------ SYS

    private void Sys(GuestInstruction i)
    {
        uint w = i.Word, op = (w >> 5) & 0x3FFF;
        var (gate, enable) = SysOperations[op];
        EmitGate(i, gate, enable);
        if (op == DcZvaKey) DataCacheZero(i);
    }

    /// <summary>
    /// DC ZVA: zeroes the aligned block of 4 &lt;&lt; DCZID_EL0.BS bytes holding X[t]. The
    /// usual 64-byte block of a writable, non-code page is zeroed inline; other sizes,
    /// DZP, code pages (the write must be reported), page-crossing blocks and faults go
    /// through the helper, which does what the interpreter does.
    /// </summary>
    private void DataCacheZero(GuestInstruction i)
    {
        var va = Temp(ref _tVal, typeof(ulong));
        var start = Temp(ref _tAddr, typeof(ulong));
        var slow = _il.DefineLabel();
        var done = _il.DefineLabel();
        LdX((int)(i.Word & 31), true);
        _il.Emit(OpCodes.Stloc, va);
        LdStateAddr(_offDczid);
        _il.Emit(OpCodes.Ldind_I8);
        LdcU8(0x1F);
        _il.Emit(OpCodes.And);
        LdcU8(4);
        _il.Emit(OpCodes.Bne_Un, slow);
        _il.Emit(OpCodes.Ldloc, va);
        LdcU8(~63ul);
        _il.Emit(OpCodes.And);
        _il.Emit(OpCodes.Stloc, start);
        EmitHostAddress(start, 64, GuestMemory.EntryWrite | GuestMemory.EntryCode, GuestMemory.EntryWrite, slow);
        _il.Emit(OpCodes.Ldc_I4_0);
        _il.Emit(OpCodes.Ldc_I4, 64);
        _il.Emit(OpCodes.Unaligned, 1);
        _il.Emit(OpCodes.Initblk);
        _il.Emit(OpCodes.Br, done);
        _il.MarkLabel(slow);
        _il.Emit(OpCodes.Ldarg_1);
        _il.Emit(OpCodes.Ldloc, va);
        EmitCallOrStop(MSysZeroByVa, done, i.Pc);
        _il.MarkLabel(done);
    }

    // ------------------------------------------------------------------ CRC32, literal loads

    /// <summary>CRC32{B,H,W,X} and CRC32C{B,H,W,X}: Wd = step(Wn, Rm's low 8/16/32/64 bits).</summary>
    private void Crc(GuestInstruction i)
    {
        uint w = i.Word;
        int sz = (int)((w >> 10) & 3);
        bool castagnoli = ((w >> 12) & 1) != 0;
        LdX((int)((w >> 5) & 31), false);
        _il.Emit(OpCodes.Conv_U4);
        LdX((int)((w >> 16) & 31), true);
        _il.Emit(OpCodes.Ldc_I4, 1 << sz);
        _il.Emit(OpCodes.Call, castagnoli ? MSysCrc32C : MSysCrc32);
        _il.Emit(OpCodes.Conv_U8);
        StX((int)(w & 31), true);
    }

    /// <summary>LDR (literal) W/X and LDRSW (literal): a load from the constant PC + imm19 * 4.</summary>
    private void LoadLiteral(GuestInstruction i)
    {
        uint w = i.Word;
        uint opc = w >> 30;
        var addr = Temp(ref _tAddr, typeof(ulong));
        LdcU8(i.Pc + (SignExtend((w >> 5) & 0x7FFFF, 19) << 2));
        _il.Emit(OpCodes.Stloc, addr);
        EmitLoad(opc == 1 ? 8 : 4, i.Pc);
        _il.Emit(OpCodes.Ldloc, _tVal!.Value);
        if (opc == 2) { _il.Emit(OpCodes.Conv_I4); _il.Emit(OpCodes.Conv_I8); }
        StX((int)(w & 31), true);
    }
}

/// <summary>Helpers called from the translated system instructions (public so that dumped assemblies can call them too).</summary>
public static unsafe class SystemRuntime
{
    private static void SetExit(CpuState* s, uint syndrome)
    {
        s->ExitReason = (uint)StopReason.Exception;
        s->ExitSyndrome = syndrome;
        s->ExitAddress = 0;
        s->ExitAccessSize = 0;
        s->ExitAccessKind = 0;
    }

    /// <summary>After a WFI/WFE that completed (PC already past it): retires it with the block's earlier instructions and stops the run as the interpreter does.</summary>
    public static ulong WaitExit(CpuState* s, ulong retired)
    {
        s->InstructionsRetired += retired;
        s->ExitReason = (uint)StopReason.WaitForInterrupt;
        s->ExitSyndrome = 0;
        s->ExitAddress = 0;
        s->ExitAccessSize = 0;
        s->ExitAccessKind = 0;
        return s->PC;
    }

    /// <summary>A synchronous exception with <paramref name="syndrome"/> (as <see cref="ExecContext.Exception"/>).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Raise(CpuState* s, uint syndrome) => SetExit(s, syndrome);

    /// <summary>HVC/SMC: UNDEFINED at EL0, else the call's exception.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void RaiseAboveEl0(CpuState* s, uint syndrome) =>
        SetExit(s, CpuStateOps.CurrentEl(s) == 0 ? Syndrome.Make(Syndrome.Unknown, 0) : syndrome);

    /// <summary>
    /// After an instruction ran through its interpreter method on a cold path: sets PC and the
    /// retired count from the outcome (continue: the next instruction, retired; branch: PC
    /// already set, retired; stop: not retired) and returns PC.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static ulong LeaveAfterInterpreted(CpuState* s, int outcome, ulong retiredBefore)
    {
        switch ((Outcome)outcome)
        {
            case Outcome.Continue: s->PC += 4; s->InstructionsRetired += retiredBefore + 1; break;
            case Outcome.Branch: s->InstructionsRetired += retiredBefore + 1; break;
            default: s->InstructionsRetired += retiredBefore; break;
        }
        return s->PC;
    }

    /// <summary>True when an MSR of <paramref name="value"/> makes the interpreter stop after it: SCTLR_EL1.M set (0), CPACR_EL1.FPEN trapping (1).</summary>
    public static bool WriteStopsRun(ulong value, int register) =>
        register == 0 ? (value & 1) != 0 : ((value >> 20) & 3) != 3;

    /// <summary>DCZID_EL0: DZP also reads as 1 at EL0 while SCTLR_EL1.DZE prohibits DC ZVA there.</summary>
    public static ulong ReadDczid(CpuState* s)
    {
        ulong v = s->Dczid & 0x1F;
        if (CpuStateOps.CurrentEl(s) == 0 && (s->SctlrEl1 & (1ul << 14)) == 0) v |= 0x10;
        return v;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static ulong ReadVirtualCount(CpuState* s) => SystemRegisters.VirtualCount(s);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static ulong ReadPhysicalCount(CpuState* s) => SystemRegisters.PhysicalCount(s);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static ulong ReadTimerControl(CpuState* s) => GenericTimer.ReadControl(s);

    /// <summary>CNTV_TVAL_EL0: (CVAL − CNTVCT) as a signed 32-bit value.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static ulong ReadTimerValue(CpuState* s) => (ulong)(long)(int)(uint)(s->CntvCvalEl0 - SystemRegisters.VirtualCount(s));

    /// <summary>CNTV_TVAL_EL0 = v: CVAL = CNTVCT + SignExtend(v&lt;31:0&gt;).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void WriteTimerValue(CpuState* s, ulong value) =>
        s->CntvCvalEl0 = SystemRegisters.VirtualCount(s) + (ulong)(long)(int)(uint)value;

    /// <summary>
    /// DC ZVA outside the inline path: UNDEFINED when DCZID_EL0.DZP is set; the whole block
    /// is checked for write permission before anything is written (a fault changes nothing
    /// and reports the address in Xt); code pages are written through the interpreter's
    /// accessor, which reports the write. False when the instruction stopped.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static bool ZeroByVa(BlockContext ctx, ulong address)
    {
        var c = ctx.Exec;
        var s = c.State;
        ctx.SlowAccesses++;
        if ((s->Dczid & 0x10) != 0) { c.Undefined(); return false; }
        int size = 4 << (int)(s->Dczid & 0xF);
        ulong start = address & ~(ulong)(size - 1);
        var fault = c.Memory.Check(start, size, MemAccess.Write);
        if (fault.IsFault)
        {
            c.Abort(new MemoryFault(fault.Kind, address, fault.Size, MemAccess.Write));
            return false;
        }
        for (int k = 0; k < size; k += 8)
            if (!c.Write(start + (ulong)k, 8, 0)) return false;
        return true;
    }

    // CRC32 (polynomial 0x04C11DB7) and CRC32C (0x1EDC6F41) as the Arm ARM defines them
    // (bit-reversed operands, no inversion): the reflected CRC step, by a byte-wise table
    // (slicing by 8 for 64-bit operands); CRC32C uses the host's CRC32C instruction through
    // BitOperations.Crc32C where the host has one.
    private static readonly uint[] Crc32Table = BuildTable(0xEDB88320u);

    private static uint[] BuildTable(uint poly)
    {
        var t = new uint[8 * 256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int b = 0; b < 8; b++) c = (c & 1) != 0 ? (c >> 1) ^ poly : c >> 1;
            t[n] = c;
        }
        for (int k = 1; k < 8; k++)
            for (int n = 0; n < 256; n++)
                t[k * 256 + n] = (t[(k - 1) * 256 + n] >> 8) ^ t[t[(k - 1) * 256 + n] & 0xFF];
        return t;
    }

    /// <summary>CRC32B/H/W/X: <paramref name="bytes"/> low bytes of <paramref name="value"/> into <paramref name="acc"/>.</summary>
    public static uint Crc32(uint acc, ulong value, int bytes)
    {
        var t = Crc32Table;
        if (bytes == 8)
        {
            ulong x = value ^ acc;
            return t[7 * 256 + (int)(x & 0xFF)] ^ t[6 * 256 + (int)((x >> 8) & 0xFF)] ^ t[5 * 256 + (int)((x >> 16) & 0xFF)]
                 ^ t[4 * 256 + (int)((x >> 24) & 0xFF)] ^ t[3 * 256 + (int)((x >> 32) & 0xFF)] ^ t[2 * 256 + (int)((x >> 40) & 0xFF)]
                 ^ t[256 + (int)((x >> 48) & 0xFF)] ^ t[(int)(x >> 56)];
        }
        for (int k = 0; k < bytes; k++)
            acc = (acc >> 8) ^ t[(int)((acc ^ (value >> (8 * k))) & 0xFF)];
        return acc;
    }

    /// <summary>CRC32CB/H/W/X.</summary>
    public static uint Crc32C(uint acc, ulong value, int bytes) => bytes switch
    {
        1 => BitOperations.Crc32C(acc, (byte)value),
        2 => BitOperations.Crc32C(acc, (ushort)value),
        4 => BitOperations.Crc32C(acc, (uint)value),
        _ => BitOperations.Crc32C(acc, value),
    };
}
