namespace A64Jit.Core.Decoding;

/// <summary>The Arm ARM's top-level encoding groups of A64, as the table is organised.</summary>
public enum EncodingGroup : byte
{
    DataProcessingImmediate,
    DataProcessingRegister,
    BranchExceptionSystem,
    LoadStore,
    LoadStoreSimd,
    FloatingPoint,
    AdvancedSimd,
    Crypto,
}

/// <summary>Formats one decoded word in GNU objdump syntax (mnemonic, tab, operands).</summary>
public delegate string DisasmFormatter(uint word, ulong pc);

/// <summary>A named bit field of an encoding pattern.</summary>
public readonly record struct EncodingField(string Name, int Low, int Width)
{
    public uint Extract(uint word) => (word >> Low) & (uint)((1ul << Width) - 1);
    public uint Insert(uint word, uint value) => (word & ~((uint)((1ul << Width) - 1) << Low)) | ((value & (uint)((1ul << Width) - 1)) << Low);
}

/// <summary>
/// One line of the encoding table: an instruction identity, its bit pattern with named
/// fields, the condition under which a matching word is allocated, and its disassembly.
/// </summary>
/// <remarks>
/// Pattern syntax: whitespace-separated tokens from bit 31 down to bit 0. A token of
/// <c>0</c>/<c>1</c>/<c>x</c> characters is that many fixed or don't-care bits; a token
/// <c>name:width</c> (or <c>name</c> for one bit) is a named operand field. The widths
/// must add up to 32. Example: <c>"sf 0 0 100010 sh imm12:12 Rn:5 Rd:5"</c>.
/// </remarks>
public sealed class Encoding
{
    public Encoding(string name, EncodingGroup group, string pattern, DisasmFormatter format, Func<uint, bool>? allocated = null)
    {
        Name = name;
        Group = group;
        Pattern = pattern;
        Format = format;
        Allocated = allocated;
        (Mask, Value, Fields) = ParsePattern(name, pattern);
    }

    /// <summary>Dense index in <see cref="EncodingTable.All"/>; also the interpreter's and translator's dispatch key.</summary>
    public int Id { get; internal set; } = -1;
    public string Name { get; }
    public EncodingGroup Group { get; }
    public string Pattern { get; }
    public uint Mask { get; }
    public uint Value { get; }
    public IReadOnlyList<EncodingField> Fields { get; }
    public DisasmFormatter Format { get; }

    /// <summary>
    /// Further conditions of the Arm ARM's decode pseudo-code (unallocated field values,
    /// reserved combinations); null when every word matching the pattern is allocated.
    /// </summary>
    public Func<uint, bool>? Allocated { get; }

    public bool Matches(uint word) => (word & Mask) == Value && (Allocated == null || Allocated(word));

    public EncodingField Field(string name)
    {
        foreach (var f in Fields) if (f.Name == name) return f;
        throw new KeyNotFoundException($"{Name} has no field '{name}'");
    }

    public override string ToString() => Name;

    private static (uint mask, uint value, IReadOnlyList<EncodingField> fields) ParsePattern(string name, string pattern)
    {
        uint mask = 0, value = 0;
        var fields = new List<EncodingField>();
        int bit = 32;
        foreach (var token in pattern.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (token.All(c => c is '0' or '1' or 'x'))
            {
                foreach (char c in token)
                {
                    bit--;
                    if (bit < 0) break;
                    if (c == 'x') continue;
                    mask |= 1u << bit;
                    if (c == '1') value |= 1u << bit;
                }
            }
            else
            {
                int colon = token.IndexOf(':');
                string fname = colon < 0 ? token : token[..colon];
                int width = colon < 0 ? 1 : int.Parse(token[(colon + 1)..]);
                bit -= width;
                if (bit >= 0) fields.Add(new EncodingField(fname, bit, width));
            }
        }
        if (bit != 0) throw new InvalidOperationException($"encoding {name}: pattern '{pattern}' covers {32 - bit} bits, not 32");
        return (mask, value, fields);
    }
}
