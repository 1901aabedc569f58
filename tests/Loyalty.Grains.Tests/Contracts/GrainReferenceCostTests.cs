using System.Reflection;
using Loyalty.Grains.Contracts;
using Loyalty.Grains.Hosting;
using Loyalty.Grains.Members;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Metadata;
using Orleans.Serialization;
using Orleans.Serialization.TypeSystem;

namespace Loyalty.Grains.Tests.Contracts;

/// <summary>
/// What keeps taking a grain reference cheap (a checkout takes two or three): the interface's Orleans type is worked
/// out once, and the requests are immutable, so a reference builds no deep copier for them and a local call copies
/// nothing (docs/benchmarks.md, "Profiling the checkout on Orleans").
/// </summary>
public sealed class GrainReferenceCostTests
{
    private static readonly Type[] GrainInterfaces = typeof(IMemberGrain).Assembly.GetTypes()
        .Where(t => t.IsInterface && typeof(IGrainWithStringKey).IsAssignableFrom(t) && t != typeof(IGrainWithStringKey))
        .ToArray();

    [Fact]
    public void The_cached_interface_type_is_the_one_Orleans_works_out_for_every_grain_interface()
    {
        using var services = new ServiceCollection().AddSerializer(b => b.AddAssembly(typeof(IMemberGrain).Assembly)).BuildServiceProvider();
        var orleans = new GrainInterfaceTypeResolver([new AttributeGrainInterfaceTypeProvider(services)], services.GetRequiredService<TypeConverter>());
        var cached = new CachedGrainInterfaceTypes(services);

        Assert.NotEmpty(GrainInterfaces);
        foreach (var type in GrainInterfaces)
        {
            Assert.True(cached.TryGetGrainInterfaceType(type, out var first));
            Assert.True(cached.TryGetGrainInterfaceType(type, out var again));
            Assert.Equal(orleans.GetGrainInterfaceType(type), first);
            Assert.Equal(first, again);
        }
    }

    [Fact]
    public void The_provider_takes_the_place_of_Orleans_attribute_provider()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IGrainInterfaceTypeProvider, AttributeGrainInterfaceTypeProvider>();

        CachedGrainInterfaceTypes.Register(services);

        var provider = Assert.Single(services, d => d.ServiceType == typeof(IGrainInterfaceTypeProvider));
        Assert.Equal(typeof(CachedGrainInterfaceTypes), provider.ImplementationType);
    }

    [Fact]
    public void Every_request_a_grain_method_takes_is_sealed_and_immutable()
    {
        // The merge export carries the duplicate's lots and coupons, which the survivor takes into its own state:
        // it must arrive as a copy.
        var copied = new[] { typeof(AbsorbMerge) };
        var mutable = GrainInterfaces
            .SelectMany(i => i.GetMethods())
            .SelectMany(m => m.GetParameters().Select(p => p.ParameterType))
            .Where(t => t.Namespace?.StartsWith("Loyalty", StringComparison.Ordinal) == true && !t.IsEnum && !copied.Contains(t))
            .Where(t => !t.IsSealed || t.GetCustomAttribute<ImmutableAttribute>() is null)
            .Select(t => t.Name)
            .Distinct()
            .ToList();

        Assert.Empty(mutable);
    }
}
