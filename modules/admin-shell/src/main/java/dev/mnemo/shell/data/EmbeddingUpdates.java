package dev.mnemo.shell.data;

import io.r2dbc.postgresql.codec.Vector;
import io.r2dbc.spi.Statement;
import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Writes re-computed vectors a batch at a time: one pipelined UPDATE per row, the whole batch in ONE short
 * transaction, so a batch is either fully written (vectors and model names together) or not at all, and row locks
 * are held for milliseconds: the service's reads never wait (MVCC) and its writes to other rows never do.
 */
public class EmbeddingUpdates {

    /** One row's new vector. */
    public record Update(UUID id, float[] vector) {
    }

    private final DatabaseClient db;
    private final TransactionalOperator tx;

    public EmbeddingUpdates(DatabaseClient db, TransactionalOperator tx) {
        this.db = db;
        this.tx = tx;
    }

    /** Returns the number of rows updated (a row deleted meanwhile is simply not counted). */
    public Mono<Long> write(EmbeddingColumn column, String model, List<Update> updates) {
        if (updates.isEmpty()) {
            return Mono.just(0L);
        }
        Flux<Long> write = db.inConnectionMany(connection -> {
            Statement st = connection.createStatement("UPDATE events SET " + column.vector() + " = $1, "
                    + column.model() + " = $2 WHERE id = $3");
            for (int i = 0; i < updates.size(); i++) {
                if (i > 0) {
                    st.add();
                }
                st.bind(0, Vector.of(updates.get(i).vector())).bind(1, model).bind(2, updates.get(i).id());
            }
            return Flux.from(st.execute()).concatMap(result -> Mono.from(result.getRowsUpdated()));
        });
        return tx.transactional(write).reduce(0L, Long::sum);
    }

    /** Rows whose vector in {@code column} is missing or was not produced by {@code model}: what a reindex will do. */
    public Mono<Long> countNeeding(EmbeddingColumn column, String model) {
        return db.sql("SELECT count(*) FROM events WHERE " + column.model() + " IS DISTINCT FROM $1 OR "
                        + column.vector() + " IS NULL")
                .bind(0, model).map(row -> row.get(0, Long.class)).one();
    }
}
