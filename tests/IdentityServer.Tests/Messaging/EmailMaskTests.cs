using IdentityServer.Messaging;

namespace IdentityServer.Tests.Messaging;

/// <summary>SPEC 8: addresses in logs keep only a first letter and the domain.</summary>
public sealed class EmailMaskTests
{
    [Theory]
    [InlineData("alice@example.com", "a***@example.com")]
    [InlineData("a@b.example", "a***@b.example")]
    [InlineData("alice", "***")]
    [InlineData("@example.com", "***")]
    [InlineData(null, "***")]
    public void Mask_KeepsTheFirstLetterAndTheDomain(string? address, string masked) => Assert.Equal(masked, EmailMask.Mask(address));
}
