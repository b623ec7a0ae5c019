package dev.mnemo.core.data;

import dev.mnemo.core.events.EventService;
import dev.mnemo.embeddings.DomainVectors;
import dev.mnemo.embeddings.DualEmbeddingService;
import dev.mnemo.embeddings.EmbeddingDomain;
import dev.mnemo.embeddings.InputKind;
import dev.mnemo.core.search.lexical.TextAnalysis;
import dev.mnemo.model.collections.CollectionInfo;
import dev.mnemo.model.collections.CollectionRecord;
import dev.mnemo.model.events.StoredEvent;
import dev.mnemo.model.search.Terms;
import dev.mnemo.model.tenant.Tenant;
import dev.mnemo.store.events.EventMaintenance.VectorUpdate;
import dev.mnemo.store.collections.CollectionRepository;
import dev.mnemo.store.events.EventMaintenance;
import dev.mnemo.store.events.VectorColumn;
import dev.mnemo.store.tenant.TenantRepository;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import reactor.core.publisher.Flux;

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
    private final CollectionRepository collections;
    private final TextAnalysis collectionAnalysis;

    /** @param collectionAnalysis how collection documents are analysed for the lexical index */
    public Reindexer(EventMaintenance maintenance, TenantRepository tenants, EventService eventService,
                     DualEmbeddingService embeddings, CollectionRepository collections, TextAnalysis collectionAnalysis) {
        this.collections = collections;
        this.collectionAnalysis = collectionAnalysis;
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

    /** Events and collection records, of every tenant, not yet in the lexical index. */
    public long pendingLexical() {
        long events = tenants.all().concatMap(maintenance::countLexicalPending).reduce(0L, Long::sum).block();
        return events + collections().concatMap(collections::countLexicalPending).reduce(0L, Long::sum).block();
    }

    /**
     * Empties every lexical index (events and collections, every tenant), for a re-analysis after the analysis
     * settings changed: {@link #runLexical} then rebuilds them with the configured analysis. Until it has, lexical
     * and hybrid searches miss what is not rebuilt yet.
     */
    public void dropLexical() {
        tenants.all().concatMap(maintenance::dropLexical).then().block();
        collections().concatMap(collections::dropLexical).then().block();
    }

    /** Every collection of every tenant. */
    private Flux<CollectionInfo> collections() {
        return tenants.all().concatMap(t -> collections.list(t, Integer.MAX_VALUE, 0));
    }

    /**
     * The lexical backfill: analyses events and collection records that are not in the lexical index yet (written
     * before it existed, imported without it, or after {@link #dropLexical}) and indexes them, a batch per statement,
     * tenant by tenant in id order, events first, then each collection. No model runs.
     * Stopping loses nothing; running again resumes. {@code reembedded} in the result counts the documents indexed.
     */
    public Result runLexical(int batchSize, Job job) {
        long[] indexed = {0};
        long batches = walk(job, (tenant, after) -> maintenance.lexicalPending(tenant, after, batchSize).block(),
                (tenant, page) -> indexed[0] += maintenance.indexLexical(tenant, page.stream().map(StoredEvent::id).toList(),
                        page.stream().map(e -> eventService.lexicalTerms(e.content())).toList()).block());
        // Then each collection's records, a page per statement in id order.
        for (CollectionInfo c : job.stopRequested() ? List.<CollectionInfo>of() : collections().collectList().block()) {
            String after = null;
            List<CollectionRecord> page;
            while (!job.stopRequested() && !(page = collections.lexicalPending(c, after, batchSize).block()).isEmpty()) {
                after = page.get(page.size() - 1).id();
                indexed[0] += collections.indexLexical(c, page.stream().map(CollectionRecord::id).toList(),
                        page.stream().map(r -> r.document() == null ? Terms.NONE : collectionAnalysis.terms(r.document()))
                                .toList()).block();
                batches++;
                job.batchDone();
                job.advance(page.size());
            }
        }
        job.finish();
        boolean stopped = job.stopRequested();
        return new Result("lexical", indexed[0], 0, batches, stopped ? pendingLexical() : 0, stopped, job.interrupted(),
                job.elapsed(), job.elapsed().toNanos() == 0 ? 0 : indexed[0] / (job.elapsed().toNanos() / 1e9));
    }

    /**
     * Tenant by tenant, each in its own scope (row-level security), pages in id order within a tenant, until done or
     * asked to stop between pages: each page handled (one transaction), then counted. Returns the pages handled.
     */
    private long walk(Job job, BiFunction<Tenant, UUID, List<StoredEvent>> pages,
                      BiConsumer<Tenant, List<StoredEvent>> handle) {
        long batches = 0;
        List<Tenant> all = tenants.all().collectList().block();
        int current = 0;
        UUID after = null;
        while (!job.stopRequested() && current < all.size()) {
            Tenant tenant = all.get(current);
            List<StoredEvent> page = pages.apply(tenant, after);
            if (page == null || page.isEmpty()) {
                current++;
                after = null;
                continue;
            }
            after = page.get(page.size() - 1).id();
            handle.accept(tenant, page);
            batches++;
            job.batchDone();
            job.advance(page.size());
        }
        return batches;
    }

    public Result run(EmbeddingDomain domain, int batchSize, Job job) {
        VectorColumn column = column(domain);
        String model = modelName(domain);
        long[] reembedded = {0};
        long[] skipped = {0};
        long batches = walk(job, (tenant, after) -> maintenance.needing(tenant, column, model, after, batchSize).block(),
                (tenant, page) -> {
                    List<UUID> ids = new ArrayList<>(page.size());
                    List<String> texts = new ArrayList<>(page.size());
                    for (StoredEvent event : page) {
                        String text = eventService.sourceText(event.content());
                        if (text == null) {
                            skipped[0]++;
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
                    reembedded[0] += maintenance.updateVectors(tenant, column, model, batch).block();
                });
        job.finish();
        boolean stopped = job.stopRequested();
        long remaining = stopped ? pending(domain) : skipped[0];
        return new Result(model, reembedded[0], skipped[0], batches, remaining, stopped, job.interrupted(), job.elapsed(),
                job.elapsed().toNanos() == 0 ? 0 : reembedded[0] / (job.elapsed().toNanos() / 1e9));
    }
}
