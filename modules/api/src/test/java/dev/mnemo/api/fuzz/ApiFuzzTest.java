package dev.mnemo.api.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemo.api.ApiTestSupport;
import dev.mnemo.api.web.OneConnection;
import dev.mnemo.store.testing.TestDatabases;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every operation of {@code /v3/api-docs}, sent malformed input over one kept-alive connection: each request must be
 * answered within 10 s, with a 4xx problem+json body in Mnemo's words (no Java class, no driver or database
 * message), and the rows of every table must be the same afterwards.
 */
class ApiFuzzTest extends ApiTestSupport {

    /** What an error body must not reveal: code locations, class and package names, the database's own words. */
    private static final Pattern LEAK = Pattern.compile(
            "dev\\.mnemo|java\\.|javax\\.|tools\\.jackson|com\\.fasterxml|org\\.springframework|io\\.r2dbc|io\\.netty"
                    + "|Exception|\\.java:|SQLSTATE|ERROR:|postgres", Pattern.CASE_INSENSITIVE);

    @LocalServerPort
    int port;

    @Test
    void malformedInputToEveryOperationIsRefusedWithAProblemAndChangesNothing() throws Exception {
        JsonMapper json = JsonMapper.shared();
        String node1 = created("/v1/nodes", "{\"node_type\":\"fuzz\",\"label\":\"one\"}", "node_id");
        String node2 = created("/v1/nodes", "{\"node_type\":\"fuzz\",\"label\":\"two\"}", "node_id");
        String edge = created("/v1/edges", "{\"source_node_id\":\"" + node1 + "\",\"target_node_id\":\"" + node2
                + "\",\"relation_type\":\"fuzz\"}", "edge_id");
        String event = created("/v1/events", "{\"content\":{\"text\":\"fuzz\"}}", "id");
        client.post().uri("/v1/collections").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"name\":\"fuzz\"}").exchange().expectStatus().is2xxSuccessful();
        client.post().uri("/v1/collections/fuzz/add").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"ids\":[\"r1\"],\"documents\":[\"fuzz record\"]}").exchange().expectStatus().is2xxSuccessful();

        JsonNode doc = json.readTree(client.get().uri("/v3/api-docs").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody());
        MalformedRequests generator = new MalformedRequests(doc,
                Map.of("name", "fuzz", "node", node1,
                        "/v1/events/{id}#id", event, "/v1/events/{id}/metadata#id", event,
                        "/v1/nodes/{id}#id", node1, "/v1/nodes/{id}/edges#id", node1, "/v1/edges/{id}#id", edge),
                Map.of("start", node1, "from", node1, "to", node2, "metadata_filter", "{\"a\":1}"), 384);
        List<MalformedRequests.Request> requests = generator.all();
        Map<String, Long> rowsBefore = rowCounts();

        List<String> failures = new ArrayList<>();
        int fourXx = 0;
        int fiveXx = 0;
        int hangs = 0;
        OneConnection connection = new OneConnection(port, 10_000);
        try {
            for (MalformedRequests.Request r : requests) {
                OneConnection.Response response;
                try {
                    response = connection.send(r.method(), r.path(), r.contentType(), r.body());
                } catch (SocketTimeoutException e) {
                    hangs++;
                    failures.add("no answer within 10 s: " + r);
                    connection.close();
                    connection = new OneConnection(port, 10_000);
                    continue;
                }
                int status = response.status();
                if (status >= 500) {
                    fiveXx++;
                } else if (status >= 400) {
                    fourXx++;
                }
                if (status < 400 || status >= 500) {
                    failures.add(status + " for " + r + ": " + abbreviate(response.body()));
                } else if (!String.valueOf(response.headers().get("content-type")).startsWith("application/problem+json")) {
                    failures.add("not problem+json (" + response.headers().get("content-type") + ") for " + r);
                } else if (LEAK.matcher(response.body()).find()) {
                    failures.add("internal names in the body of " + r + ": " + abbreviate(response.body()));
                }
                if ("close".equalsIgnoreCase(response.headers().get("connection"))) {
                    connection.close();
                    connection = new OneConnection(port, 10_000);
                }
            }
        } finally {
            connection.close();
        }
        System.out.printf("API fuzz: %d operations, %d malformed requests: %d answered 4xx, %d 5xx, %d unanswered%n",
                generator.operations(), requests.size(), fourXx, fiveXx, hangs);
        assertThat(generator.operations()).isGreaterThanOrEqualTo(40);
        assertThat(failures).as("%d of %d malformed requests", failures.size(), requests.size()).isEmpty();
        assertThat(rowCounts()).as("rows per table after the rejected requests").isEqualTo(rowsBefore);
    }

    private String created(String uri, String body, String idField) {
        JsonNode created = JsonMapper.shared().readTree(client.post().uri(uri).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body).exchange().expectStatus().isCreated()
                .expectBody(String.class).returnResult().getResponseBody());
        return created.get(idField).asString();
    }

    private Map<String, Long> rowCounts() throws Exception {
        Map<String, Long> counts = new TreeMap<>();
        try (Connection c = TestDatabases.connect(database());
             ResultSet tables = c.createStatement().executeQuery("SELECT table_name FROM information_schema.tables"
                     + " WHERE table_schema = 'public' AND table_type = 'BASE TABLE'")) {
            List<String> names = new ArrayList<>();
            while (tables.next()) {
                names.add(tables.getString(1));
            }
            for (String name : names) {
                try (ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM \"" + name + "\"")) {
                    rs.next();
                    counts.put(name, rs.getLong(1));
                }
            }
        }
        return counts;
    }

    private static String abbreviate(String body) {
        String b = new String(body.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        return b.length() > 300 ? b.substring(0, 300) + "…" : b;
    }
}
