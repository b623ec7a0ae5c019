package dev.mnemo.store.db;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One PostgreSQL location, parsed from any of the URL shapes users already have: {@code postgresql://},
 * {@code postgres://}, MnemoLite's {@code postgresql+asyncpg://}, {@code jdbc:postgresql://} and
 * {@code r2dbc:postgresql://}. It renders the JDBC URL (Flyway) and the R2DBC parts (runtime) from the same values,
 * so the two can never point at different databases.
 */
public record DatabaseUrl(String host, int port, String database, String user, String password,
                          Map<String, String> params) {

    public static final int DEFAULT_PORT = 5432;

    public DatabaseUrl {
        params = Map.copyOf(params);
    }

    public static DatabaseUrl parse(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("mnemo.db.url is empty");
        }
        String rest = url.strip();
        for (String prefix : new String[] {"jdbc:", "r2dbc:pool:", "r2dbc:"}) {
            if (rest.startsWith(prefix)) {
                rest = rest.substring(prefix.length());
            }
        }
        int schemeEnd = rest.indexOf("://");
        if (schemeEnd < 0) {
            throw invalid(url, "expected postgresql://[user[:password]@]host[:port]/database");
        }
        String scheme = rest.substring(0, schemeEnd);
        if (!scheme.equals("postgresql") && !scheme.equals("postgres") && !scheme.startsWith("postgresql+")) {
            throw invalid(url, "unsupported scheme '" + scheme + "' (use postgresql://)");
        }
        URI uri;
        try {
            uri = URI.create("postgresql" + rest.substring(schemeEnd));
        } catch (IllegalArgumentException e) {
            throw invalid(url, e.getMessage());
        }
        if (uri.getHost() == null) {
            throw invalid(url, "no host");
        }
        String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        if (path.isEmpty()) {
            throw invalid(url, "no database name");
        }
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = decode(parts[0]);
            password = parts.length > 1 ? decode(parts[1]) : null;
        }
        Map<String, String> params = new LinkedHashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                String[] kv = pair.split("=", 2);
                params.put(decode(kv[0]), kv.length > 1 ? decode(kv[1]) : "");
            }
        }
        return new DatabaseUrl(uri.getHost(), uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort(), decode(path),
                user, password, params);
    }

    /** Settings' explicit user/password win over the ones inside the URL. */
    public DatabaseUrl withCredentials(String username, String password) {
        return new DatabaseUrl(host, port, database,
                username == null || username.isBlank() ? user : username,
                password == null || password.isBlank() ? this.password : password, params);
    }

    public DatabaseUrl withDatabase(String name) {
        return new DatabaseUrl(host, port, name, user, password, params);
    }

    /** JDBC URL without credentials (they are passed separately, never logged). */
    public String jdbcUrl() {
        String query = params.isEmpty() ? "" : "?" + params.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("&"));
        return "jdbc:postgresql://" + host + ":" + port + "/" + database + query;
    }

    /** The location without the password, safe for logs and health details. */
    public String redacted() {
        return "postgresql://" + (user == null ? "" : user + "@") + host + ":" + port + "/" + database;
    }

    /** A URL with credentials, as scripts/postgres.sh prints it. */
    public String toUrl() {
        String auth = user == null ? "" : enc(user) + (password == null ? "" : ":" + enc(password)) + "@";
        return "postgresql://" + auth + host + ":" + port + "/" + database;
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static IllegalArgumentException invalid(String url, String why) {
        String shown = url.replaceAll("://([^:@/]+):[^@/]*@", "://$1:***@");
        return new IllegalArgumentException("mnemo.db.url '" + shown + "' is not a PostgreSQL URL: " + why);
    }
}
