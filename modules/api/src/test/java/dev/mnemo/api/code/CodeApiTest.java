package dev.mnemo.api.code;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemo.api.ApiTestSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Index a real folder through the API (real parsers, models and database), search it, re-index it, delete it. */
class CodeApiTest extends ApiTestSupport {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path repo;

    private static final String HTTP = """
            package org.example.http;

            import java.util.Map;

            /** Reads HTTP messages. */
            public class HeaderParser {

                /**
                 * Splits one raw header line into its name and value, trimming the spaces around the value.
                 */
                public Map.Entry<String, String> parseHeaderLine(String line) {
                    int colon = line.indexOf(':');
                    return Map.entry(line.substring(0, colon), clean(line.substring(colon + 1)));
                }

                private static String clean(String value) {
                    return value.strip();
                }
            }
            """;

    private static final String MATH = """
            \"\"\"Small geometry helpers.\"\"\"
            import math


            def circle_area(radius):
                \"\"\"Return the area of a circle of the given radius.\"\"\"
                return math.pi * square(radius)


            def square(x):
                return x * x


            class Shapes:
                def total_area(self, radii):
                    return sum(circle_area(r) for r in radii)
            """;

    private JsonNode post(String uri, Map<String, Object> body, int status) {
        return JSON.readTree(client.post().uri(uri).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().isEqualTo(status).expectBody(String.class).returnResult().getResponseBody());
    }

    private JsonNode get(String uri) {
        return JSON.readTree(client.get().uri(uri).exchange().expectStatus().isOk().expectBody(String.class)
                .returnResult().getResponseBody());
    }

    /** Starts an index and waits for it: the run's report. */
    private JsonNode index(String name) {
        JsonNode started = post("/v1/code/repositories", Map.of("path", repo.toString(), "name", name), 202);
        assertThat(started.get("state").asString()).isEqualTo("running");
        long deadline = System.nanoTime() + 120_000_000_000L;
        JsonNode run;
        do {
            java.util.concurrent.locks.LockSupport.parkNanos(100_000_000);
            run = get("/v1/code/repositories/" + name).get("index");
        } while (run.get("state").asString().equals("running") && System.nanoTime() < deadline);
        assertThat(run.get("state").asString()).as(run.toString()).isEqualTo("done");
        return run.get("report");
    }

    private List<String> names(JsonNode answer) {
        List<String> out = new ArrayList<>();
        answer.get("results").forEach(r -> out.add(r.get("name").asString(null)));
        return out;
    }

    @Test
    void indexSearchReindexAndDeleteARepository() throws Exception {
        Files.createDirectories(repo.resolve("src/org/example/http"));
        Files.writeString(repo.resolve("src/org/example/http/HeaderParser.java"), HTTP);
        Files.writeString(repo.resolve("geometry.py"), MATH);
        Files.writeString(repo.resolve("README.md"), "# Example\nA tiny repository.\n\n## Usage\nParse headers.\n");
        Files.createDirectories(repo.resolve("node_modules/x"));
        Files.writeString(repo.resolve("node_modules/x/index.js"), "function vendored() {}");
        String name = "example-" + System.nanoTime();

        JsonNode first = index(name);
        assertThat(first.get("files").asInt()).as("vendored files are not listed").isEqualTo(3);
        assertThat(first.get("indexed").asInt()).isEqualTo(3);
        assertThat(first.get("chunks").asInt()).isGreaterThanOrEqualTo(8);
        assertThat(first.get("edges_resolved").asInt()).as("calls resolved to chunks: clean, square, circle_area")
                .isGreaterThanOrEqualTo(3);
        JsonNode listed = get("/v1/code/repositories/" + name);
        assertThat(listed.get("files").asInt()).isEqualTo(3);
        assertThat(listed.get("tree_hash").asString()).hasSize(64);

        // A question in words finds the method (the CODE model), an identifier finds it by its name (BM25).
        JsonNode question = post("/v1/code/search", Map.of("query", "split a header line into name and value",
                "repository", name, "mode", "hybrid", "limit", 3, "explain", true), 200);
        JsonNode best = question.get("results").get(0);
        assertThat(best.get("name").asString()).isEqualTo("HeaderParser.parseHeaderLine");
        assertThat(best.get("path").asString()).isEqualTo("src/org/example/http/HeaderParser.java");
        assertThat(best.get("start_line").asInt()).isEqualTo(8);
        assertThat(best.get("signature").asString()).isEqualTo("public Map.Entry<String, String> parseHeaderLine(String line)");
        assertThat(best.get("explain").get("lexical")).isNotNull();
        JsonNode identifier = post("/v1/code/search", Map.of("query", "parseHeaderLine", "mode", "lexical",
                "repository", name), 200);
        // The method, and its class (whose skeleton holds the method's signature), are the two best.
        assertThat(names(identifier).subList(0, 2)).containsExactlyInAnyOrder("HeaderParser.parseHeaderLine", "HeaderParser");
        assertThat(names(post("/v1/code/search", Map.of("query", "header", "mode", "lexical", "repository", name,
                "symbol", "parseHeaderLine"), 200))).containsExactly("HeaderParser.parseHeaderLine");
        JsonNode python = post("/v1/code/search", Map.of("query", "area of a circle", "repository", name,
                "language", "python", "kind", "function", "limit", 5), 200);
        assertThat(names(python).get(0)).isEqualTo("circle_area");
        assertThat(names(python)).doesNotContain("HeaderParser.parseHeaderLine", "Shapes.total_area");
        JsonNode byPath = post("/v1/code/search", Map.of("query", "area", "repository", name, "path", "src/**",
                "mode", "vector"), 200);
        byPath.get("results").forEach(r -> assertThat(r.get("path").asString()).startsWith("src/"));

        // The call graph: callers and callees, in Java and in Python, nearest first, library calls by name.
        JsonNode callers = get("/v1/code/callers?symbol=clean&repository=" + name);
        assertThat(callers.get("results").get(0).get("name").asString()).isEqualTo("HeaderParser.parseHeaderLine");
        assertThat(callers.get("results").get(0).get("depth").asInt()).isEqualTo(1);
        JsonNode deep = get("/v1/code/callers?symbol=square&depth=2&repository=" + name);
        List<String> chain = new ArrayList<>();
        deep.get("results").forEach(r -> chain.add(r.get("name").asString() + "@" + r.get("depth").asInt()));
        assertThat(chain).containsExactly("circle_area@1", "Shapes.total_area@2");
        JsonNode callees = get("/v1/code/callees?symbol=HeaderParser.parseHeaderLine");
        assertThat(callees.get("results").get(0).get("name").asString()).isEqualTo("HeaderParser.clean");
        List<String> library = new ArrayList<>();
        callees.get("unresolved").forEach(n -> library.add(n.asString()));
        assertThat(library).contains("indexOf", "substring", "entry");
        client.get().uri("/v1/code/callers?symbol=square&depth=6").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("depth");

        // The repository map: the most called definitions first, within the token budget, as text for an agent.
        JsonNode map = get("/v1/code/repositories/" + name + "/map?tokens=2000");
        List<String> mapped = new ArrayList<>();
        map.get("entries").forEach(e -> mapped.add(e.get("name").asString()));
        // total_area -> circle_area -> square: rank flows down the chain; a callee outranks its caller.
        assertThat(mapped.subList(0, 2)).containsExactly("square", "circle_area");
        assertThat(mapped.indexOf("circle_area")).isLessThan(mapped.indexOf("Shapes.total_area"));
        assertThat(mapped.indexOf("HeaderParser.clean")).isLessThan(mapped.indexOf("HeaderParser.parseHeaderLine"));
        assertThat(map.get("text").asString()).contains("geometry.py:\n").contains("  10: def square(x):");
        assertThat(map.get("tokens").asInt()).isPositive().isLessThanOrEqualTo(2000);
        JsonNode small = get("/v1/code/repositories/" + name + "/map?tokens=20");
        assertThat(small.get("entries").size()).isLessThan(map.get("entries").size());
        assertThat(small.get("tokens").asInt()).isLessThanOrEqualTo(20);
        JsonNode pythonMap = get("/v1/code/repositories/" + name + "/map?path=geometry");
        pythonMap.get("entries").forEach(e -> assertThat(e.get("path").asString()).isEqualTo("geometry.py"));
        client.get().uri("/v1/code/repositories/" + name + "/map?tokens=5").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("tokens");
        client.get().uri("/v1/code/repositories/nope/map").exchange().expectStatus().isNotFound();

        // Unchanged: only hashes. One file changed: only it is re-chunked; a deleted file leaves.
        JsonNode again = index(name);
        assertThat(again.get("unchanged").asInt()).isEqualTo(3);
        assertThat(again.get("indexed").asInt()).isZero();
        Files.writeString(repo.resolve("geometry.py"), MATH.replace("def square(x):", "def squared(x):")
                .replace("square(radius)", "squared(radius)"));
        Files.delete(repo.resolve("README.md"));
        JsonNode changed = index(name);
        assertThat(changed.get("indexed").asInt()).isEqualTo(1);
        assertThat(changed.get("unchanged").asInt()).isEqualTo(1);
        assertThat(changed.get("removed").asInt()).isEqualTo(1);
        assertThat(names(post("/v1/code/search", Map.of("query", "squared", "mode", "lexical", "repository", name), 200)))
                .contains("squared");
        assertThat(names(post("/v1/code/search", Map.of("query", "usage", "mode", "lexical", "repository", name), 200)))
                .as("the deleted README's sections are gone").isEmpty();

        // Bad input names the field; delete removes everything.
        assertThat(post("/v1/code/repositories", Map.of("path", repo.resolve("missing").toString()), 400)
                .get("errors").get(0).get("field").asString()).isEqualTo("path");
        assertThat(post("/v1/code/search", Map.of("query", " "), 400).get("errors").get(0).get("field").asString())
                .isEqualTo("query");
        assertThat(post("/v1/code/search", Map.of("query", "x", "domain", "SQL"), 400).get("errors").get(0)
                .get("field").asString()).isEqualTo("domain");
        client.delete().uri("/v1/code/repositories/" + name).exchange().expectStatus().isNoContent();
        client.delete().uri("/v1/code/repositories/" + name).exchange().expectStatus().isNotFound();
        assertThat(post("/v1/code/search", Map.of("query", "parseHeaderLine", "mode", "lexical", "repository", name), 200)
                .get("results").size()).isZero();
    }
}
