package dev.mnemo.core.settings;

import dev.mnemo.core.search.lexical.TextAnalysis;
import dev.mnemo.model.tenant.Quota;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Every setting of Mnemo, in one validated tree bound from {@code mnemo.*} (environment: {@code MNEMO_*}).
 * MnemoLite's environment names (DATABASE_URL, EMBEDDING_MODEL, ...) are mapped onto it by {@code mnemo-defaults.yml}.
 * Invalid values stop start-up with a message naming the property; see docs/configuration.md.
 */
@Validated
@ConfigurationProperties("mnemo")
public record MnemoSettings(
        @Valid @NotNull @DefaultValue Db db,
        @Valid @NotNull @DefaultValue Embedding embedding,
        @Valid @NotNull @DefaultValue Search search,
        @Valid @NotNull @DefaultValue Limits limits,
        @Valid @NotNull @DefaultValue Jobs jobs,
        @Valid @NotNull @DefaultValue Security security,
        @Valid @NotNull @DefaultValue Quotas quotas,
        @Valid @NotNull @DefaultValue Code code) {

    /**
     * Code indexing (docs/code.md): files larger than {@code max-file-bytes} are skipped; chunks are cut to at most
     * {@code max-tokens} of the CODE model (bge-small: 512, less a margin), plain text in windows of
     * {@code window-lines} overlapping by {@code overlap-lines}; chunks are embedded {@code embed-batch} at a time;
     * {@code analyzer} makes their lexical terms (code: identifiers split and kept whole).
     */
    public record Code(
            @Positive @DefaultValue("1000000") long maxFileBytes,
            @Min(16) @Max(8192) @DefaultValue("480") int maxTokens,
            @Min(1) @Max(1000) @DefaultValue("60") int windowLines,
            @Min(0) @Max(999) @DefaultValue("10") int overlapLines,
            @Min(1) @Max(4096) @DefaultValue("256") int embedBatch,
            @NotNull @DefaultValue("code") TextAnalysis analyzer) {
    }

    /** The database: one URL feeds both JDBC (migrations) and R2DBC (runtime). */
    public record Db(
            @NotBlank @DefaultValue(LOCAL_URL) String url,
            String username,
            String password,
            @Min(1) @Max(500) @DefaultValue("2") int poolInitialSize,
            @Min(1) @Max(500) @DefaultValue("16") int poolMaxSize,
            @NotNull @DefaultValue("5s") Duration acquireTimeout,
            @NotNull @DefaultValue("30s") Duration statementTimeout,
            @DefaultValue("true") boolean migrateOnStart,
            @DefaultValue("true") boolean checkOnStart) {

        public Db {
            if (poolInitialSize > poolMaxSize) {
                throw new IllegalArgumentException("mnemo.db.pool-initial-size (" + poolInitialSize
                        + ") must not exceed mnemo.db.pool-max-size (" + poolMaxSize + ")");
            }
        }
    }

    /** Embedding models per domain, their dimensions, the RAM budget, the cache and auto-generation. */
    public record Embedding(
            @NotBlank @DefaultValue("all-minilm-l6-v2") String textModel,
            @NotBlank @DefaultValue("bge-small-en-v15") String codeModel,
            @Positive @Max(16000) @DefaultValue("384") int dimension,
            @Positive @Max(16000) @DefaultValue("384") int codeDimension,
            @Positive @DefaultValue("1024") long ramBudgetMb,
            @PositiveOrZero @DefaultValue("10000") int cacheSize,
            @PositiveOrZero @DefaultValue("0") int inferenceThreads,
            @Min(1) @Max(64) @DefaultValue("2") int intraOpThreads,
            @DefaultValue("true") boolean preloadText,
            @DefaultValue("true") boolean autoGenerate,
            @NotNull @DefaultValue("soft") FailureStrategy failureStrategy,
            @NotEmpty @DefaultValue({"text", "body", "message", "content", "title"}) List<String> sourceFields,
            @NotNull @DefaultValue("2ms") Duration batchWindow,
            @Min(64) @DefaultValue("512") int maxBatchTokens) {
    }

    /** Search tuning: the vector index's, and the lexical index's. */
    public record Search(
            @Min(1) @Max(1000) @DefaultValue("100") int efSearch,
            @DefaultValue("true") boolean iterativeScan,
            @NotNull @DefaultValue("5s") Duration documentFilterTimeout,
            @Valid @NotNull @DefaultValue Lexical lexical,
            @Valid @NotNull @DefaultValue Hybrid hybrid) {
    }

    /**
     * How {@code mode=hybrid} fuses its vector and lexical legs: reciprocal rank fusion ({@code rrf}, ranks only) or
     * min-max normalised scores ({@code weighted}), each leg weighted. Defaults chosen by {@code make eval}
     * (docs/benchmarks.md, Search quality): min-max 0.7/0.3 was the one fusion above both of its legs on both sets
     * (prose 0.905 vs 0.863, code 0.662 vs 0.642 MRR@10); RRF 1:1 fell below the CODE leg on code.
     */
    public record Hybrid(
            @NotNull @DefaultValue("weighted") HybridFusion fusion,
            @DecimalMin("0.0") @DecimalMax("100.0") @DefaultValue("0.7") double vectorWeight,
            @DecimalMin("0.0") @DecimalMax("100.0") @DefaultValue("0.3") double lexicalWeight) {
    }

    public enum HybridFusion { RRF, WEIGHTED }

    /**
     * BM25 over the lexical index: {@code k1} (term-frequency saturation) and {@code b} (length normalisation), the
     * usual defaults; the analysis of event texts and of collection documents (prose: English stemming and stop
     * words; code: identifiers split at case changes, '_' and '.', kept whole too; simple: lower-cased words).
     * Changing an analysis needs {@code data reindex --lexical --reanalyze}.
     */
    public record Lexical(
            @DecimalMin("0.0") @DecimalMax("10.0") @DefaultValue("1.2") double k1,
            @DecimalMin("0.0") @DecimalMax("1.0") @DefaultValue("0.75") double b,
            @NotNull @DefaultValue("prose") TextAnalysis eventsAnalyzer,
            @NotNull @DefaultValue("prose") TextAnalysis collectionsAnalyzer) {
    }

    /**
     * Input limits of the services, whatever face calls them; beyond them a call is refused naming the limit. (The
     * HTTP body limit, {@code mnemo.limits.max-body-bytes}, is the api's own setting: HttpLimits.)
     */
    public record Limits(
            @Min(1) @Max(100000) @DefaultValue("1000") int maxBatchSize,
            @Positive @DefaultValue("100000") int maxTextChars) {
    }

    /**
     * Background work. The api runs it; the admin shell, a console started for one command, does not. Several api
     * processes on one database share the work (the indexer takes rows with FOR UPDATE SKIP LOCKED).
     */
    public record Jobs(
            @DefaultValue("true") boolean collectionIndexer) {
    }

    /**
     * Who may call (docs/security.md). {@code auto}: without any active API key the service is the default tenant's
     * and must listen on loopback only (start-up refuses another address); with keys, every request needs one.
     * {@code keys}: every request needs a key, always. {@code open}: no key is asked on any address, every caller is
     * the default tenant (an explicit choice for a trusted network).
     */
    public record Security(@NotNull @DefaultValue("auto") SecurityMode mode) {
    }

    public enum SecurityMode { AUTO, KEYS, OPEN }

    /**
     * What each tenant may hold unless the tenants table says otherwise (admin shell {@code tenants quota}); no value:
     * no limit. Writes past a limit are refused (403; storage: 413). Usage is counted in PostgreSQL and remembered
     * for {@code usageRefresh}, with this process's own writes added meanwhile: another replica's writes, and
     * deletions, show at the next count.
     */
    public record Quotas(
            @PositiveOrZero Long rows,
            @PositiveOrZero Long collections,
            DataSize storage,
            @NotNull @DefaultValue("30s") Duration usageRefresh) {

        public Quota defaults() {
            return new Quota(rows, collections, storage == null ? null : storage.toBytes());
        }
    }

    /** The project-local cluster started by scripts/postgres.sh. */
    public static final String LOCAL_URL = "postgresql://postgres@127.0.0.1:55432/mnemo";
}
