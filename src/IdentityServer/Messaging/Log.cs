namespace IdentityServer.Messaging;

/// <summary>Messaging's log events. Phone numbers and email addresses arrive masked (+1******0123, a***@example.com); message texts and secrets never appear.</summary>
internal static partial class Log
{
    [LoggerMessage(Level = LogLevel.Information, Message = "SMS for {Tenant} to {Phone} written to the outbox")]
    public static partial void OutboxWritten(ILogger logger, string tenant, string phone);

    [LoggerMessage(Level = LogLevel.Error, Message = "SMS for {Tenant} to {Phone} could not be written to the outbox")]
    public static partial void OutboxFailed(ILogger logger, Exception exception, string tenant, string phone);

    [LoggerMessage(Level = LogLevel.Information, Message = "Vonage accepted the SMS for {Tenant} to {Phone} as {MessageId} (try {Attempt})")]
    public static partial void VonageAccepted(ILogger logger, string tenant, string phone, string? messageId, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Vonage answered status {Status} for {Tenant} to {Phone} (try {Attempt}); retrying in {DelayMs} ms")]
    public static partial void VonageRetrying(ILogger logger, string status, string tenant, string phone, int attempt, long delayMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Vonage refused the SMS for {Tenant} to {Phone}: status {Status} ({ErrorText}), transient: {Transient}")]
    public static partial void VonageRefused(ILogger logger, string tenant, string phone, string status, string errorText, bool transient);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Vonage answered HTTP {HttpStatus} for {Tenant} to {Phone}")]
    public static partial void VonageHttpFailed(ILogger logger, int httpStatus, string tenant, string phone);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Vonage could not be reached for {Tenant} to {Phone}: {Reason}")]
    public static partial void VonageUnreachable(ILogger logger, Exception exception, string tenant, string phone, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Vonage's answer for {Tenant} to {Phone} could not be read")]
    public static partial void VonageMalformedAnswer(ILogger logger, string tenant, string phone);

    [LoggerMessage(Level = LogLevel.Information, Message = "Delivery receipt for {MessageId}: {Status} (error code {ErrorCode})")]
    public static partial void ReceiptRecorded(ILogger logger, string messageId, string status, string? errorCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Vonage delivery receipt refused: {Reason}")]
    public static partial void ReceiptUnauthorized(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Vonage delivery receipt malformed: {Reason}")]
    public static partial void ReceiptMalformed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Email for {Tenant} to {Email} written to the outbox")]
    public static partial void EmailOutboxWritten(ILogger logger, string tenant, string email);

    [LoggerMessage(Level = LogLevel.Error, Message = "Email for {Tenant} to {Email} could not be written to the outbox")]
    public static partial void EmailOutboxFailed(ILogger logger, Exception exception, string tenant, string email);

    [LoggerMessage(Level = LogLevel.Information, Message = "SMTP server accepted the email for {Tenant} to {Email}")]
    public static partial void SmtpAccepted(ILogger logger, string tenant, string email);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SMTP server refused the email for {Tenant} to {Email}: {SmtpStatus} ({SmtpError}), transient: {Transient}")]
    public static partial void SmtpRefused(ILogger logger, string tenant, string email, int smtpStatus, string smtpError, bool transient);

    [LoggerMessage(Level = LogLevel.Error, Message = "SMTP server cannot deliver the email for {Tenant} to {Email} with the configured security: {Reason}")]
    public static partial void SmtpMisconfigured(ILogger logger, Exception exception, string tenant, string email, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SMTP server could not be reached for {Tenant} to {Email}: {Reason}")]
    public static partial void SmtpUnreachable(ILogger logger, Exception? exception, string tenant, string email, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "The send queue could not be drained; retrying at the next poll")]
    public static partial void QueueFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Queued {Kind} for {Tenant} failed (try {Attempt}); next try at {DueAt}")]
    public static partial void QueueRetrying(ILogger logger, string tenant, string kind, int attempt, DateTimeOffset dueAt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Queued {Kind} for {Tenant} given up: {Error}")]
    public static partial void QueueGaveUp(ILogger logger, string tenant, string kind, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "SMS for {Tenant} to {Phone} could not be delivered: {Error}")]
    public static partial void SmsUndeliverable(ILogger logger, string tenant, string phone, string error);
}
