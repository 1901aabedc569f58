namespace Loyalty.Host.Infrastructure;

/// <summary>
/// Every log event id of the host, one registry by range so no two messages share an id (dashboards and alerts key on
/// them): 100–199 start-up and demo, 200–299 requests, 300–309 scheduled jobs, 310–319 live dashboards, 320–329
/// webhooks. A new message takes the next free id of its range.
/// </summary>
public static class LogEvents
{
    // 100–199: start-up and demo
    public const int InMemoryStorage = 100;
    public const int PostgresStorage = 101;
    public const int DevelopmentKeys = 102;
    public const int DatabaseCreated = 103;
    public const int CatalogLoaded = 110;
    public const int DemoDataSeeded = 111;
    public const int SimulatorStarted = 120;
    public const int SimulatorStopped = 121;
    public const int SimulatedOperationRefused = 122;
    public const int SimulatorFailed = 123;

    // 200–299: requests
    public const int UnhandledRequestException = 200;
    public const int ReferralDeferred = 201;
    public const int MemberImport = 202;
    public const int ClusterUnavailable = 203;

    // 300–309: scheduled jobs
    public const int JobPass = 300;
    public const int JobFailed = 301;
    public const int JobWithoutHandler = 303;
    public const int OutreachStopped = 304;
    public const int OutreachCompleted = 305;

    // 310–319: live dashboards
    public const int DashboardStepFailed = 310;
    public const int DashboardPushIncomplete = 311;

    // 320–329: webhooks
    public const int WebhookDelivered = 320;
    public const int WebhookRetry = 321;
    public const int WebhookDead = 322;

    // 330–349: the cluster
    public const int ClusterPassStarted = 330;
    public const int ClusterPassFailed = 331;
    public const int ClusterPassStartRetry = 332;
    public const int HostDirectoryUnreachable = 340;
    public const int HostDirectoryLeaveFailed = 341;
    public const int DashboardForwardToHostFailed = 342;
    public const int ProgramChangeUnconfirmed = 343;
    public const int DashboardForwardFailed = 344;
}
