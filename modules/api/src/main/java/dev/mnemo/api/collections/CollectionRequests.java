package dev.mnemo.api.collections;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Request bodies of the collections API (Chroma's field names). */
final class CollectionRequests {

    private CollectionRequests() {
    }

    record Hnsw(Integer m, @JsonProperty("ef_construction") Integer efConstruction) {
    }

    record Create(String name, JsonNode metadata, @JsonProperty("embedding_domain") String embeddingDomain,
                  String distance, Hnsw hnsw, @JsonProperty("get_or_create") Boolean getOrCreate) {
    }

    /** add / upsert / update: columnar lists, all as long as ids when present. */
    record Records(List<String> ids, List<String> documents, List<JsonNode> metadatas, List<float[]> embeddings) {
    }

    record Get(List<String> ids, JsonNode where, @JsonProperty("where_document") JsonNode whereDocument, Integer limit,
               Integer offset, List<String> include) {
    }

    record Delete(List<String> ids, JsonNode where, @JsonProperty("where_document") JsonNode whereDocument) {
    }

    record Query(@JsonProperty("query_texts") List<String> queryTexts,
                 @JsonProperty("query_embeddings") List<float[]> queryEmbeddings,
                 @JsonProperty("n_results") Integer nResults, JsonNode where,
                 @JsonProperty("where_document") JsonNode whereDocument, List<String> include, String mode,
                 Boolean explain) {
    }
}
