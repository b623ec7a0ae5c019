package dev.mnemo.store.code;

import dev.mnemo.model.code.CallGraph;
import dev.mnemo.model.code.Chunk;
import dev.mnemo.model.code.CodeHit;
import dev.mnemo.model.code.Reference;
import dev.mnemo.model.code.SourceRepository;
import dev.mnemo.model.filter.Filter;
import dev.mnemo.model.search.Terms;
import dev.mnemo.model.tenant.Tenant;
import dev.mnemo.store.StoreErrors;
import dev.mnemo.store.filter.FilterSql;
import dev.mnemo.store.lexical.LexicalSql;
import dev.mnemo.store.sql.Sql;
import dev.mnemo.store.tenant.TenantScope;
import io.r2dbc.postgresql.codec.Vector;
import io.r2dbc.spi.Readable;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * All SQL of code intelligence (migration V10): repositories, their files, chunks and edges, and the searches over
 * chunks. A file's chunks, edges and lexical postings are replaced together, in one transaction.
 */
public final class CodeStore {

    /** The lexical index of code chunks (V9's tables). */
    public static final String LEXICAL_INDEX = "code";

    private static final String HIT_COLUMNS = "c.id, c.metadata->>'repository' AS repository, c.metadata->>'path' AS path,"
            + " c.language, c.kind, c.name, c.signature, c.start_line, c.end_line, c.content";

    private final DatabaseClient db;
    private final TenantScope scope;
    private final JsonMapper json;

    public CodeStore(DatabaseClient db, TransactionalOperator tx, JsonMapper json) {
        this.db = db;
        this.scope = new TenantScope(db, tx);
        this.json = json;
    }

    /** A chunk ready to store: the chunker's chunk, its vectors (text: doc-like chunks only) and lexical terms. */
    public record NewChunk(Chunk chunk, String contentHash, float[] codeVector, float[] textVector, Terms terms) {
    }

    /** A file ready to store: where it is, what language it is in, its content hash and size, and its chunks. */
    public record NewFile(String path, String language, String contentHash, long size, List<NewChunk> chunks) {
    }

    // ---- repositories --------------------------------------------------------------------------------------

    /** The repository named {@code name}, created with {@code root} if new (an existing one keeps its root). */
    public Mono<SourceRepository> open(Tenant tenant, String name, String root) {
        return scope.mono(tenant, db.sql("INSERT INTO code_repositories (tenant_id, name, root) VALUES ($1, $2, $3)"
                        + " ON CONFLICT (tenant_id, name) DO UPDATE SET root = code_repositories.root RETURNING id")
                        .bind(0, tenant.id()).bind(1, name).bind(2, root)
                        .map(row -> row.get(0, Long.class)).one())
                .then(find(tenant, name))
                .onErrorMap(StoreErrors::translate);
    }

    public Mono<SourceRepository> find(Tenant tenant, String name) {
        return scope.mono(tenant, db.sql(REPOSITORIES + " AND r.name = $2").bind(0, tenant.id()).bind(1, name)
                .map(this::repository).one()).onErrorMap(StoreErrors::translate);
    }

    public Flux<SourceRepository> list(Tenant tenant) {
        return scope.flux(tenant, db.sql(REPOSITORIES + " ORDER BY r.name").bind(0, tenant.id())
                .map(this::repository).all()).onErrorMap(StoreErrors::translate);
    }

    private static final String REPOSITORIES = "SELECT r.id, r.name, r.root, r.tree_hash, r.indexed_at,"
            + " (SELECT count(*) FROM code_files f WHERE f.tenant_id = r.tenant_id AND f.repository_id = r.id) AS files,"
            + " (SELECT count(*) FROM code_chunks c WHERE c.tenant_id = r.tenant_id AND c.repository_id = r.id) AS chunks"
            + " FROM code_repositories r WHERE r.tenant_id = $1";

    /** Deletes the repository with its files, chunks, edges and lexical postings; false when there was none. */
    public Mono<Boolean> delete(Tenant tenant, String name) {
        Sql sql = new Sql();
        String t = sql.bind(tenant.id());
        String n = sql.bind(name);
        sql.append("WITH doomed AS (SELECT c.id::text AS id FROM code_chunks c JOIN code_repositories r"
                + " ON r.tenant_id = c.tenant_id AND r.id = c.repository_id WHERE r.tenant_id = " + t + " AND r.name = " + n
                + "), " + LexicalSql.unindex(t, sql.bind(LEXICAL_INDEX), "SELECT id FROM doomed")
                + ", gone AS (DELETE FROM code_repositories WHERE tenant_id = " + t + " AND name = " + n
                + " RETURNING id) SELECT count(*) FROM gone");
        return scope.mono(tenant, sql.on(db).map(row -> row.get(0, Long.class)).one().map(count -> count > 0))
                .onErrorMap(StoreErrors::translate);
    }

    /** Records a finished index of the repository: the hash of the tree it saw. */
    public Mono<Void> indexed(Tenant tenant, long repository, String treeHash) {
        return scope.mono(tenant, db.sql("UPDATE code_repositories SET tree_hash = $3, indexed_at = now()"
                        + " WHERE tenant_id = $1 AND id = $2").bind(0, tenant.id()).bind(1, repository).bind(2, treeHash)
                .then()).onErrorMap(StoreErrors::translate);
    }

    // ---- files -----------------------------------------------------------------------------------------------

    /** Path to content hash of every file of the repository: what an incremental index compares against. */
    public Mono<Map<String, String>> fileHashes(Tenant tenant, long repository) {
        return scope.mono(tenant, db.sql("SELECT path, content_hash FROM code_files WHERE tenant_id = $1 AND repository_id = $2")
                .bind(0, tenant.id()).bind(1, repository)
                .map(row -> Map.entry(row.get(0, String.class), row.get(1, String.class))).all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue)).onErrorMap(StoreErrors::translate);
    }

    /**
     * Replaces files: each one's old chunks, edges and postings go, its new ones come, all of them in ONE
     * transaction (a reader sees the old version or the new one). Returns the chunks written.
     */
    public Mono<Long> replace(Tenant tenant, long repository, String repositoryName, List<NewFile> files) {
        if (files.isEmpty()) {
            return Mono.just(0L);
        }
        int chunkCount = files.stream().mapToInt(f -> f.chunks().size()).sum();
        Mono<Long> work = remove(tenant, repository, files.stream().map(NewFile::path).toList())
                .then(allocate(chunkCount))
                .flatMap(ids -> Flux.fromIterable(files).index()
                        .concatMap(f -> writeFile(tenant, repository, repositoryName, f.getT2(),
                                ids.subList(offset(files, f.getT1().intValue()), offset(files, f.getT1().intValue() + 1))))
                        .reduce(0L, Long::sum));
        return scope.mono(tenant, work).onErrorMap(StoreErrors::translate);
    }

    /** Deletes files (and their chunks, edges, postings) by path. Returns the files deleted. */
    public Mono<Long> removeFiles(Tenant tenant, long repository, List<String> paths) {
        if (paths.isEmpty()) {
            return Mono.just(0L);
        }
        return scope.mono(tenant, remove(tenant, repository, paths)).onErrorMap(StoreErrors::translate);
    }

    private static int offset(List<NewFile> files, int index) {
        int n = 0;
        for (int i = 0; i < index; i++) {
            n += files.get(i).chunks().size();
        }
        return n;
    }

    private Mono<Long> remove(Tenant tenant, long repository, List<String> paths) {
        Sql sql = new Sql();
        String t = sql.bind(tenant.id());
        String r = sql.bind(repository);
        String p = sql.bind(paths.toArray(String[]::new));
        sql.append("WITH doomed AS (SELECT c.id FROM code_chunks c JOIN code_files f ON f.tenant_id = c.tenant_id"
                + " AND f.id = c.file_id WHERE f.tenant_id = " + t + " AND f.repository_id = " + r
                + " AND f.path = ANY(" + p + "::text[])), "
                + LexicalSql.unindex(t, sql.bind(LEXICAL_INDEX), "SELECT id::text FROM doomed")
                // Edges into the doomed chunks from other files become unresolved names again.
                + ", unresolved AS (UPDATE code_edges SET target_chunk = NULL WHERE tenant_id = " + t
                + " AND target_chunk IN (SELECT id FROM doomed))"
                + ", gone AS (DELETE FROM code_files WHERE tenant_id = " + t + " AND repository_id = " + r
                + " AND path = ANY(" + p + "::text[]) RETURNING id) SELECT count(*) FROM gone");
        return sql.on(db).map(row -> row.get(0, Long.class)).one();
    }

    /** Chunk ids taken up front, so edges can name their source chunk in the same transaction. */
    private Mono<List<Long>> allocate(int n) {
        if (n == 0) {
            return Mono.just(List.of());
        }
        return db.sql("SELECT nextval(pg_get_serial_sequence('code_chunks', 'id')) FROM generate_series(1, $1)")
                .bind(0, n).map(row -> row.get(0, Long.class)).all().collectList();
    }

    private Mono<Long> writeFile(Tenant tenant, long repository, String repositoryName, NewFile file, List<Long> ids) {
        Mono<Long> fileId = db.sql("INSERT INTO code_files (tenant_id, repository_id, path, language, content_hash,"
                        + " size_bytes) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id")
                .bind(0, tenant.id()).bind(1, repository).bind(2, file.path()).bind(3, file.language())
                .bind(4, file.contentHash()).bind(5, file.size())
                .map(row -> row.get(0, Long.class)).one();
        return fileId.flatMap(id -> file.chunks().isEmpty() ? Mono.just(0L)
                : chunks(tenant, repository, repositoryName, file, id, ids).flatMap(n -> edges(tenant, repository, file, ids)
                        .thenReturn(n)));
    }

    private Mono<Long> chunks(Tenant tenant, long repository, String repositoryName, NewFile file, long fileId,
                              List<Long> ids) {
        int n = file.chunks().size();
        String[] kinds = new String[n];
        String[] names = new String[n];
        String[] symbols = new String[n];
        String[] signatures = new String[n];
        Integer[] starts = new Integer[n];
        Integer[] ends = new Integer[n];
        String[] contents = new String[n];
        String[] hashes = new String[n];
        Vector[] code = new Vector[n];
        Vector[] text = new Vector[n];
        String[] metadata = new String[n];
        List<String> docIds = new ArrayList<>(n);
        List<Terms> terms = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            NewChunk c = file.chunks().get(i);
            Chunk chunk = c.chunk();
            kinds[i] = chunk.kind().wire();
            names[i] = chunk.name();
            symbols[i] = chunk.symbol();
            signatures[i] = chunk.signature();
            starts[i] = chunk.startLine();
            ends[i] = chunk.endLine();
            contents[i] = chunk.content();
            hashes[i] = c.contentHash();
            code[i] = c.codeVector() == null ? null : Vector.of(c.codeVector());
            text[i] = c.textVector() == null ? null : Vector.of(c.textVector());
            ObjectNode m = json.createObjectNode().put("repository", repositoryName).put("path", file.path())
                    .put("language", file.language()).put("kind", chunk.kind().wire());
            if (chunk.symbol() != null) {
                m.put("symbol", chunk.symbol());
            }
            metadata[i] = json.writeValueAsString(m);
            docIds.add(Long.toString(ids.get(i)));
            terms.add(c.terms());
        }
        Sql sql = new Sql();
        String t = sql.bind(tenant.id());
        String[] markers = LexicalSql.Batch.of(docIds, terms).bind(sql);
        sql.append("WITH written AS (INSERT INTO code_chunks (id, tenant_id, repository_id, file_id, language, kind, name,"
                + " symbol, signature, start_line, end_line, content, content_hash, embedding_code, embedding_text,"
                + " metadata) OVERRIDING SYSTEM VALUE SELECT u.id, " + t + ", " + sql.bind(repository) + ", "
                + sql.bind(fileId) + ", " + sql.bind(file.language()) + ", u.kind, u.name, u.symbol, u.signature,"
                + " u.start_line, u.end_line, u.content, u.content_hash, u.code, u.text, u.metadata::jsonb FROM unnest("
                + sql.bind(ids.toArray(Long[]::new)) + "::bigint[], " + sql.bind(kinds) + "::text[], "
                + sql.bind(names) + "::text[], " + sql.bind(symbols) + "::text[], " + sql.bind(signatures) + "::text[], "
                + sql.bind(starts) + "::int[], " + sql.bind(ends) + "::int[], " + sql.bind(contents) + "::text[], "
                + sql.bind(hashes) + "::text[], " + sql.bind(code) + "::vector[], " + sql.bind(text) + "::vector[], "
                + sql.bind(metadata) + "::text[]) AS u(id, kind, name, symbol, signature, start_line, end_line, content,"
                + " content_hash, code, text, metadata) RETURNING id), "
                + LexicalSql.index(t, sql.bind(LEXICAL_INDEX), "SELECT id::text FROM written", markers)
                + " SELECT count(*) FROM written");
        return sql.on(db).map(row -> row.get(0, Long.class)).one();
    }

    private Mono<Void> edges(Tenant tenant, long repository, NewFile file, List<Long> ids) {
        List<Long> sources = new ArrayList<>();
        List<String> kinds = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < file.chunks().size(); i++) {
            for (Reference r : file.chunks().get(i).chunk().references()) {
                sources.add(ids.get(i));
                kinds.add(r.kind().wire());
                names.add(r.name());
            }
        }
        if (sources.isEmpty()) {
            return Mono.empty();
        }
        return db.sql("INSERT INTO code_edges (tenant_id, repository_id, source_chunk, kind, target_name)"
                        + " SELECT $1, $2, u.source, u.kind, u.name FROM unnest($3::bigint[], $4::text[], $5::text[])"
                        + " AS u(source, kind, name)")
                .bind(0, tenant.id()).bind(1, repository).bind(2, sources.toArray(Long[]::new))
                .bind(3, kinds.toArray(String[]::new)).bind(4, names.toArray(String[]::new)).then();
    }

    /**
     * Points unresolved edges of the repository at the chunk they name: a qualified name first, else a symbol that
     * only one chunk of the repository defines (an ambiguous bare name stays a name). Returns the edges resolved.
     */
    public Mono<Long> resolve(Tenant tenant, long repository) {
        return scope.mono(tenant, db.sql("""
                        UPDATE code_edges e SET target_chunk = m.id
                        FROM (
                            SELECT e2.ctid AS edge, coalesce(
                                (SELECT c.id FROM code_chunks c WHERE c.tenant_id = e2.tenant_id
                                   AND c.repository_id = e2.repository_id AND c.name = e2.target_name
                                 ORDER BY c.id LIMIT 1),
                                (SELECT min(c.id) FROM code_chunks c WHERE c.tenant_id = e2.tenant_id
                                   AND c.repository_id = e2.repository_id AND c.symbol = e2.target_name
                                 HAVING count(DISTINCT c.name) = 1)) AS id
                            FROM code_edges e2
                            WHERE e2.tenant_id = $1 AND e2.repository_id = $2 AND e2.target_chunk IS NULL
                        ) m
                        WHERE e.tenant_id = $1 AND e.repository_id = $2 AND e.ctid = m.edge AND m.id IS NOT NULL""")
                .bind(0, tenant.id()).bind(1, repository).fetch().rowsUpdated()).onErrorMap(StoreErrors::translate);
    }

    // ---- the call graph --------------------------------------------------------------------------------------

    /**
     * The chunks within {@code depth} calls of the chunks named {@code symbol} (qualified name or bare symbol) in
     * {@code repository} (null: every repository of the tenant): who calls them ({@code callers}) or what they call.
     * Walks resolved edges only; nearest first.
     */
    public Mono<List<CallGraph.Step>> calls(Tenant tenant, String repository, String symbol, boolean callers, int depth,
                                            int limit) {
        Sql sql = new Sql();
        String t = sql.bind(tenant.id());
        String from = callers ? "target_chunk" : "source_chunk";
        String to = callers ? "source_chunk" : "target_chunk";
        sql.append("WITH RECURSIVE targets AS (" + targets(sql, t, repository, symbol) + "), walk(id, depth) AS ("
                + " SELECT e." + to + ", 1 FROM code_edges e WHERE e.tenant_id = " + t + " AND e.kind = 'calls'"
                + " AND e." + to + " IS NOT NULL AND e." + from + " IN (SELECT id FROM targets)"
                + " UNION SELECT e." + to + ", w.depth + 1 FROM walk w JOIN code_edges e ON e.tenant_id = " + t
                + " AND e.kind = 'calls' AND e." + from + " = w.id AND e." + to + " IS NOT NULL"
                + " WHERE w.depth < " + sql.bind(depth) + ")"
                + " SELECT " + HIT_COLUMNS + ", 0::float8 AS score, min(w.depth) AS depth FROM walk w"
                + " JOIN code_chunks c ON c.tenant_id = " + t + " AND c.id = w.id"
                + " GROUP BY c.tenant_id, c.id ORDER BY depth, c.metadata->>'path', c.start_line LIMIT " + sql.bind(limit));
        return scope.read(tenant, sql, row -> new CallGraph.Step(row.get("depth", Integer.class), hit(row))).collectList();
    }

    /**
     * The named definitions of a repository (functions, methods, classes, interfaces, modules), optionally under a
     * path prefix, without their text: the nodes of a repository map.
     */
    public Mono<List<CodeHit>> definitions(Tenant tenant, long repository, String pathPrefix) {
        Sql sql = new Sql();
        String t = sql.bind(tenant.id());
        sql.append("SELECT c.id, c.metadata->>'repository' AS repository, c.metadata->>'path' AS path, c.language,"
                + " c.kind, c.name, c.signature, c.start_line, c.end_line, NULL::text AS content, 0::float8 AS score"
                + " FROM code_chunks c WHERE c.tenant_id = " + t + " AND c.repository_id = " + sql.bind(repository)
                + " AND c.name IS NOT NULL AND c.kind IN ('function', 'method', 'class', 'interface', 'module')"
                + (pathPrefix == null || pathPrefix.isEmpty() ? ""
                : " AND starts_with(c.metadata->>'path', " + sql.bind(pathPrefix) + ")")
                + " ORDER BY c.id");
        return scope.read(tenant, sql, this::hit).collectList();
    }

    /** The repository's resolved references between chunks, as (source chunk, target chunk) pairs. */
    public Mono<List<long[]>> links(Tenant tenant, long repository) {
        Sql sql = new Sql();
        sql.append("SELECT source_chunk, target_chunk FROM code_edges WHERE tenant_id = " + sql.bind(tenant.id())
                + " AND repository_id = " + sql.bind(repository) + " AND target_chunk IS NOT NULL AND kind <> 'contains'");
        return scope.read(tenant, sql, row -> new long[] {row.get(0, Long.class), row.get(1, Long.class)}).collectList();
    }

    /** Names the chunks named {@code symbol} call that resolve to no chunk (library calls), sorted. */
    public Mono<List<String>> unresolvedCalls(Tenant tenant, String repository, String symbol) {
        Sql sql = new Sql();
        String t = sql.bind(tenant.id());
        sql.append("WITH targets AS (" + targets(sql, t, repository, symbol) + ") SELECT DISTINCT e.target_name"
                + " FROM code_edges e WHERE e.tenant_id = " + t + " AND e.kind = 'calls' AND e.target_chunk IS NULL"
                + " AND e.source_chunk IN (SELECT id FROM targets) ORDER BY 1 LIMIT 200");
        return scope.read(tenant, sql, row -> row.get(0, String.class)).collectList();
    }

    /** The chunks a name designates: its qualified name, or its bare symbol. */
    private static String targets(Sql sql, String t, String repository, String symbol) {
        String s = sql.bind(symbol);
        return "SELECT c.id FROM code_chunks c WHERE c.tenant_id = " + t + " AND (c.name = " + s + " OR c.symbol = " + s + ")"
                + (repository == null ? "" : " AND c.metadata @> jsonb_build_object('repository', " + sql.bind(repository) + "::text)");
    }

    // ---- search ----------------------------------------------------------------------------------------------

    /** The chunks nearest to {@code vector} in {@code column} (embedding_code or embedding_text) passing {@code filter}. */
    public Mono<List<CodeHit>> nearest(Tenant tenant, String column, float[] vector, Filter filter, int k) {
        if (!column.equals("embedding_code") && !column.equals("embedding_text")) {
            throw new IllegalArgumentException("no vector column " + column);
        }
        Sql sql = new Sql();
        String v = sql.bind(Vector.of(vector));
        String where = "c.tenant_id = " + sql.bind(tenant.id()) + " AND c." + column + " IS NOT NULL"
                + (filter == null ? "" : " AND " + FilterSql.render(filter, sql, COLUMNS));
        sql.append("SELECT * FROM (SELECT " + HIT_COLUMNS + ", 1 - (c." + column + " <=> " + v + ") AS score"
                + " FROM code_chunks c WHERE " + where + " ORDER BY c." + column + " <=> " + v + " LIMIT " + sql.bind(k)
                + ") hits ORDER BY score DESC, id");
        return scope.read(tenant, sql, this::hit).collectList();
    }

    /** The chunks whose text holds terms of {@code query}, by BM25, passing {@code filter}. */
    public Mono<List<CodeHit>> lexical(Tenant tenant, Terms query, Filter filter, int k, double k1, double b) {
        if (query.isEmpty()) {
            return Mono.just(List.of());
        }
        Sql sql = new Sql();
        String t = sql.bind(tenant.id());
        String ranked = LexicalSql.rank(sql, t, sql.bind(LEXICAL_INDEX), query, k1, b);
        String where = filter == null ? "" : " AND " + FilterSql.render(filter, sql, COLUMNS);
        sql.append("WITH " + ranked + " SELECT " + HIT_COLUMNS + ", r.score"
                + " FROM (SELECT doc_id, score FROM lex_ranked ORDER BY score DESC, doc_id) r"
                + " CROSS JOIN LATERAL (SELECT * FROM code_chunks WHERE tenant_id = " + t + " AND id = r.doc_id::bigint"
                + where + ") c ORDER BY r.score DESC, r.doc_id LIMIT " + sql.bind(k));
        return scope.read(tenant, sql, this::hit).collectList();
    }

    /** Filters read the chunk's metadata (repository, path, language, kind, symbol) and its text. */
    private static final FilterSql.Columns COLUMNS = new FilterSql.Columns("content", null, false);

    private CodeHit hit(Readable row) {
        return new CodeHit(row.get("id", Long.class), row.get("repository", String.class), row.get("path", String.class),
                row.get("language", String.class), row.get("kind", String.class), row.get("name", String.class),
                row.get("signature", String.class), row.get("start_line", Integer.class), row.get("end_line", Integer.class),
                row.get("content", String.class), row.get("score", Double.class), null);
    }

    private SourceRepository repository(Readable row) {
        return new SourceRepository(row.get("id", Long.class), row.get("name", String.class), row.get("root", String.class),
                row.get("tree_hash", String.class), row.get("indexed_at", OffsetDateTime.class),
                row.get("files", Long.class), row.get("chunks", Long.class));
    }
}
