using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Grains.Flows;

/// <summary>Registers the multi-grain flows an edge (the HTTP host, a job) calls instead of orchestrating grains itself.</summary>
public static class FlowServiceExtensions
{
    public static IServiceCollection AddLoyaltyFlows(this IServiceCollection services)
    {
        services.AddSingleton<PointsTransferFlow>();
        services.AddSingleton<GiftRedemptionFlow>();
        services.AddSingleton<CheckoutFlow>();
        services.AddSingleton<MemberMergeFlow>();
        services.AddSingleton<RegistrationFlow>();
        services.AddSingleton<RefundFlow>();
        services.AddSingleton<HouseholdDissolutionFlow>();
        services.AddSingleton<CardFlow>();
        services.AddSingleton<ProfileFlow>();
        services.AddSingleton<GiftDefinitionFlow>();
        services.AddSingleton<TopUpFlow>();
        return services;
    }
}
