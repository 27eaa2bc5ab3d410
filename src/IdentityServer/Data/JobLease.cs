namespace IdentityServer.Data;

/// <summary>
/// A background job's lease: the node named in <see cref="Holder"/> runs the job until
/// <see cref="ExpiresAt"/>; another node takes it over only after that (one node at a time).
/// </summary>
internal sealed class JobLease
{
    public string Name { get; set; } = "";
    public string Holder { get; set; } = "";
    public DateTimeOffset ExpiresAt { get; set; }
}
