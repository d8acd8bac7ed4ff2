using Npgsql;

namespace Augment.Library;

/// <summary>Creates and checks the tables of a catalogue; one version number guards the layout.</summary>
internal static class PostgresSchema
{
    /// <summary>The layout this code reads and writes; a schema of another version is refused.</summary>
    public const int Version = 1;

    /// <summary>How embeddings are stored: pgvector's <c>vector</c> or plain float32 bytes.</summary>
    public const string PgvectorStorage = "pgvector";

    /// <summary>Embeddings as <c>bytea</c> of little-endian float32 (exact values, half the wire size of <c>real[]</c>), searched in-process.</summary>
    public const string ArrayStorage = "array";

    /// <summary>
    /// Creates the schema when it is new (under an advisory lock, so that workers opening a fresh catalogue together
    /// create it once) and returns its embedding storage; refuses a schema of another version.
    /// </summary>
    public static async Task<string> EnsureAsync(NpgsqlConnection connection, string schema, bool pgvector, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtext('augment.library:' || @schema))", connection, transaction))
        {
            command.Parameters.AddWithValue("schema", schema);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        bool metaExists;
        await using (var command = new NpgsqlCommand("SELECT to_regclass(@table) IS NOT NULL", connection, transaction))
        {
            command.Parameters.AddWithValue("table", $"\"{schema}\".meta");
            metaExists = (bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }
        if (metaExists)
        {
            var meta = new Dictionary<string, string>(StringComparer.Ordinal);
            await using (var command = new NpgsqlCommand($"SELECT key, value FROM \"{schema}\".meta", connection, transaction))
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    meta[reader.GetString(0)] = reader.GetString(1);
            }
            if (!meta.TryGetValue("schema_version", out var version) || version != Version.ToString(System.Globalization.CultureInfo.InvariantCulture))
                throw new AssetIndexException($"Schema \"{schema}\" holds an asset index of version {version ?? "(none)"}, but this library reads version {Version}; open another schema or migrate it.");
            if (!meta.TryGetValue("embedding_storage", out var storage) || (storage != PgvectorStorage && storage != ArrayStorage))
                throw new AssetIndexException($"Schema \"{schema}\" does not say how its embeddings are stored (meta row embedding_storage is {storage ?? "missing"}).");
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return storage;
        }

        bool schemaHasTables;
        await using (var command = new NpgsqlCommand("SELECT count(*) FROM pg_tables WHERE schemaname = @schema", connection, transaction))
        {
            command.Parameters.AddWithValue("schema", schema);
            schemaHasTables = (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))! > 0;
        }
        if (schemaHasTables)
            throw new AssetIndexException($"Schema \"{schema}\" already holds tables but no asset-index version (no meta table); it is not an asset index. Pick another schema.");

        var newStorage = pgvector ? PgvectorStorage : ArrayStorage;
        var vectorType = pgvector ? "public.vector" : "bytea";
        var s = $"\"{schema}\"";
        var ddl = $"""
            CREATE SCHEMA IF NOT EXISTS {s};
            CREATE TABLE {s}.meta (key text PRIMARY KEY, value text NOT NULL);
            CREATE TABLE {s}.assets (
                id bigserial PRIMARY KEY,
                path text COLLATE "C" NOT NULL UNIQUE,
                kind smallint NOT NULL,
                size_bytes bigint NOT NULL,
                modified_ticks bigint NOT NULL,
                content_hash text NOT NULL,
                width integer NOT NULL,
                height integer NOT NULL,
                duration_ticks bigint NOT NULL,
                frame_rate double precision NOT NULL,
                codec text,
                timecode text,
                captured_ticks bigint,
                date_ticks bigint GENERATED ALWAYS AS (coalesce(captured_ticks, modified_ticks)) STORED,
                scanned_ticks bigint NOT NULL,
                error text,
                path_terms tsvector NOT NULL);
            CREATE INDEX assets_path_terms ON {s}.assets USING gin (path_terms);
            CREATE INDEX assets_date ON {s}.assets (date_ticks);
            CREATE TABLE {s}.shots (
                asset_id bigint NOT NULL REFERENCES {s}.assets (id) ON DELETE CASCADE,
                shot_index integer NOT NULL,
                start_ticks bigint NOT NULL,
                end_ticks bigint NOT NULL,
                keyframe_ticks bigint NOT NULL,
                transition smallint NOT NULL,
                phash bigint,
                dhash bigint,
                thumbnail bytea,
                PRIMARY KEY (asset_id, shot_index));
            CREATE TABLE {s}.analyses (
                asset_id bigint NOT NULL REFERENCES {s}.assets (id) ON DELETE CASCADE,
                source text COLLATE "C" NOT NULL,
                version text NOT NULL,
                PRIMARY KEY (asset_id, source));
            CREATE TABLE {s}.tags (
                id bigserial PRIMARY KEY,
                asset_id bigint NOT NULL,
                shot_index integer NOT NULL,
                source text COLLATE "C" NOT NULL,
                name text COLLATE "C" NOT NULL,
                score real NOT NULL,
                start_ticks bigint NOT NULL,
                end_ticks bigint NOT NULL,
                terms tsvector NOT NULL,
                FOREIGN KEY (asset_id, shot_index) REFERENCES {s}.shots (asset_id, shot_index) ON DELETE CASCADE);
            CREATE INDEX tags_terms ON {s}.tags USING gin (terms);
            CREATE INDEX tags_asset ON {s}.tags (asset_id, source);
            CREATE TABLE {s}.sources (
                id serial PRIMARY KEY,
                name text COLLATE "C" NOT NULL UNIQUE,
                change bigint NOT NULL DEFAULT 0);
            CREATE TABLE {s}.embeddings (
                asset_id bigint NOT NULL,
                shot_index integer NOT NULL,
                source_id integer NOT NULL REFERENCES {s}.sources (id),
                dims integer NOT NULL,
                vec {vectorType} NOT NULL,
                PRIMARY KEY (source_id, asset_id, shot_index),
                FOREIGN KEY (asset_id, shot_index) REFERENCES {s}.shots (asset_id, shot_index) ON DELETE CASCADE)
                -- A 512-d embedding (2 KB) would otherwise be moved out of line into TOAST, and loading a source
                -- would cost one TOAST lookup per row: rows up to 8160 bytes (about 2000 dimensions) stay in the page.
                WITH (toast_tuple_target = 8160);
            CREATE INDEX embeddings_asset ON {s}.embeddings (asset_id);
            """;
        await using (var command = new NpgsqlCommand(ddl, connection, transaction))
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await using (var command = new NpgsqlCommand($"INSERT INTO {s}.meta (key, value) VALUES ('schema_version', @version), ('embedding_storage', @storage)", connection, transaction))
        {
            command.Parameters.AddWithValue("version", Version.ToString(System.Globalization.CultureInfo.InvariantCulture));
            command.Parameters.AddWithValue("storage", newStorage);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return newStorage;
    }
}
