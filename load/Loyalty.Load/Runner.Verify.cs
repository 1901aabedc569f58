namespace Loyalty.Load;

/// <summary>The end of a run: unknown outcomes settled by idempotent re-sends, then balances and ledgers checked.</summary>
public sealed partial class Runner
{
    /// <summary>
    /// A checkout that failed with a transport error, a 5xx or a retryable conflict may or may not have been
    /// applied. Re-sending the same body with the same id tells: it answers the original receipt or applies it now.
    /// </summary>
    private async Task ResolveUnknownOutcomesAsync()
    {
        var pending = _books.Books.SelectMany(b => b.Unresolved.Select(body => (Book: b, Body: body))).ToList();
        if (pending.Count == 0)
        {
            return;
        }
        Console.WriteLine($"settling {pending.Count} checkouts with unknown outcome by re-sending them");
        await Parallel.ForEachAsync(pending, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (p, _) =>
        {
            for (var attempt = 0; attempt < 5; attempt++)
            {
                var reply = await SendCheckoutAsync(p.Body, null);
                if (reply.Ok)
                {
                    p.Book.Record(reply.Body!);
                    return;
                }
                if (!reply.Retryable)
                {
                    return; // refused now, so it was never applied
                }
                await Task.Delay(200);
            }
            p.Book.Unresolved.Add(p.Body with { CheckoutId = "unresolved" });
        });
    }

    private async Task<(int Checked, int Mismatches, int Unresolved)> VerifyAsync()
    {
        var books = _books.Books.Where(b => !AccountBook.IsHousehold(b.Id) || b.Start is { IsCompletedSuccessfully: true, Result: not null })
            .Take(o.VerifyLimit).ToList();
        var unresolved = _books.Books.Sum(b => b.Unresolved.Count(u => u.CheckoutId == "unresolved"));
        var mismatches = 0;
        var shown = 0;
        Console.WriteLine($"verifying {books.Count} accounts through the API...");
        await Parallel.ForEachAsync(books, new ParallelOptions { MaxDegreeOfParallelism = Math.Clamp(o.Concurrency, 4, 32) }, async (book, _) =>
        {
            var problem = await CheckAsync(book);
            if (problem is not null)
            {
                Interlocked.Increment(ref mismatches);
                if (Interlocked.Increment(ref shown) <= 20)
                {
                    Console.WriteLine($"  MISMATCH {book.Id}: {problem}");
                }
            }
        });
        return (books.Count, mismatches, unresolved);
    }

    /// <summary>Null when the account agrees with the receipts the tool got; otherwise what differs.</summary>
    private async Task<string?> CheckAsync(AccountBook book)
    {
        var balance = await ReadBalanceAsync(book.Id);
        if (balance is null)
        {
            return "balance unreadable";
        }
        if (AccountBook.IsHousehold(book.Id))
        {
            var expected = book.Start.Result!.Value + book.Delta;
            return balance == expected ? null : $"balance {balance}, expected {expected} (start {book.Start.Result} + receipts {book.Delta})";
        }

        // The ledger: balance = sum of all rows, and this run's checkout rows are exactly its receipts.
        var entries = new List<LedgerEntryLite>();
        long? before = null;
        do
        {
            var page = await api.GetAsync($"api/v1/members/{book.Id}/ledger?limit=500" + (before is { } b ? $"&before={b}" : ""),
                WireJson.Default.LedgerLite);
            if (!page.Ok)
            {
                return $"ledger unreadable: {page.FailureKey}";
            }
            entries.AddRange(page.Body!.Entries);
            before = page.Body.NextBefore;
        }
        while (before is not null);
        var sum = entries.Sum(e => e.PointsDelta);
        if (sum != balance)
        {
            return $"ledger sums to {sum}, balance is {balance}";
        }
        var ours = entries.Where(e => e.Kind == "checkout" && e.OperationId.StartsWith(_runId + "-", StringComparison.Ordinal)).ToList();
        if (ours.Count != book.Receipts.Count)
        {
            return $"{ours.Count} checkout rows of this run in the ledger, {book.Receipts.Count} receipts";
        }
        foreach (var row in ours)
        {
            if (!book.Receipts.TryGetValue(row.OperationId, out var delta) || delta != row.PointsDelta)
            {
                return $"ledger row {row.OperationId} ({row.PointsDelta}) matches no receipt";
            }
        }
        return null;
    }
}
