using System.Buffers.Binary;
using A64Jit.Core.Memory;
using A64Jit.Core.State;

namespace A64Jit.Runtime.Linux;

/// <summary>A guest <c>struct sigaction</c> as the AArch64 kernel stores it.</summary>
public record struct SigAction(ulong Handler, ulong Flags, ulong Restorer, ulong Mask);

/// <summary>The information a signal carries into <c>siginfo_t</c>.</summary>
public readonly record struct SigInfo(int Signo, int Code, ulong Address = 0, int Pid = 0, uint Uid = 0, uint Esr = 0, bool IsFault = false);

/// <summary>Per-process signal dispositions, mask, pending set and alternate stack.</summary>
public sealed class SignalState
{
    public readonly SigAction[] Actions = new SigAction[Sig.NSIG + 1];
    public ulong Blocked;
    public ulong Pending;
    public readonly SigInfo[] PendingInfo = new SigInfo[Sig.NSIG + 1];
    public ulong AltStackSp;
    public ulong AltStackSize;
    public int AltStackFlags = Sig.SS_DISABLE;

    public bool OnAltStack(ulong sp) => AltStackFlags != Sig.SS_DISABLE && sp - AltStackSp < AltStackSize + 1 && sp > AltStackSp;

    /// <summary>The state a new thread or forked child starts with: the same actions, mask and (for a thread) no alternate stack; nothing pending.</summary>
    public SignalState CopyForChild(bool thread)
    {
        var c = new SignalState { Blocked = Blocked };
        Array.Copy(Actions, c.Actions, Actions.Length);
        if (!thread) { c.AltStackSp = AltStackSp; c.AltStackSize = AltStackSize; c.AltStackFlags = AltStackFlags; }
        return c;
    }

    /// <summary>execve: caught signals go back to their default action, the alternate stack is dropped; ignored signals, the mask and pending signals stay.</summary>
    public void ResetForExec()
    {
        for (int i = 1; i < Actions.Length; i++)
            if (Actions[i].Handler != Sig.SIG_IGN) Actions[i] = default;
            else Actions[i] = new SigAction(Sig.SIG_IGN, 0, 0, 0);
        AltStackSp = 0;
        AltStackSize = 0;
        AltStackFlags = Sig.SS_DISABLE;
    }

    /// <summary>The lowest pending signal that is not blocked, or 0.</summary>
    public int NextDeliverable()
    {
        ulong ready = Pending & ~Blocked;
        return ready == 0 ? 0 : System.Numerics.BitOperations.TrailingZeroCount(ready) + 1;
    }
}

/// <summary>
/// The AArch64 <c>rt_sigframe</c>: <c>siginfo_t</c> (128 bytes) followed by the
/// <c>ucontext</c> whose <c>uc_mcontext</c> is a <c>struct sigcontext</c> (fault_address,
/// regs[31], sp, pc, pstate and a 4096-byte record area holding an fpsimd_context, an
/// esr_context for faults, and a terminating null record). A <c>struct frame_record</c>
/// (fp, lr) sits just above the frame, and X29 points at it in the handler.
/// </summary>
public static unsafe class SignalFrame
{
    public const int SiginfoSize = 128;
    public const int UcOffset = SiginfoSize;
    public const int UcFlags = 0, UcLink = 8, UcStack = 16, UcSigmask = 40, UcMcontext = 176;
    public const int ScFaultAddress = 0, ScRegs = 8, ScSp = 256, ScPc = 264, ScPstate = 272, ScReserved = 288;
    public const int ReservedSize = 4096;
    public const int FrameSize = SiginfoSize + UcMcontext + ScReserved + ReservedSize; // 4688
    public const uint FpsimdMagic = 0x46508001, FpsimdSize = 528;
    public const uint EsrMagic = 0x45535201, EsrSize = 16;

    /// <summary>Offsets of the sigcontext within the frame.</summary>
    public const int McOffset = UcOffset + UcMcontext;

    /// <summary>
    /// Writes the frame for <paramref name="info"/> below <paramref name="stackTop"/> and sets the
    /// registers to enter the handler. Returns false (nothing changed) if the frame cannot be written.
    /// </summary>
    public static bool Deliver(CpuState* s, GuestMemory memory, SignalState signals, in SigAction action, in SigInfo info, ulong trampoline)
    {
        ulong sp = s->X[31];
        if ((action.Flags & Sig.SA_ONSTACK) != 0 && signals.AltStackFlags == 0 && !signals.OnAltStack(sp))
            sp = signals.AltStackSp + signals.AltStackSize;
        ulong record = (sp - 16) & ~0xFul;
        ulong frame = (record - FrameSize) & ~0xFul;
        if (frame > sp) return false;

        var buf = new byte[(int)(record + 16 - frame)];
        void W64(int o, ulong v) => BinaryPrimitives.WriteUInt64LittleEndian(buf.AsSpan(o), v);
        void W32(int o, uint v) => BinaryPrimitives.WriteUInt32LittleEndian(buf.AsSpan(o), v);

        // siginfo
        W32(0, (uint)info.Signo);
        W32(8, (uint)info.Code);
        if (info.IsFault) W64(16, info.Address);
        else { W32(16, (uint)info.Pid); W32(20, info.Uid); }

        // ucontext
        int uc = UcOffset;
        W64(uc + UcStack, signals.AltStackSp);
        W32(uc + UcStack + 8, (uint)(signals.AltStackFlags == Sig.SS_DISABLE ? Sig.SS_DISABLE : signals.OnAltStack(s->X[31]) ? Sig.SS_ONSTACK : 0));
        W64(uc + UcStack + 16, signals.AltStackSize);
        W64(uc + UcSigmask, signals.Blocked);
        int mc = McOffset;
        W64(mc + ScFaultAddress, info.IsFault ? info.Address : 0);
        for (int i = 0; i < 31; i++) W64(mc + ScRegs + 8 * i, s->X[i]);
        W64(mc + ScSp, s->X[31]);
        W64(mc + ScPc, s->PC);
        W64(mc + ScPstate, s->Nzcv | s->Pstate);
        int r = mc + ScReserved;
        W32(r, FpsimdMagic); W32(r + 4, FpsimdSize);
        W32(r + 8, s->Fpsr); W32(r + 12, s->Fpcr);
        for (int i = 0; i < 64; i++) W64(r + 16 + 8 * i, s->V[i]);
        r += (int)FpsimdSize;
        if (info.IsFault && info.Esr != 0)
        {
            W32(r, EsrMagic); W32(r + 4, EsrSize); W64(r + 8, info.Esr);
            r += (int)EsrSize;
        }
        // terminator: already zero

        // frame record
        int fr = (int)(record - frame);
        W64(fr, s->X[29]);
        W64(fr + 8, s->X[30]);

        if (memory.TryWrite(frame, buf).IsFault) return false;

        s->X[0] = (ulong)info.Signo;
        s->X[1] = frame;
        s->X[2] = frame + UcOffset;
        s->X[29] = record;
        s->X[30] = (action.Flags & Sig.SA_RESTORER) != 0 && action.Restorer != 0 ? action.Restorer : trampoline;
        s->X[31] = frame;
        s->PC = action.Handler;
        // The handler runs with BTYPE cleared; NZCV and the rest of PSTATE are kept.
        s->Pstate &= ~PstateBits.BtypeMask;
        return true;
    }

    /// <summary>
    /// rt_sigreturn: restores the registers, the signal mask and the alternate stack from the frame
    /// at SP. Returns false when the frame is unreadable or invalid (the kernel then forces SIGSEGV).
    /// </summary>
    public static bool Return(CpuState* s, GuestMemory memory, SignalState signals)
    {
        ulong frame = s->X[31];
        if ((frame & 0xF) != 0) return false;
        var buf = new byte[FrameSize];
        if (memory.TryRead(frame, buf).IsFault) return false;
        ulong R64(int o) => BinaryPrimitives.ReadUInt64LittleEndian(buf.AsSpan(o));
        uint R32(int o) => BinaryPrimitives.ReadUInt32LittleEndian(buf.AsSpan(o));

        int mc = McOffset;
        ulong pstate = R64(mc + ScPstate);
        // Only an AArch64 EL0t state may be returned to.
        if ((pstate & (PstateBits.nRW | PstateBits.ElMask | PstateBits.SpSel)) != 0) return false;

        // Find the fpsimd record (required, as the kernel requires it).
        int r = mc + ScReserved, end = mc + ScReserved + ReservedSize;
        int fp = -1;
        while (r + 8 <= end)
        {
            uint magic = R32(r), size = R32(r + 4);
            if (magic == 0) break;
            if (size < 8 || (size & 0xF) != 0 || r + size > end) return false;
            if (magic == FpsimdMagic)
            {
                if (size != FpsimdSize) return false;
                fp = r;
            }
            r += (int)size;
        }
        if (fp < 0) return false;

        for (int i = 0; i < 31; i++) s->X[i] = R64(mc + ScRegs + 8 * i);
        s->X[31] = R64(mc + ScSp);
        s->PC = R64(mc + ScPc);
        s->Nzcv = (uint)pstate & 0xF000_0000u;
        s->Pstate = (s->Pstate & ~(PstateBits.BtypeMask | PstateBits.Ssbs)) | ((uint)pstate & (PstateBits.BtypeMask | PstateBits.Ssbs));
        s->Fpsr = R32(fp + 8);
        s->Fpcr = R32(fp + 12);
        for (int i = 0; i < 64; i++) s->V[i] = R64(fp + 16 + 8 * i);

        signals.Blocked = R64(UcOffset + UcSigmask) & ~Sig.Unblockable;
        // restore_altstack: applied like sigaltstack, errors ignored.
        ulong ssSp = R64(UcOffset + UcStack);
        int ssFlags = (int)R32(UcOffset + UcStack + 8);
        ulong ssSize = R64(UcOffset + UcStack + 16);
        if (!signals.OnAltStack(s->X[31]))
        {
            if ((ssFlags & Sig.SS_DISABLE) != 0) { signals.AltStackFlags = Sig.SS_DISABLE; signals.AltStackSp = 0; signals.AltStackSize = 0; }
            else if (ssSize >= Sig.MINSIGSTKSZ) { signals.AltStackFlags = 0; signals.AltStackSp = ssSp; signals.AltStackSize = ssSize; }
        }
        return true;
    }
}
