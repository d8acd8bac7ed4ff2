using Augment.Splat.Training;

namespace Augment.Splat.Training.TorchTests.Native;

public sealed class ElfVersionsTests
{
    [Fact]
    public void Version_needs_of_TorchSharps_native_library_match_readelf()
    {
        Tool.SkipUnless("readelf");
        var path = NativeFiles.PristineTorchSharp();
        var expected = NativeFiles.ParseReadelfNeeds(Tool.Run("readelf", "-V", "-W", path));
        var actual = ElfVersions.ReadNeeds(File.ReadAllBytes(path), path);
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].File, actual[i].File);
            Assert.Equal(expected[i].Name, actual[i].Name);
            Assert.Equal(expected[i].Flags == "WEAK", actual[i].IsWeak);
        }
        Assert.Contains(actual, n => n.File == "libstdc++.so.6" && n.Name == "GLIBCXX_3.4.32");
    }

    [Fact]
    public void Only_ios_base_library_init_uses_GLIBCXX_3_4_32_as_readelf_shows()
    {
        Tool.SkipUnless("readelf");
        var path = NativeFiles.PristineTorchSharp();
        var bytes = File.ReadAllBytes(path);
        var need = ElfVersions.ReadNeeds(bytes, path).Single(n => n.Name == "GLIBCXX_3.4.32");
        var expected = Tool.Run("readelf", "-W", "--dyn-syms", path).Split('\n')
            .Where(l => l.Contains("@GLIBCXX_3.4.32", StringComparison.Ordinal))
            .Select(l => l.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[^2].Split('@')[0]).ToList();
        Assert.Equal(expected, ElfVersions.SymbolsUsing(bytes, need.Index, path));
        Assert.Equal(["_ZSt21ios_base_library_initv"], expected);
    }

    [Fact]
    public void Marking_GLIBCXX_3_4_32_weak_changes_one_flag_byte_and_readelf_sees_only_that()
    {
        Tool.SkipUnless("readelf");
        var path = NativeFiles.PristineTorchSharp();
        var original = File.ReadAllBytes(path);
        var patched = (byte[])original.Clone();
        Assert.Equal(1, ElfVersions.MarkWeak(patched, ["GLIBCXX_3.4.32"], path));
        Assert.Equal(0, ElfVersions.MarkWeak(patched, ["GLIBCXX_3.4.32"], path));

        var differing = Enumerable.Range(0, original.Length).Where(i => original[i] != patched[i]).ToList();
        var flags = ElfVersions.ReadNeeds(original, path).Single(n => n.Name == "GLIBCXX_3.4.32").FlagsOffset;
        Assert.Equal([(int)flags], differing);
        Assert.Equal(original[flags] | ElfVersions.WeakFlag, patched[flags]);

        var folder = NativeFiles.TempFolder();
        var copy = Path.Combine(folder, "patched.so");
        File.WriteAllBytes(copy, patched);
        var before = NativeFiles.ParseReadelfNeeds(Tool.Run("readelf", "-V", "-W", path));
        var after = NativeFiles.ParseReadelfNeeds(Tool.Run("readelf", "-V", "-W", copy));
        Assert.Equal(before.Count, after.Count);
        for (var i = 0; i < before.Count; i++)
        {
            Assert.Equal(before[i].Name, after[i].Name);
            Assert.Equal(before[i].Name == "GLIBCXX_3.4.32" ? "WEAK" : before[i].Flags, after[i].Flags);
        }
        Directory.Delete(folder, true);
    }

    [Fact]
    public void Version_definitions_of_the_hosts_libstdcxx_match_readelf()
    {
        Tool.SkipUnless("readelf");
        var host = HostCxxRuntime.Locate();
        Assert.SkipWhen(host is null, "no libstdc++.so.6 on this host.");
        var expected = NativeFiles.ParseReadelfDefinitions(Tool.Run("readelf", "-V", "-W", host!));
        var actual = HostCxxRuntime.VersionsOf(host!);
        Assert.Contains("GLIBCXX_3.4", actual);
        Assert.Equal(expected.Order(StringComparer.Ordinal), actual.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_library_built_here_against_a_made_up_version_reads_back_and_loads_once_weak_against_an_older_provider()
    {
        Tool.SkipUnless("g++");
        Tool.SkipUnless("readelf");
        var folder = NativeFiles.TempFolder();
        // A provider with versions PROV_1 (old_fn) and PROV_2 (new_fn), and a user that references both.
        File.WriteAllText(Path.Combine(folder, "prov.map"), "PROV_1 { global: old_fn; local: *; };\nPROV_2 { global: new_fn; } PROV_1;\n");
        File.WriteAllText(Path.Combine(folder, "prov.cpp"), "extern \"C\" int old_fn() { return 1; }\nextern \"C\" int new_fn() { return 2; }\n");
        File.WriteAllText(Path.Combine(folder, "old.map"), "PROV_1 { global: old_fn; local: *; };\n");
        File.WriteAllText(Path.Combine(folder, "old.cpp"), "extern \"C\" int old_fn() { return 1; }\n");
        File.WriteAllText(Path.Combine(folder, "user.cpp"),
            "extern \"C\" int old_fn(); extern \"C\" int new_fn();\nextern \"C\" int use_old() { return old_fn(); }\nextern \"C\" int use_new() { return new_fn(); }\n");
        var prov = Path.Combine(folder, "new", "libprov.so");
        Directory.CreateDirectory(Path.GetDirectoryName(prov)!);
        Tool.Run("g++", "-shared", "-fPIC", "-o", prov, Path.Combine(folder, "prov.cpp"), "-Wl,--version-script=" + Path.Combine(folder, "prov.map"));
        var user = Path.Combine(folder, "libuser.so");
        Tool.Run("g++", "-shared", "-fPIC", "-o", user, Path.Combine(folder, "user.cpp"), "-L" + Path.GetDirectoryName(prov), "-lprov", "-Wl,-rpath,$ORIGIN/old");
        var old = Path.Combine(folder, "old", "libprov.so");
        Directory.CreateDirectory(Path.GetDirectoryName(old)!);
        Tool.Run("g++", "-shared", "-fPIC", "-o", old, Path.Combine(folder, "old.cpp"), "-Wl,--version-script=" + Path.Combine(folder, "old.map"));

        var bytes = File.ReadAllBytes(user);
        var needs = ElfVersions.ReadNeeds(bytes, user).Where(n => n.File == "libprov.so").ToList();
        Assert.Equal(["PROV_1", "PROV_2"], needs.Select(n => n.Name).Order(StringComparer.Ordinal));
        Assert.Equal(["new_fn"], ElfVersions.SymbolsUsing(bytes, needs.Single(n => n.Name == "PROV_2").Index, user));
        Assert.Equal(["PROV_1", "PROV_2", "libprov.so"], ElfVersions.ReadDefinitions(File.ReadAllBytes(prov), prov).Order(StringComparer.Ordinal));
        Assert.Equal(["PROV_1", "libprov.so"], ElfVersions.ReadDefinitions(File.ReadAllBytes(old), old).Order(StringComparer.Ordinal));

        // Against the old provider (rpath $ORIGIN/old) the loader refuses the user until PROV_2 is weak.
        Assert.False(System.Runtime.InteropServices.NativeLibrary.TryLoad(user, out _));
        ElfVersions.MarkWeak(bytes, ["PROV_2"], user);
        var weak = Path.Combine(folder, "libuserweak.so");
        File.WriteAllBytes(weak, bytes);
        Assert.Contains(NativeFiles.ParseReadelfNeeds(Tool.Run("readelf", "-V", "-W", weak)), n => n.Name == "PROV_2" && n.Flags == "WEAK");
        Assert.True(System.Runtime.InteropServices.NativeLibrary.TryLoad(weak, out var handle));
        Assert.NotEqual(IntPtr.Zero, System.Runtime.InteropServices.NativeLibrary.GetExport(handle, "use_old"));
    }

    [Fact]
    public void Truncated_or_foreign_files_raise_InvalidMediaException_naming_the_offset()
    {
        Tool.SkipUnlessLinux();
        var path = NativeFiles.PristineTorchSharp();
        var bytes = File.ReadAllBytes(path);
        var notElf = Assert.Throws<InvalidMediaException>(() => ElfVersions.ReadNeeds(new byte[100], "zeros"));
        Assert.Equal(0, notElf.Offset);
        var elf32 = (byte[])bytes.Clone();
        elf32[4] = 1;
        Assert.Contains("ELF64", Assert.Throws<InvalidMediaException>(() => ElfVersions.ReadNeeds(elf32, "elf32")).Message);
        var bigEndian = (byte[])bytes.Clone();
        bigEndian[5] = 2;
        Assert.Contains("little-endian", Assert.Throws<InvalidMediaException>(() => ElfVersions.ReadNeeds(bigEndian, "be")).Message);
        // Cut before the section header table (at the end of the file).
        Assert.Throws<InvalidMediaException>(() => ElfVersions.ReadNeeds(bytes.AsSpan(0, bytes.Length / 2), "half"));
    }

    [Fact]
    public void Random_corruptions_of_the_headers_never_escape_as_anything_but_InvalidMediaException()
    {
        Tool.SkipUnlessLinux();
        var path = NativeFiles.PristineTorchSharp();
        var bytes = File.ReadAllBytes(path);
        var needs = ElfVersions.ReadNeeds(bytes, path);
        var versionR = (int)needs[0].FlagsOffset - 0x14; // somewhere inside .gnu.version_r
        var random = new Random(11);
        var sectionTable = (int)BitConverter.ToInt64(bytes, 0x28);
        for (var trial = 0; trial < 300; trial++)
        {
            var copy = (byte[])bytes.Clone();
            for (var k = 0; k < 4; k++)
            {
                var region = random.Next(3);
                var at = region == 0 ? random.Next(64) : region == 1 ? versionR + random.Next(0x220) : sectionTable + random.Next(bytes.Length - sectionTable);
                copy[at] = (byte)random.Next(256);
            }
            try
            {
                ElfVersions.ReadNeeds(copy, "corrupt");
                ElfVersions.SymbolsUsing(copy, 18, "corrupt");
            }
            catch (InvalidMediaException)
            {
            }
        }
    }

    [Fact]
    public void Only_a_missing_version_bound_to_reference_only_symbols_is_weakened()
    {
        Tool.SkipUnlessLinux();
        var path = NativeFiles.PristineTorchSharp();
        var bytes = File.ReadAllBytes(path);
        var upTo30 = new HashSet<string>(ElfVersions.ReadNeeds(bytes, path).Where(n => n.Name != "GLIBCXX_3.4.32").Select(n => n.Name));
        Assert.Equal(["GLIBCXX_3.4.32"], TorchSharpRuntime.VersionsToWeaken(bytes, path, upTo30, "host"));
        upTo30.Add("GLIBCXX_3.4.32");
        Assert.Empty(TorchSharpRuntime.VersionsToWeaken(bytes, path, upTo30, "host"));
        upTo30.Remove("GLIBCXX_3.4.32");
        upTo30.Remove("GLIBCXX_3.4.30");
        var error = Assert.Throws<TorchRuntimeException>(() => TorchSharpRuntime.VersionsToWeaken(bytes, path, upTo30, "/old/libstdc++.so.6"));
        Assert.Contains("GLIBCXX_3.4.30", error.Message);
        Assert.Contains("/old/libstdc++.so.6", error.Message);
        Assert.Contains("GCC 13", error.Message);
    }
}
