package dev.mnemo.shell.data;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;

/** Counts for {@code data stats}: events with and without each vector, per model, and the graph. */
public class DataStats {

    public record Snapshot(long events, long withText, long withCode, Map<String, Long> textModels,
                           Map<String, Long> codeModels, long nodes, long edges) {
    }

    private final DatabaseClient db;

    public DataStats(DatabaseClient db) {
        this.db = db;
    }

    public Snapshot read() {
        long[] totals = db.sql("SELECT count(*), count(embedding), count(embedding_code) FROM events")
                .map(row -> new long[] {row.get(0, Long.class), row.get(1, Long.class), row.get(2, Long.class)})
                .one().block();
        return new Snapshot(totals[0], totals[1], totals[2], perModel(EmbeddingColumn.TEXT), perModel(EmbeddingColumn.CODE),
                count("nodes"), count("edges"));
    }

    private Map<String, Long> perModel(EmbeddingColumn column) {
        Map<String, Long> counts = new LinkedHashMap<>();
        db.sql("SELECT COALESCE(" + column.model() + ", '(unknown)') AS model, count(*) AS n FROM events WHERE "
                        + column.vector() + " IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1")
                .map(row -> Map.entry(row.get("model", String.class), row.get("n", Long.class)))
                .all().doOnNext(e -> counts.put(e.getKey(), e.getValue())).blockLast();
        return counts;
    }

    private long count(String table) {
        // Fixed table names only.
        return db.sql("SELECT count(*) FROM " + table).map(row -> row.get(0, Long.class)).one().block();
    }
}
