package dev.mnemo.core.data;

import dev.mnemo.core.events.EventService;
import dev.mnemo.embeddings.DomainVectors;
import dev.mnemo.embeddings.DualEmbeddingService;
import dev.mnemo.embeddings.EmbeddingDomain;
import dev.mnemo.embeddings.InputKind;
import dev.mnemo.model.events.StoredEvent;
import dev.mnemo.model.tenant.Tenant;
import dev.mnemo.store.events.EventMaintenance.VectorUpdate;
import dev.mnemo.store.events.EventMaintenance;
import dev.mnemo.store.events.VectorColumn;
import dev.mnemo.store.tenant.TenantRepository;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Re-embeds events whose TEXT or CODE vector is missing or was produced by another model than the configured one,
 * a batch per transaction in id order: stopping loses nothing and running again resumes. Blocking: for the admin
 * shell and batch tools.
 */
public class Reindexer {

    /** What a run did. {@code stopped}: ended early (Ctrl-C or --max-batches); {@code remaining}: rows still to do. */
    public record Result(String model, long reembedded, long skipped, long batches, long remaining, boolean stopped,
                         boolean interrupted, Duration elapsed, double rowsPerSecond) {
    }

    private final EventMaintenance maintenance;
    private final TenantRepository tenants;
    private final EventService eventService;
    private final DualEmbeddingService embeddings;

    public Reindexer(EventMaintenance maintenance, TenantRepository tenants, EventService eventService,
                     DualEmbeddingService embeddings) {
        this.maintenance = maintenance;
        this.tenants = tenants;
        this.eventService = eventService;
        this.embeddings = embeddings;
    }

    /** The column a model domain (TEXT or CODE) fills. */
    public static String columnName(EmbeddingDomain domain) {
        return column(domain).vector();
    }

    private static VectorColumn column(EmbeddingDomain domain) {
        if (!domain.isModel()) {
            throw new IllegalArgumentException("a reindex runs one model domain: TEXT or CODE");
        }
        return domain == EmbeddingDomain.CODE ? VectorColumn.CODE : VectorColumn.TEXT;
    }

    /** Rows, of every tenant, whose {@code domain} vector a run would compute. */
    public long pending(EmbeddingDomain domain) {
        return tenants.all().concatMap(t -> maintenance.countNeeding(t, column(domain), modelName(domain)))
                .reduce(0L, Long::sum).block();
    }

    public String modelName(EmbeddingDomain domain) {
        return embeddings.descriptor(domain).name();
    }

    public Result run(EmbeddingDomain domain, int batchSize, Job job) {
        VectorColumn column = column(domain);
        String model = modelName(domain);
        long reembedded = 0;
        long skipped = 0;
        long batches = 0;
        // Tenant by tenant, each in its own scope (row-level security), in id order within a tenant.
        List<Tenant> all = tenants.all().collectList().block();
        int current = 0;
        UUID after = null;
        while (!job.stopRequested() && current < all.size()) {
            Tenant tenant = all.get(current);
            List<StoredEvent> page = maintenance.needing(tenant, column, model, after, batchSize).block();
            if (page == null || page.isEmpty()) {
                current++;
                after = null;
                continue;
            }
            after = page.get(page.size() - 1).id();
            List<UUID> ids = new ArrayList<>(page.size());
            List<String> texts = new ArrayList<>(page.size());
            for (StoredEvent event : page) {
                String text = eventService.sourceText(event.content());
                if (text == null) {
                    skipped++;
                } else {
                    ids.add(event.id());
                    texts.add(text);
                }
            }
            List<VectorUpdate> batch = new ArrayList<>(ids.size());
            if (!texts.isEmpty()) {
                List<DomainVectors> vectors = embeddings.embedAll(texts, domain, InputKind.DOCUMENT).join();
                for (int i = 0; i < ids.size(); i++) {
                    batch.add(new VectorUpdate(ids.get(i), vectors.get(i).get(domain)));
                }
            }
            reembedded += maintenance.updateVectors(tenant, column, model, batch).block();
            batches++;
            job.batchDone();
            job.advance(page.size());
        }
        job.finish();
        boolean stopped = job.stopRequested();
        long remaining = stopped ? pending(domain) : skipped;
        return new Result(model, reembedded, skipped, batches, remaining, stopped, job.interrupted(), job.elapsed(),
                job.elapsed().toNanos() == 0 ? 0 : reembedded / (job.elapsed().toNanos() / 1e9));
    }
}
