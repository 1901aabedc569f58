-- Orleans' stock ADO.NET providers (Microsoft.Orleans.Clustering.AdoNet, .Reminders.AdoNet and .Persistence.AdoNet
-- 10.4.2, Invariant "Npgsql") on PostgreSQL: their tables, plus the SQL they run, which they read at start-up from
-- OrleansQuery. Written for this project against the contract of those packages: the query keys, the @parameter
-- names and the result column names are theirs; everything else is ours. Unqualified names, as in every migration.
--
-- Reading results: the packages read columns by name and Npgsql matches names case-insensitively, so the lower-case
-- names PostgreSQL returns for unquoted aliases (AS Version -> version) are found. Parameters arrive typed by the
-- .NET value: strings as text, int/long as integer/bigint, DateTime (always UTC) as timestamptz, byte[] as bytea.

-- The catalogue of named queries. Name and columns are fixed: the packages run the unquoted
-- "SELECT QueryKey, QueryText FROM OrleansQuery", which PostgreSQL folds to orleansquery (querykey, querytext).
CREATE TABLE OrleansQuery (
    QueryKey  text PRIMARY KEY,
    QueryText text NOT NULL
);


-- ============================================================================================================
-- Membership (clustering). One version row per cluster (deployment id = ClusterId); every membership change
-- (a silo joining, a status change, a suspicion vote) must move that version from the value the writer read to
-- the next one, so two silos acting on the same snapshot cannot both win. Heartbeats (I-am-alive) do not change
-- the version. Clients read the gateway list from the same table.
-- ============================================================================================================

CREATE TABLE orleans_membership_version (
    deployment_id text        PRIMARY KEY,
    version       integer     NOT NULL DEFAULT 0,
    changed_at    timestamptz NOT NULL DEFAULT now()
);

-- One row per silo incarnation; status is Orleans' SiloStatus (3 = Active, 6 = Dead). suspect_times is Orleans'
-- own "silo,time|silo,time" text and is only stored and compared, never parsed here.
CREATE TABLE orleans_membership (
    deployment_id   text        NOT NULL REFERENCES orleans_membership_version (deployment_id),
    address         text        NOT NULL,
    port            integer     NOT NULL,
    generation      integer     NOT NULL,
    silo_name       text        NOT NULL,
    host_name       text        NOT NULL,
    status          integer     NOT NULL,
    proxy_port      integer     NOT NULL,
    suspect_times   text,
    start_time      timestamptz NOT NULL,
    i_am_alive_time timestamptz NOT NULL,
    PRIMARY KEY (deployment_id, address, port, generation)
);

-- Joining: the row is inserted only together with the version step, and the version only steps when the row is
-- new, so a refused insert leaves the table (and its version) unchanged. Concurrent writers queue on the version
-- row; the second one then finds a different version and is refused.
CREATE FUNCTION orleans_membership_insert(
    p_deployment_id   text,
    p_address         text,
    p_port            integer,
    p_generation      integer,
    p_silo_name       text,
    p_host_name       text,
    p_status          integer,
    p_proxy_port      integer,
    p_start_time      timestamptz,
    p_i_am_alive_time timestamptz,
    p_version         integer)
RETURNS boolean
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE orleans_membership_version
    SET version = version + 1, changed_at = now()
    WHERE deployment_id = p_deployment_id
      AND version = p_version
      AND NOT EXISTS (SELECT 1 FROM orleans_membership m
                      WHERE m.deployment_id = p_deployment_id AND m.address = p_address
                        AND m.port = p_port AND m.generation = p_generation);
    IF NOT FOUND THEN
        RETURN false;
    END IF;
    INSERT INTO orleans_membership (deployment_id, address, port, generation, silo_name, host_name, status,
                                    proxy_port, start_time, i_am_alive_time)
    VALUES (p_deployment_id, p_address, p_port, p_generation, p_silo_name, p_host_name, p_status,
            p_proxy_port, p_start_time, p_i_am_alive_time);
    RETURN true;
END
$$;

-- Changing a silo's row: lock the row first (a missing row is refused without touching the version), then step
-- the version if it is still the one the writer read, then change the row. Lock order is row, then version; no
-- writer holds the version and then waits for an existing row, so this cannot deadlock with joins or heartbeats.
CREATE FUNCTION orleans_membership_update(
    p_deployment_id   text,
    p_address         text,
    p_port            integer,
    p_generation      integer,
    p_status          integer,
    p_suspect_times   text,
    p_i_am_alive_time timestamptz,
    p_version         integer)
RETURNS boolean
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM orleans_membership
    WHERE deployment_id = p_deployment_id AND address = p_address AND port = p_port AND generation = p_generation
    FOR UPDATE;
    IF NOT FOUND THEN
        RETURN false;
    END IF;
    UPDATE orleans_membership_version
    SET version = version + 1, changed_at = now()
    WHERE deployment_id = p_deployment_id AND version = p_version;
    IF NOT FOUND THEN
        RETURN false;
    END IF;
    UPDATE orleans_membership
    SET status = p_status, suspect_times = p_suspect_times, i_am_alive_time = p_i_am_alive_time
    WHERE deployment_id = p_deployment_id AND address = p_address AND port = p_port AND generation = p_generation;
    RETURN true;
END
$$;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
-- Created by each silo at start; true only for the one that created it.
('InsertMembershipVersionKey', $sql$
WITH created AS (
    INSERT INTO orleans_membership_version (deployment_id) VALUES (@DeploymentId)
    ON CONFLICT (deployment_id) DO NOTHING
    RETURNING 1)
SELECT EXISTS (SELECT 1 FROM created) AS Created
$sql$),

('InsertMembershipKey', $sql$
SELECT orleans_membership_insert(@DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName, @Status,
                                 @ProxyPort, @StartTime, @IAmAliveTime, @Version) AS Inserted
$sql$),

('UpdateMembershipKey', $sql$
SELECT orleans_membership_update(@DeploymentId, @Address, @Port, @Generation, @Status, @SuspectTimes,
                                 @IAmAliveTime, @Version) AS Updated
$sql$),

-- Heartbeat: only the silo's own row, no version step.
('UpdateIAmAlivetimeKey', $sql$
UPDATE orleans_membership SET i_am_alive_time = @IAmAliveTime
WHERE deployment_id = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation
$sql$),

-- Reads start from the version row so the version comes back even with no (matching) silo row; the package
-- takes a row without StartTime as "version only".
('MembershipReadRowKey', $sql$
SELECT v.deployment_id AS DeploymentId, m.address AS Address, m.port AS Port, m.generation AS Generation,
       m.silo_name AS SiloName, m.host_name AS HostName, m.status AS Status, m.proxy_port AS ProxyPort,
       m.suspect_times AS SuspectTimes, m.start_time AS StartTime, m.i_am_alive_time AS IAmAliveTime,
       v.version AS Version
FROM orleans_membership_version v
LEFT JOIN orleans_membership m
       ON m.deployment_id = v.deployment_id
      AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
WHERE v.deployment_id = @DeploymentId
$sql$),

('MembershipReadAllKey', $sql$
SELECT v.deployment_id AS DeploymentId, m.address AS Address, m.port AS Port, m.generation AS Generation,
       m.silo_name AS SiloName, m.host_name AS HostName, m.status AS Status, m.proxy_port AS ProxyPort,
       m.suspect_times AS SuspectTimes, m.start_time AS StartTime, m.i_am_alive_time AS IAmAliveTime,
       v.version AS Version
FROM orleans_membership_version v
LEFT JOIN orleans_membership m ON m.deployment_id = v.deployment_id
WHERE v.deployment_id = @DeploymentId
$sql$),

-- Gateways for clients: active silos that accept clients (@Status is Active).
('GatewaysQueryKey', $sql$
SELECT address AS Address, proxy_port AS ProxyPort, generation AS Generation
FROM orleans_membership
WHERE deployment_id = @DeploymentId AND status = @Status AND proxy_port > 0
$sql$),

-- Removes a whole cluster (used by tests and tooling): rows first, then the version row they reference.
('DeleteMembershipTableEntriesKey', $sql$
DELETE FROM orleans_membership WHERE deployment_id = @DeploymentId;
DELETE FROM orleans_membership_version WHERE deployment_id = @DeploymentId
$sql$),

-- Clean-up of old dead silos. 10.4.2 prefers CleanupDefunctSiloEntryKey (below) and keeps this one as the
-- required fallback: dead rows that neither started nor heartbeated since the cut-off.
('CleanupDefunctSiloEntriesKey', $sql$
DELETE FROM orleans_membership
WHERE deployment_id = @DeploymentId AND status = 6
  AND i_am_alive_time < @IAmAliveTime AND start_time < @IAmAliveTime
$sql$),

-- Optional in 10.4.2, used when present: the package picks eligible dead rows from a read and deletes each one only
-- if it is still exactly as read (status, start, heartbeat, suspicions), so a concurrent change keeps the row.
('CleanupDefunctSiloEntryKey', $sql$
DELETE FROM orleans_membership
WHERE deployment_id = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation
  AND status = 6
  AND start_time = @StartTime AND i_am_alive_time = @IAmAliveTime
  AND coalesce(suspect_times, '') = coalesce(@SuspectTimes, '')
$sql$);


-- ============================================================================================================
-- Reminders. Keyed by (service id, grain id, reminder name); grain_hash is the grain's uniform hash as a signed
-- integer, which each silo uses to read the reminders of its ring range. version is the reminder's etag: every
-- upsert steps it, and a delete only succeeds with the current one.
-- ============================================================================================================

CREATE TABLE orleans_reminder (
    service_id    text        NOT NULL,
    grain_id      text        NOT NULL,
    reminder_name text        NOT NULL,
    start_time    timestamptz NOT NULL,
    period        bigint      NOT NULL, -- milliseconds
    grain_hash    integer     NOT NULL,
    version       integer     NOT NULL,
    PRIMARY KEY (service_id, grain_id, reminder_name)
);

-- Range reads by ring position.
CREATE INDEX orleans_reminder_service_hash ON orleans_reminder (service_id, grain_hash);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('UpsertReminderRowKey', $sql$
INSERT INTO orleans_reminder AS r (service_id, grain_id, reminder_name, start_time, period, grain_hash, version)
VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE
SET start_time = excluded.start_time, period = excluded.period, grain_hash = excluded.grain_hash,
    version = r.version + 1
RETURNING r.version AS Version
$sql$),

('ReadReminderRowKey', $sql$
SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime, period AS Period,
       version AS Version
FROM orleans_reminder
WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName
$sql$),

('ReadReminderRowsKey', $sql$
SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime, period AS Period,
       version AS Version
FROM orleans_reminder
WHERE service_id = @ServiceId AND grain_id = @GrainId
$sql$),

-- Ring range (begin, end] that does not wrap in signed order (the package picks this key when begin < end).
('ReadRangeRows1Key', $sql$
SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime, period AS Period,
       version AS Version
FROM orleans_reminder
WHERE service_id = @ServiceId AND grain_hash > @BeginHash AND grain_hash <= @EndHash
$sql$),

-- Ring range that wraps (or is the whole ring when begin = end).
('ReadRangeRows2Key', $sql$
SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime, period AS Period,
       version AS Version
FROM orleans_reminder
WHERE service_id = @ServiceId AND (grain_hash > @BeginHash OR grain_hash <= @EndHash)
$sql$),

('DeleteReminderRowKey', $sql$
WITH deleted AS (
    DELETE FROM orleans_reminder
    WHERE service_id = @ServiceId AND grain_id = @GrainId AND reminder_name = @ReminderName
      AND version = @Version
    RETURNING 1)
SELECT EXISTS (SELECT 1 FROM deleted) AS Deleted
$sql$),

('DeleteReminderRowsKey', $sql$
DELETE FROM orleans_reminder WHERE service_id = @ServiceId
$sql$);


-- ============================================================================================================
-- Grain storage (AddAdoNetGrainStorage). A grain's state is identified by what the package sends: service id,
-- "grain type" (the [PersistentState] state name, or the grain class for Grain<TState>; the grain class of a
-- [PersistentState] is NOT sent, so two grain classes sharing a state name and a key share a row) and the key as
-- n0/n1 (Guid halves or the integer key, else 0) plus the extension string (the whole key for string keys, the
-- key extension for compound keys, else NULL). The unique key is exactly that; NULLS NOT DISTINCT (PostgreSQL 15)
-- makes "no extension" one value, so a second row for the same grain cannot exist. The hashes the package also
-- sends are derived from these values and are ignored: keying on them would tie rows to the hasher in use.
--
-- payload is the serializer's output as bytes: the package only writes and reads the PayloadBinary parameter/column
-- (System.Text.Json output is UTF-8 JSON; convert_from(payload, 'UTF8')::jsonb reads it in SQL). A NULL payload
-- is a cleared state whose row keeps its version, so the etag sequence never restarts.
--
-- version is the etag. The package sends the etag it holds (NULL before the first write) and treats a returned
-- version that is NULL, empty or equal to the one it sent as a conflict (InconsistentStateException). So a write
-- returns the new version only if it inserted a new row (sent NULL) or updated the row still at the sent version,
-- and NULL otherwise; exactly one row is always returned.
-- ============================================================================================================

CREATE TABLE orleans_grain_storage (
    service_id         text        NOT NULL,
    grain_type         text        NOT NULL,
    grain_id_n0        bigint      NOT NULL,
    grain_id_n1        bigint      NOT NULL,
    grain_id_extension text,
    payload            bytea,
    version            integer     NOT NULL,
    modified_at        timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT orleans_grain_storage_identity
        UNIQUE NULLS NOT DISTINCT (service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_extension)
);

-- The extension test is written as "= value, or both NULL" (not IS NOT DISTINCT FROM) so it can use the unique
-- index, whether the plan knows the value or not.
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('ReadFromStorageKey', $sql$
SELECT payload AS PayloadBinary, version AS Version
FROM orleans_grain_storage
WHERE service_id = @ServiceId AND grain_type = @GrainTypeString
  AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
  AND (grain_id_extension = @GrainIdExtensionString
       OR (grain_id_extension IS NULL AND @GrainIdExtensionString IS NULL))
$sql$),

-- First write (no etag): insert at version 1, refused if the row exists (another activation got there first, or
-- the state was read elsewhere). Later writes: step the version of the row still at the sent version. The two
-- branches exclude each other through @GrainStateVersion.
('WriteToStorageKey', $sql$
WITH inserted AS (
    INSERT INTO orleans_grain_storage (service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_extension,
                                       payload, version)
    SELECT @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, @GrainIdExtensionString, @PayloadBinary, 1
    WHERE @GrainStateVersion IS NULL
    ON CONFLICT (service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_extension) DO NOTHING
    RETURNING version),
updated AS (
    UPDATE orleans_grain_storage
    SET payload = @PayloadBinary, version = version + 1, modified_at = now()
    WHERE service_id = @ServiceId AND grain_type = @GrainTypeString
      AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
      AND (grain_id_extension = @GrainIdExtensionString
           OR (grain_id_extension IS NULL AND @GrainIdExtensionString IS NULL))
      AND version = @GrainStateVersion
    RETURNING version)
SELECT (SELECT version FROM inserted UNION ALL SELECT version FROM updated) AS NewGrainStateVersion
$sql$),

-- ClearStateAsync (default): keep the row, drop the payload, step the version; NULL if the etag is stale.
('ClearStorageKey', $sql$
WITH cleared AS (
    UPDATE orleans_grain_storage
    SET payload = NULL, version = version + 1, modified_at = now()
    WHERE service_id = @ServiceId AND grain_type = @GrainTypeString
      AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
      AND (grain_id_extension = @GrainIdExtensionString
           OR (grain_id_extension IS NULL AND @GrainIdExtensionString IS NULL))
      AND version = @GrainStateVersion
    RETURNING version)
SELECT (SELECT version FROM cleared) AS NewGrainStateVersion
$sql$),

-- ClearStateAsync with DeleteStateOnClear = true: delete the row at the sent version. The package only needs a
-- value different from the etag on success (it then forgets the etag), NULL when refused.
('DeleteStorageKey', $sql$
WITH deleted AS (
    DELETE FROM orleans_grain_storage
    WHERE service_id = @ServiceId AND grain_type = @GrainTypeString
      AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
      AND (grain_id_extension = @GrainIdExtensionString
           OR (grain_id_extension IS NULL AND @GrainIdExtensionString IS NULL))
      AND version = @GrainStateVersion
    RETURNING version + 1 AS version)
SELECT (SELECT version FROM deleted) AS NewGrainStateVersion
$sql$);
