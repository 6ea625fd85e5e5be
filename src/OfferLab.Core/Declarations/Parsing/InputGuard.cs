using System.Globalization;
using System.Text;

namespace OfferLab.Core.Declarations.Parsing;

/// <summary>
/// Checks raw text before YAML sees it: size, binary content, tabs in indentation. Each of these makes the
/// YAML parser's own messages useless or its work unbounded, so they are answered here, with positions.
/// </summary>
internal static class InputGuard
{
    /// <summary>Returns the text to parse (without a leading BOM), or null after adding errors that stop the parse.</summary>
    public static string? Check(string text, string file, List<DeclarationError> errors)
    {
        if (text.Length > DeclarationLimits.MaxBytes || Encoding.UTF8.GetByteCount(text) > DeclarationLimits.MaxBytes)
        {
            errors.Add(TooLarge(file, Encoding.UTF8.GetByteCount(text)));
            return null;
        }

        if (text.StartsWith('\uFEFF'))
        {
            text = text[1..];
        }

        var looksLikeJson = text.TrimStart().StartsWith('{');
        int line = 1, column = 1;
        var atIndent = true;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\n' || (c == '\r' && (i + 1 == text.Length || text[i + 1] != '\n')))
            {
                line++;
                column = 1;
                atIndent = true;
                continue;
            }

            if ((char.IsControl(c) && c is not '\t' and not '\r') || c is '\uFFFD' or '\uFEFF' || char.IsSurrogate(c) && !IsPair(text, i))
            {
                errors.Add(new DeclarationError(file, line, column, DeclarationError.FilePath,
                    $"the file is not text: it holds the character U+{(int)c:X4}; a declaration is UTF-8 YAML or JSON"));
                return null;
            }

            if (c == '\t' && atIndent && !looksLikeJson)
            {
                errors.Add(new DeclarationError(file, line, column, DeclarationError.FilePath,
                    "tab character in indentation; YAML indents with spaces"));
                atIndent = false;
            }
            else if (c != ' ' && c != '\t' && c != '\r')
            {
                atIndent = false;
            }

            column++;
        }

        return errors.Count == 0 ? text : null;
    }

    /// <summary>The error for a file over <see cref="DeclarationLimits.MaxBytes"/>.</summary>
    public static DeclarationError TooLarge(string file, long bytes) =>
        new(file, 1, 1, DeclarationError.FilePath,
            string.Create(CultureInfo.InvariantCulture, $"the file is {bytes:N0} bytes; a declaration may be at most {DeclarationLimits.MaxBytes:N0} bytes"));

    private static bool IsPair(string text, int i) =>
        char.IsHighSurrogate(text[i]) ? i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) : i > 0 && char.IsHighSurrogate(text[i - 1]);
}
