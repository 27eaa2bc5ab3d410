namespace IdentityServer.Keys;

/// <summary>The outcome of a key change asked for through the API.</summary>
internal enum KeyChange
{
    Done,
    NotFound,
    /// <summary>Another node changed the same keys at the same moment; nothing was changed, try again.</summary>
    Collided,
}
