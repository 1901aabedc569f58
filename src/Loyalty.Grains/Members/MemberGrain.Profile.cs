using System.Text.Json;
using Loyalty.Domain;
using Loyalty.Grains.Contracts;
using Loyalty.Persistence.Storage;

namespace Loyalty.Grains.Members;

/// <summary>Profile changes (audited: who, when, old → new) and leaving at the member's own request.</summary>
public sealed partial class MemberGrain
{
    public Task<ProfileUpdated> UpdateProfile(UpdateProfile request)
    {
        EnsureExists();
        if (State.Status == MemberStatus.Cancelled)
        {
            throw new DomainException(ErrorCodes.MemberCancelled, "The membership is cancelled.");
        }
        var program = programs.Current;
        var now = Time.GetUtcNow();
        var today = ProgramCalendar.Today(program, now);
        var birthdayChanges = request.Birthday is { } birthday && birthday != State.Birthday;
        if (birthdayChanges && program.BirthdayChangeMonths > 0 && State.BirthdayChangedOn is { } last
            && today < last.AddMonths(program.BirthdayChangeMonths))
        {
            throw new DomainException(ErrorCodes.BirthdayChangeLimited,
                $"The birthday was changed on {last:yyyy-MM-dd}; it may change again from {last.AddMonths(program.BirthdayChangeMonths):yyyy-MM-dd}.");
        }

        // Validated; from here on the call only applies.
        var changes = new List<ProfileChange>();
        void Change(string field, string? from, string? to)
        {
            if (from != to)
            {
                changes.Add(new ProfileChange { Field = field, From = from, To = to, By = request.By.KeyId, At = now });
            }
        }
        string? replacedPhone = null;
        if (request.Name is { } name)
        {
            Change("name", State.Name, name);
            State.Name = name;
        }
        if (request.Phone is { } phone && phone != State.Phone)
        {
            Change("phone", State.Phone, phone);
            replacedPhone = State.Phone;
            State.Phone = phone;
        }
        if (birthdayChanges)
        {
            Change("birthday", State.Birthday?.ToString("yyyy-MM-dd"), request.Birthday!.Value.ToString("yyyy-MM-dd"));
            State.Birthday = request.Birthday;
            State.BirthdayChangedOn = today;
        }
        if (request.Gender is { } gender)
        {
            Change("gender", State.Gender, Blank(gender));
            State.Gender = Blank(gender);
        }
        if (request.Address is { } address)
        {
            Change("address", State.Address, Blank(address));
            State.Address = Blank(address);
        }
        if (request.Email is { } email)
        {
            Change("email", State.Email, Blank(email));
            State.Email = Blank(email);
        }
        if (request.ContactPreferences is { } contact)
        {
            Change("contactPreferences", Channels(State.Contact ?? new ContactPreferences()), Channels(contact.Sms, contact.Email, contact.App));
            State.Contact = new ContactPreferences { Sms = contact.Sms, Email = contact.Email, App = contact.App };
        }
        if (changes.Count == 0)
        {
            return Task.FromResult(new ProfileUpdated(View(), null));
        }
        (State.ProfileChanges ??= []).AddRange(changes);
        AppendLedger(new LedgerRow(Account, $"profile:{State.ProfileChanges.Count}", "profile", now, request.By.StoreId,
            PointsAfter: State.Points,
            DataJson: JsonSerializer.Serialize(new ProfileLedgerNote(changes.Select(c => c.Field).ToList(), request.By.KeyId),
                GrainJson.Default.ProfileLedgerNote)));
        if (birthdayChanges)
        {
            // Birthday care follows the new date.
            RescheduleJobs(program, today);
        }
        return Task.FromResult(new ProfileUpdated(View(), replacedPhone));
    }

    public Task<ProfileChangeList> ProfileChanges(GetProfileChanges request)
    {
        EnsureExists();
        return Task.FromResult(new ProfileChangeList(Key,
            (State.ProfileChanges ?? []).Select(c => new ProfileChangeView(c.Field, c.From, c.To, c.By, c.At)).ToList()));
    }

    public Task<MemberView> Leave(LeaveProgram request)
    {
        EnsureExists();
        if (State.Status == MemberStatus.Cancelled)
        {
            return Task.FromResult(View());
        }
        var now = Time.GetUtcNow();
        var from = State.Status;
        var reason = string.IsNullOrWhiteSpace(request.Note) ? "member's own request" : $"member's own request: {request.Note.Trim()}";
        State.Status = MemberStatus.Cancelled;
        State.StatusHistory.Add(new StatusChange { Status = MemberStatus.Cancelled, Reason = reason, By = request.By.KeyId, At = now, OwnRequest = true });
        AppendLedger(new LedgerRow(Account, $"status:{State.StatusHistory.Count}", "status", now, request.By.StoreId,
            PointsAfter: State.Points,
            DataJson: JsonSerializer.Serialize(new LedgerNote($"{from} -> {MemberStatus.Cancelled}: {reason}", request.By.KeyId), GrainJson.Default.LedgerNote)));
        RescheduleJobs(programs.Current, ProgramCalendar.Today(programs.Current, now));
        return Task.FromResult(View());
    }

    private static string? Blank(string value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string Channels(ContactPreferences c) => Channels(c.Sms, c.Email, c.App);

    private static string Channels(bool sms, bool email, bool app)
    {
        var on = new[] { sms ? "sms" : null, email ? "email" : null, app ? "app" : null }.OfType<string>().ToList();
        return on.Count == 0 ? "none" : string.Join(",", on);
    }
}
