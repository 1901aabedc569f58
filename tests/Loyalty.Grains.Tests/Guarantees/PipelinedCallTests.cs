using Loyalty.Grains.Tests.Support;
using Loyalty.Grains.Tests.TestGrains;
using Loyalty.Persistence;

namespace Loyalty.Grains.Tests.Guarantees;

/// <summary>
/// Calls answered before their commit (<see cref="AnswerBeforeCommitAttribute"/>): the account (a member's shape) runs
/// its next turn while its write and the pool's (a household's) are in flight; nothing is answered outside before
/// both are durable, and a lost pool commit takes the account's change with it. Each holds whether the account waits
/// for the pool's write directly (<see cref="LedgeredStateAttribute.SharesDurability"/>) or asks the pool.
/// </summary>
public sealed class PipelinedCallTests
{
    private const string SharedPool = "pool";
    private const string AskedPool = PoolGrainBase.AskedPrefix + "pool";

    public static TheoryData<string, string> StoresAndPools => new()
    {
        { StoreKind.Memory, SharedPool },
        { StoreKind.Memory, AskedPool },
        { StoreKind.Postgres, SharedPool },
        { StoreKind.Postgres, AskedPool },
    };

    public static TheoryData<string> Pools => [SharedPool, AskedPool];

    [Theory]
    [MemberData(nameof(StoresAndPools))]
    public async Task Calls_between_grains_end_with_exact_totals_on_both_sides(string kind, string poolKey)
    {
        await using var store = await StoreKind.CreateAsync(kind);
        var gated = new GatedStorage(store.Store);
        await using var cluster = await LedgeredCluster.StartAsync(gated);

        await Task.WhenAll(Enumerable.Range(0, 400).Select(i =>
            cluster.Grain<IAccountGrain>($"a{i % 8}").Deposit($"op-{i}", 1, poolKey)));

        Assert.Equal(400, await PoolGrainBase.For(cluster.Client, poolKey).Total());
        for (var a = 0; a < 8; a++)
        {
            Assert.Equal(50, await cluster.Grain<IAccountGrain>($"a{a}").Total());
            Assert.Equal(50, (await store.Store.ReadLedgerAsync($"account:a{a}", 100)).Count);
        }
        Assert.Equal(400, (await store.Store.ReadLedgerAsync($"pool:{poolKey}", 1000)).Count);
        // Turns pipelined behind in-flight writes: far fewer writes than calls on both sides.
        Assert.True(gated.WritesOf(poolKey) < 400, $"{gated.WritesOf(poolKey)} pool writes");
        Assert.True(gated.WritesOf("account") < 400, $"{gated.WritesOf("account")} account writes");
    }

    [Fact]
    public async Task An_account_waits_for_a_pool_in_its_silo_without_a_call_and_asks_another_once_per_write()
    {
        await using var store = await StoreKind.CreateAsync(StoreKind.Memory);
        var gated = new GatedStorage(store.Store);
        await using var cluster = await LedgeredCluster.StartAsync(gated, silos: 1);
        const string shared = "counted-pool", asked = PoolGrainBase.AskedPrefix + "counted-pool";

        var accountWrites = new Dictionary<string, int>();
        foreach (var pool in new[] { shared, asked })
        {
            var before = gated.WritesOf("account");
            await Task.WhenAll(Enumerable.Range(0, 200).Select(i =>
                cluster.Grain<IAccountGrain>($"{pool}-a{i % 4}").Deposit($"op-{i}", 1, pool)));
            Assert.Equal(200, await PoolGrainBase.For(cluster.Client, pool).Total());
            accountWrites[pool] = gated.WritesOf("account") - before;
        }

        Assert.False(PoolGrainBase.AwaitDurableCalls.ContainsKey(shared));
        // Asked once per account write, however many of the write's turns used the pool.
        Assert.Equal(accountWrites[asked], PoolGrainBase.AwaitDurableCalls.GetValueOrDefault(asked));
        Assert.True(accountWrites[asked] < 200, $"{accountWrites[asked]} account writes for 200 deposits");
    }

    [Theory]
    [MemberData(nameof(Pools))]
    public async Task An_account_runs_its_next_turn_while_its_write_is_held_and_answers_only_when_it_is_durable(string poolKey)
    {
        await using var store = await StoreKind.CreateAsync(StoreKind.Memory);
        var gated = new GatedStorage(store.Store);
        await using var cluster = await LedgeredCluster.StartAsync(gated, silos: 1);
        var account = cluster.Grain<IAccountGrain>("a");
        await account.Deposit("warm", 1, poolKey);

        gated.Hold();
        var first = account.Deposit("d1", 10, poolKey);
        var second = account.Deposit("d2", 100, poolKey);
        // Both turns ran against memory (the pool holds both amounts) while no write could complete...
        var pool = PoolGrainBase.For(cluster.Client, poolKey);
        while (await pool.Uncommitted() != 111)
        {
            await Task.Yield();
        }
        // ...and neither deposit is answered before its writes are durable.
        Assert.False(first.IsCompleted);
        Assert.False(second.IsCompleted);
        gated.Release();

        // The two concurrent deposits ran one after the other, in either order.
        var answers = new[] { await first, await second }.Order().ToArray();
        Assert.True(answers is [11, 111] or [101, 111], string.Join(", ", answers));
    }

    [Theory]
    [MemberData(nameof(StoresAndPools))]
    public async Task When_the_pools_commit_is_lost_the_accounts_deposit_fails_and_changes_nothing(string kind, string poolKey)
    {
        await using var store = await StoreKind.CreateAsync(kind);
        var gated = new GatedStorage(store.Store);
        await using var cluster = await LedgeredCluster.StartAsync(gated, silos: 1);
        await cluster.Grain<IAccountGrain>("a").Deposit("warm", 1, poolKey);
        var pool = PoolGrainBase.For(cluster.Client, poolKey);

        gated.RefuseType = poolKey;
        await Assert.ThrowsAsync<GrainConflictException>(() => cluster.Grain<IAccountGrain>("a").Deposit("lost", 10, poolKey));
        gated.RefuseType = null;

        Assert.Equal(1, await cluster.Grain<IAccountGrain>("a").Total());
        Assert.Equal(1, await pool.Total());
        Assert.Single(await store.Store.ReadLedgerAsync("account:a", 10));
        // The retry applies it once on both sides.
        Assert.Equal(11, await cluster.Grain<IAccountGrain>("a").Deposit("lost", 10, poolKey));
        Assert.Equal(11, await pool.Total());
    }
}
