package dev.mnemo.core.code;

import dev.mnemo.core.error.DatabaseRetry;
import dev.mnemo.core.error.ServiceException;
import dev.mnemo.core.input.Storable;
import dev.mnemo.core.search.Hybrid;
import dev.mnemo.core.search.SearchMode;
import dev.mnemo.core.search.lexical.TextAnalysis;
import dev.mnemo.core.settings.MnemoSettings;
import dev.mnemo.embeddings.DualEmbeddingService;
import dev.mnemo.embeddings.EmbeddingDomain;
import dev.mnemo.embeddings.InputKind;
import dev.mnemo.model.code.CodeHit;
import dev.mnemo.model.filter.Filter;
import dev.mnemo.model.search.Explanation;
import dev.mnemo.model.tenant.Tenant;
import dev.mnemo.store.code.CodeStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * Code search over indexed chunks, in the three modes every Mnemo search has: VECTOR (the question embedded with the
 * CODE model, the TEXT model, or both fused), LEXICAL (BM25 over the chunks' identifier-aware terms) and HYBRID (both,
 * fused by {@link Hybrid}). Filters are one {@link Filter} tree over the chunks' metadata.
 */
public final class CodeSearch {

    private static final int MAX_LIMIT = 100;

    private final CodeStore store;
    private final Supplier<DualEmbeddingService> embeddings;
    private final TextAnalysis analysis;
    private final MnemoSettings.Search settings;

    public CodeSearch(CodeStore store, Supplier<DualEmbeddingService> embeddings, TextAnalysis analysis,
                      MnemoSettings.Search settings) {
        this.store = store;
        this.embeddings = embeddings;
        this.analysis = analysis;
        this.settings = settings;
    }

    public Mono<List<CodeHit>> search(Tenant tenant, CodeQuery q) {
        try {
            if (q.text() == null || q.text().isBlank()) {
                throw ServiceException.invalid("query", "required", "query is the question or identifier to find");
            }
            Storable.text("query", q.text());
            if (q.limit() < 1 || q.limit() > MAX_LIMIT) {
                throw ServiceException.invalid("limit", "1.." + MAX_LIMIT, "limit is between 1 and " + MAX_LIMIT);
            }
        } catch (ServiceException e) {
            return Mono.error(e);
        }
        Filter filter = filter(q);
        SearchMode mode = q.mode() == null ? SearchMode.VECTOR : q.mode();
        return switch (mode) {
            case VECTOR -> vector(tenant, q, filter, q.limit())
                    .map(hits -> q.explain() ? explained(hits, true) : hits);
            case LEXICAL -> lexical(tenant, q, filter, q.limit())
                    .map(hits -> q.explain() ? explained(hits, false) : hits);
            case HYBRID -> {
                int candidates = Math.max(50, 2 * q.limit());
                yield Mono.zip(vector(tenant, q, filter, candidates), lexical(tenant, q, filter, candidates))
                        .map(legs -> Hybrid.fuse(Hybrid.Leg.of(legs.getT1(), CodeHit::score),
                                        Hybrid.Leg.of(legs.getT2(), CodeHit::score), CodeHit::id, settings.hybrid(), 0,
                                        q.limit(), q.explain())
                                .stream().map(h -> h.item().withScore(h.score(), h.explanation())).toList());
            }
        };
    }

    private Mono<List<CodeHit>> lexical(Tenant tenant, CodeQuery q, Filter filter, int k) {
        MnemoSettings.Lexical lexical = settings.lexical();
        return DatabaseRetry.mono(store.lexical(tenant, analysis.terms(q.text()), filter, k, lexical.k1(), lexical.b()),
                "searching code");
    }

    /** One vector leg (CODE or TEXT), or both fused by rank (BOTH) as event searches do. */
    private Mono<List<CodeHit>> vector(Tenant tenant, CodeQuery q, Filter filter, int k) {
        DualEmbeddingService models = embeddings.get();
        if (models == null) {
            return Mono.error(ServiceException.invalid("mode", "models", "vector search needs the embedding models"));
        }
        EmbeddingDomain domain = q.domain() == null ? EmbeddingDomain.CODE : q.domain();
        return Mono.fromFuture(() -> models.embed(q.text(), domain, InputKind.QUERY)).flatMap(v -> {
            if (domain == EmbeddingDomain.CODE) {
                return DatabaseRetry.mono(store.nearest(tenant, "embedding_code", v.code(), filter, k), "searching code");
            }
            if (domain == EmbeddingDomain.TEXT) {
                return DatabaseRetry.mono(store.nearest(tenant, "embedding_text", v.text(), filter, k), "searching code");
            }
            return Mono.zip(DatabaseRetry.mono(store.nearest(tenant, "embedding_code", v.code(), filter, k), "searching code"),
                            DatabaseRetry.mono(store.nearest(tenant, "embedding_text", v.text(), filter, k), "searching code"))
                    .map(legs -> Hybrid.fuse(Hybrid.Leg.of(legs.getT1(), CodeHit::score),
                                    Hybrid.Leg.of(legs.getT2(), CodeHit::score), CodeHit::id,
                                    new MnemoSettings.Hybrid(MnemoSettings.HybridFusion.RRF, 1, 1), 0, k, false)
                            .stream().map(h -> h.item().withScore(h.item().score(), null)).toList());
        });
    }

    private static List<CodeHit> explained(List<CodeHit> hits, boolean vector) {
        List<Explanation> why = Hybrid.single(hits, 0, CodeHit::score, vector);
        List<CodeHit> out = new ArrayList<>(hits.size());
        for (int i = 0; i < hits.size(); i++) {
            out.add(hits.get(i).withScore(hits.get(i).score(), why.get(i)));
        }
        return out;
    }

    /** The query's filters as one tree over the chunks' metadata. */
    static Filter filter(CodeQuery q) {
        return Filter.allOf(
                eq("repository", q.repository()),
                eq("language", q.language() == null ? null : q.language().toLowerCase(Locale.ROOT)),
                eq("kind", q.kind() == null ? null : q.kind().toLowerCase(Locale.ROOT)),
                eq("symbol", q.symbol()),
                q.path() == null || q.path().isBlank() ? null
                        : new Filter.Metadata("path", Filter.MetadataOp.GLOB, List.of(new Filter.Text(q.path()))));
    }

    private static Filter eq(String key, String value) {
        return value == null || value.isBlank() ? null
                : new Filter.Metadata(key, Filter.MetadataOp.EQ, List.of(new Filter.Text(value)));
    }
}
