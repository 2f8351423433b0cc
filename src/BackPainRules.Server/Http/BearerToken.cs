using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace BackPainRules.Server.Http;

/// <summary>
/// With <c>--token-file</c>, every request must carry <c>Authorization: Bearer TOKEN</c>. The comparison takes
/// the same time whatever the guess: both sides are hashed to 32 bytes first (so not even the token's length
/// shows) and compared with <see cref="CryptographicOperations.FixedTimeEquals"/>.
/// </summary>
internal sealed class BearerToken(string token)
{
    private readonly byte[] expected = SHA256.HashData(Encoding.UTF8.GetBytes(token));

    /// <summary>Whether the request carries the token.</summary>
    public bool Admits(HttpRequest request)
    {
        string header = request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        string given = header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) ? header[scheme.Length..].Trim() : "";
        return CryptographicOperations.FixedTimeEquals(expected, SHA256.HashData(Encoding.UTF8.GetBytes(given)));
    }
}

/// <summary>Reading <c>--token-file</c>.</summary>
public static class TokenFile
{
    /// <summary>The token in a token file: its text without surrounding whitespace (a file ends in a newline).</summary>
    public static string? Read(string path, out string? problem)
    {
        problem = null;
        try
        {
            string token = File.ReadAllText(path).Trim();
            if (token.Length == 0) problem = $"the token file '{path}' is empty";
            return token.Length == 0 ? null : token;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problem = $"cannot read the token file '{path}': {e.Message}";
            return null;
        }
    }
}
