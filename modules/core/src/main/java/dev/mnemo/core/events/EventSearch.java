package dev.mnemo.core.events;

import dev.mnemo.core.search.SearchMode;
import dev.mnemo.embeddings.EmbeddingDomain;
import java.time.OffsetDateTime;
import tools.jackson.databind.JsonNode;

/**
 * A search as clients ask it: a query text to embed, or a vector, or neither (filters only); metadata containment;
 * a text the content must contain; a time range; a cosine-distance threshold (null: none). {@code withVectors}: whether
 * each hit carries its stored vectors (MnemoLite's answers do; ~45 KB for 10 hits). Built with {@link #page}.
 */
public record EventSearch(String text, float[] vector, EmbeddingDomain domain, JsonNode metadata, String contentContains,
                          OffsetDateTime from, OffsetDateTime to, Double maxDistance, int limit, int offset,
                          boolean withVectors, SearchMode mode, boolean explain) {

    public EventSearch {
        domain = domain == null ? EmbeddingDomain.TEXT : domain;
        mode = mode == null ? SearchMode.VECTOR : mode;
    }

    /** This search, as another page in another mode: a leg of a HYBRID search (which explains the fused hits itself). */
    public EventSearch as(SearchMode otherMode, int otherLimit, int otherOffset) {
        return new EventSearch(text, vector, domain, metadata, contentContains, from, to, maxDistance, otherLimit,
                otherOffset, withVectors, otherMode, false);
    }

    /** A search for one page of results; everything else is optional. */
    public static Builder page(int limit, int offset) {
        return new Builder(limit, offset);
    }

    public static final class Builder {
        private final int limit;
        private final int offset;
        private String text;
        private float[] vector;
        private EmbeddingDomain domain;
        private JsonNode metadata;
        private String contentContains;
        private OffsetDateTime from;
        private OffsetDateTime to;
        private Double maxDistance;
        private boolean withVectors = true;
        private SearchMode mode = SearchMode.VECTOR;
        private boolean explain;

        private Builder(int limit, int offset) {
            this.limit = limit;
            this.offset = offset;
        }

        /** A text to embed as a query (in {@code domain}). */
        public Builder text(String query) {
            this.text = query;
            return this;
        }

        /** A vector used as it is. */
        public Builder vector(float[] query) {
            this.vector = query;
            return this;
        }

        public Builder domain(EmbeddingDomain value) {
            this.domain = value;
            return this;
        }

        /** JSON containment on the metadata; null or {@code {}}: no filter. */
        public Builder metadata(JsonNode filter) {
            this.metadata = filter;
            return this;
        }

        public Builder contentContains(String value) {
            this.contentContains = value;
            return this;
        }

        /** The time range, either end open (null). */
        public Builder between(OffsetDateTime start, OffsetDateTime end) {
            this.from = start;
            this.to = end;
            return this;
        }

        /** The largest cosine distance of a hit (0..2); null: none. */
        public Builder maxDistance(Double value) {
            this.maxDistance = value;
            return this;
        }

        /** How results are ranked (VECTOR unless said otherwise). */
        public Builder mode(SearchMode value) {
            this.mode = value;
            return this;
        }

        public Builder withVectors(boolean include) {
            this.withVectors = include;
            return this;
        }

        /** Each hit with its rank and score per leg and the score it was ranked by. */
        public Builder explain(boolean value) {
            this.explain = value;
            return this;
        }

        public EventSearch build() {
            return new EventSearch(text, vector, domain, metadata, contentContains, from, to, maxDistance, limit, offset,
                    withVectors, mode, explain);
        }
    }
}
