using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;
using Loyalty.Runtime.Storage;

namespace Loyalty.Runtime;

/// <summary>
/// The reference a caller holds: every interface call becomes a message (one request record) queued to the
/// grain's activation. Orleans generates these proxies at build time; here <see cref="DispatchProxy"/> does it.
/// </summary>
public class GrainProxy : DispatchProxy
{
    private static readonly ConcurrentDictionary<MethodInfo, Func<GrainRuntime, GrainId, object?, object>> Invokers = new();

    internal GrainRuntime Runtime { get; set; } = null!;

    internal GrainId Id { get; set; }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        var invoker = Invokers.GetOrAdd(targetMethod, CreateInvoker);
        return invoker(Runtime, Id, args is { Length: > 0 } ? args[0] : null);
    }

    /// <summary>Checks the Orleans-style shape: one request parameter, a Task of one result.</summary>
    internal static void Validate(Type grainInterface)
    {
        foreach (var method in grainInterface.GetMethods().Concat(grainInterface.GetInterfaces().SelectMany(i => i.GetMethods())))
        {
            var returnsTaskOfT = method.ReturnType.IsGenericType && method.ReturnType.GetGenericTypeDefinition() == typeof(Task<>);
            if (method.GetParameters().Length != 1 || !returnsTaskOfT)
            {
                throw new InvalidOperationException(
                    $"{grainInterface.Name}.{method.Name} must take one request record and return Task<result>.");
            }
        }
    }

    private static Func<GrainRuntime, GrainId, object?, object> CreateInvoker(MethodInfo method)
    {
        var resultType = method.ReturnType.GetGenericArguments()[0];
        var factory = typeof(GrainProxy).GetMethod(nameof(CreateTypedInvoker), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(resultType);
        return (Func<GrainRuntime, GrainId, object?, object>)factory.Invoke(null, [method])!;
    }

    private static Func<GrainRuntime, GrainId, object?, object> CreateTypedInvoker<TResult>(MethodInfo method)
    {
        // (grain, request) => ((IGrainInterface)grain).Method((TRequest)request), compiled once per method.
        var grain = Expression.Parameter(typeof(object), "grain");
        var request = Expression.Parameter(typeof(object), "request");
        var call = Expression.Call(
            Expression.Convert(grain, method.DeclaringType!),
            method,
            Expression.Convert(request, method.GetParameters()[0].ParameterType));
        var body = Expression.Lambda<Func<object, object?, Task<TResult>>>(call, grain, request).Compile();
        return (runtime, id, argument) => runtime.InvokeAsync(id, body, argument);
    }
}
