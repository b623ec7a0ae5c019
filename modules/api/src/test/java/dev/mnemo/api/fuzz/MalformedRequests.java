package dev.mnemo.api.fuzz;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Malformed requests for every operation of the OpenAPI document, so a new route is covered the day it appears.
 * Each request breaks exactly one rule of an otherwise plausible request: a parameter of the wrong type or out of
 * range, a string with U+0000 or an unpaired surrogate, a number that overflows, a vector of zeros, a body of the
 * wrong shape or media type. Every one of them must be refused with a 4xx.
 */
final class MalformedRequests {

    record Request(String method, String path, String contentType, byte[] body, String why) {
        @Override
        public String toString() {
            return method + " " + path + " (" + why + ")";
        }
    }

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final String NUL = "a\u0000b";
    /** Written as the escape {@code \ud800} (an encoder cannot write a lone surrogate as UTF-8). */
    private static final String LONE_SURROGATE = "a-lone-surrogate-b";
    /** Query parameters whose value is JSON text. */
    private static final List<String> JSON_PARAMS = List.of("filter_metadata", "metadata_filter", "vector_query");

    private final JsonNode doc;
    private final Map<String, String> validPathValues;
    private final Map<String, String> validQueryValues;
    private final int dimension;
    private final JsonMapper json = JsonMapper.shared();

    /**
     * @param validPathValues  a value for each path parameter that names something that exists, so the request
     *                         gets past the lookup to the rule it breaks
     * @param validQueryValues a value for each required query parameter that must otherwise be valid
     */
    MalformedRequests(JsonNode doc, Map<String, String> validPathValues, Map<String, String> validQueryValues, int dimension) {
        this.doc = doc;
        this.validPathValues = validPathValues;
        this.validQueryValues = validQueryValues;
        this.dimension = dimension;
    }

    List<Request> all() {
        List<Request> out = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : doc.get("paths").properties()) {
            for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
                out.addAll(forOperation(op.getKey().toUpperCase(), path.getKey(), op.getValue()));
            }
        }
        return out;
    }

    int operations() {
        int n = 0;
        for (Map.Entry<String, JsonNode> path : doc.get("paths").properties()) {
            n += path.getValue().size();
        }
        return n;
    }

    private List<Request> forOperation(String method, String template, JsonNode op) {
        List<Request> out = new ArrayList<>();
        List<JsonNode> params = new ArrayList<>();
        op.path("parameters").values().forEach(params::add);
        JsonNode content = op.path("requestBody").path("content");
        JsonNode jsonBody = content.path("application/json").path("schema");
        // A plausible body, so that a request only breaks the rule each mutation names.
        byte[] body = jsonBody.isMissingNode() ? null : bytes(plausible(resolve(jsonBody), ""));
        String type = jsonBody.isMissingNode() ? null : "application/json";

        for (JsonNode p : params) {
            String name = p.get("name").asString();
            String in = p.get("in").asString();
            String schemaType = resolve(p.path("schema")).path("type").asString("string");
            for (Map.Entry<String, String> bad : badValues(name, schemaType, in).entrySet()) {
                String path = fill(template, in.equals("path") ? name : null, bad.getValue());
                String query = query(params, in.equals("query") ? name : null, bad.getValue());
                out.add(new Request(method, path + query, type, body, in + " " + name + ": " + bad.getKey()));
            }
        }
        String path = fill(template, null, null) + query(params, null, null);
        if (!jsonBody.isMissingNode()) {
            JsonNode schema = resolve(jsonBody);
            out.add(new Request(method, path, type, "{".getBytes(StandardCharsets.UTF_8), "body: not JSON"));
            out.add(new Request(method, path, type, new byte[0], "body: empty"));
            out.add(new Request(method, path, type, new byte[] {'"', (byte) 0xC3, (byte) 0x28, '"'}, "body: invalid UTF-8"));
            out.add(new Request(method, path, "text/plain", "x".getBytes(StandardCharsets.UTF_8), "body: text/plain"));
            if (!"array".equals(schema.path("type").asString())) {
                out.add(new Request(method, path, type, bytes(F.numberNode(5)), "body: a number"));
                out.add(new Request(method, path, type, bytes(F.stringNode("x")), "body: a string"));
            } else {
                out.add(new Request(method, path, type, bytes(F.objectNode()), "body: an object"));
            }
            if (isAnyJson(jsonBody)) {
                out.add(new Request(method, path, type, bytes(F.objectNode().put("k", NUL)), "body: NUL in a value"));
                out.add(new Request(method, path, type, bytes(F.objectNode().put("k" + NUL, "v")), "body: NUL in a key"));
            }
            for (Map.Entry<String, JsonNode> bad : badBodies(jsonBody).entrySet()) {
                out.add(new Request(method, path, type, bytes(bad.getValue()), "body " + bad.getKey()));
            }
        }
        return out;
    }

    /** Wrong values for one parameter, by its name and type. */
    private Map<String, String> badValues(String name, String type, String in) {
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("NUL", NUL);
        switch (type) {
            case "integer" -> {
                bad.put("not a number", "abc");
                bad.put("fraction", "2.5");
                bad.put("overflow", "99999999999999999999");
                bad.put("negative", "-1");
            }
            case "number" -> {
                bad.put("not a number", "abc");
                bad.put("overflow", "1e400");
                bad.put("NaN", "NaN");
                bad.put("negative", "-1");
            }
            case "array" -> bad.put("unknown item", "no-such-item");
            default -> {
                if (in.equals("path")) {
                    bad.put("too long", "x".repeat(600));
                }
                if (name.equals("id") || name.equals("start") || name.equals("from") || name.equals("to")) {
                    bad.put("not a UUID", "not-a-uuid");
                }
                if (name.startsWith("ts_")) {
                    bad.put("before 4713 BC", "-290000-01-01T00:00:00Z");
                    bad.put("after 294276 AD", "+300000-01-01T00:00:00Z");
                    bad.put("not a date", "yesterday");
                }
                if (name.equals("domain") || name.equals("direction")) {
                    bad.put("unknown", "sideways");
                }
                if (JSON_PARAMS.contains(name) && !name.equals("vector_query")) {
                    bad.put("not JSON", "{");
                    bad.put("NUL in JSON", "{\"k\":\"a\\u0000b\"}");
                    bad.put("surrogate in JSON", "{\"k\":\"a\\ud800b\"}");
                    bad.put("overflow in JSON", name.equals("vector_query") ? "[1e39]" : "{\"k\":1e400}");
                }
                if (name.equals("vector_query")) {
                    // A text to embed, or a JSON vector when it starts with '['.
                    bad.put("overflow in a vector", "[1e39]");
                    bad.put("zero vector", zeros());
                    bad.put("empty vector", "[]");
                    bad.put("not a vector", "[1,");
                }
            }
        }
        return bad;
    }

    /** One wrong property at a time in a plausible body. */
    private Map<String, JsonNode> badBodies(JsonNode schemaRef) {
        JsonNode schema = resolve(schemaRef);
        Map<String, JsonNode> out = new LinkedHashMap<>();
        if ("array".equals(schema.path("type").asString())) {
            JsonNode items = resolve(schema.path("items"));
            if ("number".equals(items.path("type").asString())) {
                out.put("[0]: overflow", array(F.numberNode(new java.math.BigDecimal("1e39"))));
                out.put("[0]: a string", array(F.stringNode("x")));
                out.put(": zero vector", zeroVector());
                out.put(": empty", F.arrayNode());
            }
            return out;
        }
        JsonNode properties = schema.path("properties");
        for (Map.Entry<String, JsonNode> p : properties.properties()) {
            for (Map.Entry<String, JsonNode> v : badProperty(p.getKey(), p.getValue()).entrySet()) {
                ObjectNode body = (ObjectNode) plausible(schema, "");
                body.set(p.getKey(), v.getValue());
                out.put("." + p.getKey() + ": " + v.getKey(), body);
            }
        }
        return out;
    }

    private Map<String, JsonNode> badProperty(String name, JsonNode schemaRef) {
        Map<String, JsonNode> bad = new LinkedHashMap<>();
        JsonNode schema = resolve(schemaRef);
        if (isAnyJson(schemaRef)) {
            bad.put("NUL in a value", F.objectNode().put("k", NUL));
            bad.put("NUL in a key", F.objectNode().put("k" + NUL, "v"));
            bad.put("surrogate", F.objectNode().put("k", LONE_SURROGATE));
            bad.put("overflow", F.objectNode().set("k", F.numberNode(new java.math.BigDecimal("1e400"))));
            bad.put("a number", F.numberNode(5));
            bad.put("a string", F.stringNode("x"));
            return bad;
        }
        switch (schema.path("type").asString("object")) {
            case "string" -> {
                bad.put("NUL", F.stringNode(NUL));
                bad.put("surrogate", F.stringNode(LONE_SURROGATE));
                bad.put("a number", F.numberNode(5));
                bad.put("an object", F.objectNode());
                if (name.equals("timestamp") || name.startsWith("ts_")) {
                    bad.put("before 4713 BC", F.stringNode("-290000-01-01T00:00:00Z"));
                    bad.put("after 294276 AD", F.stringNode("+300000-01-01T00:00:00Z"));
                }
            }
            case "integer" -> {
                bad.put("a string", F.stringNode("1"));
                bad.put("fraction", F.numberNode(2.5));
                bad.put("overflow", F.numberNode(new java.math.BigInteger("99999999999999999999")));
                bad.put("negative", F.numberNode(-1));
            }
            case "number" -> {
                bad.put("a string", F.stringNode("0.5"));
                bad.put("negative", F.numberNode(-1));
            }
            case "boolean" -> {
                bad.put("a string", F.stringNode("true"));
                bad.put("a number", F.numberNode(1));
            }
            case "array" -> {
                JsonNode items = resolve(schema.path("items"));
                bad.put("a string", F.stringNode("x"));
                String itemType = items.path("type").asString("object");
                if (itemType.equals("string")) {
                    bad.put("[0]: a number", array(F.numberNode(1)));
                    bad.put("[0]: NUL", array(F.stringNode(NUL)));
                    bad.put("[0]: surrogate", array(F.stringNode(LONE_SURROGATE)));
                } else if (itemType.equals("number")) {
                    bad.put("[0]: overflow", array(F.numberNode(new java.math.BigDecimal("1e39"))));
                    bad.put("zero vector", zeroVector());
                } else if (itemType.equals("array")) {
                    bad.put("[0]: zero vector", array(zeroVector()));
                    bad.put("[0][0]: overflow", array(array(F.numberNode(new java.math.BigDecimal("1e39")))));
                } else if (isAnyJson(schema.path("items"))) {
                    bad.put("[0]: NUL", array(F.objectNode().put("k", NUL)));
                    bad.put("[0]: surrogate", array(F.objectNode().put("k", LONE_SURROGATE)));
                }
            }
            default -> {
                for (Map.Entry<String, JsonNode> p : schema.path("properties").properties()) {
                    for (Map.Entry<String, JsonNode> v : badProperty(p.getKey(), p.getValue()).entrySet()) {
                        ObjectNode nested = (ObjectNode) plausible(schema, name);
                        nested.set(p.getKey(), v.getValue());
                        bad.put("." + p.getKey() + ": " + v.getKey(), nested);
                    }
                }
                bad.put("a string", F.stringNode("x"));
            }
        }
        return bad;
    }

    /** A value of the schema's shape that the service would accept, for the properties that have a known meaning. */
    private JsonNode plausible(JsonNode schemaRef, String name) {
        JsonNode schema = resolve(schemaRef);
        if (isAnyJson(schemaRef)) {
            return name.equals("content") ? F.objectNode().put("text", "fuzz") : F.objectNode();
        }
        return switch (schema.path("type").asString("object")) {
            case "string" -> F.stringNode(switch (name) {
                case "name" -> "fuzz-new";
                case "domain", "embedding_domain" -> "TEXT";
                case "distance" -> "cosine";
                case "kind" -> "query";
                case "timestamp", "ts_start", "ts_end" -> "2026-01-01T00:00:00Z";
                case "source_node_id", "target_node_id" -> validPathValues.getOrDefault("node", "x");
                default -> "fuzz";
            });
            case "integer" -> F.numberNode(1);
            case "number" -> F.numberNode(0.5);
            case "boolean" -> F.booleanNode(false);
            case "array" -> {
                JsonNode items = resolve(schema.path("items"));
                if (name.equals("include")) {
                    yield array(F.stringNode("documents"));
                }
                if ("number".equals(items.path("type").asString())) {
                    yield unitVector();
                }
                if ("array".equals(items.path("type").asString())) {
                    yield array(unitVector());
                }
                yield array(plausible(schema.path("items"), name));
            }
            default -> {
                ObjectNode o = F.objectNode();
                for (Map.Entry<String, JsonNode> p : schema.path("properties").properties()) {
                    if (!p.getKey().equals("id") && !p.getKey().equals("node_id") && !p.getKey().equals("texts")) {
                        o.set(p.getKey(), plausible(p.getValue(), p.getKey()));
                    }
                }
                yield o;
            }
        };
    }

    private String fill(String template, String badName, String badValue) {
        String out = template;
        int open;
        while ((open = out.indexOf('{')) >= 0) {
            int close = out.indexOf('}', open);
            String name = out.substring(open + 1, close);
            String value = name.equals(badName) ? badValue : validPathValues.getOrDefault(template + "#" + name,
                    validPathValues.getOrDefault(name, "x"));
            out = out.substring(0, open) + encode(value) + out.substring(close + 1);
        }
        return out;
    }

    private String query(List<JsonNode> params, String badName, String badValue) {
        StringBuilder q = new StringBuilder();
        for (JsonNode p : params) {
            String name = p.get("name").asString();
            if (!p.get("in").asString().equals("query")) {
                continue;
            }
            String value = name.equals(badName) ? badValue
                    : p.path("required").asBoolean(false) ? validQueryValues.getOrDefault(name, "fuzz") : null;
            if (value != null) {
                q.append(q.isEmpty() ? '?' : '&').append(name).append('=').append(encode(value));
            }
        }
        return q.toString();
    }

    private JsonNode resolve(JsonNode schema) {
        JsonNode ref = schema.get("$ref");
        if (ref == null) {
            return schema;
        }
        String name = ref.asString().substring(ref.asString().lastIndexOf('/') + 1);
        return doc.path("components").path("schemas").path(name);
    }

    /** A free-form JSON value (JsonNode on the server): an object with no declared properties. */
    private boolean isAnyJson(JsonNode schemaRef) {
        JsonNode schema = resolve(schemaRef);
        return "object".equals(schema.path("type").asString("object")) && schema.path("properties").isEmpty()
                && !schema.has("items");
    }

    private ArrayNode array(JsonNode... items) {
        ArrayNode a = F.arrayNode();
        for (JsonNode i : items) {
            a.add(i);
        }
        return a;
    }

    private ArrayNode unitVector() {
        ArrayNode a = F.arrayNode();
        for (int i = 0; i < dimension; i++) {
            a.add(i == 0 ? 1.0 : 0.0);
        }
        return a;
    }

    private ArrayNode zeroVector() {
        ArrayNode a = F.arrayNode();
        for (int i = 0; i < dimension; i++) {
            a.add(0.0);
        }
        return a;
    }

    private String zeros() {
        return zeroVector().toString();
    }

    private byte[] bytes(JsonNode node) {
        return json.writeValueAsString(node).replace(LONE_SURROGATE, "a\\ud800b").getBytes(StandardCharsets.UTF_8);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
