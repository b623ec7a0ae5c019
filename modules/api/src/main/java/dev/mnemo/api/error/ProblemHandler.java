package dev.mnemo.api.error;

import dev.mnemo.memory.MemoryException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.codec.DecodingException;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;

/**
 * The HTTP edge of every error: RFC 9457 problem+json bodies that name the field and the rule
 * ({@code errors: [{field, rule, message}]}). Where MnemoLite answered bad input with a 500, Mnemo answers 4xx here.
 */
@RestControllerAdvice
public class ProblemHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    public record FieldError(String field, String rule, String message) {
    }

    @ExceptionHandler(MemoryException.class)
    ResponseEntity<ProblemDetail> memory(MemoryException e, ServerWebExchange exchange) {
        HttpStatus status = switch (e.kind()) {
            case INVALID -> HttpStatus.BAD_REQUEST;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case CONFLICT -> HttpStatus.CONFLICT;
            case TOO_LARGE -> HttpStatus.CONTENT_TOO_LARGE;
            case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
        };
        if (status == HttpStatus.SERVICE_UNAVAILABLE) {
            log.warn("Unavailable: {}", e.getMessage(), e.getCause());
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
                        err.getCodes() == null || err.getCodes().length == 0 ? "invalid" : last(err.getCodes()),
                        err.getDefaultMessage())))
                .toList();
        return problem(HttpStatus.BAD_REQUEST, "Request parameters are invalid", errors, exchange);
    }

    @ExceptionHandler(ServerWebInputException.class)
    ResponseEntity<ProblemDetail> input(ServerWebInputException e, ServerWebExchange exchange) {
        String field = e.getMethodParameter() == null ? "body" : e.getMethodParameter().getParameterName();
        String detail = rootMessage(e);
        String rule = e.getCause() instanceof DecodingException ? "json" : "type";
        return problem(HttpStatus.BAD_REQUEST, "Malformed request: " + detail,
                List.of(new FieldError(field == null ? "body" : field, rule, detail)), exchange);
    }

    @ExceptionHandler(ResponseStatusException.class)
    ResponseEntity<ProblemDetail> status(ResponseStatusException e, ServerWebExchange exchange) {
        return problem(e.getStatusCode(), e.getReason() == null ? e.getMessage() : e.getReason(), List.of(), exchange);
    }

    static ResponseEntity<ProblemDetail> problem(HttpStatusCode status, String detail, List<FieldError> errors,
                                                 ServerWebExchange exchange) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
        body.setInstance(URI.create(exchange.getRequest().getPath().value()));
        if (!errors.isEmpty()) {
            body.setProperties(Map.of("errors", errors));
        }
        return ResponseEntity.status(status).contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON).body(body);
    }

    private static String last(String[] codes) {
        String code = codes[codes.length - 1];
        return code;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String message = t.getMessage() == null ? e.getMessage() : t.getMessage();
        // Jackson appends the source location and a long reference chain; the first line says what is wrong.
        int nl = message.indexOf('\n');
        return nl > 0 ? message.substring(0, nl) : message;
    }
}
