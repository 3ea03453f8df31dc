using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using A64Jit.Runtime.Execution;
using A64Jit.Runtime.Linux;

namespace A64Jit.Perf;

/// <summary>
/// Macro benchmarks: each Perf workload (built by <c>Perf/workloads/build.sh</c>) run as a
/// guest in-process, from loading the ELF to its exit, with a guest-MIPS column. The
/// workloads are found in <c>A64JIT_WORKLOADS</c> (the build.sh output directory; default
/// <c>Perf/workloads/out</c>, built on first use); <c>A64JIT_PERF_SCALE</c> is the size in
/// percent of the default (default 5); <c>A64JIT_PERF_ENGINES</c> the engines (default
/// <c>tiered,jit</c>); <c>A64JIT_PERF_WORKLOADS</c> a comma-separated subset. The guest's standard output goes to /dev/null.
/// </summary>
[Config(typeof(WorkloadConfig))]
public class WorkloadBenchmarks
{
    public static IEnumerable<string> Workloads()
    {
        var only = Environment.GetEnvironmentVariable("A64JIT_PERF_WORKLOADS");
        if (!string.IsNullOrEmpty(only)) return only.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var dir = Path.Combine(WorkloadDirectory(), "aarch64");
        if (!Directory.Exists(dir)) return ["sha256", "crc32", "sort", "linked", "matmul_int", "matmul_double", "vm", "strings", "nbody", "memops"];
        return Directory.GetFiles(dir).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal);
    }

    public static IEnumerable<string> Engines() =>
        (Environment.GetEnvironmentVariable("A64JIT_PERF_ENGINES") ?? "tiered,jit").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    [ParamsSource(nameof(Workloads))]
    public string Workload { get; set; } = "";

    [ParamsSource(nameof(Engines))]
    public string Engine { get; set; } = "";

    public static string Scale => Environment.GetEnvironmentVariable("A64JIT_PERF_SCALE") ?? "5";

    private string _path = "";
    private EnginePolicy _policy;

    public static string WorkloadDirectory()
    {
        var env = Environment.GetEnvironmentVariable("A64JIT_WORKLOADS");
        if (!string.IsNullOrEmpty(env)) return env;
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "A64Jit.sln"))) dir = dir.Parent;
        return Path.Combine(dir?.FullName ?? ".", "Perf", "workloads", "out");
    }

    [GlobalSetup]
    public void Setup()
    {
        var root = WorkloadDirectory();
        _path = Path.Combine(root, "aarch64", Workload);
        if (!File.Exists(_path))
        {
            var script = Path.Combine(root, "..", "build.sh");
            if (!File.Exists(script)) throw new InvalidOperationException($"{_path} not found; build the workloads with Perf/workloads/build.sh and set A64JIT_WORKLOADS");
            using var p = System.Diagnostics.Process.Start("bash", [script, root]);
            p.WaitForExit();
            if (!File.Exists(_path)) throw new InvalidOperationException($"{_path} not found after Perf/workloads/build.sh");
        }
        if (!ExecutionEngines.TryParse(Engine, out _policy)) throw new InvalidOperationException($"unknown engine {Engine}");
        // One run to learn the guest instruction count (the same in every engine), for the MIPS column.
        ulong insns = RunOnce(out int status);
        if (status != 0) throw new InvalidOperationException($"{Workload} exited with {status}");
        GuestMipsColumn.Record(Workload, Engine, insns);
    }

    private ulong RunOnce(out int status)
    {
        using var process = LinuxProcess.Load(_path, [_path, Scale], []);
        using (var devNull = File.OpenHandle("/dev/null", FileMode.Open, FileAccess.Write))
        {
            int fd = (int)devNull.DangerousGetHandle();
            devNull.SetHandleAsInvalid(); // the guest's file table owns (and closes) it now
            process.Files.Set(1, fd);
        }
        using var engine = ExecutionEngines.Create(_policy, process.Cpu, process.Memory);
        status = process.Run(engine);
        return engine.Statistics.InstructionsExecuted;
    }

    [Benchmark]
    public int RunWorkload()
    {
        RunOnce(out int status);
        return status;
    }
}

/// <summary>ShortRun-like: few iterations, each one whole workload run.</summary>
public sealed class WorkloadConfig : BenchmarkDotNet.Configs.ManualConfig
{
    public WorkloadConfig()
    {
        AddJob(Job.Default.WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(3)
            .WithInvocationCount(1).WithUnrollFactor(1).WithId("Workload"));
        AddColumn(new GuestMipsColumn());
    }
}

/// <summary>Guest instructions per second (millions): the instruction count recorded by the benchmark's setup over the mean time.</summary>
public sealed class GuestMipsColumn : IColumn
{
    private static string FileOf(string workload, string engine) =>
        Path.Combine(Path.GetTempPath(), "a64jit-perf-insns", $"{workload}.{engine}.{WorkloadBenchmarks.Scale}.txt");

    /// <summary>Called in the benchmark process; the column is computed in the host process, so the count goes through a file.</summary>
    public static void Record(string workload, string engine, ulong instructions)
    {
        var f = FileOf(workload, engine);
        Directory.CreateDirectory(Path.GetDirectoryName(f)!);
        File.WriteAllText(f, instructions.ToString(CultureInfo.InvariantCulture));
    }

    public string Id => nameof(GuestMipsColumn);
    public string ColumnName => "Guest MIPS";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => "Guest instructions retired per second of the mean run, in millions";
    public bool IsAvailable(Summary summary) => true;
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase)
    {
        var workload = benchmarkCase.Parameters["Workload"] as string;
        var engine = benchmarkCase.Parameters["Engine"] as string;
        var report = summary[benchmarkCase];
        if (workload == null || engine == null || report?.ResultStatistics == null) return "-";
        var f = FileOf(workload, engine);
        if (!File.Exists(f) || !ulong.TryParse(File.ReadAllText(f), CultureInfo.InvariantCulture, out ulong insns)) return "?";
        double seconds = report.ResultStatistics.Mean / 1e9;
        return (insns / seconds / 1e6).ToString("F0", CultureInfo.InvariantCulture);
    }

    public override string ToString() => ColumnName;
}
