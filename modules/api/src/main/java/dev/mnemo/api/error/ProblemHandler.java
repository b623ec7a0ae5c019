package dev.mnemo.api.error;

import dev.mnemo.core.error.ServiceException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.reactive.resource.NoResourceFoundException;
import org.springframework.web.server.ContentTooLargeException;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.NotAcceptableStatusException;
import org.springframework.web.server.PayloadTooLargeException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;
import tools.jackson.core.JacksonException;

/**
 * The HTTP edge of every error: RFC 9457 problem+json bodies that name the field and the rule
 * ({@code errors: [{field, rule, message}]}), in Mnemo's words: no Java type, method or driver message reaches a
 * client (they go to the log). Where MnemoLite answered bad input with a 500, Mnemo answers 4xx here.
 */
@RestControllerAdvice
public class ProblemHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);
    /** Seconds a client should wait before retrying a 503 (the database retries take about a second). */
    static final String RETRY_AFTER_SECONDS = "2";
    static final String TOO_LARGE = "The request body is larger than this service accepts (mnemo.limits.max-body-bytes);"
            + " stream large batches as NDJSON";

    public record FieldError(String field, String rule, String message) {
    }

    @ExceptionHandler(ServiceException.class)
    ResponseEntity<ProblemDetail> memory(ServiceException e, ServerWebExchange exchange) {
        HttpStatus status = switch (e.kind()) {
            case INVALID -> HttpStatus.BAD_REQUEST;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case CONFLICT -> HttpStatus.CONFLICT;
            case TOO_LARGE -> HttpStatus.CONTENT_TOO_LARGE;
            case QUOTA -> HttpStatus.FORBIDDEN;
            case BUSY -> HttpStatus.TOO_MANY_REQUESTS;
            case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
        };
        if (status == HttpStatus.SERVICE_UNAVAILABLE) {
            log.warn("Unavailable: {}", e.getMessage(), e.getCause());
        } else if (e.getCause() != null) {
            log.info("Refused {}: {}", exchange.getRequest().getPath(), e.getMessage(), e.getCause());
        }
        List<FieldError> errors = e.field() == null ? List.of() : List.of(new FieldError(e.field(), e.rule(), e.getMessage()));
        return problem(status, e.getMessage(), errors, exchange);
    }

    @ExceptionHandler(WebExchangeBindException.class)
    ResponseEntity<ProblemDetail> binding(WebExchangeBindException e, ServerWebExchange exchange) {
        List<FieldError> errors = e.getFieldErrors().stream()
                .map(f -> new FieldError(f.getField(), f.getCode(), f.getDefaultMessage())).toList();
        return problem(HttpStatus.BAD_REQUEST, "Request body is invalid", errors, exchange);
    }

    @ExceptionHandler(HandlerMethodValidationException.class)
    ResponseEntity<ProblemDetail> parameters(HandlerMethodValidationException e, ServerWebExchange exchange) {
        List<FieldError> errors = e.getParameterValidationResults().stream()
                .flatMap(r -> r.getResolvableErrors().stream().map(err -> new FieldError(
                        r.getMethodParameter().getParameterName(),
                        err.getCodes() == null || err.getCodes().length == 0 ? "invalid" : err.getCodes()[err.getCodes().length - 1],
                        err.getDefaultMessage())))
                .toList();
        return problem(HttpStatus.BAD_REQUEST, "Request parameters are invalid", errors, exchange);
    }

    /** A body or parameter that could not be read at all: say which field and what it should have been. */
    @ExceptionHandler(ServerWebInputException.class)
    ResponseEntity<ProblemDetail> input(ServerWebInputException e, ServerWebExchange exchange) {
        DataBufferLimitException tooLarge = find(e, DataBufferLimitException.class);
        if (tooLarge != null) {
            return problem(HttpStatus.CONTENT_TOO_LARGE, TOO_LARGE, List.of(), exchange);
        }
        FieldError error = InputErrors.describe(e);
        return problem(HttpStatus.BAD_REQUEST, error.message(), List.of(error), exchange);
    }

    @ExceptionHandler(UnsupportedMediaTypeStatusException.class)
    ResponseEntity<ProblemDetail> mediaType(UnsupportedMediaTypeStatusException e, ServerWebExchange exchange) {
        String supported = e.getSupportedMediaTypes().stream().map(MediaType::toString).distinct()
                .collect(Collectors.joining(", "));
        String given = e.getContentType() == null ? "none" : e.getContentType().toString();
        return problem(e.getStatusCode(), "Content type " + given + " is not accepted here; send "
                + (supported.isEmpty() ? "application/json" : supported), List.of(), exchange);
    }

    @ExceptionHandler(MethodNotAllowedException.class)
    ResponseEntity<ProblemDetail> method(MethodNotAllowedException e, ServerWebExchange exchange) {
        String allowed = e.getSupportedMethods().stream().map(Object::toString).sorted().collect(Collectors.joining(", "));
        ResponseEntity<ProblemDetail> answer = problem(e.getStatusCode(), "Method " + e.getHttpMethod()
                + " is not allowed here; allowed: " + allowed, List.of(), exchange);
        return ResponseEntity.status(answer.getStatusCode()).headers(answer.getHeaders())
                .header(HttpHeaders.ALLOW, allowed).body(answer.getBody());
    }

    @ExceptionHandler(NotAcceptableStatusException.class)
    ResponseEntity<ProblemDetail> notAcceptable(NotAcceptableStatusException e, ServerWebExchange exchange) {
        String produced = e.getSupportedMediaTypes().stream().map(MediaType::toString).collect(Collectors.joining(", "));
        return problem(e.getStatusCode(), "This route answers " + produced + ", which the Accept header excludes",
                List.of(), exchange);
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<ProblemDetail> noRoute(NoResourceFoundException e, ServerWebExchange exchange) {
        return problem(HttpStatus.NOT_FOUND, "No route " + exchange.getRequest().getMethod() + " "
                + exchange.getRequest().getPath().value() + "; the routes are listed at /v3/api-docs", List.of(), exchange);
    }

    @ExceptionHandler({ContentTooLargeException.class, PayloadTooLargeException.class})
    ResponseEntity<ProblemDetail> payload(ResponseStatusException e, ServerWebExchange exchange) {
        return problem(HttpStatus.CONTENT_TOO_LARGE, TOO_LARGE, List.of(), exchange);
    }

    @ExceptionHandler(ResponseStatusException.class)
    ResponseEntity<ProblemDetail> status(ResponseStatusException e, ServerWebExchange exchange) {
        HttpStatus known = HttpStatus.resolve(e.getStatusCode().value());
        return problem(e.getStatusCode(), known == null ? "Request failed" : known.getReasonPhrase(), List.of(), exchange);
    }

    /** Anything else is Mnemo's fault: logged in full with an id, answered with the id only. */
    @ExceptionHandler(Throwable.class)
    ResponseEntity<ProblemDetail> unexpected(Throwable e, ServerWebExchange exchange) {
        JacksonException json = find(e, JacksonException.class);
        if (json != null && exchange.getResponse().getStatusCode() == null) {
            FieldError error = InputErrors.describe(json);
            return problem(HttpStatus.BAD_REQUEST, error.message(), List.of(error), exchange);
        }
        String id = exchange.getRequest().getId();
        log.error("Unexpected failure of {} {} (request {})", exchange.getRequest().getMethod(),
                exchange.getRequest().getPath(), id, e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "Mnemo failed unexpectedly; the log has the details under"
                + " request id " + id, List.of(), exchange);
    }

    public static ResponseEntity<ProblemDetail> problem(HttpStatusCode status, String detail, List<FieldError> errors,
                                                        ServerWebExchange exchange) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
        body.setInstance(URI.create(exchange.getRequest().getPath().value()));
        if (!errors.isEmpty()) {
            body.setProperties(Map.of("errors", errors));
        }
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (status.value() == HttpStatus.SERVICE_UNAVAILABLE.value() || status.value() == HttpStatus.TOO_MANY_REQUESTS.value()) {
            answer.header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        }
        return answer.body(body);
    }

    static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
