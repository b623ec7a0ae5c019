package dev.mnemo.api.code;

import dev.mnemo.api.input.Inputs;
import dev.mnemo.core.code.CodeCatalog;
import dev.mnemo.core.code.CodeGraph;
import dev.mnemo.core.code.CodeIndexer;
import dev.mnemo.core.code.CodeJobs;
import dev.mnemo.core.code.CodeMap;
import dev.mnemo.core.code.CodeQuery;
import dev.mnemo.core.code.CodeSearch;
import dev.mnemo.core.error.ServiceException;
import dev.mnemo.core.security.Caller;
import dev.mnemo.embeddings.EmbeddingDomain;
import dev.mnemo.model.code.CallGraph;
import dev.mnemo.model.code.CodeHit;
import dev.mnemo.model.code.RepoMap;
import dev.mnemo.model.code.SourceRepository;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Code intelligence over HTTP (docs/code.md): index a folder of the server as a repository (in the background,
 * 202 with the run's status), list and inspect repositories, delete one, search their chunks.
 */
@RestController
@RequestMapping("/v1/code")
public class CodeController {

    /** {@code {path, name?}}: a folder on the server; the name defaults to the folder's name. */
    record IndexRequest(String path, String name) {
    }

    /** A search: the question or identifier, mode, domain, filters, limit, explain. */
    record SearchRequest(String query, String mode, String domain, String repository, String language, String kind,
                         String path, String symbol, Integer limit, Boolean explain) {
    }

    private final CodeCatalog catalog;
    private final CodeJobs jobs;
    private final CodeSearch search;
    private final CodeGraph graph;
    private final CodeMap map;

    public CodeController(CodeCatalog catalog, CodeJobs jobs, CodeSearch search, CodeGraph graph, CodeMap map) {
        this.map = map;
        this.catalog = catalog;
        this.jobs = jobs;
        this.search = search;
        this.graph = graph;
    }

    /** The repository's most central definitions within {@code tokens} (optionally under a path prefix). */
    @GetMapping("/repositories/{name}/map")
    Mono<Map<String, Object>> map(@AuthenticationPrincipal Caller caller, @PathVariable String name,
                                  @RequestParam(required = false) String path,
                                  @RequestParam(defaultValue = "1024") int tokens) {
        return map.map(caller.tenant(), name, path, tokens).map(CodeController::view);
    }

    private static Map<String, Object> view(RepoMap m) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("repository", m.repository());
        out.put("token_budget", m.tokenBudget());
        out.put("tokens", m.tokens());
        out.put("entries", m.entries().stream().map(e -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("path", e.path());
            entry.put("line", e.line());
            entry.put("kind", e.kind());
            entry.put("name", e.name());
            entry.put("signature", e.signature());
            entry.put("rank", e.rank());
            return entry;
        }).toList());
        out.put("text", m.text());
        return out;
    }

    /** Who calls {@code symbol} (qualified or bare), up to {@code depth} calls away. */
    @GetMapping("/callers")
    Mono<Map<String, Object>> callers(@AuthenticationPrincipal Caller caller, @RequestParam String symbol,
                                      @RequestParam(required = false) String repository,
                                      @RequestParam(defaultValue = "1") int depth) {
        return graph.callers(caller.tenant(), repository, symbol, depth).map(CodeController::calls);
    }

    /** What {@code symbol} calls: indexed definitions up to {@code depth}, and names defined elsewhere. */
    @GetMapping("/callees")
    Mono<Map<String, Object>> callees(@AuthenticationPrincipal Caller caller, @RequestParam String symbol,
                                      @RequestParam(required = false) String repository,
                                      @RequestParam(defaultValue = "1") int depth) {
        return graph.callees(caller.tenant(), repository, symbol, depth).map(CodeController::calls);
    }

    private static Map<String, Object> calls(CallGraph g) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("symbol", g.symbol());
        out.put("direction", g.direction());
        out.put("results", g.steps().stream().map(step -> {
            Map<String, Object> hit = hit(step.chunk());
            hit.remove("score");
            hit.remove("content");
            hit.put("depth", step.depth());
            return hit;
        }).toList());
        if (g.direction().equals("callees")) {
            out.put("unresolved", g.unresolved());
        }
        return out;
    }

    @PostMapping("/repositories")
    ResponseEntity<Map<String, Object>> index(@AuthenticationPrincipal Caller caller, @RequestBody IndexRequest body) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(status(jobs.start(caller.tenant(), body.name(), body.path())));
    }

    @GetMapping("/repositories")
    Mono<List<Map<String, Object>>> list(@AuthenticationPrincipal Caller caller) {
        return catalog.list(caller.tenant()).map(all -> all.stream().map(r -> view(r, null)).toList());
    }

    @GetMapping("/repositories/{name}")
    Mono<Map<String, Object>> get(@AuthenticationPrincipal Caller caller, @PathVariable String name) {
        CodeJobs.Status run = jobs.status(caller.tenant(), name).orElse(null);
        return catalog.get(caller.tenant(), name).map(r -> view(r, run))
                // A first run still listing its files has written nothing yet: its status is the answer.
                .onErrorResume(e -> run != null && e instanceof ServiceException s && s.kind() == ServiceException.Kind.NOT_FOUND,
                        e -> Mono.just(Map.of("name", name, "index", status(run))));
    }

    @DeleteMapping("/repositories/{name}")
    Mono<ResponseEntity<Void>> delete(@AuthenticationPrincipal Caller caller, @PathVariable String name) {
        return catalog.delete(caller.tenant(), name).thenReturn(ResponseEntity.noContent().build());
    }

    @PostMapping("/search")
    Mono<Map<String, Object>> search(@AuthenticationPrincipal Caller caller, @RequestBody SearchRequest body) {
        CodeQuery q = new CodeQuery(body.query(), Inputs.mode("mode", body.mode()), domain(body.domain()),
                body.repository(), body.language(), body.kind(), body.path(), body.symbol(),
                body.limit() == null ? 10 : body.limit(), Boolean.TRUE.equals(body.explain()));
        return search.search(caller.tenant(), q).map(hits -> Map.of("results", hits.stream().map(CodeController::hit).toList()));
    }

    /** CODE unless the caller names another domain (Inputs' default is MnemoLite's TEXT). */
    private static EmbeddingDomain domain(String text) {
        return text == null || text.isBlank() ? EmbeddingDomain.CODE : Inputs.domain("domain", text);
    }

    private static Map<String, Object> hit(CodeHit h) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("repository", h.repository());
        out.put("path", h.path());
        out.put("start_line", h.startLine());
        out.put("end_line", h.endLine());
        out.put("language", h.language());
        out.put("kind", h.kind());
        out.put("name", h.name());
        out.put("signature", h.signature());
        out.put("score", h.score());
        out.put("content", h.content());
        if (h.explanation() != null) {
            out.put("explain", h.explanation());
        }
        return out;
    }

    private static Map<String, Object> view(SourceRepository r, CodeJobs.Status run) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", r.name());
        out.put("root", r.root());
        out.put("files", r.files());
        out.put("chunks", r.chunks());
        out.put("tree_hash", r.treeHash());
        out.put("indexed_at", r.indexedAt() == null ? null : r.indexedAt().toString());
        if (run != null) {
            out.put("index", status(run));
        }
        return out;
    }

    private static Map<String, Object> status(CodeJobs.Status s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("repository", s.repository());
        out.put("state", s.state());
        out.put("files_done", s.filesDone());
        out.put("files_total", s.filesTotal());
        out.put("started", s.started().toString());
        if (s.report() != null) {
            CodeIndexer.Report r = s.report();
            out.put("report", Map.of("files", r.files(), "unchanged", r.unchanged(), "indexed", r.indexed(),
                    "removed", r.removed(), "chunks", r.chunks(), "edges_resolved", r.edgesResolved(),
                    "parse_ms", r.parse().toMillis(), "embed_ms", r.embed().toMillis(), "write_ms", r.write().toMillis(),
                    "elapsed_ms", r.elapsed().toMillis()));
        }
        if (s.error() != null) {
            out.put("error", s.error());
        }
        return out;
    }
}
