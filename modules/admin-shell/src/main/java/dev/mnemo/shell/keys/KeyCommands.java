package dev.mnemo.shell.keys;

import dev.mnemo.core.audit.Audit;
import dev.mnemo.core.security.ApiKeys;
import dev.mnemo.model.tenant.ApiKeyInfo;
import dev.mnemo.model.tenant.Scope;
import dev.mnemo.shell.cli.ExitCodes;
import dev.mnemo.shell.cli.ShellException;
import dev.mnemo.shell.cli.TenantOption;
import java.io.PrintWriter;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.shell.core.command.CommandContext;
import org.springframework.shell.core.command.annotation.Argument;
import org.springframework.shell.core.command.annotation.Command;
import org.springframework.shell.core.command.annotation.Option;
import org.springframework.stereotype.Component;

/** {@code keys ...}: API keys, each bound to a tenant with scopes (docs/security.md). The token is shown once. */
@Component
public class KeyCommands {

    private final ApiKeys keys;

    public KeyCommands(ApiKeys keys) {
        this.keys = keys;
    }

    @Command(name = "keys create", group = "Keys",
            description = "Create an API key: keys create --tenant acme --scopes read,write [--name ci] [--expires 2027-01-01T00:00:00Z]")
    public void create(CommandContext context,
                       @Option(longName = "tenant", description = "the tenant the key belongs to (created when new)", defaultValue = "default") String tenant,
                       @Option(longName = "scopes", description = "read, write, admin (comma-separated)", defaultValue = "read,write") String scopes,
                       @Option(longName = "name", description = "a label for lists", defaultValue = "") String name,
                       @Option(longName = "expires", description = "expiry, ISO-8601 (default: none)") String expires) {
        ApiKeys.NewKey key = keys.create(Audit.SHELL, TenantOption.parse(tenant), name, scopes(scopes), expiry(expires)).block();
        PrintWriter out = context.outputWriter();
        out.println("Key " + key.key().id() + " for tenant " + key.key().tenant().id() + " (" + wire(key.key().scopes())
                + (key.key().expiresAt() == null ? "" : ", expires " + key.key().expiresAt()) + ")");
        out.println("Token (shown once, store it now; send it as X-API-Key or Authorization: Bearer):");
        out.println(key.token());
        out.flush();
    }

    @Command(name = "keys list", group = "Keys", description = "API keys (ids, tenants, scopes, state; never the tokens)")
    public void list(CommandContext context,
                     @Option(longName = "tenant", description = "only this tenant's keys") String tenant) {
        List<ApiKeyInfo> all = keys.list(tenant == null || tenant.isBlank() ? null : TenantOption.parse(tenant)).collectList().block();
        PrintWriter out = context.outputWriter();
        out.printf("%-12s  %-16s  %-16s  %-8s  %s%n", "ID", "TENANT", "SCOPES", "STATE", "NAME");
        OffsetDateTime now = OffsetDateTime.now();
        for (ApiKeyInfo k : all) {
            String state = k.revokedAt() != null ? "revoked" : k.activeAt(now) ? "active" : "expired";
            out.printf("%-12s  %-16s  %-16s  %-8s  %s%n", k.id(), k.tenant().id(), wire(k.scopes()), state, k.name());
        }
        out.println(all.size() + " key(s)");
        out.flush();
    }

    @Command(name = "keys revoke", group = "Keys", description = "Revoke an API key at once: keys revoke <id>")
    public void revoke(CommandContext context, @Argument(index = 0, description = "the key's id (from keys list)") String id) {
        if (id == null || id.isBlank()) {
            throw new ShellException("Which key? keys revoke <id>", ExitCodes.USAGE);
        }
        keys.revoke(Audit.SHELL, null, id.strip()).block();
        context.outputWriter().println("Revoked key " + id.strip() + ": requests with it are refused from now on");
        context.outputWriter().flush();
    }


    private static Set<Scope> scopes(String value) {
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        try {
            Arrays.stream(value.split(",")).filter(s -> !s.isBlank()).map(Scope::parse).forEach(scopes::add);
        } catch (IllegalArgumentException e) {
            throw new ShellException("--scopes: " + e.getMessage(), ExitCodes.USAGE);
        }
        if (scopes.isEmpty()) {
            throw new ShellException("--scopes: at least one of read, write, admin", ExitCodes.USAGE);
        }
        return scopes;
    }

    private static OffsetDateTime expiry(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new ShellException("--expires: an ISO-8601 date-time with offset, e.g. 2027-01-01T00:00:00Z", ExitCodes.USAGE);
        }
    }

    private static String wire(Set<Scope> scopes) {
        return scopes.stream().sorted().map(Scope::wire).collect(Collectors.joining(","));
    }
}
