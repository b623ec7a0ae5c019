package dev.mnemo.core.collections;

import dev.mnemo.core.embedding.EmbeddingFailures;
import dev.mnemo.core.error.ServiceException;
import dev.mnemo.embeddings.DomainVectors;
import dev.mnemo.embeddings.DualEmbeddingService;
import dev.mnemo.embeddings.EmbeddingDomain;
import dev.mnemo.embeddings.InputKind;
import dev.mnemo.model.collections.CollectionInfo;
import dev.mnemo.model.collections.CollectionRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/** Embeds documents and query texts with a collection's model, each vector checked for the collection's dimension. */
final class CollectionEmbedder {

    /** Records ready to write, with the ids of those whose document was embedded only in part. */
    record Ready(List<CollectionRecord> records, List<String> truncated) {
    }

    private final Supplier<DualEmbeddingService> embeddings;

    /** @param embeddings supplies the models, or null when none is configured (records and queries bring vectors) */
    CollectionEmbedder(Supplier<DualEmbeddingService> embeddings) {
        this.embeddings = embeddings;
    }

    static EmbeddingDomain domain(CollectionInfo c) {
        return EmbeddingDomain.valueOf(c.domain());
    }

    /** The records, those without an embedding given one from their document. */
    Mono<Ready> embedMissing(CollectionInfo c, List<CollectionRecord> records) {
        List<Integer> slots = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            if (records.get(i).embedding() == null) {
                slots.add(i);
                texts.add(records.get(i).document());
            }
        }
        if (texts.isEmpty()) {
            return Mono.just(new Ready(records, List.of()));
        }
        EmbeddingDomain domain = domain(c);
        return embed(c, texts, InputKind.DOCUMENT, "documents").map(vectors -> {
            List<CollectionRecord> out = new ArrayList<>(records);
            List<String> truncated = new ArrayList<>();
            for (int j = 0; j < slots.size(); j++) {
                CollectionRecord r = records.get(slots.get(j));
                out.set(slots.get(j), r.withEmbedding(vectors.get(j).get(domain)));
                if (vectors.get(j).truncated().contains(domain)) {
                    truncated.add(r.id());
                }
            }
            return new Ready(out, truncated);
        });
    }

    /** The query texts' vectors. */
    Mono<List<float[]>> queries(CollectionInfo c, List<String> texts) {
        EmbeddingDomain domain = domain(c);
        return embed(c, texts, InputKind.QUERY, "query_texts").map(list -> list.stream().map(v -> v.get(domain)).toList());
    }

    private Mono<List<DomainVectors>> embed(CollectionInfo c, List<String> texts, InputKind kind, String field) {
        DualEmbeddingService service = embeddings == null ? null : embeddings.get();
        if (service == null) {
            return Mono.error(ServiceException.unavailable("No embedding model is configured: send embeddings with "
                    + field, null));
        }
        EmbeddingDomain domain = domain(c);
        return Mono.fromFuture(() -> service.embedAll(texts, domain, kind))
                .flatMap(vs -> {
                    for (DomainVectors v : vs) {
                        float[] vector = v.get(domain);
                        if (vector == null || vector.length != c.dimension()) {
                            return Mono.<List<DomainVectors>>error(ServiceException.unavailable("The " + domain
                                    + " model produced " + (vector == null ? "no" : vector.length + "-d")
                                    + " vectors; collection " + c.name() + " holds " + c.dimension() + "-d", null));
                        }
                    }
                    return Mono.just(vs);
                })
                .onErrorMap(e -> EmbeddingFailures.toService(e, field));
    }
}
