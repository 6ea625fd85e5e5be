using System.Buffers;
using System.Text;
using System.Text.Unicode;
using OfferLab.Core.Declarations.Parsing;

namespace OfferLab.Core.Declarations;

/// <summary>
/// Parses and validates one experiment declaration (YAML, or JSON since YAML is a superset of it). Strict:
/// unknown keys, wrong types, missing required keys and bad values are errors, and all of them are reported,
/// each as <c>file:line:col: key.path: message</c>. Never throws on any input: hostile or broken files
/// (huge, binary, deeply nested, alias bombs, tabs) get an error within bounded work.
/// </summary>
public static class DeclarationParser
{
    /// <summary>Parses <paramref name="text"/>; <paramref name="fileName"/> only names the source in messages.</summary>
    public static DeclarationResult Parse(string text, string fileName)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(fileName);
        var errors = new List<DeclarationError>();
        if (InputGuard.Check(text, fileName, errors) is not { } clean)
        {
            return new DeclarationResult(null, errors);
        }

        var root = DocumentLoader.Load(clean, fileName, errors);
        if (root is null)
        {
            if (errors.Count == 0)
            {
                errors.Add(new DeclarationError(fileName, 1, 1, DeclarationError.FilePath,
                    $"the file is empty; a declaration starts with 'apiVersion: {ExperimentDeclaration.CurrentApiVersion}'"));
            }

            return new DeclarationResult(null, errors);
        }

        var reader = new NodeReader(fileName);
        var declaration = ExperimentReader.Read(reader, root);
        errors.AddRange(reader.Errors);
        var ordered = errors.OrderBy(e => e.Line).ThenBy(e => e.Column).ToList();
        return ordered.Count > 0 || declaration is null
            ? new DeclarationResult(null, ordered)
            : new DeclarationResult(declaration with { Source = new SourceMap(fileName, reader.Positions) }, []);
    }

    /// <summary>
    /// Parses raw file bytes: refuses files over <see cref="DeclarationLimits.MaxBytes"/> before decoding and
    /// anything that is not UTF-8 (a UTF-8 byte order mark is accepted).
    /// </summary>
    public static DeclarationResult Parse(ReadOnlySpan<byte> bytes, string fileName)
    {
        if (bytes.Length > DeclarationLimits.MaxBytes)
        {
            return new DeclarationResult(null, [InputGuard.TooLarge(fileName, bytes.Length)]);
        }

        var chars = new char[bytes.Length];
        var status = Utf8.ToUtf16(bytes, chars, out var read, out var written, replaceInvalidSequences: false);
        if (status != OperationStatus.Done)
        {
            var (line, column) = PositionAfter(chars.AsSpan(0, written));
            return new DeclarationResult(null, [new DeclarationError(fileName, line, column, DeclarationError.FilePath,
                $"the file is not UTF-8 text (byte 0x{bytes[read]:X2} at offset {read}); save it as UTF-8")]);
        }

        return Parse(new string(chars, 0, written), fileName);
    }

    /// <summary>Reads and parses a file, naming it <paramref name="displayName"/> (default: the path) in messages.</summary>
    public static DeclarationResult ParseFile(string path, string? displayName = null)
    {
        var name = displayName ?? path;
        try
        {
            var info = new FileInfo(path);
            return info.Length > DeclarationLimits.MaxBytes
                ? new DeclarationResult(null, [InputGuard.TooLarge(name, info.Length)])
                : Parse(File.ReadAllBytes(path), name);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new DeclarationResult(null, [new DeclarationError(name, 1, 1, DeclarationError.FilePath, "cannot read the file: " + e.Message)]);
        }
    }

    private static (int Line, int Column) PositionAfter(ReadOnlySpan<char> text)
    {
        var line = 1 + text.Count('\n');
        var lastBreak = text.LastIndexOf('\n');
        var column = text.Length - lastBreak;
        if (line == 1 && text.Length > 0 && text[0] == '\uFEFF')
        {
            column--;
        }

        return (line, column);
    }
}
