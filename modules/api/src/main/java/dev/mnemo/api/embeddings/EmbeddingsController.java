package dev.mnemo.api.embeddings;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.mnemo.api.input.Inputs;
import dev.mnemo.core.embedding.EmbeddingFailures;
import dev.mnemo.core.error.ServiceException;
import dev.mnemo.core.input.Storable;
import dev.mnemo.core.settings.MnemoSettings;
import dev.mnemo.embeddings.DomainVectors;
import dev.mnemo.embeddings.DualEmbeddingService;
import dev.mnemo.embeddings.EmbeddingDomain;
import dev.mnemo.embeddings.InputKind;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code POST /v1/embeddings}: {text} or {texts}, with a domain. TEXT answers the legacy single-vector shape
 * ({@code embedding} / {@code embeddings}); CODE and HYBRID answer vectors per domain ({@code data[i].text|code}).
 */
@RestController
public class EmbeddingsController {

    private final DualEmbeddingService embeddings;
    private final MnemoSettings settings;

    public EmbeddingsController(DualEmbeddingService embeddings, MnemoSettings settings) {
        this.embeddings = embeddings;
        this.settings = settings;
    }

    public record EmbeddingRequest(String text, List<String> texts, String domain, String kind) {
    }

    /**
     * {@code truncated}: the texts (by index) of which a model embedded only the first tokens, with that model's
     * limit ({@code [{"index": 0, "to": {"text": 256}}]}); absent when every text was embedded whole.
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record EmbeddingResponse(String domain, Map<String, String> models, float[] embedding,
                                    List<float[]> embeddings, List<Map<String, float[]>> data, List<Truncated> truncated) {
    }

    public record Truncated(int index, Map<String, Integer> to) {
    }

    @PostMapping("/v1/embeddings")
    public Mono<EmbeddingResponse> embed(@RequestBody EmbeddingRequest body) {
        return Mono.defer(() -> {
            EmbeddingDomain domain = Inputs.domain("domain", body.domain());
            InputKind kind = body.kind() == null || body.kind().equalsIgnoreCase("document") ? InputKind.DOCUMENT
                    : body.kind().equalsIgnoreCase("query") ? InputKind.QUERY
                    : invalidKind();
            boolean single = body.text() != null;
            if (single == (body.texts() != null)) {
                throw ServiceException.invalid("text", "exactly one of text, texts", "send either text or texts");
            }
            List<String> texts = single ? List.of(body.text()) : body.texts();
            if (texts.isEmpty()) {
                throw ServiceException.invalid("texts", "non-empty", "texts must not be empty");
            }
            if (texts.size() > settings.limits().maxBatchSize()) {
                throw ServiceException.tooLarge("texts", settings.limits().maxBatchSize(), texts.size());
            }
            for (int i = 0; i < texts.size(); i++) {
                if (texts.get(i) == null || texts.get(i).isBlank()) {
                    throw ServiceException.invalid(single ? "text" : "texts[" + i + "]", "non-blank", "text must not be blank");
                }
                Storable.text(single ? "text" : "texts[" + i + "]", texts.get(i));
            }
            Map<String, String> models = domain.models().stream().collect(java.util.stream.Collectors.toMap(
                    d -> d.name().toLowerCase(), d -> embeddings.descriptor(d).name()));
            return Mono.fromFuture(() -> embeddings.embedAll(texts, domain, kind))
                    .onErrorMap(e -> EmbeddingFailures.toService(e, single ? "text" : "texts"))
                    .map(vectors -> respond(domain, models, single, vectors, truncated(vectors)));
        });
    }

    private static InputKind invalidKind() {
        throw ServiceException.invalid("kind", "one of query, document", "kind must be query or document");
    }

    private List<Truncated> truncated(List<DomainVectors> vectors) {
        List<Truncated> out = new java.util.ArrayList<>();
        for (int i = 0; i < vectors.size(); i++) {
            Map<String, Integer> to = embeddings.truncatedTo(vectors.get(i));
            if (!to.isEmpty()) {
                out.add(new Truncated(i, to));
            }
        }
        return out;
    }

    private static EmbeddingResponse respond(EmbeddingDomain domain, Map<String, String> models, boolean single,
                                             List<DomainVectors> vectors, List<Truncated> truncated) {
        if (domain == EmbeddingDomain.TEXT) {
            return single ? new EmbeddingResponse("TEXT", models, vectors.get(0).text(), null, null, truncated)
                    : new EmbeddingResponse("TEXT", models, null, vectors.stream().map(DomainVectors::text).toList(),
                    null, truncated);
        }
        List<Map<String, float[]>> data = vectors.stream().map(v -> {
            Map<String, float[]> m = new java.util.LinkedHashMap<>();
            if (v.text() != null) {
                m.put("text", v.text());
            }
            if (v.code() != null) {
                m.put("code", v.code());
            }
            return m;
        }).toList();
        return new EmbeddingResponse(domain.wire(), models, null, null, data, truncated);
    }
}
