package dev.mnemo.store.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mnemo.model.schema.MigrationRefusedException;
import dev.mnemo.model.schema.MigrationStatus;
import dev.mnemo.store.db.DatabaseUrl;
import dev.mnemo.store.schema.SchemaInspector;
import dev.mnemo.store.testing.TestDatabases;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MigratorTest {

    /** The newest migration in migrations/ (V<n>__*.sql), read from the classpath copy. */
    private static final String LATEST = latestVersion();

    private final List<DatabaseUrl> created = new ArrayList<>();

    private static String latestVersion() {
        try (var files = java.nio.file.Files.list(java.nio.file.Path.of(
                MigratorTest.class.getResource("/db/migration/V1__mnemolite_baseline.sql").toURI()).getParent())) {
            return Integer.toString(files.map(p -> p.getFileName().toString())
                    .filter(n -> n.matches("V\\d+__.*\\.sql"))
                    .mapToInt(n -> Integer.parseInt(n.substring(1, n.indexOf("__")))).max().orElseThrow());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void dropDatabases() {
        created.forEach(TestDatabases::drop);
    }

    @Test
    void freshDatabaseGetsTheContractSchema() throws Exception {
        DatabaseUrl db = track(TestDatabases.fresh("fresh"));
        MigrationStatus status = new Migrator(db, 384).migrate();

        assertThat(status.currentVersion()).isEqualTo(LATEST);
        assertThat(status.pending()).isZero();
        assertThat(status.steps()).extracting(MigrationStatus.Step::state).containsOnly("Success");

        assertThat(columns(db, "events")).contains("id:uuid:NO", "timestamp:timestamp with time zone:NO",
                "content:jsonb:NO", "embedding:USER-DEFINED:YES", "metadata:jsonb:YES",
                "embedding_code:USER-DEFINED:YES");
        assertThat(columns(db, "nodes")).contains("node_id:uuid:NO", "node_type:text:NO", "label:text:YES",
                "properties:jsonb:YES", "created_at:timestamp with time zone:YES");
        assertThat(columns(db, "edges")).contains("edge_id:uuid:NO", "source_node_id:uuid:NO",
                "target_node_id:uuid:NO", "relation_type:text:NO", "properties:jsonb:YES",
                "created_at:timestamp with time zone:YES");
        assertThat(new SchemaInspector(db).vectorDimension("events", "embedding")).hasValue(384);
        assertThat(new SchemaInspector(db).vectorDimension("events", "embedding_code")).hasValue(384);

        Set<String> indexes = indexDefinitions(db);
        assertThat(indexes).anyMatch(d -> d.startsWith("events_timestamp_idx") && d.contains("btree (\"timestamp\")"));
        assertThat(indexes).anyMatch(d -> d.startsWith("events_metadata_gin_idx") && d.contains("gin (metadata jsonb_path_ops)"));
        assertThat(indexes).anyMatch(d -> d.startsWith("events_embedding_hnsw_idx")
                && d.contains("hnsw (embedding vector_cosine_ops)") && d.contains("m='16'") && d.contains("ef_construction='64'"));
        assertThat(indexes).anyMatch(d -> d.startsWith("events_embedding_code_hnsw_idx"));
    }

    @Test
    void dimensionComesFromSettings() {
        DatabaseUrl db = track(TestDatabases.fresh("dim768"));
        new Migrator(db, 768).migrate();
        assertThat(new SchemaInspector(db).vectorDimension("events", "embedding")).hasValue(768);
        assertThat(new SchemaInspector(db).vectorDimension("events", "embedding_code")).hasValue(768);
    }

    @Test
    void adoptsAMnemoLiteDatabaseWithoutTouchingItsRows() throws Exception {
        DatabaseUrl db = track(TestDatabases.empty("adopt"));
        String ddl = new String(getClass().getResourceAsStream("/mnemolite-01-init.sql").readAllBytes(), StandardCharsets.UTF_8);
        TestDatabases.execute(db, ddl);
        Random random = new Random(42);
        try (Connection c = TestDatabases.connect(db)) {
            for (int i = 0; i < 50; i++) {
                StringBuilder vector = new StringBuilder("[");
                for (int d = 0; d < 384; d++) {
                    vector.append(d == 0 ? "" : ",").append(random.nextFloat() - 0.5f);
                }
                try (var st = c.prepareStatement("INSERT INTO events (content, embedding, metadata) VALUES (?::jsonb, ?::vector, ?::jsonb)")) {
                    st.setString(1, "{\"text\": \"event " + i + "\"}");
                    st.setString(2, vector.append("]").toString());
                    st.setString(3, "{\"n\": " + i + "}");
                    st.executeUpdate();
                }
            }
            TestDatabases.execute(db, "INSERT INTO nodes (node_id, node_type, label) VALUES (gen_random_uuid(), 'concept', 'x')");
        }
        String before = snapshot(db);

        Migrator migrator = new Migrator(db, 384);
        MigrationStatus status = migrator.migrate();

        assertThat(snapshot(db)).isEqualTo(before);
        assertThat(status.currentVersion()).isEqualTo(LATEST);
        // History: the baseline at V1 (MnemoLite's schema, not executed), then V2 and V3 applied.
        assertThat(status.steps()).filteredOn(s -> s.state().equals("Baseline"))
                .extracting(MigrationStatus.Step::version).containsExactly("1");
        assertThat(status.steps()).filteredOn(s -> s.state().equals("Success"))
                .extracting(MigrationStatus.Step::version).startsWith("2", "3").doesNotContain("1");
        assertThat(indexDefinitions(db)).anyMatch(d -> d.contains("hnsw (embedding vector_cosine_ops)"));
        // Adopting twice is a no-op.
        assertThat(migrator.adoptIfMnemoLite()).isFalse();
        assertThat(migrator.migrate().pending()).isZero();
    }

    @Test
    void refusesToGoBelowTheBaselineOrDown() {
        DatabaseUrl db = track(TestDatabases.fresh("down"));
        Migrator migrator = new Migrator(db, 384);
        migrator.migrate();
        assertThatThrownBy(() -> migrator.migrateTo("0"))
                .isInstanceOf(MigrationRefusedException.class).hasMessageContaining("baseline");
        assertThatThrownBy(() -> migrator.migrateTo("2"))
                .isInstanceOf(MigrationRefusedException.class).hasMessageContaining("only go forward");
        assertThat(migrator.status().currentVersion()).isEqualTo(LATEST);
    }

    @Test
    void migratesStepByStepToATarget() {
        DatabaseUrl db = track(TestDatabases.fresh("target"));
        Migrator migrator = new Migrator(db, 384);
        assertThat(migrator.migrateTo("2").currentVersion()).isEqualTo("2");
        assertThat(migrator.status().pending()).isPositive();
        assertThat(migrator.migrate().currentVersion()).isEqualTo(LATEST);
    }

    @Test
    void v5MovesExistingCollectionsToTheBackgroundIndexKeepingTheirRecords() throws Exception {
        DatabaseUrl db = track(TestDatabases.fresh("v5"));
        Migrator migrator = new Migrator(db, 384);
        migrator.migrateTo("4");
        // A collection as V4-era code created it: full HNSW index, no `indexed` column.
        TestDatabases.execute(db, "INSERT INTO collections (name, embedding_domain, distance, hnsw_m, hnsw_ef_construction,"
                + " dimension) VALUES ('old', 'TEXT', 'l2', 8, 32, 3)");
        long id;
        try (Connection c = TestDatabases.connect(db); var st = c.createStatement();
             var rs = st.executeQuery("SELECT id FROM collections WHERE name = 'old'")) {
            rs.next();
            id = rs.getLong(1);
        }
        String t = "collection_records_" + id;
        TestDatabases.execute(db, "CREATE TABLE " + t + " (id TEXT COLLATE \"C\" PRIMARY KEY, document TEXT, "
                + "metadata JSONB NOT NULL DEFAULT '{}'::jsonb, embedding vector(3) NOT NULL);"
                + "CREATE INDEX " + t + "_embedding_idx ON " + t + " USING hnsw (embedding vector_l2_ops) WITH (m = 8, ef_construction = 32);"
                + "INSERT INTO " + t + " (id, embedding) VALUES ('a', '[1,0,0]'), ('b', '[0,1,0]')");

        assertThat(migrator.migrate().currentVersion()).isEqualTo(LATEST);

        try (Connection c = TestDatabases.connect(db); var st = c.createStatement();
             var rs = st.executeQuery("SELECT count(*) FILTER (WHERE indexed), count(*) FROM " + t)) {
            rs.next();
            assertThat(rs.getLong(1)).as("existing records start as indexed").isEqualTo(2);
            assertThat(rs.getLong(2)).isEqualTo(2);
        }
        TestDatabases.execute(db, "INSERT INTO " + t + " (id, embedding) VALUES ('c', '[0,0,1]')");
        try (Connection c = TestDatabases.connect(db); var st = c.createStatement();
             var rs = st.executeQuery("SELECT indexed FROM " + t + " WHERE id = 'c'")) {
            rs.next();
            assertThat(rs.getBoolean(1)).as("new writes wait for the background indexer").isFalse();
        }
        assertThat(indexDefinitions(db))
                .anyMatch(d -> d.contains(t + "_embedding_idx") && d.contains("hnsw (embedding vector_l2_ops)")
                        && d.contains("m='8'") && d.contains("ef_construction='32'") && d.endsWith("WHERE indexed"))
                .anyMatch(d -> d.contains(t + "_pending_idx") && d.endsWith("WHERE (NOT indexed)"));
    }

    @Test
    void refusesADatabaseHoldingSomebodyElsesTables() {
        DatabaseUrl db = track(TestDatabases.fresh("others"));
        TestDatabases.execute(db, "CREATE TABLE invoices (id int primary key)");
        assertThatThrownBy(() -> new Migrator(db, 384).migrate())
                .isInstanceOf(MigrationRefusedException.class)
                .hasMessageContaining("[invoices]").hasMessageContaining("empty database");
    }

    @Test
    void refusesAForeignEventsTable() {
        DatabaseUrl db = track(TestDatabases.fresh("foreign"));
        TestDatabases.execute(db, "CREATE TABLE events (id int primary key, payload text)");
        assertThatThrownBy(() -> new Migrator(db, 384).migrate())
                .isInstanceOf(MigrationRefusedException.class).hasMessageContaining("not MnemoLite's");
    }

    private DatabaseUrl track(DatabaseUrl db) {
        created.add(db);
        return db;
    }

    private static String snapshot(DatabaseUrl db) throws Exception {
        try (Connection c = TestDatabases.connect(db); var st = c.createStatement();
             ResultSet rs = st.executeQuery("""
                     SELECT md5(string_agg(id::text || timestamp::text || content::text || embedding::text
                            || metadata::text, '|' ORDER BY id)) || ':' || count(*) FROM events""")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static List<String> columns(DatabaseUrl db, String table) throws Exception {
        List<String> cols = new ArrayList<>();
        try (Connection c = TestDatabases.connect(db); var st = c.prepareStatement(
                "SELECT column_name, data_type, is_nullable FROM information_schema.columns WHERE table_name = ?")) {
            st.setString(1, table);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    cols.add(rs.getString(1) + ":" + rs.getString(2) + ":" + rs.getString(3));
                }
            }
        }
        return cols;
    }

    private static Set<String> indexDefinitions(DatabaseUrl db) throws Exception {
        Set<String> defs = new HashSet<>();
        try (Connection c = TestDatabases.connect(db); var st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT indexname || ' ' || indexdef FROM pg_indexes WHERE schemaname = 'public'")) {
            while (rs.next()) {
                defs.add(rs.getString(1));
            }
        }
        return defs;
    }
}
