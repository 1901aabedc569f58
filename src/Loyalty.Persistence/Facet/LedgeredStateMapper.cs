using System.Reflection;
using Microsoft.Extensions.DependencyInjection;

namespace Loyalty.Persistence;

/// <summary>Creates the <see cref="ILedgeredState{TState}"/> facet for a constructor parameter marked <see cref="LedgeredStateAttribute"/>.</summary>
internal sealed class LedgeredStateMapper : IAttributeToFactoryMapper<LedgeredStateAttribute>
{
    public Factory<IGrainContext, object> GetFactory(ParameterInfo parameter, LedgeredStateAttribute metadata)
    {
        var type = parameter.ParameterType;
        if (!type.IsGenericType || type.GetGenericTypeDefinition() != typeof(ILedgeredState<>))
        {
            throw new ArgumentException(
                $"Parameter '{parameter.Name}' of {parameter.Member.DeclaringType} is marked [LedgeredState] but is not an ILedgeredState<TState>.",
                parameter.Name);
        }
        var stateType = typeof(LedgeredState<>).MakeGenericType(type.GetGenericArguments());
        var create = ActivatorUtilities.CreateFactory(stateType, [typeof(IGrainContext), typeof(LedgeredStateAttribute)]);
        return context => create(context.ActivationServices, [context, metadata]);
    }
}
