namespace Augment.Splat.Training;

/// <summary>
/// One version a shared object needs from one of its libraries: an <c>Elf64_Vernaux</c> entry of the
/// <c>.gnu.version_r</c> section (System V gABI, "Symbol Versioning" of the LSB Core specification).
/// </summary>
/// <param name="File">The library the version is needed from (<c>vn_file</c>), such as <c>libstdc++.so.6</c>.</param>
/// <param name="Name">The version name (<c>vna_name</c>), such as <c>GLIBCXX_3.4.32</c>.</param>
/// <param name="Index">The version index symbols refer to through <c>.gnu.version</c> (<c>vna_other</c>).</param>
/// <param name="Flags">The entry's flags (<c>vna_flags</c>); <see cref="ElfVersions.WeakFlag"/> marks a weak need.</param>
/// <param name="FlagsOffset">File offset of the two-byte <c>vna_flags</c> field.</param>
internal readonly record struct ElfVersionNeed(string File, string Name, int Index, ushort Flags, long FlagsOffset)
{
    /// <summary>True when the dynamic loader only warns (instead of failing) if the library lacks the version.</summary>
    public bool IsWeak => (Flags & ElfVersions.WeakFlag) != 0;
}
