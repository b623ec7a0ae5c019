package dev.mnemo.bench.store;

import dev.mnemo.core.settings.MnemoSettings;
import dev.mnemo.store.db.DatabaseUrl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import tools.jackson.databind.node.ObjectNode;

/**
 * A harness's own database on the server of {@code MNEMO_DB_URL}: created empty, dropped after the run whatever
 * happens; the result is printed and written to {@code out/<file>}.
 */
public final class ScratchDatabase {

    /** The measured work, given its scratch database. */
    public interface Bench {
        ObjectNode run(DatabaseUrl db) throws Exception;
    }

    /** Work on a scratch database that reports for itself. */
    public interface Work {
        void run(DatabaseUrl db) throws Exception;
    }

    private ScratchDatabase() {
    }

    public static void run(String prefix, Path out, String file, Bench bench) throws Exception {
        run(prefix, db -> {
            ObjectNode result = bench.run(db);
            Files.createDirectories(out);
            Files.writeString(out.resolve(file), result.toPrettyString());
            System.out.println(result.toPrettyString());
        });
    }

    /** One statement on {@code db}, over JDBC (VACUUM and other maintenance a harness needs). */
    public static void execute(DatabaseUrl db, String sql) throws java.sql.SQLException {
        StoreBench.execute(db, sql);
    }

    public static void run(String prefix, Work work) throws Exception {
        DatabaseUrl server = DatabaseUrl.parse(System.getenv().getOrDefault("MNEMO_DB_URL", MnemoSettings.LOCAL_URL))
                .withDatabase("postgres");
        String name = prefix + "_" + UUID.randomUUID().toString().substring(0, 8);
        StoreBench.execute(server, "CREATE DATABASE " + name);
        try {
            DatabaseUrl db = server.withDatabase(name);
            StoreBench.execute(db, "CREATE EXTENSION IF NOT EXISTS vector");
            work.run(db);
        } finally {
            StoreBench.execute(server, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }
}
