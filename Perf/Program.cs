using BenchmarkDotNet.Running;

namespace A64Jit.Perf;

public static class Program
{
    /// <summary>Runs the BenchmarkDotNet suites: <c>dotnet run -c Release --project Perf -- --filter '*'</c>.</summary>
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
