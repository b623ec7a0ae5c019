package dev.mnemo.api.security;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.ServerAuthenticationFailureHandler;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** The security chain's answers, as problem+json like every other error of the API (never a stack or a class name). */
final class Problems {

    private static final JsonMapper JSON = JsonMapper.shared();
    static final String NO_KEY = "This route needs an API key: send it as X-API-Key or Authorization: Bearer";
    static final String BAD_KEY = "The API key is unknown, revoked or expired";

    private Problems() {
    }

    static ServerAuthenticationEntryPoint unauthenticated() {
        return (exchange, e) -> write(exchange, HttpStatus.UNAUTHORIZED, NO_KEY);
    }

    /** A key that does not check out is a 401; keys that cannot be read (the database is down) a 503. */
    static ServerAuthenticationFailureHandler failure() {
        return (filterExchange, e) -> e instanceof AuthenticationServiceException
                ? write(filterExchange.getExchange(), HttpStatus.SERVICE_UNAVAILABLE,
                        "The database is unavailable (checking the API key); retry shortly")
                : write(filterExchange.getExchange(), HttpStatus.UNAUTHORIZED, BAD_KEY);
    }

    /** The firewall's refusal (an encoded NUL, backslash or '..' in the path): a 400 like any other bad input. */
    static ServerExchangeRejectedHandler rejected() {
        return (exchange, e) -> write(exchange, HttpStatus.BAD_REQUEST,
                "The request path holds a character or sequence this service refuses (an encoded NUL, '%2F', '..', ...)");
    }

    static ServerAccessDeniedHandler denied() {
        return (exchange, e) -> write(exchange, HttpStatus.FORBIDDEN,
                "This API key's scopes do not include what this route needs (read, write or admin)");
    }

    static Mono<Void> write(ServerWebExchange exchange, HttpStatus status, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", status.getReasonPhrase());
        body.put("status", status.value());
        body.put("detail", detail);
        body.put("instance", exchange.getRequest().getPath().value());
        var response = exchange.getResponse();
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (status == HttpStatus.UNAUTHORIZED) {
            response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        if (status == HttpStatus.SERVICE_UNAVAILABLE) {
            response.getHeaders().set(HttpHeaders.RETRY_AFTER, "2");
        }
        byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(bytes)));
    }
}
