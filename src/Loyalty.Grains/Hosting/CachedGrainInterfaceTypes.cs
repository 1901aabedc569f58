using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Metadata;
using Orleans.Serialization.TypeSystem;

namespace Loyalty.Grains.Hosting;

/// <summary>
/// Remembers each grain interface's <see cref="GrainInterfaceType"/>. Orleans works it out again on every
/// <c>GetGrain</c> — reading the interface's custom attributes, then formatting its name through the type converter —
/// and a checkout takes two or three grain references: profiled under load, this and the proxies' copiers were a
/// sixth of the host's CPU (docs/benchmarks.md). The answer depends only on the interface, so this provider computes
/// it once the way Orleans does (attribute first, then the naming convention) and hands it back from then on. It
/// replaces Orleans' attribute provider, the only one registered by default.
/// </summary>
public sealed class CachedGrainInterfaceTypes(IServiceProvider services) : IGrainInterfaceTypeProvider
{
    private readonly ConcurrentDictionary<Type, GrainInterfaceType> _known = new();
    private readonly GrainInterfaceTypeResolver _orleans = new([new AttributeGrainInterfaceTypeProvider(services)],
        services.GetRequiredService<TypeConverter>());

    public bool TryGetGrainInterfaceType(Type type, out GrainInterfaceType grainInterfaceType)
    {
        grainInterfaceType = _known.GetOrAdd(type, static (t, orleans) => orleans.GetGrainInterfaceType(t), _orleans);
        return true;
    }

    /// <summary>
    /// Puts this provider in place of Orleans' attribute provider; call it after Orleans added its services (inside
    /// <c>UseOrleans</c> / <c>UseOrleansClient</c>).
    /// </summary>
    public static void Register(IServiceCollection services)
    {
        var attribute = services.Single(d => d.ServiceType == typeof(IGrainInterfaceTypeProvider)
            && d.ImplementationType == typeof(AttributeGrainInterfaceTypeProvider));
        services[services.IndexOf(attribute)] = ServiceDescriptor.Singleton<IGrainInterfaceTypeProvider, CachedGrainInterfaceTypes>();
    }
}
