package dev.mnemo.core.code;

import dev.mnemo.code.TokenCounter;
import dev.mnemo.core.error.DatabaseRetry;
import dev.mnemo.core.error.ServiceException;
import dev.mnemo.core.input.Storable;
import dev.mnemo.model.code.CodeHit;
import dev.mnemo.model.code.RepoMap;
import dev.mnemo.model.tenant.Tenant;
import dev.mnemo.store.code.CodeStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A repository map, as Aider's: the definitions ranked by PageRank over the resolved references (a chunk that many
 * others call, or that central code calls, ranks high), the best ones written as "path, then signatures" until the
 * token budget is spent. The ranking runs in Java over the repository's edges, off the event loop.
 */
public final class CodeMap {

    public static final int MAX_TOKENS = 32_000;
    private static final double DAMPING = 0.85;
    private static final int ITERATIONS = 30;

    private final CodeStore store;
    private final CodeCatalog catalog;
    private final TokenCounter tokens;

    public CodeMap(CodeStore store, CodeCatalog catalog, TokenCounter tokens) {
        this.store = store;
        this.catalog = catalog;
        this.tokens = tokens;
    }

    public Mono<RepoMap> map(Tenant tenant, String repository, String pathPrefix, int budget) {
        try {
            Storable.text("repository", repository);
            Storable.text("path", pathPrefix);
            if (budget < 16 || budget > MAX_TOKENS) {
                throw ServiceException.invalid("tokens", "16.." + MAX_TOKENS, "tokens is between 16 and " + MAX_TOKENS);
            }
        } catch (ServiceException e) {
            return Mono.error(e);
        }
        return catalog.get(tenant, repository).flatMap(repo -> Mono.zip(
                        DatabaseRetry.mono(store.definitions(tenant, repo.id(), pathPrefix), "reading the repository map"),
                        DatabaseRetry.mono(store.links(tenant, repo.id()), "reading the repository map")))
                .publishOn(Schedulers.boundedElastic())
                .map(t -> build(repository, t.getT1(), t.getT2(), budget));
    }

    private RepoMap build(String repository, List<CodeHit> definitions, List<long[]> links, int budget) {
        Map<Long, Double> rank = pageRank(links);
        // The parts of a long definition are one entry: ranks summed, the first part's line.
        Map<String, RepoMap.Entry> entries = new LinkedHashMap<>();
        for (CodeHit d : definitions) {
            double r = rank.getOrDefault(d.id(), 0.0);
            entries.merge(d.path() + "\0" + d.name(), new RepoMap.Entry(d.path(), d.startLine(), d.kind(), d.name(),
                            d.signature() == null ? d.name() : d.signature(), r),
                    (a, b) -> new RepoMap.Entry(a.path(), Math.min(a.line(), b.line()), a.kind(), a.name(), a.signature(),
                            a.rank() + b.rank()));
        }
        List<RepoMap.Entry> ranked = new ArrayList<>(entries.values());
        ranked.sort(Comparator.comparingDouble(RepoMap.Entry::rank).reversed()
                .thenComparing(RepoMap.Entry::path).thenComparingInt(RepoMap.Entry::line));
        // Line by line, each counted alone (a model's tokenizer stops counting at its own limit, far below a budget;
        // the sum over lines, special tokens included, is an upper bound of the whole text's count).
        List<RepoMap.Entry> chosen = new ArrayList<>();
        java.util.Set<String> paths = new java.util.HashSet<>();
        int used = 0;
        for (RepoMap.Entry e : ranked) {
            int cost = tokens.count(line(e)) + (paths.contains(e.path()) ? 0 : tokens.count(e.path() + ":"));
            if (used + cost > budget) {
                break;
            }
            used += cost;
            paths.add(e.path());
            chosen.add(e);
        }
        return new RepoMap(repository, budget, used, chosen, render(chosen));
    }

    /** Paths in order of their best entry, each with its chosen signatures in line order. */
    private static String render(List<RepoMap.Entry> entries) {
        Map<String, List<RepoMap.Entry>> byPath = new LinkedHashMap<>();
        for (RepoMap.Entry e : entries) {
            byPath.computeIfAbsent(e.path(), p -> new ArrayList<>()).add(e);
        }
        StringBuilder out = new StringBuilder();
        byPath.forEach((path, list) -> {
            out.append(path).append(":\n");
            list.stream().sorted(Comparator.comparingInt(RepoMap.Entry::line))
                    .forEach(e -> out.append(line(e)).append('\n'));
        });
        return out.toString();
    }

    private static String line(RepoMap.Entry e) {
        return "  " + e.line() + ": " + e.signature();
    }

    /** PageRank over source -> target links; a node without out-links spreads its rank evenly (no rank is lost). */
    static Map<Long, Double> pageRank(List<long[]> links) {
        Map<Long, Integer> index = new HashMap<>();
        for (long[] l : links) {
            index.putIfAbsent(l[0], index.size());
            index.putIfAbsent(l[1], index.size());
        }
        int n = index.size();
        if (n == 0) {
            return Map.of();
        }
        int[] out = new int[n];
        int[][] pairs = new int[links.size()][];
        for (int i = 0; i < links.size(); i++) {
            pairs[i] = new int[] {index.get(links.get(i)[0]), index.get(links.get(i)[1])};
            out[pairs[i][0]]++;
        }
        double[] rank = new double[n];
        java.util.Arrays.fill(rank, 1.0 / n);
        for (int it = 0; it < ITERATIONS; it++) {
            double dangling = 0;
            for (int v = 0; v < n; v++) {
                if (out[v] == 0) {
                    dangling += rank[v];
                }
            }
            double[] next = new double[n];
            java.util.Arrays.fill(next, (1 - DAMPING) / n + DAMPING * dangling / n);
            for (int[] p : pairs) {
                next[p[1]] += DAMPING * rank[p[0]] / out[p[0]];
            }
            rank = next;
        }
        Map<Long, Double> byId = new HashMap<>();
        double[] r = rank;
        index.forEach((id, i) -> byId.put(id, r[i]));
        return byId;
    }
}
