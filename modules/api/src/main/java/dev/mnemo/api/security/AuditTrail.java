package dev.mnemo.api.security;

import dev.mnemo.core.audit.Audit;
import dev.mnemo.core.security.Caller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpMethod;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Records deletions (every DELETE, and a collection's {@code POST .../delete}) and admin actions (any change under
 * /v1/admin) that succeeded, in the caller's tenant's audit log: who (the key id, or "local"), what (method and
 * path), when. Key creation and revocation are recorded by the key service itself, with the key's id.
 */
final class AuditTrail implements WebFilter {

    private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);

    private final Audit audit;

    AuditTrail(Audit audit) {
        this.audit = audit;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!audited(exchange)) {
            return chain.filter(exchange);
        }
        // Recorded before the response is committed: a client that reads the log right after the answer finds it.
        return KeyAuthentication.current()
                .doOnNext(caller -> exchange.getResponse().beforeCommit(() -> record(exchange, caller)))
                .then(Mono.defer(() -> chain.filter(exchange)));
    }

    private Mono<Void> record(ServerWebExchange exchange, Caller caller) {
        var status = exchange.getResponse().getStatusCode();
        if (status == null || !status.is2xxSuccessful()) {
            return Mono.empty();
        }
        String action = exchange.getRequest().getMethod().name() + " " + exchange.getRequest().getPath().value();
        return audit.record(caller.tenant(), caller.keyId() == null ? "local" : caller.keyId(), "http", action)
                .onErrorResume(e -> {
                    log.error("Could not write the audit log for {}: {}", action, e.toString());
                    return Mono.empty();
                });
    }

    private static boolean audited(ServerWebExchange exchange) {
        HttpMethod method = exchange.getRequest().getMethod();
        String path = exchange.getRequest().getPath().value();
        if (path.startsWith("/v1/admin/keys")) {
            return false; // the key service records creations and revocations with the key's id
        }
        return HttpMethod.DELETE.equals(method)
                || (HttpMethod.POST.equals(method) && path.matches("/v1/collections/[^/]+/delete"))
                || (path.startsWith("/v1/admin/") && !HttpMethod.GET.equals(method));
    }
}
