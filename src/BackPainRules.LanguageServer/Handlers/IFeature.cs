using BackPainRules.LanguageServer.Protocol;

namespace BackPainRules.LanguageServer.Handlers;

/// <summary>
/// One feature of the server: a class whose public methods, marked <c>[JsonRpcMethod]</c>, handle its LSP
/// methods, and which announces its own part of the capabilities. The connection admits every request
/// (see <see cref="Lifecycle"/>), so a handler never checks the server's state.
/// </summary>
internal interface IFeature
{
    /// <summary>Reads what it needs of the client's <c>initialize</c> and adds its part to the capabilities.</summary>
    ServerCapabilities Initialize(InitializeParams parameters, ServerCapabilities capabilities);
}
