namespace A64Jit.Core.Decoding;

/// <summary>
/// The single source of truth for A64 encodings: every instruction the decoder, the
/// disassembler, the interpreter, the translator and the test generators know about.
/// Each encoding group contributes its lines from its own file in <c>Core/Decoding/Groups</c>.
/// </summary>
public static partial class EncodingTable
{
    public static readonly Encoding[] All = Build();

    private static readonly Dictionary<string, Encoding> ByName = All.ToDictionary(e => e.Name);

    public static Encoding Get(string name) =>
        ByName.TryGetValue(name, out var e) ? e : throw new KeyNotFoundException($"no encoding named '{name}'");

    public static bool TryGet(string name, out Encoding encoding) => ByName.TryGetValue(name, out encoding!);

    private static Encoding[] Build()
    {
        var list = new List<Encoding>();
        list.AddRange(DataProcessingImmediate());
        list.AddRange(DataProcessingRegister());
        list.AddRange(BranchExceptionSystem());
        list.AddRange(LoadStore());
        list.AddRange(LoadStoreSimd());
        list.AddRange(FloatingPoint());
        list.AddRange(AdvancedSimd());
        list.AddRange(AdvancedSimdScalar());
        list.AddRange(Crypto());
        var names = new HashSet<string>();
        for (int i = 0; i < list.Count; i++)
        {
            if (!names.Add(list[i].Name)) throw new InvalidOperationException($"encoding name '{list[i].Name}' appears twice in the table");
            list[i].Id = i;
        }
        return list.ToArray();
    }
}
