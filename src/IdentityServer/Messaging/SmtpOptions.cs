namespace IdentityServer.Messaging;

/// <summary>Email__Smtp__*: the SMTP relay the Smtp provider submits to.</summary>
internal sealed class SmtpOptions
{
    public const string Section = "Email:Smtp";
    public static readonly string[] SecurityModes = ["StartTls", "SslOnConnect", "None"];

    /// <summary>Email__Smtp__Host: required when Email__Provider is Smtp.</summary>
    public string? Host { get; set; }

    /// <summary>Email__Smtp__Port: default 587 (submission).</summary>
    public int Port { get; set; } = 587;

    /// <summary>Email__Smtp__Username: when set, the client authenticates (with Email__Smtp__Password).</summary>
    public string? Username { get; set; }

    /// <summary>Email__Smtp__Password: the password of Email__Smtp__Username.</summary>
    public string? Password { get; set; }

    /// <summary>Email__Smtp__Security: StartTls (required, not opportunistic), SslOnConnect (usually port 465) or None. Default: StartTls.</summary>
    public string Security { get; set; } = "StartTls";

    /// <summary>Email__Smtp__Timeout: the most one send may take, connection included. Default: 30 s.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
