package dev.mnemo.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemo.embeddings.DualEmbeddingService;
import dev.mnemo.embeddings.EmbeddingConfig;
import dev.mnemo.embeddings.EmbeddingDomain;
import dev.mnemo.embeddings.InputKind;
import dev.mnemo.store.db.DatabaseUrl;
import dev.mnemo.store.testing.TestDatabases;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every command one-shot, as a user runs it, against a real PostgreSQL + pgvector and the real bundled models. */
class AdminShellTest {

    private final List<DatabaseUrl> created = new ArrayList<>();

    @TempDir
    Path temp;

    @AfterEach
    void dropDatabases() {
        created.forEach(TestDatabases::drop);
    }

    private DatabaseUrl fresh(String purpose) {
        DatabaseUrl db = TestDatabases.fresh(purpose);
        created.add(db);
        return db;
    }

    private DatabaseUrl migrated(String purpose) {
        DatabaseUrl db = fresh(purpose);
        ShellRun run = ShellRun.run(db, "db", "migrate");
        assertThat(run.code()).as(run.toString()).isZero();
        return db;
    }

    @Test
    void infoMigrateValidateOnAFreshDatabase() {
        DatabaseUrl db = fresh("shell_fresh");

        ShellRun before = ShellRun.run(db, "db", "info");
        assertThat(before.code()).as(before.toString()).isZero();
        assertThat(before.out()).contains("no migration history").contains("Pending")
                .contains("events.embedding absent").contains("Rows        no tables yet");
        assertThat(before.err()).isEmpty();

        ShellRun migrate = ShellRun.run(db, "db", "migrate");
        assertThat(migrate.code()).as(migrate.toString()).isZero();
        assertThat(migrate.out()).containsPattern("empty -> V\\d+ \\(\\d+ applied, 0 pending\\)");
        assertThat(migrate.err()).isEmpty();

        ShellRun after = ShellRun.run(db, "db", "info");
        assertThat(after.out()).contains("Success").doesNotContain("Pending")
                .contains("events.embedding vector(384), events.embedding_code vector(384)")
                .contains("events 0, nodes 0, edges 0");

        ShellRun validate = ShellRun.run(db, "db", "validate");
        assertThat(validate.code()).as(validate.toString()).isZero();
        assertThat(validate.out()).startsWith("Valid:");

        ShellRun down = ShellRun.run(db, "db", "migrate", "--target", "0");
        assertThat(down.code()).as(down.toString()).isEqualTo(1);
        assertThat(down.errorLines()).hasSize(1).first().asString().startsWith("error: Refusing to migrate to V0");
        assertThat(down.err()).doesNotContain("\tat ").doesNotContain("Exception");
    }

    @Test
    void baselineAdoptsAMnemoLiteDatabaseOnlyWithYes() throws Exception {
        DatabaseUrl db = TestDatabases.empty("shell_mnemolite");
        created.add(db);
        TestDatabases.execute(db, resource("/mnemolite-01-init.sql"));
        TestDatabases.execute(db, "INSERT INTO events (content, metadata) SELECT jsonb_build_object('text', 'old ' || g),"
                + " jsonb_build_object('n', g) FROM generate_series(1, 5) g");
        Map<String, String> rowsBefore = rows(db, "SELECT id::text, content::text || metadata::text FROM events");

        ShellRun refused = ShellRun.run(db, "db", "baseline");
        assertThat(refused.code()).as(refused.toString()).isEqualTo(1);
        assertThat(refused.errorLines()).hasSize(1).first().asString().contains("without --yes");
        assertThat(rows(db, "SELECT 1, to_regclass('flyway_schema_history')::text")).containsEntry("1", null);

        ShellRun baseline = ShellRun.run(db, "db", "baseline", "--yes");
        assertThat(baseline.code()).as(baseline.toString()).isZero();
        assertThat(baseline.out()).contains("Baselined").contains("at V1").contains("No row was touched");
        assertThat(rows(db, "SELECT version, type FROM flyway_schema_history")).containsEntry("1", "BASELINE");
        assertThat(rows(db, "SELECT id::text, content::text || metadata::text FROM events")).isEqualTo(rowsBefore);

        ShellRun info = ShellRun.run(db, "db", "info");
        assertThat(info.out()).contains("Schema      V1 (").containsPattern("V1 +MnemoLite schema adopted +Baseline")
                .contains("events 5");
    }

    @Test
    void aDatabaseOfAnotherDimensionIsRefusedInOneLineAndNotMigrated() throws Exception {
        DatabaseUrl db = TestDatabases.empty("shell_768");
        created.add(db);
        TestDatabases.execute(db, resource("/mnemolite-01-init.sql").replace("VECTOR(384)", "VECTOR(768)"));

        ShellRun migrate = ShellRun.run(db, "db", "migrate");
        assertThat(migrate.code()).as(migrate.toString()).isEqualTo(3);
        assertThat(migrate.errorLines()).hasSize(1).first().asString()
                .contains("TEXT model 384").contains("events.embedding vector(768)");
        assertThat(migrate.err()).doesNotContain("\tat ");
        assertThat(rows(db, "SELECT 1, to_regclass('flyway_schema_history')::text")).containsEntry("1", null);
        assertThat(rows(db, "SELECT 1, count(*)::text FROM information_schema.columns WHERE column_name = 'embedding_code'"))
                .containsEntry("1", "0");
    }

    @Test
    void unknownCommandExitsNonZeroWithOneLineAndNoStackTrace() {
        DatabaseUrl db = fresh("shell_unknown");
        ShellRun run = ShellRun.run(db, "frobnicate", "everything");
        assertThat(run.code()).as(run.toString()).isEqualTo(2);
        assertThat(run.errorLines()).containsExactly("error: unknown command 'frobnicate'; run 'help' to list the commands");
        assertThat(run.out()).isEmpty();

        ShellRun badOption = ShellRun.run(db, "data", "reindex", "--batch");
        assertThat(badOption.code()).as(badOption.toString()).isEqualTo(2);
        assertThat(badOption.errorLines()).hasSize(1);
        assertThat(badOption.err()).doesNotContain("\tat ");
    }

    @Test
    void scriptsRunLineByLineAndStopAtTheFirstFailure() throws IOException {
        DatabaseUrl db = fresh("shell_script");
        Path failing = Files.writeString(temp.resolve("failing.mnemo"), "db info\nno such command\ndb migrate\n");
        ShellRun stopped = ShellRun.run(db, "@" + failing);
        assertThat(stopped.code()).as(stopped.toString()).isEqualTo(2);
        assertThat(stopped.err()).contains("stopped at line 2");
        assertThat(ShellRun.run(db, "db", "info").out()).contains("no migration history");

        Path script = Files.writeString(temp.resolve("setup.mnemo"), "# set up a database\ndb migrate\n\ndata stats\n");
        ShellRun ok = ShellRun.run(db, "@" + script);
        assertThat(ok.code()).as(ok.toString()).isZero();
        assertThat(ok.out()).contains("Migrated").contains("Events  0");
    }

    @Test
    void keysAreCreatedShownOnceListedAndRevoked() throws Exception {
        DatabaseUrl db = migrated("shell_keys");
        ShellRun created = ShellRun.run(db, "keys", "create", "--tenant", "acme", "--scopes", "read,write", "--name", "ci");
        assertThat(created.code()).as(created.toString()).isZero();
        java.util.regex.Matcher token = java.util.regex.Pattern.compile("mnemo_([a-z0-9]{12})_[A-Za-z0-9_-]{43}")
                .matcher(created.out());
        assertThat(token.find()).as(created.out()).isTrue();
        String id = token.group(1);
        assertThat(created.out()).contains("Key " + id + " for tenant acme (read,write)");
        // Only a hash is stored: the token appears nowhere in the table.
        assertThat(rows(db, "SELECT id, encode(secret_hash, 'hex') FROM api_keys").toString()).doesNotContain(token.group());

        ShellRun list = ShellRun.run(db, "keys", "list");
        assertThat(list.out()).containsPattern(id + " +acme +read,write +active +ci").doesNotContain(token.group());
        assertThat(ShellRun.run(db, "keys", "revoke", id).code()).isZero();
        assertThat(ShellRun.run(db, "keys", "list", "--tenant", "acme").out()).containsPattern(id + " +acme +read,write +revoked");
        ShellRun again = ShellRun.run(db, "keys", "revoke", id);
        assertThat(again.code()).as("an already revoked key").isNotZero();
        assertThat(again.err()).contains("not found");
        assertThat(ShellRun.run(db, "keys", "create", "--tenant", "Not Valid").code()).isEqualTo(2);
        // The key created the tenant; a mistyped one is an error, not an empty answer.
        assertThat(ShellRun.run(db, "data", "stats", "--tenant", "acme").code()).isZero();
        ShellRun unknown = ShellRun.run(db, "data", "stats", "--tenant", "acme-typo");
        assertThat(unknown.code()).isNotZero();
        assertThat(unknown.err()).contains("Tenant acme-typo");
        assertThat(ShellRun.run(db, "keys", "create", "--scopes", "root").code()).isEqualTo(2);

        // Quotas: set, shown with what the tenant holds, stored on the tenant's row, recorded in its audit log.
        ShellRun quota = ShellRun.run(db, "tenants", "quota", "--tenant", "acme", "--rows", "5000", "--storage", "2MB");
        assertThat(quota.code()).as(quota.toString()).isZero();
        assertThat(quota.out()).containsPattern("rows +0 +of 5000").containsPattern("collections +0 +of no limit")
                .containsPattern("storage +0 B +of 2.0 MB");
        assertThat(rows(db, "SELECT max_rows, max_storage_bytes FROM tenants WHERE id = 'acme'").toString())
                .isEqualTo("{5000=2097152}");
        assertThat(rows(db, "SELECT action, actor FROM audit_log WHERE tenant_id = 'acme'").toString()).contains("quota.set=admin-shell");
        assertThat(ShellRun.run(db, "tenants", "quota", "--tenant", "acme", "--rows", "default").out())
                .containsPattern("rows +0 +of no limit").containsPattern("of 2.0 MB");
        assertThat(ShellRun.run(db, "tenants", "quota", "--tenant", "acme", "--rows", "-3").code()).isEqualTo(2);
        assertThat(ShellRun.run(db, "tenants", "quota", "--tenant", "nobody", "--rows", "1").code()).isEqualTo(1);
    }

    @Test
    void modelsListVerifyEmbed() {
        DatabaseUrl db = migrated("shell_models");

        ShellRun list = ShellRun.run(db, "models", "list");
        assertThat(list.code()).as(list.toString()).isZero();
        assertThat(list.out()).containsPattern("TEXT +all-minilm-l6-v2 +384 +mean +256 +no")
                .containsPattern("CODE +bge-small-en-v15 +384 +cls +512 +no");

        ShellRun verify = ShellRun.run(db, "models", "verify");
        assertThat(verify.code()).as(verify.toString()).isZero();
        assertThat(verify.out()).contains("TEXT  all-minilm-l6-v2     384-d, test inference ok (norm 1.0000)")
                .contains("OK: dimensions agree (384)");

        ShellRun embed = ShellRun.run(db, "models", "embed", "def add(a, b): return a + b", "--domain", "CODE");
        assertThat(embed.code()).as(embed.toString()).isZero();
        assertThat(embed.out()).contains("CODE model bge-small-en-v15, 384-d, norm 1.0000");
        float[] expected = embedOnce("def add(a, b): return a + b", EmbeddingDomain.CODE);
        assertThat(embed.out()).contains(String.format(java.util.Locale.ROOT, "[%.6f, %.6f,", expected[0], expected[1]));

        ShellRun hybrid = ShellRun.run(db, "models", "embed", "x", "--domain", "HYBRID");
        assertThat(hybrid.code()).isEqualTo(2);
    }

    @Test
    void reindexInterruptedThenResumedEmbedsEveryRowExactlyOnce() throws Exception {
        DatabaseUrl db = migrated("shell_reindex");
        // Raw SQL names its tenant too: since V6 a row without one is refused (docs/security.md).
        TestDatabases.execute(db, "SET mnemo.tenant = 'default'; INSERT INTO events (content, embedding_model) SELECT"
                + " jsonb_build_object('text', 'note ' || g || ' about subjects ' || (g % 7)), 'legacy-model'"
                + " FROM generate_series(1, 450) g");
        // The last id in reindex order, so the first two batches are 200 rows with text.
        TestDatabases.execute(db, "SET mnemo.tenant = 'default'; INSERT INTO events (id, content) VALUES ('ffffffff-ffff-ffff-ffff-ffffffffffff',"
                + " '{\"no_text_here\": 1}')");

        ShellRun first = ShellRun.run(db, "data", "reindex", "--domain", "TEXT", "--batch", "100", "--max-batches", "2", "--yes");
        assertThat(first.code()).as(first.toString()).isZero();
        assertThat(first.out()).contains("Re-embedded 200 row(s)").contains("Stopped after 2 batch(es): 251 row(s) still to do");
        assertThat(modelCounts(db)).containsEntry("all-minilm-l6-v2", "200").containsEntry("legacy-model", "250");

        ShellRun resumed = ShellRun.run(db, "data", "reindex", "--batch", "100", "--yes");
        assertThat(resumed.code()).as(resumed.toString()).isZero();
        // 200 + 250 = 450: the second run did not redo the first run's rows.
        assertThat(resumed.out()).contains("Re-embedded 250 row(s)").contains("1 row(s) without text");
        assertThat(modelCounts(db)).containsEntry("all-minilm-l6-v2", "450").doesNotContainKey("legacy-model");

        ShellRun again = ShellRun.run(db, "data", "reindex", "--yes");
        assertThat(again.out()).contains("Re-embedded 0 row(s)");

        Map<String, String> sample = rows(db, "SELECT content->>'text', embedding::text FROM events"
                + " WHERE content ? 'text' ORDER BY id LIMIT 3");
        for (Map.Entry<String, String> row : sample.entrySet()) {
            assertThat(parse(row.getValue())).containsExactly(embedOnce(row.getKey(), EmbeddingDomain.TEXT),
                    org.assertj.core.data.Offset.offset(1e-5f));
        }

        ShellRun stats = ShellRun.run(db, "data", "stats");
        assertThat(stats.out()).contains("Events  451").contains("TEXT    450 with a vector, 1 without (all-minilm-l6-v2: 450)");

        // A collection whose records were written by SQL (as before the lexical index existed).
        String collection = rows(db, "INSERT INTO collections (tenant_id, name, metadata,"
                + " embedding_domain, distance, hnsw_m, hnsw_ef_construction, dimension) VALUES ('default', 'old', '{}',"
                + " 'TEXT', 'cosine', 16, 64, 3) RETURNING id, name").keySet().iterator().next();
        String table = dev.mnemo.store.collections.CollectionTables.table(Long.parseLong(collection));
        for (String ddl : dev.mnemo.store.collections.CollectionTables.create(Long.parseLong(collection), 3,
                dev.mnemo.model.collections.Distance.COSINE, dev.mnemo.model.collections.HnswParams.DEFAULTS)) {
            TestDatabases.execute(db, "SET ROLE mnemo_app; " + ddl); // the service creates them as its role
        }
        TestDatabases.execute(db, "SET mnemo.tenant = 'default'; INSERT INTO " + table + " (id, document, embedding)"
                + " VALUES ('r1', 'Older subjects', '[1,0,0]'), ('r2', NULL, '[0,1,0]'), ('r3', 'beta', '[0,0,1]')");

        // Rows written by SQL are not in the lexical index: the backfill analyses them, resumably, once.
        ShellRun lexical = ShellRun.run(db, "data", "reindex", "--lexical", "--batch", "200", "--max-batches", "1", "--yes");
        assertThat(lexical.code()).as(lexical.toString()).isZero();
        assertThat(lexical.out()).contains("Indexed 200 document(s) lexically").contains("254 document(s) still to do");
        assertThat(ShellRun.run(db, "data", "reindex", "--lexical", "--yes").out()).contains("Indexed 254 document(s)");
        // The collection's records too (the one without a document with no terms), in its own index.
        assertThat(rows(db, "SELECT doc_count, total_length FROM lexical_stats WHERE index_id = '" + table + "'"))
                .containsExactly(Map.entry("2", "3"));
        assertThat(rows(db, "SELECT term, doc_id FROM lexical_postings WHERE index_id = '" + table + "' AND term = 'subject'"))
                .containsExactly(Map.entry("subject", "r1"));
        assertThat(ShellRun.run(db, "data", "reindex", "--lexical", "--yes").out())
                .contains("Nothing to do: every event and collection record is in the lexical index");
        // 450 texts with terms (the row without text is analysed too, with no terms); "subjects" is in all 450,
        // stemmed to "subject" by the prose analysis.
        assertThat(rows(db, "SELECT doc_count, total_length FROM lexical_stats WHERE index_id = 'events'").keySet())
                .containsExactly("450");
        assertThat(rows(db, "SELECT term, count(*) FROM lexical_postings WHERE index_id = 'events' AND term LIKE 'subject%'"
                + " GROUP BY term")).containsExactly(Map.entry("subject", "450"));

        // A re-analysis (the analysis setting changed) empties the index and rebuilds all of it.
        System.setProperty("mnemo.search.lexical.events-analyzer", "simple");
        ShellRun simple;
        try {
            simple = ShellRun.run(db, "data", "reindex", "--lexical", "--reanalyze", "--yes");
        } finally {
            System.clearProperty("mnemo.search.lexical.events-analyzer");
        }
        assertThat(simple.code()).as(simple.toString()).isZero();
        assertThat(simple.out()).contains("Indexed 454 document(s)");
        assertThat(rows(db, "SELECT doc_count, total_length FROM lexical_stats WHERE index_id = 'events'").keySet())
                .containsExactly("450");
        assertThat(rows(db, "SELECT term, count(*) FROM lexical_postings WHERE index_id = 'events' AND term LIKE 'subject%'"
                + " GROUP BY term")).as("no stemming in the simple analysis").containsExactly(Map.entry("subjects", "450"));
        assertThat(ShellRun.run(db, "data", "reindex", "--lexical", "--reanalyze").code())
                .as("asks first: without a terminal and --yes it refuses").isNotZero();
        assertThat(rows(db, "SELECT doc_count, total_length FROM lexical_stats WHERE index_id = 'events'").keySet())
                .as("refused: nothing dropped").containsExactly("450");
    }

    @Test
    void codeIndexShowsProgressSearchesListsAndDeletes() throws Exception {
        DatabaseUrl db = migrated("shell_code");
        Path repo = temp.resolve("tools");
        Files.createDirectories(repo.resolve("lib"));
        Files.writeString(repo.resolve("lib/retry.py"), "def retry_with_backoff(call, attempts):\n"
                + "    \"\"\"Call again after a growing pause until it succeeds.\"\"\"\n"
                + "    for i in range(attempts):\n        try:\n            return call()\n"
                + "        except OSError:\n            pause(2 ** i)\n\n\ndef pause(seconds):\n    pass\n");
        Files.writeString(repo.resolve("Notes.md"), "# Notes\nNothing here.\n");

        ShellRun index = ShellRun.run(db, "code", "index", repo.toString());
        assertThat(index.code()).as(index.toString()).isZero();
        assertThat(index.out()).contains("Indexed tools: 2 file(s) read, 0 unchanged, 0 removed")
                .contains("1 reference(s) resolved").contains("files/s");
        assertThat(index.err()).as("a progress report on stderr").contains("code index");
        assertThat(ShellRun.run(db, "code", "index", repo.toString()).out()).contains("0 file(s) read, 2 unchanged");

        ShellRun search = ShellRun.run(db, "code", "search", "retry_with_backoff", "--mode", "lexical");
        assertThat(search.code()).as(search.toString()).isZero();
        assertThat(search.out()).contains("lib/retry.py:1-7  function retry_with_backoff")
                .contains("def retry_with_backoff(call, attempts):");
        assertThat(ShellRun.run(db, "code", "callers", "pause").out()).contains("retry_with_backoff  lib/retry.py:1-7");
        ShellRun callees = ShellRun.run(db, "code", "callees", "retry_with_backoff");
        assertThat(callees.out()).contains("pause  lib/retry.py:10-11").contains("Also calls (not indexed): call, range");
        assertThat(ShellRun.run(db, "code", "callers", "pause", "--depth", "9").code()).isEqualTo(2);
        ShellRun map = ShellRun.run(db, "code", "map", "tools", "--tokens", "200");
        assertThat(map.code()).as(map.toString()).isZero();
        assertThat(map.out()).startsWith("lib/retry.py:\n").contains("10: def pause(seconds):").contains("of 200 tokens)");
        assertThat(ShellRun.run(db, "code", "map", "nope").code()).isEqualTo(1);
        assertThat(ShellRun.run(db, "code", "list").out()).containsPattern("tools\\s+2 files\\s+\\d+ chunks");
        assertThat(ShellRun.run(db, "code", "search", "x", "--mode", "fuzzy").code()).isEqualTo(2);
        assertThat(ShellRun.run(db, "code", "index", temp.resolve("missing").toString()).code()).isEqualTo(2);
        assertThat(ShellRun.run(db, "code", "delete", "tools").code()).as("asks first").isNotZero();
        assertThat(ShellRun.run(db, "code", "delete", "tools", "--yes").out()).contains("Deleted tools");
        ShellRun empty = ShellRun.run(db, "code", "list");
        assertThat(empty.out()).as(empty.toString()).contains("No repositories");
    }

    @Test
    void exportThenImportRoundTripsAndReimportDuplicatesNothing() throws Exception {
        DatabaseUrl source = migrated("shell_export");
        float[] v = new float[384];
        v[0] = 1f;
        String vector = java.util.Arrays.toString(v).replace(" ", "");
        TestDatabases.execute(source, "SET mnemo.tenant = 'default'; INSERT INTO events (content, metadata, embedding, embedding_model) SELECT"
                + " jsonb_build_object('text', 'exported ' || g), jsonb_build_object('g', g), '" + vector
                + "', 'some-model' FROM generate_series(1, 40) g");
        TestDatabases.execute(source, "SET mnemo.tenant = 'default'; INSERT INTO events (content) VALUES ('{\"text\": \"embed me on import\"}')");
        Path file = temp.resolve("events.ndjson");

        ShellRun export = ShellRun.run(source, "data", "export", file.toString());
        assertThat(export.code()).as(export.toString()).isZero();
        assertThat(export.out()).contains("Exported 41 event(s)");
        assertThat(Files.readAllLines(file)).hasSize(41);

        DatabaseUrl target = migrated("shell_import");
        ShellRun imported = ShellRun.run(target, "data", "import", file.toString());
        assertThat(imported.code()).as(imported.toString()).isZero();
        assertThat(imported.out()).contains("41 new event(s), 0 already present");
        String columns = "SELECT id::text, timestamp::text || content::text || metadata::text"
                + " || coalesce(embedding::text, '') || coalesce(embedding_model, '') FROM events WHERE embedding_model = 'some-model'";
        assertThat(rows(target, columns)).hasSize(40).isEqualTo(rows(source, columns));
        assertThat(rows(target, "SELECT content->>'text', embedding_model FROM events WHERE embedding_model <> 'some-model'"))
                .containsExactly(Map.entry("embed me on import", "all-minilm-l6-v2"));

        ShellRun again = ShellRun.run(target, "data", "import", file.toString());
        assertThat(again.out()).contains("0 new event(s), 41 already present");
        assertThat(rows(target, "SELECT 'n', count(*)::text FROM events")).containsEntry("n", "41");

        ShellRun exists = ShellRun.run(source, "data", "export", file.toString());
        assertThat(exists.code()).isEqualTo(1);
        assertThat(exists.errorLines()).hasSize(1).first().asString().contains("--force");
    }

    private static Map<String, String> modelCounts(DatabaseUrl db) throws Exception {
        return rows(db, "SELECT coalesce(embedding_model, '(none)'), count(*)::text FROM events"
                + " WHERE content ? 'text' GROUP BY 1");
    }

    private static Map<String, String> rows(DatabaseUrl db, String sql) throws Exception {
        Map<String, String> rows = new LinkedHashMap<>();
        try (Connection c = TestDatabases.connect(db); var st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                rows.put(rs.getString(1), rs.getString(2));
            }
        }
        return rows;
    }

    private static float[] parse(String pgVector) {
        String[] parts = pgVector.substring(1, pgVector.length() - 1).split(",");
        float[] v = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            v[i] = Float.parseFloat(parts[i]);
        }
        return v;
    }

    private static DualEmbeddingService reference;

    /** A fresh embedding from a service of our own, not the shell's. */
    private static synchronized float[] embedOnce(String text, EmbeddingDomain domain) {
        if (reference == null) {
            reference = new DualEmbeddingService(EmbeddingConfig.defaults().withPreloadText(false));
        }
        return reference.embed(text, domain, InputKind.DOCUMENT).join().get(domain);
    }

    private static String resource(String name) throws IOException {
        try (var in = AdminShellTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
