using Loyalty.Load;

// The load driver of issue 6: `seed` fills the engine through the bulk import, `run` drives a scenario and
// checks at the end that the engine's balances and ledgers equal the receipts it answered.
LoadOptions options;
try
{
    options = LoadOptions.Parse(args);
}
catch (Exception e) when (e is ArgumentException or FormatException)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(LoadOptions.Usage);
    return 64;
}

if (options.Command == "seed")
{
    return await Seeder.RunAsync(options);
}

if (options.Command == "activate")
{
    using var reader = new Api(options.Url, options.Key, options.Concurrency);
    return await Loyalty.Load.Activator.RunAsync(options, reader);
}

using var api = new Api(options.Url, options.Key, options.Mode == "closed" ? options.Concurrency * 5 : options.Concurrency * 10);
return await new Runner(options, api).RunAsync();
