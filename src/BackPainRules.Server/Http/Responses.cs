using Microsoft.AspNetCore.Http;

namespace BackPainRules.Server.Http;

/// <summary>Writing the server's answers: exact bytes with a status, so what the library wrote is what the client gets.</summary>
internal static class Responses
{
    public static Task Bytes(HttpContext context, int status, byte[] body, string contentType = DiagnosticsJson.ContentType)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        context.Response.ContentLength = body.Length;
        return context.Response.Body.WriteAsync(body).AsTask();
    }

    public static Task Error(HttpContext context, int status, string message) => Bytes(context, status, DiagnosticsJson.Error(message));
}
