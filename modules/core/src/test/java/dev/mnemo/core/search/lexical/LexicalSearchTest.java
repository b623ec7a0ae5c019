package dev.mnemo.core.search.lexical;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemo.core.MnemoCore;
import dev.mnemo.core.events.EventDraft;
import dev.mnemo.core.events.EventSearch;
import dev.mnemo.core.events.EventService;
import dev.mnemo.core.search.SearchMode;
import dev.mnemo.core.settings.MnemoSettings;
import dev.mnemo.embeddings.DualEmbeddingService;
import dev.mnemo.embeddings.EmbeddingConfig;
import dev.mnemo.embeddings.EmbeddingDomain;
import dev.mnemo.model.events.Event;
import dev.mnemo.model.tenant.Tenant;
import dev.mnemo.store.events.EventStoreFixture;
import dev.mnemo.store.tenant.TenantRepository;
import dev.mnemo.store.testing.TestDatabases;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.r2dbc.core.DatabaseClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * BM25 in SQL against Lucene's own BM25 on the same documents, the same analyzer and the same queries; the index's
 * statistics against a recomputation after a random mix of writes and deletes; filters and tenants inside the leg.
 */
class LexicalSearchTest {

    static final JsonMapper JSON = JsonMapper.shared();
    static final Tenant A = Tenant.DEFAULT;
    static final Tenant B = new Tenant("lexical-b");
    static final String[] WORDS = ("apple banana cherry delta echo falcon granite harbor island jungle kernel lantern"
            + " meadow nebula orchid pepper quartz river saddle timber umbrella violet walnut xenon yellow zephyr"
            + " anchor bridge candle desert engine forest garden hammer indigo jacket kettle ladder mirror needle"
            + " ocean pillow quiver rocket silver thunder uniform valley window yogurt zipper running runner runs"
            + " database index query vector search memory agent event").split(" ");
    static EventStoreFixture store;
    static DualEmbeddingService models;
    static EventService service;
    static TenantRepository tenants;
    static final Map<UUID, String> texts = new LinkedHashMap<>();

    @BeforeAll
    static void setUp() {
        store = new EventStoreFixture("lexical", JSON);
        MnemoSettings settings = new Binder(new MapConfigurationPropertySource(Map.of("mnemo.db.url", store.db.toUrl(),
                "mnemo.embedding.dimension", "8", "mnemo.embedding.code-dimension", "8")))
                .bindOrCreate("mnemo", MnemoSettings.class);
        // Events bring their vectors: no model runs.
        models = new DualEmbeddingService(EmbeddingConfig.defaults().withPreloadText(false));
        service = MnemoCore.builder(settings, store.pool).embeddings(models)
                .indexer(1, java.time.Duration.ofHours(1), false).build().events();
        tenants = new TenantRepository(DatabaseClient.create(store.pool));
        tenants.create(B).block();
        // Zipf-like word choice: a few words are common (low idf), most are rare; lengths vary (length normalisation).
        Random random = new Random(7);
        List<EventDraft> drafts = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            StringBuilder text = new StringBuilder();
            int length = 3 + random.nextInt(25);
            for (int w = 0; w < length; w++) {
                int rank = (int) Math.min(WORDS.length - 1, Math.floor(Math.pow(random.nextDouble(), 2.2) * WORDS.length));
                text.append(WORDS[rank]).append(' ');
            }
            UUID id = UUID.randomUUID();
            texts.put(id, text.toString().strip());
            drafts.add(draft(id, text.toString().strip(), i % 2 == 0 ? "even" : "odd"));
        }
        for (int from = 0; from < drafts.size(); from += 100) {
            service.createAll(A, drafts.subList(from, from + 100), "").blockLast();
        }
    }

    @AfterAll
    static void tearDown() {
        models.close();
        store.close();
    }

    static EventDraft draft(UUID id, String text, String parity) {
        return new EventDraft(id, null, JSON.createObjectNode().put("text", text),
                JSON.createObjectNode().put("parity", parity), new float[] {1, 0, 0, 0, 0, 0, 0, 0}, EmbeddingDomain.TEXT);
    }

    static List<Event> lexical(Tenant tenant, String query, int limit, Map<String, Object> metadata) {
        EventSearch.Builder b = EventSearch.page(limit, 0).text(query).mode(SearchMode.LEXICAL).withVectors(false);
        if (metadata != null) {
            b.metadata(JSON.valueToTree(metadata));
        }
        return service.search(tenant, b.build()).block().events();
    }

    @Test
    void bm25InSqlRanksAsLucenesBm25() throws Exception {
        ByteBuffersDirectory dir = new ByteBuffersDirectory();
        IndexWriterConfig config = new IndexWriterConfig(TextAnalysis.PROSE.analyzer()).setSimilarity(new BM25Similarity());
        try (IndexWriter writer = new IndexWriter(dir, config)) {
            for (Map.Entry<UUID, String> e : texts.entrySet()) {
                Document d = new Document();
                d.add(new StringField("id", e.getKey().toString(), Field.Store.YES));
                d.add(new TextField("text", e.getValue(), Field.Store.NO));
                writer.addDocument(d);
            }
        }
        Random random = new Random(11);
        double overlapSum = 0;
        int queries = 60;
        try (DirectoryReader reader = DirectoryReader.open(dir)) {
            IndexSearcher searcher = new IndexSearcher(reader);
            searcher.setSimilarity(new BM25Similarity());
            for (int q = 0; q < queries; q++) {
                String query = WORDS[random.nextInt(WORDS.length)] + " " + WORDS[random.nextInt(WORDS.length)];
                BooleanQuery.Builder lucene = new BooleanQuery.Builder();
                TextAnalysis.PROSE.terms(query).frequencies().forEach((term, n) -> {
                    for (int i = 0; i < n; i++) {
                        lucene.add(new TermQuery(new Term("text", term)), BooleanClause.Occur.SHOULD);
                    }
                });
                List<String> expected = new ArrayList<>();
                for (ScoreDoc hit : searcher.search(lucene.build(), 10).scoreDocs) {
                    expected.add(searcher.storedFields().document(hit.doc).get("id"));
                }
                List<String> actual = lexical(A, query, 10, null).stream().map(e -> e.id().toString()).toList();
                assertThat(actual).as(query).hasSameSizeAs(expected);
                Set<String> common = new HashSet<>(expected);
                common.retainAll(actual);
                overlapSum += expected.isEmpty() ? 1 : (double) common.size() / expected.size();
            }
        }
        // Lucene keeps document lengths as 1-byte norms (lossy past a few dozen tokens); the formulas are the same.
        assertThat(overlapSum / queries).as("mean top-10 overlap with Lucene BM25").isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void filtersApplyInsideTheLexicalLegAndTenantsSeeOnlyTheirOwn() {
        List<Event> all = lexical(A, "falcon granite", 400, null);
        assertThat(all).isNotEmpty();
        long evenInAll = all.stream().filter(e -> e.metadata().get("parity").asString().equals("even")).count();
        List<Event> even = lexical(A, "falcon granite", 400, Map.of("parity", "even"));
        assertThat(even).hasSize((int) evenInAll)
                .allSatisfy(e -> assertThat(e.metadata().get("parity").asString()).isEqualTo("even"));
        // Scores descend; every hit holds a query term (stemmed: "runs" finds "running").
        assertThat(all).isSortedAccordingTo((x, y) -> Double.compare(y.similarity(), x.similarity()));
        assertThat(lexical(A, "runs", 400, null)).isNotEmpty().allSatisfy(e -> assertThat(e.content().get("text").asString())
                .containsAnyOf("running", "runner", "runs"));
        // Tenant B has no postings of A's, and its own statistics.
        assertThat(lexical(B, "falcon granite", 10, null)).isEmpty();
        service.createAll(B, List.of(draft(UUID.randomUUID(), "falcon", "odd")), "").blockLast();
        assertThat(lexical(B, "falcon granite", 10, null)).hasSize(1);
    }

    @Test
    void statisticsEqualARecomputationAfterRandomWritesAndDeletes() throws Exception {
        Tenant t = new Tenant("lexical-churn");
        tenants.create(t).block();
        Random random = new Random(3);
        List<UUID> live = new ArrayList<>();
        int writes = 0;
        while (writes < 10_000) {
            if (live.size() > 50 && random.nextInt(4) == 0) {
                for (int i = 0; i < 20; i++) {
                    service.delete(t, live.remove(random.nextInt(live.size()))).block();
                    writes++;
                }
            } else {
                List<EventDraft> batch = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    UUID id = UUID.randomUUID();
                    // Some texts have no terms (stop words only): analysed, recorded, not counted in N.
                    String text = random.nextInt(20) == 0 ? "the of and" : WORDS[random.nextInt(WORDS.length)] + " "
                            + WORDS[random.nextInt(WORDS.length)] + " " + WORDS[random.nextInt(WORDS.length)];
                    batch.add(draft(id, text, "x"));
                    live.add(id);
                }
                service.createAll(t, batch, "").blockLast();
                writes += batch.size();
            }
        }
        try (Connection c = TestDatabases.connect(store.db)) {
            ResultSet stats = c.createStatement().executeQuery("SELECT doc_count, total_length FROM lexical_stats"
                    + " WHERE tenant_id = 'lexical-churn' AND index_id = 'events'");
            assertThat(stats.next()).isTrue();
            long docCount = stats.getLong(1);
            long totalLength = stats.getLong(2);
            ResultSet recomputed = c.createStatement().executeQuery("SELECT count(*) FILTER (WHERE length > 0),"
                    + " sum(length), count(*) FROM lexical_docs WHERE tenant_id = 'lexical-churn' AND index_id = 'events'");
            recomputed.next();
            assertThat(docCount).isEqualTo(recomputed.getLong(1));
            assertThat(totalLength).isEqualTo(recomputed.getLong(2));
            assertThat(recomputed.getLong(3)).as("one analysed document per live event").isEqualTo(live.size());
            // Postings: exactly the live events' terms, as a fresh analysis of their texts gives them.
            ResultSet orphans = c.createStatement().executeQuery("SELECT count(*) FROM lexical_postings p"
                    + " WHERE tenant_id = 'lexical-churn' AND NOT EXISTS (SELECT 1 FROM events e"
                    + " WHERE e.tenant_id = p.tenant_id AND e.id = p.doc_id::uuid)");
            orphans.next();
            assertThat(orphans.getLong(1)).isZero();
            ResultSet postings = c.createStatement().executeQuery("SELECT sum(tf), count(DISTINCT doc_id)"
                    + " FROM lexical_postings WHERE tenant_id = 'lexical-churn'");
            postings.next();
            long expectedTf = 0;
            long expectedLength = 0;
            ResultSet events = c.createStatement().executeQuery(
                    "SELECT content->>'text' FROM events WHERE tenant_id = 'lexical-churn'");
            while (events.next()) {
                dev.mnemo.model.search.Terms terms = TextAnalysis.PROSE.terms(events.getString(1));
                expectedTf += terms.frequencies().values().stream().mapToLong(Integer::longValue).sum();
                expectedLength += terms.isEmpty() ? 0 : terms.length();
            }
            assertThat(postings.getLong(1)).isEqualTo(expectedTf);
            assertThat(postings.getLong(2)).isEqualTo(docCount);
            assertThat(totalLength).isEqualTo(expectedLength);
        }
    }
}
