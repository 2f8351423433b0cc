using System.Text;
using Microsoft.AspNetCore.Http;

namespace BackPainRules.Server.Http;

/// <summary>Reading a whole request body, up to a limit: a larger one is answered 413 before it is held.</summary>
internal static class RequestBody
{
    /// <summary>The body as text (UTF-8, a BOM dropped), or null after answering 413 or 400.</summary>
    public static async Task<string?> ReadText(HttpContext context, long maxBytes)
    {
        if (context.Request.ContentLength > maxBytes)
        {
            await TooLarge(context, maxBytes);
            return null;
        }
        using var body = new MemoryStream();
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await context.Request.Body.ReadAsync(buffer, context.RequestAborted)) > 0)
            {
                if (body.Length + read > maxBytes)
                {
                    await TooLarge(context, maxBytes);
                    return null;
                }
                body.Write(buffer, 0, read);
            }
        }
        catch (BadHttpRequestException e)
        {
            await Responses.Error(context, e.StatusCode, $"the request body could not be read: {e.Message}");
            return null;
        }
        var text = Encoding.UTF8.GetString(body.GetBuffer(), 0, (int)body.Length);
        return text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
    }

    private static Task TooLarge(HttpContext context, long maxBytes) =>
        Responses.Error(context, StatusCodes.Status413PayloadTooLarge, $"the request body is larger than {maxBytes} bytes; send a batch as NDJSON (application/x-ndjson)");
}
