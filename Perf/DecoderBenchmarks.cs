using BenchmarkDotNet.Attributes;
using A64Jit.Core.Decoding;

namespace A64Jit.Perf;

/// <summary>Decoder throughput: words per second = OperationsPerInvoke / mean time.</summary>
[MemoryDiagnoser]
public class DecoderBenchmarks
{
    private const int Words = 65536;
    private uint[] _random = [];
    private uint[] _valid = [];

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(1);
        _random = new uint[Words];
        for (int i = 0; i < Words; i++) _random[i] = (uint)rng.NextInt64(0, 1L << 32);
        // Words drawn from the table: each a random encoding with random fields.
        var all = EncodingTable.All;
        _valid = new uint[Words];
        for (int i = 0; i < Words; i++)
        {
            var e = all[rng.Next(all.Length)];
            _valid[i] = ((uint)rng.NextInt64(0, 1L << 32) & ~e.Mask) | e.Value;
        }
    }

    [Benchmark(OperationsPerInvoke = Words)]
    public int DecodeRandomWords()
    {
        int acc = 0;
        foreach (var w in _random) acc += Decoder.Decode(w);
        return acc;
    }

    [Benchmark(OperationsPerInvoke = Words)]
    public int DecodeTableWords()
    {
        int acc = 0;
        foreach (var w in _valid) acc += Decoder.Decode(w);
        return acc;
    }
}
