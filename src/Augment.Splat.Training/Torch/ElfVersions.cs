using System.Buffers.Binary;
using System.Text;

namespace Augment.Splat.Training;

/// <summary>
/// Reads the symbol-versioning sections of an ELF64 little-endian shared object (version needs, version definitions,
/// and which dynamic symbols use a version) and sets the weak flag on version needs. Every offset and count read from
/// the file is bounds-checked; a malformed file raises <see cref="InvalidMediaException"/> naming the offset.
/// Layouts: System V gABI (ELF header, section headers, <c>Elf64_Sym</c>) and the LSB Core specification's
/// "Symbol Versioning" (<c>Elf64_Verneed</c>/<c>Vernaux</c> 16 bytes each, <c>Elf64_Verdef</c> 20, <c>Verdaux</c> 8).
/// </summary>
internal static class ElfVersions
{
    /// <summary><c>VER_FLG_WEAK</c>: a need the loader does not insist on.</summary>
    public const ushort WeakFlag = 0x2;

    private const uint SectionDynamicSymbols = 11;          // SHT_DYNSYM
    private const uint SectionVersionDefinitions = 0x6ffffffd; // SHT_GNU_verdef
    private const uint SectionVersionNeeds = 0x6ffffffe;       // SHT_GNU_verneed
    private const uint SectionVersionSymbols = 0x6fffffff;     // SHT_GNU_versym
    private const int MaxEntries = 1 << 20;

    /// <summary>Lists every version need of the file, in file order.</summary>
    /// <param name="elf">The whole file.</param>
    /// <param name="source">File name for error messages.</param>
    public static List<ElfVersionNeed> ReadNeeds(ReadOnlySpan<byte> elf, string? source = null)
    {
        var result = new List<ElfVersionNeed>();
        var sections = ReadSections(elf, source);
        var needs = Find(sections, SectionVersionNeeds);
        if (needs is null)
            return result;
        var strings = StringTable(elf, sections, needs.Value, source);
        var offset = needs.Value.Offset;
        var end = needs.Value.Offset + needs.Value.Size;
        for (var n = 0; n < MaxEntries; n++)
        {
            Check(elf, offset, 16, end, source, "Elf64_Verneed");
            var version = U16(elf, offset);
            if (version != 1)
                throw new InvalidMediaException(source, offset, $"version-needs entry has vn_version {version}; only 1 is defined.");
            int count = U16(elf, offset + 2);
            var file = ReadString(elf, strings, U32(elf, offset + 4), source);
            var aux = offset + U32(elf, offset + 8);
            var next = U32(elf, offset + 12);
            for (var a = 0; a < count; a++)
            {
                Check(elf, aux, 16, end, source, "Elf64_Vernaux");
                var flags = U16(elf, aux + 4);
                int index = U16(elf, aux + 6);
                var name = ReadString(elf, strings, U32(elf, aux + 8), source);
                result.Add(new ElfVersionNeed(file, name, index & 0x7fff, flags, aux + 4));
                var auxNext = U32(elf, aux + 12);
                if (auxNext == 0)
                    break;
                aux += auxNext;
            }
            if (next == 0)
                return result;
            offset += next;
        }
        throw new InvalidMediaException(source, offset, $"more than {MaxEntries} version-needs entries (a loop?).");
    }

    /// <summary>Lists the version names the file defines (<c>.gnu.version_d</c>), such as libstdc++'s <c>GLIBCXX_3.4.30</c>.</summary>
    /// <param name="elf">The whole file.</param>
    /// <param name="source">File name for error messages.</param>
    public static HashSet<string> ReadDefinitions(ReadOnlySpan<byte> elf, string? source = null)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        var sections = ReadSections(elf, source);
        var definitions = Find(sections, SectionVersionDefinitions);
        if (definitions is null)
            return result;
        var strings = StringTable(elf, sections, definitions.Value, source);
        var offset = definitions.Value.Offset;
        var end = definitions.Value.Offset + definitions.Value.Size;
        for (var n = 0; n < MaxEntries; n++)
        {
            Check(elf, offset, 20, end, source, "Elf64_Verdef");
            int count = U16(elf, offset + 6);
            if (count > 0)
            {
                // The first Verdaux names the version itself; later ones name its predecessors.
                var aux = offset + U32(elf, offset + 12);
                Check(elf, aux, 8, end, source, "Elf64_Verdaux");
                result.Add(ReadString(elf, strings, U32(elf, aux), source));
            }
            var next = U32(elf, offset + 16);
            if (next == 0)
                return result;
            offset += next;
        }
        throw new InvalidMediaException(source, offset, $"more than {MaxEntries} version definitions (a loop?).");
    }

    /// <summary>Names of the dynamic symbols bound to version index <paramref name="versionIndex"/>.</summary>
    /// <param name="elf">The whole file.</param>
    /// <param name="versionIndex">A <see cref="ElfVersionNeed.Index"/>.</param>
    /// <param name="source">File name for error messages.</param>
    public static List<string> SymbolsUsing(ReadOnlySpan<byte> elf, int versionIndex, string? source = null)
    {
        var result = new List<string>();
        var sections = ReadSections(elf, source);
        var symbols = Find(sections, SectionDynamicSymbols);
        var versions = Find(sections, SectionVersionSymbols);
        if (symbols is null || versions is null)
            return result;
        var strings = StringTable(elf, sections, symbols.Value, source);
        var count = symbols.Value.Size / 24;
        if (versions.Value.Size / 2 < count)
            throw new InvalidMediaException(source, versions.Value.Offset, $".gnu.version holds {versions.Value.Size / 2} entries for {count} dynamic symbols.");
        Check(elf, symbols.Value.Offset, count * 24, long.MaxValue, source, ".dynsym");
        Check(elf, versions.Value.Offset, count * 2, long.MaxValue, source, ".gnu.version");
        for (long i = 0; i < count; i++)
        {
            if ((U16(elf, versions.Value.Offset + (2 * i)) & 0x7fff) != versionIndex)
                continue;
            result.Add(ReadString(elf, strings, U32(elf, symbols.Value.Offset + (24 * i)), source));
        }
        return result;
    }

    /// <summary>
    /// Sets <see cref="WeakFlag"/> on every need named in <paramref name="names"/> (from any library), changing only
    /// their two-byte <c>vna_flags</c> fields; returns how many entries changed (already weak ones are left alone).
    /// </summary>
    /// <param name="elf">The whole file, modified in place.</param>
    /// <param name="names">Version names, such as <c>GLIBCXX_3.4.32</c>.</param>
    /// <param name="source">File name for error messages.</param>
    public static int MarkWeak(Span<byte> elf, IReadOnlyCollection<string> names, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(names);
        var changed = 0;
        foreach (var need in ReadNeeds(elf, source))
        {
            if (need.IsWeak || !names.Contains(need.Name))
                continue;
            BinaryPrimitives.WriteUInt16LittleEndian(elf.Slice((int)need.FlagsOffset, 2), (ushort)(need.Flags | WeakFlag));
            changed++;
        }
        return changed;
    }

    private readonly record struct Section(uint Type, uint Link, long Offset, long Size);

    private static List<Section> ReadSections(ReadOnlySpan<byte> elf, string? source)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
            throw new InvalidMediaException(source, 0, "not an ELF file (no \\x7fELF magic).");
        if (elf[4] != 2)
            throw new InvalidMediaException(source, 4, $"ELF class {elf[4]}; only ELF64 (2) is read.");
        if (elf[5] != 1)
            throw new InvalidMediaException(source, 5, $"ELF data encoding {elf[5]}; only little-endian (1) is read.");
        var tableOffset = U64(elf, 0x28);
        int entrySize = U16(elf, 0x3a);
        int count = U16(elf, 0x3c);
        if (count == 0)
            return [];
        if (entrySize < 64)
            throw new InvalidMediaException(source, 0x3a, $"section header entries of {entrySize} bytes; ELF64 needs 64.");
        Check(elf, tableOffset, (long)count * entrySize, long.MaxValue, source, "section header table");
        var result = new List<Section>(count);
        for (var i = 0; i < count; i++)
        {
            var at = tableOffset + ((long)i * entrySize);
            var type = U32(elf, at + 4);
            var offset = U64(elf, at + 0x18);
            var size = U64(elf, at + 0x20);
            var link = U32(elf, at + 0x28);
            // SHT_NOBITS (8) occupies no file bytes.
            if (type != 8 && type != 0)
                Check(elf, offset, size, long.MaxValue, source, $"section {i}");
            result.Add(new Section(type, link, offset, size));
        }
        return result;
    }

    private static Section? Find(List<Section> sections, uint type)
    {
        foreach (var s in sections)
        {
            if (s.Type == type)
                return s;
        }
        return null;
    }

    private static Section StringTable(ReadOnlySpan<byte> elf, List<Section> sections, Section owner, string? source)
    {
        if (owner.Link >= sections.Count || sections[(int)owner.Link].Type != 3)
            throw new InvalidMediaException(source, owner.Offset, $"section at offset {owner.Offset} links to {owner.Link}, which is not a string table.");
        return sections[(int)owner.Link];
    }

    private static string ReadString(ReadOnlySpan<byte> elf, Section table, long index, string? source)
    {
        if (index < 0 || index >= table.Size)
            throw new InvalidMediaException(source, table.Offset, $"string index {index} is outside the {table.Size}-byte string table.");
        var bytes = elf.Slice((int)(table.Offset + index), (int)(table.Size - index));
        var length = bytes.IndexOf((byte)0);
        if (length < 0)
            throw new InvalidMediaException(source, table.Offset + index, "string is not terminated inside its table.");
        return Encoding.UTF8.GetString(bytes[..length]);
    }

    private static void Check(ReadOnlySpan<byte> elf, long offset, long length, long end, string? source, string what)
    {
        if (offset < 0 || length < 0 || offset > elf.Length - length || offset + length > end)
            throw new InvalidMediaException(source, offset, $"{what} ({length} bytes at offset {offset}) lies outside the file ({elf.Length} bytes) or its section.");
    }

    private static ushort U16(ReadOnlySpan<byte> elf, long offset) => BinaryPrimitives.ReadUInt16LittleEndian(elf.Slice((int)offset, 2));

    private static uint U32(ReadOnlySpan<byte> elf, long offset) => BinaryPrimitives.ReadUInt32LittleEndian(elf.Slice((int)offset, 4));

    private static long U64(ReadOnlySpan<byte> elf, long offset)
    {
        var value = BinaryPrimitives.ReadUInt64LittleEndian(elf.Slice((int)offset, 8));
        return value > long.MaxValue ? long.MaxValue : (long)value;
    }
}
