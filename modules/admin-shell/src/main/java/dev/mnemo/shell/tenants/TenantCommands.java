package dev.mnemo.shell.tenants;

import dev.mnemo.core.audit.Audit;
import dev.mnemo.core.quota.Quotas;
import dev.mnemo.model.tenant.Quota;
import dev.mnemo.model.tenant.Tenant;
import dev.mnemo.shell.cli.ExitCodes;
import dev.mnemo.shell.cli.ShellException;
import dev.mnemo.shell.cli.TenantOption;
import java.io.PrintWriter;
import org.springframework.shell.core.command.CommandContext;
import org.springframework.shell.core.command.annotation.Command;
import org.springframework.shell.core.command.annotation.Option;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

/** {@code tenants quota}: what a tenant may hold and what it holds (docs/security.md, quotas). */
@Component
public class TenantCommands {

    private final Quotas quotas;

    public TenantCommands(Quotas quotas) {
        this.quotas = quotas;
    }

    @Command(name = "tenants quota", group = "Tenants",
            description = "Show or set a tenant's quota: tenants quota --tenant acme [--rows 100000] [--collections 10]"
                    + " [--storage 2GB] (a value 'default' returns that limit to mnemo.quotas.*)")
    public void quota(CommandContext context,
                      @Option(longName = "tenant", description = "the tenant", defaultValue = "default") String tenant,
                      @Option(longName = "rows", description = "rows it may hold: events, graph nodes and edges, collection records") String rows,
                      @Option(longName = "collections", description = "collections it may hold") String collections,
                      @Option(longName = "storage", description = "bytes its rows may take, e.g. 500MB, 2GB") String storage) {
        Tenant t = TenantOption.parse(tenant);
        if (rows != null || collections != null || storage != null) {
            Quota own = quotas.own(t).blockOptional()
                    .orElseThrow(() -> new ShellException("No tenant " + t.id() + " (tenants come with their first key:"
                            + " keys create --tenant " + t.id() + ")", ExitCodes.FAILED));
            Quota changed = new Quota(limit("--rows", rows, own.rows()), limit("--collections", collections, own.collections()),
                    storage == null ? own.storageBytes() : bytes(storage));
            quotas.set(Audit.SHELL, t, changed).block();
        }
        Quotas.Report r = quotas.report(t).block();
        PrintWriter out = context.outputWriter();
        out.println("Tenant " + t.id() + " (defaults: mnemo.quotas.*; this tenant's own limits override them)");
        out.printf("  %-12s %14s   of %s%n", "rows", r.usage().rows(), limitText(r.limits().rows(), false));
        out.printf("  %-12s %14s   of %s%n", "collections", r.usage().collections(), limitText(r.limits().collections(), false));
        out.printf("  %-12s %14s   of %s%n", "storage", human(r.usage().storageBytes()), limitText(r.limits().storageBytes(), true));
        out.flush();
    }

    private static Long limit(String option, String value, Long current) {
        if (value == null) {
            return current;
        }
        if (value.equalsIgnoreCase("default")) {
            return null;
        }
        try {
            long n = Long.parseLong(value.strip());
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new ShellException(option + ": a whole number, 0 or more, or 'default'", ExitCodes.USAGE);
        }
    }

    private static Long bytes(String value) {
        if (value.equalsIgnoreCase("default")) {
            return null;
        }
        try {
            long n = DataSize.parse(value.strip().toUpperCase()).toBytes();
            if (n < 0) {
                throw new IllegalArgumentException();
            }
            return n;
        } catch (IllegalArgumentException e) {
            throw new ShellException("--storage: a size such as 500MB or 2GB, or 'default'", ExitCodes.USAGE);
        }
    }

    private static String limitText(Long limit, boolean size) {
        return limit == null ? "no limit" : size ? human(limit) : Long.toString(limit);
    }

    static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KB", "MB", "GB", "TB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
