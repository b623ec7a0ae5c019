package dev.mnemo.shell.data;

import dev.mnemo.embeddings.DomainVectors;
import dev.mnemo.embeddings.DualEmbeddingService;
import dev.mnemo.embeddings.InputKind;
import dev.mnemo.memory.EventService;
import dev.mnemo.shell.cli.Progress;
import dev.mnemo.shell.cli.StopRequest;
import dev.mnemo.store.events.Event;
import dev.mnemo.store.events.EventRepository;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Re-embeds every event whose vector was not produced by the configured model (its model-name column differs, or the
 * vector is missing), in id order, a batch at a time. Each batch is embedded, then written with the new model name in
 * its own transaction; so after any interruption the rows done carry the new name and a re-run skips them: it resumes
 * instead of starting over, and no row is embedded twice. Events without text to embed are skipped and left as they are.
 */
public class Reindexer {

    /** What a run did. {@code stopped}: ended early (Ctrl-C or --max-batches); {@code remaining}: rows still to do. */
    public record Result(String model, long reembedded, long skipped, long batches, long remaining, boolean stopped,
                         boolean interrupted, Duration elapsed, double rowsPerSecond) {
    }

    private final EventRepository events;
    private final EventService eventService;
    private final DualEmbeddingService embeddings;
    private final EmbeddingUpdates updates;

    public Reindexer(EventRepository events, EventService eventService, DualEmbeddingService embeddings,
                     EmbeddingUpdates updates) {
        this.events = events;
        this.eventService = eventService;
        this.embeddings = embeddings;
        this.updates = updates;
    }

    public long pending(EmbeddingColumn column) {
        return updates.countNeeding(column, modelName(column)).block();
    }

    public String modelName(EmbeddingColumn column) {
        return embeddings.descriptor(column.domain()).name();
    }

    public Result run(EmbeddingColumn column, int batchSize, Progress progress, StopRequest stop) {
        String model = modelName(column);
        long reembedded = 0;
        long skipped = 0;
        long batches = 0;
        UUID after = null;
        while (!stop.requested()) {
            List<Event> page = events.needingEmbedding(column.vector(), column.model(), model, after, batchSize)
                    .collectList().block();
            if (page == null || page.isEmpty()) {
                break;
            }
            after = page.get(page.size() - 1).id();
            List<UUID> ids = new ArrayList<>(page.size());
            List<String> texts = new ArrayList<>(page.size());
            for (Event event : page) {
                String text = eventService.sourceText(event.content());
                if (text == null) {
                    skipped++;
                } else {
                    ids.add(event.id());
                    texts.add(text);
                }
            }
            List<EmbeddingUpdates.Update> batch = new ArrayList<>(ids.size());
            if (!texts.isEmpty()) {
                List<DomainVectors> vectors = embeddings.embedAll(texts, column.domain(), InputKind.DOCUMENT).join();
                for (int i = 0; i < ids.size(); i++) {
                    batch.add(new EmbeddingUpdates.Update(ids.get(i), vectors.get(i).get(column.domain())));
                }
            }
            reembedded += updates.write(column, model, batch).block();
            batches++;
            stop.batchDone();
            progress.advance(page.size());
        }
        progress.finish();
        boolean stopped = stop.requested();
        long remaining = stopped ? updates.countNeeding(column, model).block() : skipped;
        return new Result(model, reembedded, skipped, batches, remaining, stopped, stop.interrupted(), progress.elapsed(),
                progress.elapsed().toNanos() == 0 ? 0 : reembedded / (progress.elapsed().toNanos() / 1e9));
    }
}
