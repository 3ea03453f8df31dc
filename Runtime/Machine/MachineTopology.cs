using System.Text;

namespace A64Jit.Runtime.Machine;

/// <summary>
/// An emulated multi-core ARMv8 machine: N cores, each with its own AArch32-EL0
/// capability and MIDR. When the capability differs between cores the machine is
/// <em>asymmetric</em> (rules B1–B3 of the asymmetric-32-bit design notes).
/// </summary>
public sealed class MachineTopology
{
    /// <summary>ID_AA64PFR0_EL1 field positions (rule A1).</summary>
    public const int PfrEl0Shift = 0, PfrEl1Shift = 4, PfrEl2Shift = 8, PfrEl3Shift = 12;

    public const ulong DefaultMidr = 0x410FD034; // Arm Cortex-A53 r0p4

    private readonly CoreInfo[] _cores;

    public MachineTopology(IEnumerable<CoreInfo> cores)
    {
        _cores = cores.ToArray();
        if (_cores.Length == 0) throw new ArgumentException("a machine needs at least one core", nameof(cores));
        for (int i = 0; i < _cores.Length; i++)
            if (_cores[i].Index != i) throw new ArgumentException($"core {i} has index {_cores[i].Index}; cores must be numbered 0..N-1 in order", nameof(cores));
    }

    /// <summary>N cores of the default MIDR whose AArch32-EL0 capability is given by a Linux cpulist (e.g. "0-3,6").</summary>
    public static MachineTopology Create(int coreCount, string aarch32El0CpuList = "", ulong midr = DefaultMidr)
    {
        if (coreCount < 1 || coreCount > 4096) throw new ArgumentOutOfRangeException(nameof(coreCount), coreCount, "a machine has 1 to 4096 cores");
        var capable = CpuList.Parse(aarch32El0CpuList);
        foreach (int c in capable)
            if (c >= coreCount) throw new ArgumentException($"cpulist names core {c}, but the machine has {coreCount} cores", nameof(aarch32El0CpuList));
        return new MachineTopology(Enumerable.Range(0, coreCount).Select(i => new CoreInfo(i, capable.Contains(i), midr)));
    }

    public IReadOnlyList<CoreInfo> Cores => _cores;
    public int CoreCount => _cores.Length;

    /// <summary>True when some but not all cores can run AArch32 at EL0 (rule B1).</summary>
    public bool IsAsymmetric => _cores.Any(c => c.Aarch32El0) && _cores.Any(c => !c.Aarch32El0);

    /// <summary>The cores that can run AArch32 at EL0 in Linux cpulist form, as /sys/devices/system/cpu/aarch32_el0 shows it (rule B2).</summary>
    public string Aarch32El0CpuList => CpuList.Format(_cores.Where(c => c.Aarch32El0).Select(c => c.Index));

    /// <summary>The machine-wide (sanitised) ID_AA64PFR0_EL1.EL0: the lowest value over all cores (rule B3).</summary>
    public ulong SanitisedEl0Field => _cores.Min(c => c.El0Field);

    /// <summary>A core's native ID_AA64PFR0_EL1 given the rest of the register's value.</summary>
    public ulong NativeIdAa64Pfr0(int core, ulong otherFields) =>
        (otherFields & ~0xFul) | _cores[core].El0Field;
}

/// <summary>Linux cpulist strings ("0-3,6"), as used in sysfs.</summary>
public static class CpuList
{
    public static string Format(IEnumerable<int> cpus)
    {
        var sorted = cpus.Distinct().OrderBy(c => c).ToList();
        var sb = new StringBuilder();
        for (int i = 0; i < sorted.Count;)
        {
            int j = i;
            while (j + 1 < sorted.Count && sorted[j + 1] == sorted[j] + 1) j++;
            if (sb.Length > 0) sb.Append(',');
            sb.Append(sorted[i]);
            if (j > i) sb.Append('-').Append(sorted[j]);
            i = j + 1;
        }
        return sb.ToString();
    }

    /// <summary>Parses a cpulist; whitespace and a trailing newline are allowed, an empty list is empty.</summary>
    public static SortedSet<int> Parse(string text)
    {
        var set = new SortedSet<int>();
        var t = text.Trim();
        if (t.Length == 0) return set;
        foreach (var part in t.Split(','))
        {
            var p = part.Trim();
            int dash = p.IndexOf('-');
            if (dash < 0)
            {
                set.Add(ParseCpu(p, text));
                continue;
            }
            int lo = ParseCpu(p[..dash], text), hi = ParseCpu(p[(dash + 1)..], text);
            if (hi < lo) throw new FormatException($"bad cpulist '{text}': range {p} runs backwards");
            for (int c = lo; c <= hi; c++) set.Add(c);
        }
        return set;
    }

    private static int ParseCpu(string s, string whole)
    {
        if (!int.TryParse(s.Trim(), System.Globalization.NumberStyles.None, null, out int v) || v > 4095)
            throw new FormatException($"bad cpulist '{whole}'");
        return v;
    }
}
