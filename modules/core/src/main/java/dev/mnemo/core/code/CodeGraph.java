package dev.mnemo.core.code;

import dev.mnemo.core.error.DatabaseRetry;
import dev.mnemo.core.error.ServiceException;
import dev.mnemo.core.input.Storable;
import dev.mnemo.model.code.CallGraph;
import dev.mnemo.model.tenant.Tenant;
import dev.mnemo.store.code.CodeStore;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * The call graph of indexed code: who calls a symbol and what it calls, up to a depth. A symbol is a qualified name
 * ({@code HeaderParser.parseHeaderLine}) or a bare one ({@code parseHeaderLine}: every definition of that name).
 */
public final class CodeGraph {

    public static final int MAX_DEPTH = 5;
    private static final int MAX_RESULTS = 200;

    private final CodeStore store;

    public CodeGraph(CodeStore store) {
        this.store = store;
    }

    public Mono<CallGraph> callers(Tenant tenant, String repository, String symbol, int depth) {
        return walk(tenant, repository, symbol, depth, true);
    }

    /** What the symbol calls: indexed chunks, and the names no indexed chunk defines. */
    public Mono<CallGraph> callees(Tenant tenant, String repository, String symbol, int depth) {
        return walk(tenant, repository, symbol, depth, false);
    }

    private Mono<CallGraph> walk(Tenant tenant, String repository, String symbol, int depth, boolean callers) {
        try {
            if (symbol == null || symbol.isBlank()) {
                throw ServiceException.invalid("symbol", "required", "symbol is the name of a function, method or class");
            }
            Storable.text("symbol", symbol);
            if (repository != null) {
                Storable.text("repository", repository);
            }
            if (depth < 1 || depth > MAX_DEPTH) {
                throw ServiceException.invalid("depth", "1.." + MAX_DEPTH, "depth is between 1 and " + MAX_DEPTH);
            }
        } catch (ServiceException e) {
            return Mono.error(e);
        }
        Mono<List<CallGraph.Step>> steps = DatabaseRetry.mono(
                store.calls(tenant, repository, symbol, callers, depth, MAX_RESULTS), "walking the call graph");
        Mono<List<String>> unresolved = callers ? Mono.just(List.of())
                : DatabaseRetry.mono(store.unresolvedCalls(tenant, repository, symbol), "walking the call graph");
        return Mono.zip(steps, unresolved).map(t -> new CallGraph(symbol, callers ? "callers" : "callees", t.getT1(),
                t.getT2()));
    }
}
