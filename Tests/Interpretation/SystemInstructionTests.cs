using System.Diagnostics;
using A64Jit.Core.Decoding;
using A64Jit.Core.Interpretation;
using A64Jit.Core.Memory;
using A64Jit.Core.State;
using A64Jit.Tests.Oracles;
using static A64Jit.Core.Interpretation.SystemRegisters;

namespace A64Jit.Tests.Interpretation;

/// <summary>
/// Which system instructions the generic Unicorn comparison (<see cref="DifferentialTests"/>)
/// can judge, and the words it should draw for them. The engines share X0–X30, SP, PC, NZCV,
/// FPCR, FPSR and the data region, but not ELR/SPSR, the banked stack pointers, the ID
/// registers or the timers, and Unicorn's CPU (QEMU's "max") implements extensions an
/// ARMv8.0 core does not have. Everything excluded here is checked against the Arm ARM by
/// <see cref="SystemInstructionTests"/> (and, where Unicorn can still say something, compared
/// with it there, the deviation named).
/// </summary>
public static class UnicornScope
{
    private const string NotSharedState =
        "reads or writes state the engines do not share (ELR/SPSR, banked stack pointers, per-core ID values, timers, " +
        "EL1 registers with other reset values) or a register Unicorn's CPU implements and an ARMv8.0 core does not " +
        "(self-hosted debug, PMU, ARMv8.1+ registers); SystemInstructionTests checks these against the Arm ARM";

    /// <summary>
    /// The system instruction words the generic comparison leaves out (it counts them as
    /// skipped), with the reason; see <see cref="DifferentialTests.UnicornDeviations"/>.
    /// </summary>
    public static readonly Dictionary<string, (Func<uint, bool> Applies, string Reason)> Deviations = new()
    {
        ["HVC"] = (_ => true, "Unicorn's CPU has hypervisor calls disabled (HVC is UNDEFINED at EL1 there), while A64Jit's VMM layer " +
                              "models an EL2 that takes them (EC 0x16); SystemInstructionTests compares both answers"),
        ["ERET"] = (_ => true, "ELR_EL1, SPSR_EL1 and the target EL are not shared between the engines, and a return to EL0 would " +
                               "leave Unicorn there for later cases; SystemInstructionTests checks the Arm ARM's rules"),
        ["MRS"] = (w => !Comparable(w, write: false), NotSharedState),
        ["MSR_reg"] = (w => !Comparable(w, write: true), NotSharedState),
        ["MSR_imm"] = (w => ((w >> 16) & 7) == 0, "MSR SPSel moves between stack pointers the engines do not share; SystemInstructionTests checks it"),
        ["SYS"] = (w => !IsSysOperation(w), "SYS encodings without an ARMv8.0 instruction: Unicorn's CPU implements later ones (DC CVAP, TLBI ranges, …)"),
        ["HINT"] = (IsPointerAuthenticationHint, "Unicorn's CPU implements pointer authentication, these hints are NOPs in ARMv8.0"),
    };

    private static bool Comparable(uint w, bool write) =>
        Array.IndexOf(write ? WritableComparableRegisters : ComparableRegisters, (w >> 5) & 0xFFFF) >= 0;

    private static bool IsSysOperation(uint w)
    {
        uint op1 = (w >> 16) & 7, crn = (w >> 12) & 15, crm = (w >> 8) & 15, op2 = (w >> 5) & 7;
        foreach (var o in SysOperations)
            if (o == (op1, crn, crm, op2)) return true;
        return false;
    }

    /// <summary>
    /// System registers whose contents the engines share (or keep in step through the MSR
    /// cases). Not here: FPCR/FPSR writes, VBAR_EL1 and CONTEXTIDR_EL1, where Unicorn keeps bits an ARMv8.0
    /// AArch64-only core has as RES0 (<see cref="SystemInstructionTests.UnicornKeepsBitsThatAreRes0Here"/>).
    /// </summary>
    public static readonly uint[] ComparableRegisters =
    [
        Nzcv, Fpcr, Fpsr, CurrentEL, DczidEl0,
        TpidrEl0, TpidrroEl0, TpidrEl1, MairEl1,
    ];

    private static readonly uint[] WritableComparableRegisters =
    [
        Nzcv, CurrentEL, DczidEl0, TpidrEl0, TpidrroEl0, TpidrEl1, MairEl1,
    ];

    /// <summary>The ARMv8.0 SYS operations as (op1, CRn, CRm, op2).</summary>
    public static readonly (uint Op1, uint CRn, uint CRm, uint Op2)[] SysOperations =
    [
        (3, 7, 4, 1),                                            // DC ZVA
        (0, 7, 6, 1), (3, 7, 10, 1), (3, 7, 11, 1), (3, 7, 14, 1), // DC IVAC, CVAC, CVAU, CIVAC
        (0, 7, 6, 2), (0, 7, 10, 2), (0, 7, 14, 2),              // DC ISW, CSW, CISW
        (0, 7, 1, 0), (0, 7, 5, 0), (3, 7, 5, 1),                // IC IALLUIS, IALLU, IVAU
        (0, 7, 8, 0), (0, 7, 8, 1), (0, 7, 8, 2), (0, 7, 8, 3),  // AT S1E1R, S1E1W, S1E0R, S1E0W
        (0, 8, 3, 0), (0, 8, 3, 1), (0, 8, 3, 2), (0, 8, 3, 3), (0, 8, 3, 5), (0, 8, 3, 7), // TLBI …IS
        (0, 8, 7, 0), (0, 8, 7, 1), (0, 8, 7, 2), (0, 8, 7, 3), (0, 8, 7, 5), (0, 8, 7, 7), // TLBI
    ];

    /// <summary>
    /// HINT numbers that Unicorn's CPU gives pointer-authentication meaning (PACIA1716 …
    /// AUTIBSP, XPACLRI) and that an ARMv8.0 core executes as NOPs; as (CRm, op2).
    /// </summary>
    public static bool IsPointerAuthenticationHint(uint word)
    {
        uint crm = (word >> 8) & 15, op2 = (word >> 5) & 7;
        return (crm == 1 && (op2 & 1) == 0) || crm == 3 || (crm == 0 && op2 == 7);
    }

    public static uint Mrs(uint key, int rt) => 0xD520_0000u | (key << 5) | (uint)rt;
    public static uint Msr(uint key, int rt) => 0xD500_0000u | (key << 5) | (uint)rt;
    public static uint Sys(uint op1, uint crn, uint crm, uint op2, int rt) =>
        0xD508_0000u | (op1 << 16) | (crn << 12) | (crm << 8) | (op2 << 5) | (uint)rt;

    /// <summary>A word the generic comparison should use for case <paramref name="k"/> of <paramref name="e"/>, or null for its own draw.</summary>
    public static uint? ComparableWord(Encoding e, Random rng, int k)
    {
        switch (e.Name)
        {
            case "MRS":
            {
                uint key = ComparableRegisters[rng.Next(ComparableRegisters.Length)];
                return Mrs(key, rng.Next(32));
            }
            case "MSR_reg":
            {
                // CurrentEL and DCZID_EL0 are read-only: their MSR forms are UNDEFINED in both.
                uint key = WritableComparableRegisters[rng.Next(WritableComparableRegisters.Length)];
                return Msr(key, rng.Next(32));
            }
            case "MSR_imm":
            {
                // DAIFSet/DAIFClr; SPSel moves between stack pointers the engines do not share.
                uint op2 = rng.Next(2) == 0 ? 6u : 7u;
                return 0xD503_401Fu | ((uint)rng.Next(16) << 8) | (op2 << 5);
            }
            case "SYS":
            {
                var (op1, crn, crm, op2) = SysOperations[rng.Next(SysOperations.Length)];
                return Sys(op1, crn, crm, op2, rng.Next(32));
            }
            case "HINT":
            {
                for (int attempt = 0; attempt < 1000; attempt++)
                {
                    uint? w = DifferentialTests.RandomWord(e, rng, k + attempt);
                    if (w is uint word && !IsPointerAuthenticationHint(word)) return word;
                }
                return null;
            }
            default:
                return null;
        }
    }
}

/// <summary>
/// Exception generation, exception return, hints, barriers, PSTATE and system register
/// moves, and cache/TLB maintenance, checked against the Arm ARM's pseudo-code at EL0 and
/// EL1; and the places where Unicorn differs, named.
/// </summary>
[TestFixture]
public unsafe class SystemInstructionTests
{
    private const ulong Code = 0x10000;
    private const ulong Data = 0x20000;
    private const ulong ReadOnlyData = 0x30000;

    private GuestMemory _memory = null!;
    private CpuContext _cpu = null!;
    private Interpreter _interp = null!;
    private CpuState* S => _cpu.State;

    private const uint El0t = 0;
    private const uint El1t = 1u << 2;
    private const uint El1h = (1u << 2) | 1;

    [SetUp]
    public void SetUp()
    {
        _memory = new GuestMemory();
        _cpu = new CpuContext();
        _memory.Map(Code, 0x1000, MemoryPermissions.ReadExecute);
        _memory.Map(Data, 0x1000, MemoryPermissions.ReadWrite);
        _memory.Map(ReadOnlyData, 0x1000, MemoryPermissions.Read);
        _interp = new Interpreter(_cpu, _memory);
        CpuStateOps.SetPstate(S, El1h);
        S->PC = Code;
    }

    [TearDown]
    public void TearDown()
    {
        _memory.Dispose();
        _cpu.Dispose();
    }

    /// <summary>Runs <paramref name="word"/> at <see cref="Code"/> at the given PSTATE.M; returns the stop reason.</summary>
    private StopReason Run(uint word, uint mode = El1h)
    {
        CpuStateOps.SetPstate(S, (S->Pstate & ~0x1Fu) | mode);
        S->PC = Code;
        _memory.WriteU32Privileged(Code, word);
        return _interp.Step();
    }

    private void AssertException(StopReason r, uint ec, uint iss)
    {
        Assert.That(r, Is.EqualTo(StopReason.Exception));
        Assert.That(Syndrome.ExceptionClass(S->ExitSyndrome), Is.EqualTo(ec), $"syndrome 0x{S->ExitSyndrome:x8}");
        Assert.That(Syndrome.Iss(S->ExitSyndrome), Is.EqualTo(iss), $"syndrome 0x{S->ExitSyndrome:x8}");
        Assert.That(S->ExitSyndrome & Syndrome.IL, Is.Not.Zero, "IL: 32-bit instruction");
        Assert.That(S->PC, Is.EqualTo(Code), "PC stays at the instruction");
    }

    private void AssertUndefined(StopReason r) => AssertException(r, Syndrome.Unknown, 0);

    private static uint TrapIssOf(uint word, bool read) => SystemRegisters.TrapIss(word, read);
    private static uint Mrs(uint key, int rt) => UnicornScope.Mrs(key, rt);
    private static uint Msr(uint key, int rt) => UnicornScope.Msr(key, rt);

    // ------------------------------------------------------------------ exception generation

    [TestCase(0u), TestCase(1u), TestCase(0x1234u), TestCase(0xFFFFu)]
    public void SvcBrkHvcSmcReportTheirClassAndImmediate(uint imm)
    {
        AssertException(Run(0xD400_0001u | (imm << 5)), Syndrome.Svc64, imm);
        AssertException(Run(0xD400_0001u | (imm << 5), El0t), Syndrome.Svc64, imm);
        AssertException(Run(0xD420_0000u | (imm << 5)), Syndrome.Brk64, imm);
        AssertException(Run(0xD420_0000u | (imm << 5), El0t), Syndrome.Brk64, imm);
        AssertException(Run(0xD400_0002u | (imm << 5)), Syndrome.Hvc64, imm);
        AssertException(Run(0xD400_0003u | (imm << 5)), Syndrome.Smc64, imm);
        // HVC and SMC are UNDEFINED at EL0.
        AssertUndefined(Run(0xD400_0002u | (imm << 5), El0t));
        AssertUndefined(Run(0xD400_0003u | (imm << 5), El0t));
    }

    [Test]
    public void HltUdfDcpsAndDrpsAreUndefined()
    {
        foreach (uint w in new uint[] { 0xD440_0000, 0xD45E_0000, 0x0000_0000, 0x0000_FFFF, 0xD4A0_0001, 0xD4A0_0002, 0xD4A0_0003, 0xD6BF_03E0 })
        {
            AssertUndefined(Run(w));
            AssertUndefined(Run(w, El0t));
        }
    }

    [Test]
    public void HvcDiffersFromUnicornWhoseCpuHasHvcDisabled()
    {
        // Deviation by configuration: Unicorn's CPU raises UNDEFINED for HVC at EL1 (no
        // hypervisor calls enabled), A64Jit reports EC 0x16 for its VMM layer. Everything
        // else about the stop agrees: no register changes and PC at the instruction.
        if (!Unicorn.Available) Assert.Fail("libunicorn.so.2 is not installed");
        using var h = new DifferentialHarness();
        var rng = new Random(7);
        for (int k = 0; k < 50; k++)
        {
            uint imm = (uint)rng.Next(0x10000);
            uint word = 0xD400_0002u | (imm << 5);
            var before = DifferentialTests.RandomRegisters(rng, false, false);
            var r = h.RunOne(word, before);
            Assert.That(r.TheirsEnd.Stopped && r.TheirsEnd.ExceptionClass == Syndrome.Unknown, r.TheirsEnd.Detail);
            Assert.That(r.OursEnd.Stopped && r.OursEnd.ExceptionClass == Syndrome.Hvc64, r.OursEnd.Detail);
            Assert.That(r.Differences, Has.Count.EqualTo(1), string.Join("\n", r.Differences)); // only the end differs
        }
    }

    // ------------------------------------------------------------------ hints

    [Test]
    public void HintsAreNops()
    {
        ulong retired = S->InstructionsRetired;
        // NOP, YIELD, SEV, SEVL, BTI, BTI c/j/jc, ESB, CSDB, PACIASP, AUTIASP, XPACLRI, HINT #0x7f
        foreach (uint w in new uint[] { 0xD503201F, 0xD503203F, 0xD503209F, 0xD50320BF, 0xD503241F, 0xD503245F, 0xD503249F, 0xD50324DF,
                                        0xD503221F, 0xD503229F, 0xD503233F, 0xD50323BF, 0xD50320FF, 0xD5032FFF })
        {
            S->X[30] = 0xFFFF_8000_1234_5678;
            ulong sp = S->X[31] = 0x7000;
            Assert.That(Run(w), Is.EqualTo(StopReason.None), $"0x{w:x8}");
            Assert.That(S->PC, Is.EqualTo(Code + 4));
            Assert.That(S->X[30], Is.EqualTo(0xFFFF_8000_1234_5678), "no pointer authentication in ARMv8.0");
            Assert.That(S->X[31], Is.EqualTo(sp));
        }
        Assert.That(S->InstructionsRetired - retired, Is.EqualTo(14));
    }

    [TestCase(0xD503207Fu, false)] // WFI
    [TestCase(0xD503205Fu, true)]  // WFE
    public void WfiAndWfeCompleteAndReportWaiting(uint word, bool isWfe)
    {
        ulong retired = S->InstructionsRetired;
        Assert.That(Run(word), Is.EqualTo(StopReason.WaitForInterrupt));
        Assert.That(S->PC, Is.EqualTo(Code + 4), "the instruction completed; resuming continues after it");
        Assert.That(S->InstructionsRetired, Is.EqualTo(retired + 1));

        // At EL0 they trap to EL1 unless SCTLR_EL1.nTWI (bit 16) / nTWE (bit 18) allows them.
        S->SctlrEl1 = 0;
        AssertException(Run(word, El0t), Syndrome.WfxTrap, (1u << 24) | (0xEu << 20) | (isWfe ? 1u : 0u));
        S->SctlrEl1 = isWfe ? 1ul << 18 : 1ul << 16;
        Assert.That(Run(word, El0t), Is.EqualTo(StopReason.WaitForInterrupt));
        Assert.That(S->PC, Is.EqualTo(Code + 4));
    }

    [Test]
    public void WfiRunStopsAfterTheInstruction()
    {
        _memory.WriteU32Privileged(Code, 0xD503207F);      // wfi
        _memory.WriteU32Privileged(Code + 4, 0x91000400);  // add x0, x0, #1
        _memory.WriteU32Privileged(Code + 8, 0xD4200020);  // brk #1
        S->PC = Code;
        S->X[0] = 0;
        Assert.That(_interp.Run(100), Is.EqualTo(StopReason.WaitForInterrupt));
        Assert.That(S->PC, Is.EqualTo(Code + 4));
        Assert.That(S->X[0], Is.Zero);
        Assert.That(S->Budget, Is.EqualTo(99ul), "WFI retired: one instruction of the budget");
        Assert.That(_interp.Run(100), Is.EqualTo(StopReason.Exception));
        Assert.That(Syndrome.ExceptionClass(S->ExitSyndrome), Is.EqualTo(Syndrome.Brk64));
        Assert.That(S->PC, Is.EqualTo(Code + 8));
        Assert.That(S->X[0], Is.EqualTo(1ul), "resuming continues after the WFI");
    }

    // ------------------------------------------------------------------ barriers and CLREX

    [Test]
    public void ClrexClearsTheLocalMonitorAndBarriersContinue()
    {
        S->ExclusiveAddress = Data;
        S->ExclusiveSize = 8;
        Assert.That(Run(0xD5033F5F), Is.EqualTo(StopReason.None)); // clrex
        Assert.That(S->ExclusiveSize, Is.Zero);
        S->ExclusiveSize = 4;
        Assert.That(Run(0xD503305F, El0t), Is.EqualTo(StopReason.None)); // clrex #0
        Assert.That(S->ExclusiveSize, Is.Zero);
        foreach (uint w in new uint[] { 0xD5033BBF, 0xD5033F9F, 0xD5033FDF, 0xD50339BF, 0xD503309F })
        {
            Assert.That(Run(w, El0t), Is.EqualTo(StopReason.None), $"0x{w:x8}");
            Assert.That(S->PC, Is.EqualTo(Code + 4));
        }
    }

    // ------------------------------------------------------------------ ERET

    private const uint Eret = 0xD69F03E0;

    [Test]
    public void EretIsUndefinedAtEl0()
    {
        S->ElrEl1 = 0x5000;
        AssertUndefined(Run(Eret, El0t));
    }

    [Test]
    public void EretToEl0SwitchesToSpEl0AndTakesStateFromSpsr()
    {
        S->X[31] = 0x1_1110;          // SP_EL1, current
        S->SpEl0 = 0x2_2220;
        S->ExclusiveSize = 8;
        S->ElrEl1 = 0x40_1234;
        S->SpsrEl1 = 0xA000_0000u | PstateBits.D | PstateBits.F | El0t; // N, C; D and F masked; EL0t
        S->Nzcv = 0;
        Assert.That(Run(Eret), Is.EqualTo(StopReason.None));
        Assert.That(S->PC, Is.EqualTo(0x40_1234ul));
        Assert.That(CpuStateOps.CurrentEl(S), Is.Zero);
        Assert.That(S->Pstate & 0x1F, Is.EqualTo(El0t));
        Assert.That(S->Pstate & PstateBits.DaifMask, Is.EqualTo(PstateBits.D | PstateBits.F));
        Assert.That(S->Pstate & PstateBits.IL, Is.Zero);
        Assert.That(S->Nzcv, Is.EqualTo(0xA000_0000u));
        Assert.That(S->X[31], Is.EqualTo(0x2_2220ul), "SP is now SP_EL0");
        Assert.That(S->SpEl1, Is.EqualTo(0x1_1110ul), "SP_EL1 is banked");
        Assert.That(S->ExclusiveSize, Is.Zero, "ERET clears the local monitor");
    }

    [Test]
    public void EretWithinEl1KeepsOrSelectsTheStack()
    {
        // EL1h -> EL1t: SP becomes SP_EL0.
        S->X[31] = 0x1000;
        S->SpEl0 = 0x2000;
        S->ElrEl1 = 0x8000;
        S->SpsrEl1 = El1t | PstateBits.I;
        Assert.That(Run(Eret), Is.EqualTo(StopReason.None));
        Assert.That(S->Pstate & 0x1F, Is.EqualTo(El1t));
        Assert.That(S->X[31], Is.EqualTo(0x2000ul));
        Assert.That(S->Pstate & PstateBits.DaifMask, Is.EqualTo(PstateBits.I));

        // EL1t -> EL1h with an ELR that is not 4-byte aligned: PC takes it as is and the
        // next fetch raises the PC alignment fault.
        S->ElrEl1 = 0x8002;
        S->SpsrEl1 = El1h;
        Assert.That(Run(Eret, El1t), Is.EqualTo(StopReason.None));
        Assert.That(S->Pstate & 0x1F, Is.EqualTo(El1h));
        Assert.That(S->X[31], Is.EqualTo(0x1000ul));
        Assert.That(S->PC, Is.EqualTo(0x8002ul));
        Assert.That(_interp.Step(), Is.EqualTo(StopReason.Exception));
        Assert.That(Syndrome.ExceptionClass(S->ExitSyndrome), Is.EqualTo(Syndrome.PcAlignment));
    }

    /// <summary>SPSR values whose return is illegal from EL1: AArch32, EL2, EL3, M[1] set, EL0 with M[0] set.</summary>
    [TestCase(0x10u, TestName = "EretIllegal(AArch32 User)")]
    [TestCase(0x13u, TestName = "EretIllegal(AArch32 Supervisor)")]
    [TestCase(0x08u, TestName = "EretIllegal(EL2t)")]
    [TestCase(0x09u, TestName = "EretIllegal(EL2h)")]
    [TestCase(0x0Du, TestName = "EretIllegal(EL3h)")]
    [TestCase(0x06u, TestName = "EretIllegal(M1 set)")]
    [TestCase(0x01u, TestName = "EretIllegal(EL0 with M0 set)")]
    public void EretIllegalReturnSetsIlAndKeepsModeAndStack(uint m)
    {
        S->X[31] = 0x1000;
        S->SpEl0 = 0x2000;
        S->ElrEl1 = 0x4567_89AB_CDEF_0124;
        S->SpsrEl1 = 0x5000_0000u | PstateBits.A | m;   // Z, V; A masked
        S->Nzcv = 0x8000_0000u;
        Assert.That(Run(Eret), Is.EqualTo(StopReason.None));
        Assert.That(S->Pstate & PstateBits.IL, Is.Not.Zero, "PSTATE.IL");
        Assert.That(S->Pstate & 0x1F, Is.EqualTo(El1h), "EL, nRW and SPSel unchanged");
        Assert.That(S->X[31], Is.EqualTo(0x1000ul));
        Assert.That(S->Nzcv, Is.EqualTo(0x5000_0000u), "NZCV from SPSR");
        Assert.That(S->Pstate & PstateBits.DaifMask, Is.EqualTo(PstateBits.A), "DAIF from SPSR");
        Assert.That(S->PC, Is.EqualTo(0x4567_89AB_CDEF_0124ul));
    }

    [Test]
    public void EretLegalReturnTakesIlFromSpsr()
    {
        // A legal return takes PSTATE.IL from SPSR. (PSTATE.IL cannot be set while the ERET
        // executes: the instruction would take an Illegal Execution State exception instead.)
        CpuStateOps.SetPstate(S, El1h);
        S->ElrEl1 = 0x9000;
        S->SpsrEl1 = El1h | PstateBits.IL;
        _memory.WriteU32Privileged(Code, Eret);
        S->PC = Code;
        Assert.That(_interp.Step(), Is.EqualTo(StopReason.None));
        Assert.That(S->Pstate & PstateBits.IL, Is.Not.Zero);
        Assert.That(S->PC, Is.EqualTo(0x9000ul));
        // ... and the next instruction takes the Illegal Execution State exception (EC 0x0E).
        Assert.That(_interp.Step(), Is.EqualTo(StopReason.Exception));
        Assert.That(S->ExitSyndrome >> 26, Is.EqualTo(0x0Eu));
        Assert.That(S->PC, Is.EqualTo(0x9000ul));
    }

    // ------------------------------------------------------------------ MSR (immediate)

    private static uint MsrSpSel(uint imm) => 0xD50040BFu | (imm << 8);
    private static uint MsrDaifSet(uint imm) => 0xD50340DFu | (imm << 8);
    private static uint MsrDaifClr(uint imm) => 0xD50340FFu | (imm << 8);

    [Test]
    public void MsrSpSelSwitchesTheStackPointer()
    {
        S->X[31] = 0x1000;   // SP_EL1
        S->SpEl0 = 0x2000;
        Assert.That(Run(MsrSpSel(0)), Is.EqualTo(StopReason.None));
        Assert.That(S->Pstate & 0x1F, Is.EqualTo(El1t));
        Assert.That(S->X[31], Is.EqualTo(0x2000ul));
        Assert.That(S->SpEl1, Is.EqualTo(0x1000ul));
        Assert.That(Run(Mrs(SpSel, 5), El1t), Is.EqualTo(StopReason.None));
        Assert.That(S->X[5], Is.Zero);
        Assert.That(Run(MsrSpSel(1), El1t), Is.EqualTo(StopReason.None));
        Assert.That(S->X[31], Is.EqualTo(0x1000ul));
        Assert.That(S->SpEl0, Is.EqualTo(0x2000ul));
        Assert.That(Run(Mrs(SpSel, 5)), Is.EqualTo(StopReason.None));
        Assert.That(S->X[5], Is.EqualTo(1ul));
        // MSR SPSel, Xt does the same.
        S->X[7] = 0xFFFF_FFFE;
        Assert.That(Run(Msr(SpSel, 7)), Is.EqualTo(StopReason.None));
        Assert.That(S->X[31], Is.EqualTo(0x2000ul));
        // At EL0 SPSel is UNDEFINED.
        AssertUndefined(Run(MsrSpSel(1), El0t));
        AssertUndefined(Run(Mrs(SpSel, 5), El0t));
    }

    [Test]
    public void DaifSetAndClearFollowSctlrUmaAtEl0()
    {
        CpuStateOps.SetPstate(S, El1h);
        Assert.That(Run(MsrDaifSet(0b1010)), Is.EqualTo(StopReason.None));
        Assert.That(S->Pstate & PstateBits.DaifMask, Is.EqualTo(PstateBits.D | PstateBits.I));
        Assert.That(Run(MsrDaifSet(0b0101)), Is.EqualTo(StopReason.None));
        Assert.That(S->Pstate & PstateBits.DaifMask, Is.EqualTo(PstateBits.DaifMask));
        Assert.That(Run(MsrDaifClr(0b0011)), Is.EqualTo(StopReason.None));
        Assert.That(S->Pstate & PstateBits.DaifMask, Is.EqualTo(PstateBits.D | PstateBits.A));
        Assert.That(Run(Mrs(Daif, 2)), Is.EqualTo(StopReason.None));
        Assert.That(S->X[2], Is.EqualTo((ulong)(PstateBits.D | PstateBits.A)));

        // EL0 with SCTLR_EL1.UMA clear: trapped to EL1, EC 0x18, ISS with Op0 = 0, CRn = 4.
        S->SctlrEl1 = 0;
        uint w = MsrDaifClr(0b1111);
        AssertException(Run(w, El0t), Syndrome.SystemRegisterTrap,
            (0u << 20) | (7u << 17) | (3u << 14) | (4u << 10) | (31u << 5) | (15u << 1) | 0);
        AssertException(Run(Mrs(Daif, 3), El0t), Syndrome.SystemRegisterTrap, TrapIssOf(Mrs(Daif, 3), read: true));
        AssertException(Run(Msr(Daif, 3), El0t), Syndrome.SystemRegisterTrap, TrapIssOf(Msr(Daif, 3), read: false));
        // With UMA set EL0 may change and read DAIF.
        S->SctlrEl1 = 1ul << 9;
        Assert.That(Run(w, El0t), Is.EqualTo(StopReason.None));
        Assert.That(S->Pstate & PstateBits.DaifMask, Is.Zero);
        S->X[4] = PstateBits.I | 0xF000_0000u;
        Assert.That(Run(Msr(Daif, 4), El0t), Is.EqualTo(StopReason.None));
        Assert.That(S->Pstate & PstateBits.DaifMask, Is.EqualTo(PstateBits.I));
    }

    [Test]
    public void TrapIssEncodesTheRegisterAsTheArmArmDoes()
    {
        // MRS x3, MIDR_EL1 from EL0: Op0 = 3, Op2 = 0, Op1 = 0, CRn = 0, Rt = 3, CRm = 0, read.
        Assert.That(TrapIssOf(Mrs(MidrEl1, 3), true), Is.EqualTo((3u << 20) | (3u << 5) | 1));
        // MSR CNTV_CVAL_EL0, x9: Op0 3, Op2 2, Op1 3, CRn 14, Rt 9, CRm 3, write.
        Assert.That(TrapIssOf(Msr(CntvCvalEl0, 9), false),
            Is.EqualTo((3u << 20) | (2u << 17) | (3u << 14) | (14u << 10) | (9u << 5) | (3u << 1)));
    }

    // ------------------------------------------------------------------ MRS / MSR (register)

    [Test]
    public void NzcvFpcrFpsrAndThreadRegistersAtEl0()
    {
        S->X[1] = 0xFFFF_FFFF_FFFF_FFFF;
        Assert.That(Run(Msr(Nzcv, 1), El0t), Is.EqualTo(StopReason.None));
        Assert.That(S->Nzcv, Is.EqualTo(0xF000_0000u));
        Assert.That(Run(Mrs(Nzcv, 2), El0t), Is.EqualTo(StopReason.None));
        Assert.That(S->X[2], Is.EqualTo(0xF000_0000ul));
        Assert.That(Run(Msr(Fpcr, 1), El0t), Is.EqualTo(StopReason.None));
        Assert.That(S->Fpcr, Is.EqualTo(SystemRegisters.FpcrWritable));
        Assert.That(Run(Msr(Fpsr, 1), El0t), Is.EqualTo(StopReason.None));
        Assert.That(S->Fpsr, Is.EqualTo(SystemRegisters.FpsrWritable));

        S->X[3] = 0x1234_5678_9ABC_DEF0;
        Assert.That(Run(Msr(TpidrEl0, 3), El0t), Is.EqualTo(StopReason.None));
        Assert.That(S->TpidrEl0, Is.EqualTo(0x1234_5678_9ABC_DEF0ul));
        Assert.That(Run(Mrs(TpidrEl0, 4), El0t), Is.EqualTo(StopReason.None));
        Assert.That(S->X[4], Is.EqualTo(0x1234_5678_9ABC_DEF0ul));

        // TPIDRRO_EL0: written at EL1, read-only at EL0.
        S->X[5] = 0x5555;
        Assert.That(Run(Msr(TpidrroEl0, 5)), Is.EqualTo(StopReason.None));
        Assert.That(Run(Mrs(TpidrroEl0, 6), El0t), Is.EqualTo(StopReason.None));
        Assert.That(S->X[6], Is.EqualTo(0x5555ul));
        AssertUndefined(Run(Msr(TpidrroEl0, 5), El0t));

        // DCZID_EL0 is readable at EL0, with DZP set while SCTLR_EL1.DZE is clear; CTR_EL0
        // only with SCTLR_EL1.UCT.
        S->Dczid = 4;
        S->SctlrEl1 = 0;
        Assert.That(Run(Mrs(DczidEl0, 7), El0t), Is.EqualTo(StopReason.None));
        Assert.That(S->X[7], Is.EqualTo(0x14ul));
        Assert.That(Run(Mrs(DczidEl0, 7)), Is.EqualTo(StopReason.None));
        Assert.That(S->X[7], Is.EqualTo(4ul));
        S->SctlrEl1 = 1ul << 14;
        Assert.That(Run(Mrs(DczidEl0, 7), El0t), Is.EqualTo(StopReason.None));
        Assert.That(S->X[7], Is.EqualTo(4ul));
        S->SctlrEl1 = 0;
        AssertException(Run(Mrs(CtrEl0, 8), El0t), Syndrome.SystemRegisterTrap, TrapIssOf(Mrs(CtrEl0, 8), true));
        S->SctlrEl1 = 1ul << 15;
        Assert.That(Run(Mrs(CtrEl0, 8), El0t), Is.EqualTo(StopReason.None));
        Assert.That(S->X[8], Is.EqualTo(S->Ctr));
        AssertUndefined(Run(Msr(CtrEl0, 8)));
        AssertUndefined(Run(Msr(DczidEl0, 8)));
    }

    private static readonly uint[] El1Registers =
    [
        SctlrEl1, CpacrEl1, Ttbr0El1, Ttbr1El1, TcrEl1, Afsr0El1, Afsr1El1, EsrEl1, FarEl1, ParEl1, MairEl1,
        AmairEl1, VbarEl1, ContextidrEl1, TpidrEl1, CntkctlEl1, MdscrEl1, SpsrEl1, ElrEl1, SpEl0,
    ];

    [Test]
    public void El1RegistersRoundTripAtEl1AndAreUndefinedAtEl0()
    {
        var rng = new Random(11);
        foreach (uint key in El1Registers)
        {
            ulong value = (ulong)rng.NextInt64() ^ ((ulong)rng.Next() << 40);
            bool narrow = key == SctlrEl1 || key == CpacrEl1 || key == Afsr0El1 || key == Afsr1El1 || key == EsrEl1
                       || key == ContextidrEl1 || key == CntkctlEl1 || key == MdscrEl1 || key == SpsrEl1;
            ulong expected = narrow ? value & 0xFFFF_FFFF : key == VbarEl1 ? value & ~0x7FFul : value;
            S->X[9] = value;
            // A CPACR_EL1 write that leaves SIMD/FP trapped ends the run after the MSR (for the VM runtime, which enforces the trap).
            var stop = key == CpacrEl1 && ((value >> 20) & 3) != 3 ? StopReason.StateChange : StopReason.None;
            Assert.That(Run(Msr(key, 9)), Is.EqualTo(stop), $"MSR 0x{key:x4}");
            S->X[10] = 0;
            Assert.That(Run(Mrs(key, 10)), Is.EqualTo(StopReason.None), $"MRS 0x{key:x4}");
            Assert.That(S->X[10], Is.EqualTo(expected), $"register 0x{key:x4}");
            S->SctlrEl1 = 0;
            AssertUndefined(Run(Msr(key, 9), El0t));
            AssertUndefined(Run(Mrs(key, 10), El0t));
        }
        Assert.That(Run(Mrs(CurrentEL, 11)), Is.EqualTo(StopReason.None));
        Assert.That(S->X[11], Is.EqualTo(4ul));
        AssertUndefined(Run(Mrs(CurrentEL, 11), El0t));
        AssertUndefined(Run(Msr(CurrentEL, 11)));
    }

    [Test]
    public void SpEl0IsUndefinedWhileItIsTheCurrentStackPointer()
    {
        S->SpEl0 = 0;
        S->X[31] = 0x1000;
        S->X[1] = 0x3000;
        Assert.That(Run(Msr(SpEl0, 1)), Is.EqualTo(StopReason.None));
        Assert.That(S->SpEl0, Is.EqualTo(0x3000ul));
        Assert.That(S->X[31], Is.EqualTo(0x1000ul));
        AssertUndefined(Run(Mrs(SpEl0, 2), El1t));
        AssertUndefined(Run(Msr(SpEl0, 1), El1t));
    }

    [Test]
    public void UnknownSystemRegistersAreUndefined()
    {
        // DBGBVR0_EL1 (self-hosted debug is not modelled), an IMPLEMENTATION DEFINED register,
        // HCR_EL2, SCR_EL3, PMCR_EL0, PAN.
        foreach (uint key in new[] { Key(2, 0, 0, 0, 4), Key(3, 1, 15, 2, 0), Key(3, 4, 1, 1, 0), Key(3, 6, 1, 1, 0), Key(3, 3, 9, 12, 0), Key(3, 0, 4, 2, 3) })
        {
            AssertUndefined(Run(Mrs(key, 0)));
            AssertUndefined(Run(Msr(key, 0)));
            AssertUndefined(Run(Mrs(key, 0), El0t));
        }
    }

    [Test]
    public void IdRegistersReadPerCoreValuesAtEl1AndTrapAtEl0()
    {
        var values = new (uint Key, ulong Value)[]
        {
            (MidrEl1, 0x411FD070), (MpidrEl1, 0x8000_0103), (RevidrEl1, 0x5),
            (IdAa64Pfr0El1, 0x1111), (IdAa64Pfr1El1, 0x20), (IdAa64Isar0El1, 0x2111_0), (IdAa64Isar1El1, 0x1),
            (IdAa64Mmfr0El1, 0x1125), (IdAa64Mmfr1El1, 0x10), (IdAa64Mmfr2El1, 0x3), (IdAa64Dfr0El1, 0x10305106),
        };
        S->Midr = 0x411FD070; S->Mpidr = 0x8000_0103; S->Revidr = 5;
        S->IdAa64Pfr0 = 0x1111; S->IdAa64Pfr1 = 0x20; S->IdAa64Isar0 = 0x2111_0; S->IdAa64Isar1 = 1;
        S->IdAa64Mmfr0 = 0x1125; S->IdAa64Mmfr1 = 0x10; S->IdAa64Mmfr2 = 3; S->IdAa64Dfr0 = 0x10305106;
        foreach (var (key, value) in values)
        {
            Assert.That(Run(Mrs(key, 12)), Is.EqualTo(StopReason.None));
            Assert.That(S->X[12], Is.EqualTo(value), $"0x{key:x4}");
            uint w = Mrs(key, 12);
            AssertException(Run(w, El0t), Syndrome.SystemRegisterTrap, TrapIssOf(w, read: true));
            AssertUndefined(Run(Msr(key, 12)));
        }
        // The rest of the ID space (AArch32 ID registers, reserved encodings) reads as zero.
        S->X[13] = 99;
        Assert.That(Run(Mrs(Key(3, 0, 0, 1, 0), 13)), Is.EqualTo(StopReason.None));
        Assert.That(S->X[13], Is.Zero);
        Assert.That(Run(Mrs(Key(3, 0, 0, 7, 7), 13)), Is.EqualTo(StopReason.None));
        Assert.That(S->X[13], Is.Zero);
    }

    // ------------------------------------------------------------------ generic timer

    [Test]
    public void VirtualCountIsMonotonicHostTimeScaledToCntfrq()
    {
        S->Cntfrq = 1_000_000;  // 1 MHz: counts are microseconds
        S->CntvOffset = 0;
        S->CntkctlEl1 = 0;
        Assert.That(Run(Mrs(CntfrqEl0, 1)), Is.EqualTo(StopReason.None));
        Assert.That(S->X[1], Is.EqualTo(1_000_000ul));
        long t0 = Stopwatch.GetTimestamp();
        Assert.That(Run(Mrs(CntvctEl0, 2)), Is.EqualTo(StopReason.None));
        ulong c0 = S->X[2];
        Thread.Sleep(20);
        Assert.That(Run(Mrs(CntvctEl0, 3)), Is.EqualTo(StopReason.None));
        long t1 = Stopwatch.GetTimestamp();
        ulong c1 = S->X[3];
        Assert.That(c1, Is.GreaterThan(c0));
        ulong hostMicros = (ulong)((t1 - t0) * 1_000_000 / Stopwatch.Frequency);
        Assert.That(c1 - c0, Is.LessThanOrEqualTo(hostMicros + 1), "no faster than host time");
        Assert.That(c1 - c0, Is.GreaterThanOrEqualTo(19_000ul), "at least the 20 ms slept");
        ulong expected = (ulong)((UInt128)(ulong)Stopwatch.GetTimestamp() * 1_000_000 / (ulong)Stopwatch.Frequency);
        Assert.That(c1, Is.LessThanOrEqualTo(expected));

        // CntvOffset moves the virtual count back.
        S->CntvOffset = c1 - 1000;
        Assert.That(Run(Mrs(CntvctEl0, 4)), Is.EqualTo(StopReason.None));
        Assert.That(S->X[4], Is.GreaterThanOrEqualTo(1000ul).And.LessThan(1_000_000ul));
        AssertUndefined(Run(Msr(CntvctEl0, 4)));
        AssertUndefined(Run(Msr(CntfrqEl0, 4)));

        // EL0 access is controlled by CNTKCTL_EL1.EL0VCTEN (and EL0PCTEN for CNTFRQ).
        AssertException(Run(Mrs(CntvctEl0, 5), El0t), Syndrome.SystemRegisterTrap, TrapIssOf(Mrs(CntvctEl0, 5), true));
        AssertException(Run(Mrs(CntfrqEl0, 5), El0t), Syndrome.SystemRegisterTrap, TrapIssOf(Mrs(CntfrqEl0, 5), true));
        S->CntkctlEl1 = 2;
        Assert.That(Run(Mrs(CntvctEl0, 5), El0t), Is.EqualTo(StopReason.None));
        Assert.That(Run(Mrs(CntfrqEl0, 6), El0t), Is.EqualTo(StopReason.None));
        Assert.That(S->X[6], Is.EqualTo(1_000_000ul));
    }

    [Test]
    public void VirtualTimerCompareValueTimerValueAndStatus()
    {
        S->Cntfrq = 1_000_000;
        S->CntvOffset = 0;
        // TVAL = 10 s from now: CVAL = CNTVCT + TVAL; not yet expired.
        S->X[1] = 10_000_000;
        Assert.That(Run(Msr(CntvTvalEl0, 1)), Is.EqualTo(StopReason.None));
        ulong now = SystemRegisters.VirtualCount(S);
        Assert.That(S->CntvCvalEl0, Is.InRange(now + 9_000_000, now + 10_000_000));
        S->X[2] = 1; // ENABLE
        Assert.That(Run(Msr(CntvCtlEl0, 2)), Is.EqualTo(StopReason.None));
        Assert.That(Run(Mrs(CntvCtlEl0, 3)), Is.EqualTo(StopReason.None));
        Assert.That(S->X[3], Is.EqualTo(1ul), "ISTATUS clear before CVAL");
        Assert.That(Run(Mrs(CntvTvalEl0, 4)), Is.EqualTo(StopReason.None));
        Assert.That((long)S->X[4], Is.InRange(9_000_000L, 10_000_000L));
        // CVAL in the past: ISTATUS set, TVAL negative (sign-extended 32 bits).
        S->X[5] = now - 5000;
        Assert.That(Run(Msr(CntvCvalEl0, 5)), Is.EqualTo(StopReason.None));
        Assert.That(Run(Mrs(CntvCtlEl0, 3)), Is.EqualTo(StopReason.None));
        Assert.That(S->X[3], Is.EqualTo(5ul), "ENABLE | ISTATUS");
        Assert.That(Run(Mrs(CntvTvalEl0, 4)), Is.EqualTo(StopReason.None));
        Assert.That((long)S->X[4], Is.LessThanOrEqualTo(-5000L).And.GreaterThan(-10_000_000L));
        Assert.That(Run(Mrs(CntvCvalEl0, 6)), Is.EqualTo(StopReason.None));
        Assert.That(S->X[6], Is.EqualTo(now - 5000));
        // ISTATUS is read-only: writing it changes nothing; disabled timers never report it.
        S->X[2] = 4;
        Assert.That(Run(Msr(CntvCtlEl0, 2)), Is.EqualTo(StopReason.None));
        Assert.That(Run(Mrs(CntvCtlEl0, 3)), Is.EqualTo(StopReason.None));
        Assert.That(S->X[3], Is.Zero);
        // EL0 access needs CNTKCTL_EL1.EL0VTEN (bit 8).
        S->CntkctlEl1 = 0;
        AssertException(Run(Mrs(CntvCtlEl0, 3), El0t), Syndrome.SystemRegisterTrap, TrapIssOf(Mrs(CntvCtlEl0, 3), true));
        S->CntkctlEl1 = 1ul << 8;
        Assert.That(Run(Mrs(CntvCtlEl0, 3), El0t), Is.EqualTo(StopReason.None));
    }

    // ------------------------------------------------------------------ SYS

    private static uint DcZva(int rt) => UnicornScope.Sys(3, 7, 4, 1, rt);

    [Test]
    public void DcZvaZeroesTheAlignedBlock()
    {
        var fill = new byte[0x1000];
        Array.Fill(fill, (byte)0xAB);
        _memory.WritePrivileged(Data, fill);
        S->Dczid = 4; // 64-byte blocks
        S->X[0] = Data + 0x85;
        Assert.That(Run(DcZva(0)), Is.EqualTo(StopReason.None));
        var after = new byte[0x1000];
        _memory.ReadPrivileged(Data, after);
        for (int i = 0; i < after.Length; i++)
            Assert.That(after[i], Is.EqualTo(i is >= 0x80 and < 0xC0 ? 0 : 0xAB), $"byte 0x{i:x}");
        Assert.That(S->X[0], Is.EqualTo(Data + 0x85), "Xt unchanged");

        // DCZID_EL0.BS = 9: 2 KiB blocks.
        S->Dczid = 9;
        S->X[1] = Data + 0x9FF;
        Assert.That(Run(DcZva(1)), Is.EqualTo(StopReason.None));
        _memory.ReadPrivileged(Data, after);
        Assert.That(after[0x7FF], Is.EqualTo(0xAB));
        Assert.That(after[0x800], Is.Zero);
        Assert.That(after[0xFFF], Is.Zero);
    }

    [Test]
    public void DcZvaFaultsPreciselyWithoutWriting()
    {
        var fill = new byte[0x1000];
        Array.Fill(fill, (byte)0x5A);
        _memory.WritePrivileged(ReadOnlyData, fill);
        S->Dczid = 4;
        S->X[2] = ReadOnlyData + 0x47;
        AssertException(Run(DcZva(2)), Syndrome.DataAbortSameEl, Syndrome.PermissionFaultLevel3 | Syndrome.WnR);
        Assert.That(S->ExitAddress, Is.EqualTo(ReadOnlyData + 0x47), "the address in Xt");
        Assert.That(_memory.ReadU64Privileged(ReadOnlyData + 0x40), Is.EqualTo(0x5A5A_5A5A_5A5A_5A5Aul), "nothing written");

        // At EL0 DC ZVA needs SCTLR_EL1.DZE, else it is trapped (EC 0x18).
        S->X[2] = 0x7700_0000;  // unmapped
        S->SctlrEl1 = 0;
        AssertException(Run(DcZva(2), El0t), Syndrome.SystemRegisterTrap, TrapIssOf(DcZva(2), false));
        S->SctlrEl1 = 1ul << 14; // DZE: EL0 may use DC ZVA
        AssertException(Run(DcZva(2), El0t), Syndrome.DataAbortLowerEl, Syndrome.TranslationFaultLevel3 | Syndrome.WnR);
        Assert.That(S->ExitAddress, Is.EqualTo(0x7700_0000ul));

        // DCZID_EL0.DZP prohibits DC ZVA: UNDEFINED.
        S->Dczid = 0x14;
        S->X[2] = Data;
        AssertUndefined(Run(DcZva(2)));
    }

    [Test]
    public void CacheAndTlbMaintenanceAreNoOpsWithTheirAccessRules()
    {
        foreach (var (op1, crn, crm, op2) in UnicornScope.SysOperations)
        {
            uint w = UnicornScope.Sys(op1, crn, crm, op2, 3);
            if (op1 == 3 && crm == 4) continue; // DC ZVA: above
            S->X[3] = 0x7700_0000; // unmapped: maintenance by VA does not fault here
            Assert.That(Run(w), Is.EqualTo(StopReason.None), $"0x{w:x8} at EL1");
            bool el0ByUci = op1 == 3;   // DC CVAC, CVAU, CIVAC, IC IVAU
            S->SctlrEl1 = 0;
            var r = Run(w, El0t);
            if (el0ByUci)
            {
                AssertException(r, Syndrome.SystemRegisterTrap, TrapIssOf(w, false));
                S->SctlrEl1 = 1ul << 26;
                Assert.That(Run(w, El0t), Is.EqualTo(StopReason.None), $"0x{w:x8} at EL0 with UCI");
            }
            else AssertUndefined(r);
        }
        // Other SYS encodings (an EL2 TLBI, DC CVAP of ARMv8.2, AT S1E2R) and every SYSL are UNDEFINED.
        foreach (uint w in new[] { UnicornScope.Sys(4, 8, 7, 0, 0), UnicornScope.Sys(3, 7, 12, 1, 0), UnicornScope.Sys(4, 7, 8, 0, 0), 0xD528_0000u, 0xD52B_7420u })
            AssertUndefined(Run(w));
    }

    [Test]
    public void LinuxEl0ControlsLetUserCodeRunWithoutTraps()
    {
        S->SctlrEl1 = SystemRegisters.SctlrLinuxEl0;
        S->CntkctlEl1 = SystemRegisters.CntkctlLinuxEl0;
        S->X[0] = Data;
        foreach (uint w in new uint[] { Mrs(CtrEl0, 1), Mrs(DczidEl0, 1), Mrs(CntvctEl0, 1), Mrs(CntfrqEl0, 1), Mrs(TpidrEl0, 1),
                                        DcZva(0), UnicornScope.Sys(3, 7, 14, 1, 0), UnicornScope.Sys(3, 7, 5, 1, 0) })
            Assert.That(Run(w, El0t), Is.EqualTo(StopReason.None), $"0x{w:x8}");
        Assert.That(Run(0xD503207F, El0t), Is.EqualTo(StopReason.WaitForInterrupt));
        // Still trapped or UNDEFINED as under Linux: DAIF, the ID registers, EL1 registers.
        Assert.That(Run(Mrs(Daif, 1), El0t), Is.EqualTo(StopReason.Exception));
        Assert.That(Syndrome.ExceptionClass(S->ExitSyndrome), Is.EqualTo(Syndrome.SystemRegisterTrap));
        Assert.That(Run(Mrs(MidrEl1, 1), El0t), Is.EqualTo(StopReason.Exception));
        Assert.That(Syndrome.ExceptionClass(S->ExitSyndrome), Is.EqualTo(Syndrome.SystemRegisterTrap));
        AssertUndefined(Run(Mrs(SctlrEl1, 1), El0t));
    }

    // ------------------------------------------------------------------ Unicorn, where it can be compared

    [Test]
    public void DcZvaAgreesWithUnicornInsideTheDataRegion()
    {
        if (!Unicorn.Available) Assert.Fail("libunicorn.so.2 is not installed");
        using var h = new DifferentialHarness();
        var rng = new Random(20261125);
        h.RandomizeData(rng);
        var failures = new List<string>();
        for (int k = 0; k < 50; k++)
        {
            int rt = rng.Next(31);
            uint word = DcZva(rt);
            var before = DifferentialTests.RandomRegisters(rng, true, false);
            before.X[rt] = DifferentialHarness.DataBase + (ulong)rng.Next((int)DifferentialHarness.DataSize);
            var r = h.RunOne(word, before);
            if (r.Differences.Count > 0) failures.Add(DifferentialHarness.Describe("DC ZVA", 20261125, k, word, before.Pc, r));
        }
        Assert.That(failures, Is.Empty, string.Join("\n", failures));
    }

    [Test]
    public void UnicornKeepsBitsThatAreRes0Here()
    {
        // Deviations by configuration, each checked against the Arm ARM's answer for this core:
        // - FPSR bits 31:28 (N, Z, C, V of AArch32 comparisons) are RES0 without AArch32;
        //   Unicorn's CPU implements AArch32 and keeps them.
        // - FPCR Stride (21:20) and Len (18:16) are RES0 without AArch32, FZ16 (19) without
        //   FP16; Unicorn keeps all three.
        // - VBAR_EL1 bits 10:0 are RES0 (the vector table is 2 KiB aligned); Unicorn clears only 4:0.
        // - CONTEXTIDR_EL1 bits 63:32 are RES0 in ARMv8.0; Unicorn keeps them.
        if (!Unicorn.Available) Assert.Fail("libunicorn.so.2 is not installed");
        using var h = new DifferentialHarness();
        var before = new RegisterSet { Pc = DifferentialHarness.CodeBase, Sp = 0x1000 };
        before.X[1] = ulong.MaxValue;

        var r = h.RunOne(Msr(Fpsr, 1), before);
        Assert.That(r.Ours.Fpsr, Is.EqualTo(0x0800_009Fu));
        Assert.That(r.Theirs.Fpsr, Is.EqualTo(0xF800_009Fu));

        r = h.RunOne(Msr(Fpcr, 1), before);
        Assert.That(r.Ours.Fpcr, Is.EqualTo(0x07C0_0000u));
        Assert.That(r.Theirs.Fpcr, Is.EqualTo(0x07FF_0000u));

        h.RunOne(Msr(VbarEl1, 1), before);
        r = h.RunOne(Mrs(VbarEl1, 2), before);
        Assert.That(r.Ours.X[2], Is.EqualTo(~0x7FFul));
        Assert.That(r.Theirs.X[2], Is.EqualTo(~0x1Ful));

        h.RunOne(Msr(ContextidrEl1, 1), before);
        r = h.RunOne(Mrs(ContextidrEl1, 2), before);
        Assert.That(r.Ours.X[2], Is.EqualTo(0xFFFF_FFFFul));
        Assert.That(r.Theirs.X[2], Is.EqualTo(ulong.MaxValue));
    }
}
