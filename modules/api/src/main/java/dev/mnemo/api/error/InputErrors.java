package dev.mnemo.api.error;

import dev.mnemo.api.error.ProblemHandler.FieldError;
import java.util.Collection;
import java.util.Map;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.MissingRequestValueException;
import org.springframework.web.server.ServerWebInputException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * Input that could not be read, described by its field and the type it should have had — never by the Java type,
 * method or parser internals that Spring's and Jackson's own messages name.
 */
public final class InputErrors {

    private InputErrors() {
    }

    static FieldError describe(ServerWebInputException e) {
        if (e instanceof MissingRequestValueException missing) {
            String field = missing.getName();
            if ("body".equalsIgnoreCase(missing.getLabel()) || field == null || field.isEmpty()) {
                return new FieldError("body", "required", "A JSON body is required");
            }
            return new FieldError(field, "required", missing.getLabel() + " '" + field + "' is required");
        }
        TypeMismatchException mismatch = ProblemHandler.find(e, TypeMismatchException.class);
        if (mismatch != null) {
            String field = e.getMethodParameter() != null ? wireName(e.getMethodParameter()) : mismatch.getPropertyName();
            Class<?> type = mismatch.getRequiredType();
            String expected = type == null ? "a valid value" : article(typeName(type));
            return new FieldError(field == null ? "parameter" : field, type == null ? "type" : typeName(type),
                    (field == null ? "a parameter" : field) + " must be " + expected);
        }
        JacksonException json = ProblemHandler.find(e, JacksonException.class);
        if (json != null) {
            return describe(json);
        }
        if (e.getReason() != null && e.getReason().startsWith("No request body")) {
            return new FieldError("body", "required", "A JSON body is required");
        }
        return new FieldError("body", "readable", "The request could not be read");
    }

    /** The name the client sent: {@code include_embeddings}, not the Java parameter {@code includeEmbeddings}. */
    private static String wireName(MethodParameter parameter) {
        RequestParam query = parameter.getParameterAnnotation(RequestParam.class);
        if (query != null && !query.name().isEmpty()) {
            return query.name();
        }
        PathVariable path = parameter.getParameterAnnotation(PathVariable.class);
        if (path != null && !path.name().isEmpty()) {
            return path.name();
        }
        return parameter.getParameterName();
    }

    /** The field (prefixed, e.g. {@code events[3].}) and what it should have been, in our words. */
    public static FieldError describe(JacksonException e, String prefix) {
        FieldError error = describe(e);
        return prefix.isEmpty() ? error : new FieldError(prefix + error.field(), error.rule(), prefix + error.message());
    }

    static FieldError describe(JacksonException e) {
        String field = path(e);
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            String type = typeName(mismatch.getTargetType());
            return new FieldError(field, type, field + " must be " + article(type));
        }
        if (e instanceof StreamReadException) {
            return new FieldError(field, "json", "The body is not valid JSON: " + parserMessage(e));
        }
        return new FieldError(field, "type", field + " does not have the expected type");
    }

    /** {@code metadatas[2].tags}, or {@code body} for the whole document. */
    static String path(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference r : e.getPath()) {
            if (r.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(r.getPropertyName());
            } else if (r.getIndex() >= 0) {
                path.append('[').append(r.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "body" : path.toString();
    }

    static String typeName(Class<?> type) {
        if (CharSequence.class.isAssignableFrom(type) || type == char.class || type == Character.class) {
            return "string";
        }
        if (type == int.class || type == long.class || type == short.class || type == Integer.class
                || type == Long.class || type == Short.class || type == java.math.BigInteger.class) {
            return "integer";
        }
        if (type == float.class || type == double.class || type == Float.class || type == Double.class
                || Number.class.isAssignableFrom(type)) {
            return "number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "boolean";
        }
        if (type == float[].class || type == double[].class) {
            return "array of numbers";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "array";
        }
        if (JsonNode.class.isAssignableFrom(type)) {
            return "JSON value";
        }
        if (type.isEnum()) {
            return "known value";
        }
        return Map.class.isAssignableFrom(type) || !type.isPrimitive() ? "object" : "value";
    }

    private static String article(String type) {
        return ("aeiou".indexOf(type.charAt(0)) >= 0 ? "an " : "a ") + type;
    }

    /** The parser's complaint without its source excerpt and location. */
    private static String parserMessage(JacksonException e) {
        String m = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        int source = m.indexOf("[Source");
        if (source > 0) {
            m = m.substring(0, source);
        }
        int nl = m.indexOf('\n');
        m = (nl > 0 ? m.substring(0, nl) : m).strip();
        int open = m.lastIndexOf('(');
        if (open > 0 && m.indexOf(')', open) < 0) { // "(for Array starting at" lost its location: drop it
            m = m.substring(0, open).strip();
        }
        return m.replaceAll("`[^`]*`", "a value"); // Jackson quotes Java types and its own methods in backticks
    }
}
