using System.Diagnostics;

namespace A64Jit.Core.State;

/// <summary>
/// The generic timer's virtual count and the virtual timer's condition, shared by every
/// engine so that CNTVCT_EL0 and the timer interrupt agree: CNTVCT = host monotonic time
/// scaled to CNTFRQ, minus the core's CntvOffset.
/// </summary>
public static unsafe class GenericTimer
{
    public const ulong CtlEnable = 1, CtlImask = 2, CtlIstatus = 4;

    /// <summary>CNTFRQ_EL0 when a core has none configured.</summary>
    public const ulong DefaultFrequency = 62_500_000;

    /// <summary>The physical count at CNTFRQ <paramref name="frequency"/> from the host's monotonic clock.</summary>
    public static ulong PhysicalCount(ulong frequency)
    {
        long ticks = Stopwatch.GetTimestamp();
        return (ulong)((UInt128)(ulong)ticks * frequency / (ulong)Stopwatch.Frequency);
    }

    public static ulong VirtualCount(CpuState* s) => PhysicalCount(s->Cntfrq == 0 ? DefaultFrequency : s->Cntfrq) - s->CntvOffset;

    /// <summary>CNTV_CTL_EL0.ISTATUS: the timer condition is met (count ≥ compare value) while enabled.</summary>
    public static bool ConditionMet(CpuState* s) => (s->CntvCtlEl0 & CtlEnable) != 0 && VirtualCount(s) >= s->CntvCvalEl0;

    /// <summary>The virtual timer asserts its interrupt: enabled, not masked, condition met.</summary>
    public static bool InterruptAsserted(CpuState* s) => (s->CntvCtlEl0 & CtlImask) == 0 && ConditionMet(s);

    /// <summary>CNTV_CTL_EL0 as read: the stored ENABLE and IMASK bits with ISTATUS computed.</summary>
    public static ulong ReadControl(CpuState* s) => (s->CntvCtlEl0 & (CtlEnable | CtlImask)) | (ConditionMet(s) ? CtlIstatus : 0);

    /// <summary>Host time until the condition will be met, or null if the timer is disabled or masked.</summary>
    public static TimeSpan? TimeUntilInterrupt(CpuState* s)
    {
        if ((s->CntvCtlEl0 & (CtlEnable | CtlImask)) != CtlEnable) return null;
        ulong now = VirtualCount(s);
        if (now >= s->CntvCvalEl0) return TimeSpan.Zero;
        ulong freq = s->Cntfrq == 0 ? DefaultFrequency : s->Cntfrq;
        double seconds = (double)(s->CntvCvalEl0 - now) / freq;
        return seconds > 3600 ? TimeSpan.FromHours(1) : TimeSpan.FromSeconds(seconds);
    }
}
