using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Augment.Library;

/// <summary>
/// The tables of an index file (layout and reasons: docs/library-index.md). Times and durations are INTEGER ticks
/// (100 ns, exact); perceptual hashes are the 64 bits reinterpreted as a signed INTEGER; embeddings are BLOBs of
/// little-endian float32. The FTS5 tables index the normalised words (<see cref="IndexText.Normalize"/>) kept in
/// <c>tags.words</c> and <c>assets.path_words</c>, with triggers so that they change in the same transaction as the
/// rows they index. <c>embedding_sources.generation</c> goes up with every write that touches a source's embeddings,
/// so an in-memory search loaded from an older generation (in this process or another) is known to be stale.
/// </summary>
internal static class SqliteSchema
{
    public const string Name = "augment-asset-index";
    public const int Version = 1;

    private const string Create = """
        CREATE TABLE augment_index(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
        CREATE TABLE assets(
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            path TEXT NOT NULL UNIQUE,
            path_words TEXT NOT NULL,
            kind INTEGER NOT NULL,
            size_bytes INTEGER NOT NULL,
            modified_ticks INTEGER NOT NULL,
            content_hash TEXT NOT NULL,
            width INTEGER NOT NULL,
            height INTEGER NOT NULL,
            duration_ticks INTEGER NOT NULL,
            frame_rate REAL NOT NULL,
            codec TEXT,
            timecode TEXT,
            captured_ticks INTEGER,
            date_ticks INTEGER NOT NULL,
            scanned_ticks INTEGER NOT NULL,
            error TEXT);
        CREATE INDEX assets_date ON assets(date_ticks);
        CREATE TABLE shots(
            asset_id INTEGER NOT NULL REFERENCES assets(id) ON DELETE CASCADE,
            shot_index INTEGER NOT NULL,
            start_ticks INTEGER NOT NULL,
            end_ticks INTEGER NOT NULL,
            keyframe_ticks INTEGER NOT NULL,
            transition INTEGER NOT NULL,
            phash INTEGER,
            dhash INTEGER,
            thumbnail BLOB,
            PRIMARY KEY(asset_id, shot_index)) WITHOUT ROWID;
        CREATE TABLE analyses(
            asset_id INTEGER NOT NULL REFERENCES assets(id) ON DELETE CASCADE,
            source TEXT NOT NULL,
            version TEXT NOT NULL,
            PRIMARY KEY(asset_id, source)) WITHOUT ROWID;
        CREATE TABLE tags(
            id INTEGER PRIMARY KEY,
            asset_id INTEGER NOT NULL,
            shot_index INTEGER NOT NULL,
            source TEXT NOT NULL,
            name TEXT NOT NULL,
            words TEXT NOT NULL,
            score REAL NOT NULL,
            start_ticks INTEGER NOT NULL,
            end_ticks INTEGER NOT NULL,
            FOREIGN KEY(asset_id, shot_index) REFERENCES shots(asset_id, shot_index) ON DELETE CASCADE);
        CREATE INDEX tags_asset ON tags(asset_id, source);
        CREATE TABLE embeddings(
            source TEXT NOT NULL,
            asset_id INTEGER NOT NULL,
            shot_index INTEGER NOT NULL,
            dim INTEGER NOT NULL,
            vector BLOB NOT NULL,
            PRIMARY KEY(source, asset_id, shot_index),
            FOREIGN KEY(asset_id, shot_index) REFERENCES shots(asset_id, shot_index) ON DELETE CASCADE) WITHOUT ROWID;
        CREATE INDEX embeddings_asset ON embeddings(asset_id);
        CREATE TABLE embedding_sources(source TEXT PRIMARY KEY, generation INTEGER NOT NULL) WITHOUT ROWID;
        CREATE VIRTUAL TABLE tags_fts USING fts5(words, content='tags', content_rowid='id', tokenize='ascii');
        CREATE VIRTUAL TABLE paths_fts USING fts5(path_words, content='assets', content_rowid='id', tokenize='ascii');
        CREATE TRIGGER tags_fts_insert AFTER INSERT ON tags BEGIN
            INSERT INTO tags_fts(rowid, words) VALUES (new.id, new.words);
        END;
        CREATE TRIGGER tags_fts_delete AFTER DELETE ON tags BEGIN
            INSERT INTO tags_fts(tags_fts, rowid, words) VALUES ('delete', old.id, old.words);
        END;
        CREATE TRIGGER paths_fts_insert AFTER INSERT ON assets BEGIN
            INSERT INTO paths_fts(rowid, path_words) VALUES (new.id, new.path_words);
        END;
        CREATE TRIGGER paths_fts_delete AFTER DELETE ON assets BEGIN
            INSERT INTO paths_fts(paths_fts, rowid, path_words) VALUES ('delete', old.id, old.path_words);
        END;
        CREATE TRIGGER paths_fts_update AFTER UPDATE OF path_words ON assets BEGIN
            INSERT INTO paths_fts(paths_fts, rowid, path_words) VALUES ('delete', old.id, old.path_words);
            INSERT INTO paths_fts(rowid, path_words) VALUES (new.id, new.path_words);
        END;
        """;

    /// <summary>Creates the schema in an empty database, or checks that an existing one is this schema and version.</summary>
    public static void EnsureCreated(SqliteConnection connection, string path)
    {
        using var transaction = connection.BeginTransaction();
        var tables = Scalar<long>(connection, transaction, "SELECT count(*) FROM sqlite_master");
        if (tables == 0)
        {
            Execute(connection, transaction, Create);
            Execute(connection, transaction,
                $"INSERT INTO augment_index(key, value) VALUES ('schema', '{Name}'), ('version', '{Version.ToString(CultureInfo.InvariantCulture)}')");
            transaction.Commit();
            return;
        }
        var hasTable = Scalar<long>(connection, transaction, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'augment_index'");
        if (hasTable == 0)
            throw new AssetIndexException($"{path} is an SQLite database but not an Augment asset index (it has no augment_index table).");
        var name = Value(connection, transaction, "schema");
        if (name != Name)
            throw new AssetIndexException($"{path} is not an Augment asset index (schema '{name ?? "none"}', expected '{Name}').");
        var version = Value(connection, transaction, "version");
        if (!int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number != Version)
            throw new AssetIndexException($"{path} is asset index schema version {version ?? "none"}; this library reads version {Version}.");
        transaction.Commit();
    }

    private static string? Value(SqliteConnection connection, SqliteTransaction transaction, string key)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT value FROM augment_index WHERE key = $key";
        command.Parameters.AddWithValue("$key", key);
        return command.ExecuteScalar() as string;
    }

    private static T Scalar<T>(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return (T)command.ExecuteScalar()!;
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
