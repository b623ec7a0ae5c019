package dev.mnemo.api.security;

import dev.mnemo.core.security.ApiKeys;
import dev.mnemo.core.security.Caller;
import dev.mnemo.core.settings.MnemoSettings.SecurityMode;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Turns a request into a {@link Caller}. A key travels as {@code X-API-Key} (MnemoLite's header) or
 * {@code Authorization: Bearer}; {@link ApiKeys} checks it (hash, constant-time compare, expiry, revocation). Without
 * a key: in {@code open} mode, and in {@code auto} mode for a request from a loopback address while no key exists
 * (the service then listens on loopback only, see {@link LoopbackGuard}), the caller is the default tenant;
 * otherwise the request goes on unauthenticated and the rules answer 401 wherever a scope is needed. Health routes
 * skip all of this.
 */
final class KeyAuthentication implements ServerAuthenticationConverter, ReactiveAuthenticationManager {

    /** A caller proven by a key, or let in without one; its authorities are its scopes. */
    static final class CallerAuthentication extends AbstractAuthenticationToken {
        private final Caller caller;
        private final String token;

        CallerAuthentication(Caller caller, String token) {
            super(caller == null ? List.of() : caller.scopes().stream()
                    .map(s -> new SimpleGrantedAuthority(SecurityConfiguration.authority(s))).toList());
            this.caller = caller;
            this.token = token;
            setAuthenticated(caller != null);
        }

        @Override
        public Object getCredentials() {
            return token;
        }

        @Override
        public Object getPrincipal() {
            return caller;
        }
    }

    private final ApiKeys keys;
    private final SecurityMode mode;

    KeyAuthentication(ApiKeys keys, SecurityMode mode) {
        this.keys = keys;
        this.mode = mode;
    }

    @Override
    public Mono<Authentication> convert(ServerWebExchange exchange) {
        if (exchange.getRequest().getPath().value().startsWith("/actuator/health")) {
            return Mono.empty(); // liveness and readiness never depend on keys (nor on the database to read them)
        }
        String token = token(exchange.getRequest().getHeaders());
        if (token != null) {
            return Mono.just(new CallerAuthentication(null, token));
        }
        if (mode == SecurityMode.OPEN) {
            return Mono.just(new CallerAuthentication(Caller.local(), null));
        }
        if (mode == SecurityMode.AUTO) {
            // Checked per request, not only at start-up: a service on a public address whose last key was revoked
            // or expired must not open up to the network.
            if (!fromLoopback(exchange)) {
                return Mono.empty();
            }
            return keys.anyActive().onErrorMap(KeyAuthentication::unavailable)
                    .flatMap(any -> any ? Mono.<Authentication>empty()
                            : Mono.just(new CallerAuthentication(Caller.local(), null)));
        }
        return Mono.empty();
    }

    @Override
    public Mono<Authentication> authenticate(Authentication authentication) {
        if (authentication.isAuthenticated()) {
            return Mono.just(authentication);
        }
        String token = (String) authentication.getCredentials();
        return keys.authenticate(token).onErrorMap(KeyAuthentication::unavailable)
                .<Authentication>map(caller -> new CallerAuthentication(caller, token))
                .switchIfEmpty(Mono.error(() -> new BadCredentialsException("unknown, revoked or expired key")));
    }

    private static boolean fromLoopback(ServerWebExchange exchange) {
        var remote = exchange.getRequest().getRemoteAddress();
        return remote != null && LoopbackGuard.loopback(remote.getAddress());
    }

    /** The caller this request authenticated as; empty when it is unauthenticated (the rules then answer 401). */
    static Mono<Caller> current() {
        return ReactiveSecurityContextHolder.getContext()
                .mapNotNull(context -> context.getAuthentication() != null
                        && context.getAuthentication().getPrincipal() instanceof Caller caller ? caller : null);
    }

    /** The keys could not be read (the database is down): the failure handler answers 503, not 401. */
    private static Throwable unavailable(Throwable e) {
        return new AuthenticationServiceException("keys unavailable: " + e.getMessage(), e);
    }

    /** X-API-Key, else a Bearer token; null when neither is sent. */
    static String token(HttpHeaders headers) {
        String key = headers.getFirst("X-API-Key");
        if (key != null && !key.isBlank()) {
            return key.strip();
        }
        String authorization = headers.getFirst(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorization.substring(7).strip();
        }
        return null;
    }
}
